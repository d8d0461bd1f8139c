"""The console in a real browser through the real platform: Debian's Chromium, headless, signs
in through the gateway's development issuer and sees exactly what the incidents API shows the
person. Four services, the gateway and NATS are real (tests/e2e/gateway_platform.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pdp_common.identity import Clearance, Role
from pdp_common.testing.databases import DatabaseTarget
from playwright.async_api import Page, expect

from tests.console.browser import (
    assert_accessible_basics,
    chromium,
    console,
    needs_chromium,
    person,
    sign_in,
)
from tests.e2e.gateway_platform import Platform, platform
from tests.incidents.factories import incident_payload

pytestmark = [needs_chromium, pytest.mark.backends("sqlite")]


async def _record(running: Platform, headers: dict[str, str], **fields: Any) -> dict[str, Any]:
    country = fields.pop("country")
    response = await running.client.post(
        "/api/v1/incidents", json=incident_payload(country, **fields), headers=headers
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def _move(
    running: Platform, headers: dict[str, str], incident: dict[str, Any], status: str
) -> None:
    response = await running.client.post(
        f"/api/v1/incidents/{incident['id']}/transitions",
        json={"status": status, "reason": "test set-up"},
        headers=headers,
    )
    assert response.status_code == 200, response.text


async def _references(page: Page, table: str) -> set[str]:
    rows = page.locator(f"[data-testid={table}] tbody tr")
    return {str(await row.get_attribute("data-reference")) for row in await rows.all()}


class TestAnalystConsole:
    async def test_overview_queue_and_verification(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path) as running:
            head = await running.key(
                Role.HEAD_OF_CENTRE, org="UNRCCA", clearance=Clearance.STRICTLY_CONFIDENTIAL
            )
            kgz = await _record(running, head, country="KGZ", severity=4)
            kaz = await _record(running, head, country="KAZ", sensitivity="confidential")
            secret = await _record(
                running, head, country="TJK", sensitivity="strictly_confidential"
            )
            await _move(running, head, kgz, "under_review")

            async with (
                console(running.url) as url,
                chromium() as browser,
                person(browser, url) as page,
            ):
                await sign_in(
                    page,
                    subject="officer@unrcca.org",
                    org="UNRCCA",
                    roles=["officer"],
                    clearance="confidential",
                )
                # The map and the list show what the API shows a confidential reader.
                await expect(page.get_by_role("heading", name="Situation overview")).to_be_visible()
                await expect(page.locator("#map")).to_have_attribute("data-markers", "2")
                assert len(await page.locator(".leaflet-interactive").all()) >= 2
                assert await _references(page, "incident-list") == {
                    kgz["reference"],
                    kaz["reference"],
                }
                assert secret["reference"] not in await page.content()
                await assert_accessible_basics(page)

                # Filtering by country asks the API again.
                await page.get_by_label("Kazakhstan").check()
                await page.get_by_role("button", name="Apply filters").click()
                await expect(page.locator("#map")).to_have_attribute("data-markers", "1")
                assert await _references(page, "incident-list") == {kaz["reference"]}
                assert "country=KAZ" in page.url

                # The queue lists the incident under review, most severe first.
                await page.get_by_role("link", name="Verification queue").click()
                queue = await _references(page, "queue")
                assert queue == {kgz["reference"], kaz["reference"]}
                first = page.locator("[data-testid=queue] tbody tr").first
                await expect(first).to_have_attribute("data-reference", kgz["reference"])

                # Verify it from its page; it leaves the queue.
                await page.get_by_role("link", name=kgz["reference"]).click()
                await expect(page.get_by_test_id("status")).to_have_text("Under review")
                await assert_accessible_basics(page)
                await page.get_by_label("Reason (recorded on the timeline)").fill(
                    "Two independent sources agree."
                )
                await page.get_by_role("button", name="Verify").click()
                await expect(page.get_by_test_id("moved")).to_be_visible()
                await expect(page.get_by_test_id("status")).to_have_text("Verified")
                await expect(page.get_by_test_id("timeline")).to_contain_text(
                    "Two independent sources agree."
                )
                await page.goto("/queue")
                assert await _references(page, "queue") == {kaz["reference"]}

                # A stale page: someone else moved the incident; the API's 412 is shown.
                await page.get_by_role("link", name=kaz["reference"]).click()
                await _move(running, head, kaz, "under_review")
                await page.get_by_label("Reason (recorded on the timeline)").fill("Looks right")
                await page.get_by_role("button", name="Take under review").click()
                problem = page.get_by_test_id("problem")
                await expect(problem).to_contain_text("412")
                await expect(problem).to_contain_text("changed this incident")

                # A transition the workflow does not allow from here: the API's 409, readably.
                form = page.get_by_test_id("transition-form")
                fields = {
                    name: str(await form.locator(f"input[name={name}]").input_value())
                    for name in ("csrf_token", "etag")
                }
                refused = await page.request.post(
                    f"/incidents/{kaz['id']}/transitions",
                    form={**fields, "status": "retracted", "reason": "Not from here"},
                )
                assert refused.status == 409
                text = " ".join((await refused.text()).split())
                assert "Transition not allowed" in text
                assert "Allowed from here: Verified, Rejected" in text

                # Russian labels.
                await page.goto("/?lang=ru")
                await expect(page.get_by_role("heading", name="Обзор обстановки")).to_be_visible()
                await expect(page.get_by_role("link", name="Очередь проверки")).to_be_visible()
                await expect(page.locator("html")).to_have_attribute("lang", "ru")


class TestWhatOthersSee:
    async def test_low_clearance_and_partner_see_only_what_the_api_shows(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path) as running:
            head = await running.key(
                Role.HEAD_OF_CENTRE, org="UNRCCA", clearance=Clearance.STRICTLY_CONFIDENTIAL
            )
            public = await _record(running, head, country="UZB", sensitivity="public")
            internal = await _record(running, head, country="KGZ", sensitivity="internal")

            async with console(running.url) as url, chromium() as browser:
                async with person(browser, url) as page:
                    await page.goto("/sign-in")
                    await assert_accessible_basics(page)
                    await sign_in(
                        page, subject="viewer@unrcca.org", org="UNRCCA", roles=["viewer"],
                        clearance="public",
                    )  # fmt: skip
                    assert await _references(page, "incident-list") == {public["reference"]}
                    sensitivities = page.locator("input[name=sensitivity]")
                    assert [await s.get_attribute("value") for s in await sensitivities.all()] == [
                        "public"
                    ]
                    await page.goto(f"/incidents/{internal['id']}")
                    await expect(
                        page.get_by_text("Not found, or not yours to see.")
                    ).to_be_visible()

                async with person(browser, url) as page:
                    await sign_in(
                        page, subject="liaison@osce.org", org="OSCE", roles=["partner"],
                        clearance="confidential",
                    )  # fmt: skip
                    await expect(page.get_by_test_id("empty")).to_be_visible()
                    await expect(page.locator("#map")).to_have_attribute("data-markers", "0")
                    content = await page.content()
                    assert public["reference"] not in content
                    assert internal["reference"] not in content
                    await page.goto("/queue")
                    await expect(page.get_by_test_id("empty")).to_be_visible()
