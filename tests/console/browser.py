"""The console under test: served by uvicorn on a loopback port in front of the real platform,
and Debian's Chromium driven headless by Playwright (no browser download)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from console.main import create_app
from console.settings import ConsoleSettings
from playwright.async_api import Browser, BrowserContext, Page, async_playwright

from tests.gateway.upstream import LoopbackServer

CHROMIUM = Path("/usr/bin/chromium")
TIMEOUT_MS = 15_000

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"
)


@asynccontextmanager
async def console(gateway_url: str) -> AsyncIterator[str]:
    """Serve the console, calling ``gateway_url``, and yield its base URL."""
    settings = ConsoleSettings(gateway_url=gateway_url, log_level="WARNING")
    server = LoopbackServer(lambda: create_app(settings), "console", lifespan="on")
    await server.start()
    try:
        yield server.url
    finally:
        await server.stop()


@asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    """Launch Debian's Chromium headless."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--disable-gpu"]
        )
        try:
            yield browser
        finally:
            await browser.close()


@asynccontextmanager
async def person(browser: Browser, base_url: str, **context: Any) -> AsyncIterator[Page]:
    """Open a fresh browser profile (its own cookies) on the console."""
    profile: BrowserContext = await browser.new_context(base_url=base_url, **context)
    profile.set_default_timeout(TIMEOUT_MS)
    try:
        yield await profile.new_page()
    finally:
        await profile.close()


async def sign_in(page: Page, *, subject: str, org: str, roles: list[str], clearance: str) -> None:
    """Sign in through the development form."""
    await page.goto("/sign-in")
    await page.get_by_label("Person (subject)").fill(subject)
    await page.get_by_label("Organization").fill(org)
    for box in await page.locator("input[name=roles]").all():
        value = await box.get_attribute("value")
        await box.set_checked(value in roles)
    await page.get_by_label("Clearance").select_option(clearance)
    await page.get_by_role("button", name="Sign in").click()
    try:
        await page.wait_for_url(lambda url: "/sign-in" not in url)
    except Exception as exc:
        raise AssertionError(await page.locator("main").inner_text()) from exc


UNLABELLED_CONTROLS = """() => Array.from(
  document.querySelectorAll("input:not([type=hidden]), select, textarea, button")
).filter((control) => {
  const labelled = control.labels && control.labels.length > 0;
  const named = (control.getAttribute("aria-label") || control.textContent || "").trim();
  return !labelled && !(control.tagName === "BUTTON" && named);
}).map((control) => control.outerHTML)"""


async def assert_accessible_basics(page: Page) -> None:
    """Every control has a label, the page has its landmarks, and Tab reaches the skip link."""
    assert await page.evaluate(UNLABELLED_CONTROLS) == []
    for landmark in ("banner", "main", "contentinfo"):
        assert await page.get_by_role(landmark).count() == 1, landmark
    await page.locator("body").focus()
    await page.keyboard.press("Tab")
    focused = await page.evaluate("() => document.activeElement.className")
    assert focused == "skip-link"
