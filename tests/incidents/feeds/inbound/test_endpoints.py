"""Pushing partner items over HTTP: every format, replays, versions, retractions, duplicates."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from incidents.models import sharing
from pdp_common.identity import Role

from tests.incidents.factories import Callers
from tests.incidents.feeds.inbound import samples
from tests.incidents.feeds.inbound.samples import PARTNER
from tests.incidents.helpers import create
from tests.shared.sharing_events import agreement, apply

URL = "/api/v1/incidents/feeds/items"
CATEGORIES = ["border_incident", "terrorism", "political_unrest", "water_energy_dispute",
              "intercommunal_tension", "other"]  # fmt: skip


@pytest.fixture
async def partner(app: FastAPI, client: httpx.AsyncClient, callers: Callers) -> dict[str, str]:
    """Return the headers of a partner with an agreement in force."""
    await apply(app, sharing, agreement(PARTNER, countries=["AFG"], categories=CATEGORIES))
    return callers.partner(PARTNER)


async def push(
    client: httpx.AsyncClient, headers: dict[str, str], body: bytes, media: str
) -> dict[str, Any]:
    """Push a batch and return its report."""
    response = await client.post(URL, content=body, headers=headers | {"content-type": media})
    assert response.status_code == 200, response.text
    report: dict[str, Any] = response.json()
    return report


async def state(client: httpx.AsyncClient, callers: Callers, incident_id: str) -> dict[str, Any]:
    """Return an incident as the Centre sees it, with its timeline length."""
    read = await client.get(f"/api/v1/incidents/{incident_id}", headers=callers.officer)
    assert read.status_code == 200, read.text
    url = f"/api/v1/incidents/{incident_id}/timeline"
    timeline = await client.get(url, headers=callers.officer)
    body: dict[str, Any] = read.json()
    body["timeline_length"] = len(timeline.json())
    return body


def outcomes(report: dict[str, Any]) -> list[str]:
    """Return the outcome of each item of a report."""
    return [item["outcome"] for item in report["items"]]


class TestJsonItems:
    async def test_push_replay_update_retract(
        self, client: httpx.AsyncClient, callers: Callers, partner: dict[str, str]
    ) -> None:
        first = samples.json_item("u-1", version=1)
        other = samples.json_item("u-2", category="water_energy_dispute", version=1,
                                  event_type="Riots", sub_event_type="Mob violence")  # fmt: skip
        body = samples.json_batch(first, other)
        report = await push(client, partner, body, "application/json")
        assert outcomes(report) == ["created", "created"], report
        incident_id = report["items"][0]["incident_id"]
        created = await state(client, callers, incident_id)
        assert created["origin"] == {"org": PARTNER, "external_id": "u-1"}
        assert created["sources"][0]["reliability"] == "B"
        assert created["sources"][0]["credibility"] == 3

        replay = await push(client, partner, body, "application/json")
        assert outcomes(replay) == ["unchanged", "unchanged"]
        assert await state(client, callers, incident_id) == created

        newer = samples.json_item("u-1", version=2, title="Armed clash, two wounded")
        updated = await push(client, partner, samples.json_batch(newer), "application/json")
        assert outcomes(updated) == ["updated"]
        after = await state(client, callers, incident_id)
        assert after["title"] == "Armed clash, two wounded"
        assert after["version"] == created["version"] + 1

        older = samples.json_item("u-1", version=1, title="An older text")
        stale = await push(client, partner, samples.json_batch(older), "application/json")
        assert outcomes(stale) == ["unchanged"]
        assert (await state(client, callers, incident_id))["title"] == "Armed clash, two wounded"

        retraction = {"id": "u-1", "version": 3, "retracted": True}
        retracted = await push(client, partner, samples.json_batch(retraction), "application/json")
        assert outcomes(retracted) == ["retracted"]
        assert (await state(client, callers, incident_id))["status"] == "rejected"
        again = await push(client, partner, samples.json_batch(retraction), "application/json")
        assert outcomes(again) == ["unchanged"]

    async def test_same_version_with_other_content_is_refused(
        self, client: httpx.AsyncClient, partner: dict[str, str]
    ) -> None:
        await push(client, partner, samples.json_batch(samples.json_item("c-1", version=4)),
                   "application/json")  # fmt: skip
        changed = samples.json_item("c-1", version=4, title="Changed under the same version")
        report = await push(client, partner, samples.json_batch(changed), "application/json")
        assert outcomes(report) == ["rejected"]
        assert report["items"][0]["problem"]["type"] == "/problems/feed-item-version"

    async def test_invalid_items_are_reported_with_a_pointer(
        self, client: httpx.AsyncClient, callers: Callers, partner: dict[str, str]
    ) -> None:
        outside = samples.json_item("bad-2", latitude=40.384, longitude=71.784)  # in Uzbekistan
        body = samples.json_batch(samples.json_item("bad-1", latitude=95.0), outside)
        report = await push(client, partner, body, "application/json")
        assert outcomes(report) == ["rejected", "rejected"]
        assert report["items"][0]["problem"]["pointer"] == "/items/0/latitude"
        assert report["items"][1]["problem"]["type"] == "/problems/incident-location-invalid"
        count = await client.get("/api/v1/incidents/count", headers=callers.officer)
        assert count.json()["count"] == 0


class TestDuplicates:
    async def test_an_item_matching_an_incident_is_linked(
        self, client: httpx.AsyncClient, callers: Callers, partner: dict[str, str]
    ) -> None:
        known = await create(client, callers.officer, "AFG", category="border_incident",
                             event_type="Battles", sub_event_type="Armed clash")  # fmt: skip
        body = samples.json_batch(samples.json_item("d-1"))
        report = await push(client, partner, body, "application/json")
        assert outcomes(report) == ["duplicate_of"]
        assert report["items"][0]["incident_id"] == known["id"]
        linked = await state(client, callers, known["id"])
        assert [p["org"] for p in linked["provenances"]] == ["UNRCCA", PARTNER]
        assert PARTNER in [s["name"] for s in linked["sources"]]
        count = await client.get("/api/v1/incidents/count", headers=callers.officer)
        assert count.json()["count"] == 1
        replay = await push(client, partner, body, "application/json")
        assert outcomes(replay) == ["unchanged"]
        assert (await state(client, callers, known["id"]))["version"] == linked["version"]


class TestOtherFormats:
    async def test_geojson(
        self, client: httpx.AsyncClient, callers: Callers, partner: dict[str, str]
    ) -> None:
        body = samples.geojson_batch(samples.json_item("g-1", updated_at=samples.when(0.5)))
        report = await push(client, partner, body, "application/geo+json")
        assert outcomes(report) == ["created"]
        assert outcomes(await push(client, partner, body, "application/geo+json")) == ["unchanged"]

    async def test_cap_alert_update_cancel(
        self, client: httpx.AsyncClient, callers: Callers, partner: dict[str, str]
    ) -> None:
        sent = samples.when(0.2)
        alert = samples.cap_alert("cap-1", sent=sent).encode()
        report = await push(client, partner, alert, "application/cap+xml")
        assert outcomes(report) == ["created"], report
        incident_id = report["items"][0]["incident_id"]
        assert (await state(client, callers, incident_id))["severity"] == 4
        assert outcomes(await push(client, partner, alert, "application/cap+xml")) == ["unchanged"]
        refs = f"feeds@unama.example,cap-1,{sent}"
        update = samples.cap_alert("cap-2", sent=samples.when(0.1), kind="Update",
                                   references=refs, headline="Shelling continues")  # fmt: skip
        cancel = samples.cap_alert("cap-3", sent=samples.when(0.05), kind="Cancel",
                                   references=refs)  # fmt: skip
        collection = f"<alerts>{update}{cancel}</alerts>".encode()
        report = await push(client, partner, collection, "application/cap+xml")
        assert outcomes(report) == ["updated", "retracted"], report
        final = await state(client, callers, incident_id)
        assert final["title"] == "Shelling continues"
        assert final["status"] == "rejected"

    async def test_atom_entry_and_tombstone(
        self, client: httpx.AsyncClient, callers: Callers, partner: dict[str, str]
    ) -> None:
        entry = samples.atom_entry("urn:unama:item:7", updated=samples.when(0.3))
        report = await push(client, partner, samples.atom_feed(entry), "application/atom+xml")
        assert outcomes(report) == ["created"], report
        incident_id = report["items"][0]["incident_id"]
        replay = await push(client, partner, samples.atom_feed(entry), "application/atom+xml")
        assert outcomes(replay) == ["unchanged"]
        tombstone = f'<at:deleted-entry ref="urn:unama:item:7" when="{samples.when(0.1)}"/>'
        report = await push(
            client, partner, samples.atom_feed(deleted=tombstone), "application/atom+xml"
        )
        assert outcomes(report) == ["retracted"]
        assert (await state(client, callers, incident_id))["status"] == "rejected"

    async def test_acled_csv_keeps_formula_text_as_text(
        self, client: httpx.AsyncClient, callers: Callers, partner: dict[str, str]
    ) -> None:
        row = samples.acled_row("AFG9001", notes='=HYPERLINK("http://evil.example")')
        body = samples.acled_csv(row)
        report = await push(client, partner, body, "text/csv")
        assert outcomes(report) == ["created"], report
        incident = await state(client, callers, report["items"][0]["incident_id"])
        assert incident["summary"].startswith("=HYPERLINK")
        exported = await client.get("/api/v1/incidents/export.csv", headers=callers.officer)
        assert "'=HYPERLINK" in exported.text
        assert outcomes(await push(client, partner, body, "text/csv")) == ["unchanged"]


class TestCallers:
    async def test_non_partner_refused(
        self, client: httpx.AsyncClient, callers: Callers, partner: dict[str, str]
    ) -> None:
        body = samples.json_batch(samples.json_item("x-1"))
        for headers in (callers.analyst, callers.headers(org=PARTNER, roles=(Role.VIEWER,))):
            response = await client.post(
                URL, content=body, headers=headers | {"content-type": "application/json"}
            )
            assert response.status_code == 403, response.text
            assert response.json()["type"].endswith("/feed-partner-forbidden")

    async def test_partner_without_agreement_refused(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        body = samples.json_batch(samples.json_item("x-1"))
        headers = callers.partner("OSCE") | {"content-type": "application/json"}
        response = await client.post(URL, content=body, headers=headers)
        assert response.status_code == 403, response.text
        assert "no information-sharing agreement" in response.json()["detail"]
