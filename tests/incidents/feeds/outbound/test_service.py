"""Which changes a partner receives, once each, as items or tombstones."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from incidents.models import sharing
from pdp_common.identity import Clearance

from tests.incidents.factories import Callers
from tests.incidents.feeds.outbound.helpers import read_all, read_page, share_with
from tests.incidents.helpers import create, move, verified
from tests.shared.polling import eventually
from tests.shared.sharing_events import agreement, apply, consent

FORMATS = ("json", "geojson", "atom", "jsonfeed", "cap")


async def _corpus(client: httpx.AsyncClient, callers: Callers) -> dict[str, dict[str, Any]]:
    return {
        "kgz": await create(client, callers.analyst, "KGZ"),
        "kaz": await create(client, callers.analyst, "KAZ"),
        "afg_secret": await create(client, callers.analyst, "AFG", sensitivity="confidential"),
        "afg": await create(client, callers.analyst, "AFG"),
        "tjk": await create(client, callers.analyst, "TJK"),
    }


class TestAgreementLimits:
    async def test_excluded_country_and_sensitivity_never_reach_the_partner_in_any_format(
        self, client: httpx.AsyncClient, callers: Callers, app: FastAPI
    ) -> None:
        corpus = await _corpus(client, callers)
        await share_with(app, "OSCE", countries=["KGZ", "AFG"], max_sensitivity="internal")
        headers = callers.partner("OSCE", Clearance.CONFIDENTIAL)
        allowed = {corpus["kgz"]["id"], corpus["afg"]["id"]}
        allowed_refs = {corpus["kgz"]["reference"], corpus["afg"]["reference"]}
        hidden = {i["id"] for k, i in corpus.items() if k not in {"kgz", "afg"}}
        hidden_refs = {i["reference"] for k, i in corpus.items() if k not in {"kgz", "afg"}}
        for fmt in FORMATS:
            text = (await read_page(client, headers, fmt=fmt)).text
            assert all(r in text for r in allowed_refs), fmt
            assert not any(i in text for i in hidden | hidden_refs), fmt
        entries, _ = await read_all(client, headers)
        assert {e["id"] for e in entries} == allowed

    async def test_a_format_missing_from_the_agreement_gives_nothing(
        self, client: httpx.AsyncClient, callers: Callers, app: FastAPI
    ) -> None:
        await create(client, callers.analyst, "KGZ")
        await share_with(app, "OSCE", formats=["json"])
        headers = callers.partner("OSCE")
        assert (await read_page(client, headers)).json()["items"]
        for fmt in ("geojson", "atom", "jsonfeed", "cap"):
            page = await read_page(client, headers, fmt=fmt)
            assert "INC-KGZ" not in page.text, fmt

    async def test_partner_items_are_redacted(
        self, client: httpx.AsyncClient, callers: Callers, app: FastAPI
    ) -> None:
        await create(client, callers.analyst, "KGZ")
        await share_with(app, "OSCE")
        (entry,) = (await read_page(client, callers.partner("OSCE"))).json()["items"]
        incident = entry["incident"]
        assert entry["kind"] == "incident"
        assert not {"sources", "origin", "provenances", "created_by", "updated_by"} & set(incident)
        assert incident["independent_sources"] == 2


class TestPaging:
    async def test_every_change_comes_exactly_once(
        self, client: httpx.AsyncClient, callers: Callers, app: FastAPI
    ) -> None:
        await share_with(app, "OSCE")
        headers = callers.partner("OSCE")
        created = [await create(client, callers.analyst, "KGZ") for _ in range(7)]
        first, cursor = await read_all(client, headers, limit=3)
        assert [e["id"] for e in first] == [i["id"] for i in created]
        assert [e["position"] for e in first] == sorted({e["position"] for e in first})
        changed = created[2]["id"]
        response = await move(client, callers.officer, changed, "under_review")
        assert response.status_code == 200, response.text
        more = [await create(client, callers.analyst, "KAZ") for _ in range(4)]
        second, cursor = await read_all(client, headers, cursor, limit=2)
        assert [e["id"] for e in second] == [changed] + [i["id"] for i in more]
        assert second[0]["version"] == 2
        assert (await read_page(client, headers, cursor)).json()["items"] == []

    async def test_changes_made_between_pages_are_not_lost(
        self, client: httpx.AsyncClient, callers: Callers, app: FastAPI
    ) -> None:
        await share_with(app, "OSCE")
        headers = callers.partner("OSCE")
        seen: dict[str, int] = {}
        cursor = None
        expected: dict[str, int] = {}
        for round_ in range(4):
            for _ in range(3):
                incident = await create(client, callers.analyst, "KGZ")
                expected[incident["id"]] = incident["version"]
            page = (await read_page(client, headers, cursor, limit=2)).json()
            for entry in page["items"]:
                assert (entry["id"], entry["version"]) not in seen.items(), round_
                seen[entry["id"]] = entry["version"]
            cursor = page["next_cursor"]
        rest, _ = await read_all(client, headers, cursor, limit=2)
        for entry in rest:
            seen[entry["id"]] = entry["version"]
        assert seen == expected

    async def test_concurrent_writes_and_reads_lose_and_repeat_nothing(
        self, client: httpx.AsyncClient, callers: Callers, app: FastAPI
    ) -> None:
        await share_with(app, "OSCE")
        headers = callers.partner("OSCE")
        seen: list[tuple[str, int]] = []
        state: dict[str, str | None] = {"cursor": None}

        async def reader() -> None:
            for _ in range(6):
                page = (await read_page(client, headers, state["cursor"], limit=3)).json()
                seen.extend((e["id"], e["version"]) for e in page["items"])
                state["cursor"] = page["next_cursor"]

        created = await asyncio.gather(
            *[create(client, callers.analyst, "KGZ") for _ in range(12)], reader()
        )
        rest, _ = await read_all(client, headers, state["cursor"])
        seen.extend((e["id"], e["version"]) for e in rest)
        assert len(seen) == len(set(seen))
        assert {i for i, _ in seen} == {c["id"] for c in created if c}

    async def test_a_bad_cursor_is_refused(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        for cursor in ("nonsense", "WzEsMiwzXQ", "WyJ4IixudWxsLG51bGwsMF0"):
            response = await client.get(
                "/api/v1/incidents/feeds/outbound",
                params={"cursor": cursor},
                headers=callers.partner("OSCE"),
            )
            assert response.status_code == 400, response.text
            assert response.headers["content-type"] == "application/problem+json"


class TestTombstones:
    async def test_corrections_are_updates_and_retractions_tombstones(
        self, client: httpx.AsyncClient, callers: Callers, app: FastAPI
    ) -> None:
        await share_with(app, "OSCE")
        headers = callers.partner("OSCE")
        incident = await verified(client, callers, country="KGZ")
        rejected = await create(client, callers.analyst, "KGZ")
        _, cursor = await read_all(client, headers)
        assert (await move(client, callers.officer, incident["id"], "corrected")).status_code == 200
        (update,), cursor = await read_all(client, headers, cursor)
        assert update["kind"] == "incident"
        assert update["incident"]["status"] == "corrected"
        assert (await move(client, callers.officer, incident["id"], "retracted")).status_code == 200
        await move(client, callers.officer, rejected["id"], "under_review")
        assert (await move(client, callers.officer, rejected["id"], "rejected")).status_code == 200
        entries, _ = await read_all(client, headers, cursor)
        assert [(e["id"], e["kind"], e.get("reason")) for e in entries] == [
            (incident["id"], "tombstone", "retracted"),
            (rejected["id"], "tombstone", "rejected"),
        ]
        assert "incident" not in entries[0]

    async def test_an_incident_no_longer_shared_leaves_as_a_withdrawn_tombstone(
        self, client: httpx.AsyncClient, callers: Callers, app: FastAPI
    ) -> None:
        await share_with(app, "OSCE")
        headers = callers.partner("OSCE")
        incident = await create(client, callers.analyst, "KGZ")
        never_sent = await create(client, callers.analyst, "KGZ")
        cursor = (await read_page(client, headers, limit=1)).json()["next_cursor"]
        rest = await create(client, callers.analyst, "KGZ")
        for target in (incident, never_sent, rest):
            response = await client.patch(
                f"/api/v1/incidents/{target['id']}",
                json={"sensitivity": "confidential", "title": "Now confidential"},
                headers=callers.analyst | {"If-Match": f'"{target["version"]}"'},
            )
            assert response.status_code == 200, response.text
        entries, cursor = await read_all(client, headers, cursor)
        withdrawn = [e for e in entries if e["kind"] == "tombstone"]
        assert [(e["id"], e["reason"]) for e in withdrawn] == [(incident["id"], "withdrawn")]
        assert entries == withdrawn
        assert "Now confidential" not in str(entries)


class TestReleases:
    async def test_an_incident_whose_agreement_starts_later_is_released_once(
        self, client: httpx.AsyncClient, callers: Callers, app: FastAPI
    ) -> None:
        incidents = [await create(client, callers.analyst, "KGZ") for _ in range(3)]
        starts = datetime.now(UTC) + timedelta(seconds=1)
        later = agreement("EU", valid_from=starts, formats=["json"], countries=["KGZ"])
        await apply(app, sharing, later, consent("KGZ", "EU"))
        headers = callers.partner("EU")
        entries, cursor = await read_all(client, headers)
        assert entries == []

        async def started() -> bool:
            return datetime.now(UTC) > starts

        await eventually(started, interval=0.1)
        page = (await read_page(client, headers, cursor, limit=2)).json()
        assert [e["id"] for e in page["items"]] == [i["id"] for i in incidents[:2]]
        assert page["has_more"]
        rest, cursor = await read_all(client, headers, page["next_cursor"], limit=2)
        assert [e["id"] for e in rest] == [incidents[2]["id"]]
        assert (await read_page(client, headers, cursor)).json()["items"] == []
