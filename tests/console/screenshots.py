"""Write screenshots of the console's main pages: ``make screenshots`` (docs/screenshots/).

Runs the real platform on loopback (SQLite in a temporary directory, a local nats-server), loads
the incidents service's synthetic demo data, serves the console in front of the gateway and lets
Debian's Chromium, headless, take the pictures at laptop and tablet widths.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

from incidents.seed import seed_demo
from incidents.settings import IncidentsSettings
from pdp_common.testing.databases import DatabaseTarget
from pdp_common.testing.nats_server import NatsServer
from playwright.async_api import Page

from tests.console.browser import chromium, console, person, sign_in
from tests.e2e.gateway_platform import platform

OUTPUT = Path("docs/screenshots")
LAPTOP = {"width": 1366, "height": 900}
TABLET = {"width": 820, "height": 1180}
OFFICER = {
    "subject": "officer@unrcca.org",
    "org": "UNRCCA",
    "roles": ["officer"],
    "clearance": "strictly_confidential",
}


async def _shoot(page: Page, path: str, name: str, output: Path) -> None:
    await page.goto(path)
    await page.wait_for_load_state("networkidle")
    await page.screenshot(path=str(output / f"{name}.png"), full_page=False)


async def take(output: Path) -> None:
    """Run the platform, load the demo data and write the screenshots into ``output``."""
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        (tmp / "nats").mkdir()
        nats = NatsServer(store_dir=tmp / "nats")
        nats.start()
        try:
            target = DatabaseTarget("sqlite", f"sqlite+aiosqlite:///{tmp / 'x.db'}", None)
            async with platform(target, nats.url, tmp) as running:
                incidents = running.settings["incidents"]
                assert isinstance(incidents, IncidentsSettings)
                await seed_demo(incidents)
                async with console(running.url) as url, chromium() as browser:
                    async with person(browser, url, viewport=LAPTOP) as page:
                        await _shoot(page, "/sign-in", "sign-in", output)
                        await sign_in(page, **OFFICER)  # type: ignore[arg-type]
                        await _shoot(page, "/", "overview", output)
                        await _shoot(page, "/queue", "queue", output)
                        link = page.locator("[data-testid=queue] tbody tr a").first
                        href = await link.get_attribute("href")
                        await _shoot(page, str(href), "incident", output)
                        await _shoot(page, "/?lang=ru", "overview-ru", output)
                    async with person(browser, url, viewport=TABLET) as page:
                        await sign_in(page, **OFFICER)  # type: ignore[arg-type]
                        await _shoot(page, "/?lang=en", "overview-tablet", output)
        finally:
            nats.stop()


def main() -> None:
    """Write the screenshots."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    output: Path = parser.parse_args().output
    output.mkdir(parents=True, exist_ok=True)
    asyncio.run(take(output))
    for path in sorted(output.glob("*.png")):
        print(path)  # noqa: T201


if __name__ == "__main__":
    main()
