"""Bulk import: ACLED CSV and JSON batches, row by row, with duplicates matched."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx

from tests.incidents.factories import Callers, incident_payload

ACLED_ROWS = [
    {"event_id_cnty": "KGZ1001", "event_date": "2026-06-03", "year": "2026",
     "time_precision": "1", "event_type": "Protests", "sub_event_type": "Peaceful protest",
     "actor1": "Protesters (Kyrgyzstan)", "iso": "417", "country": "Kyrgyzstan",
     "admin1": "Osh", "location": "Osh", "latitude": "40.528", "longitude": "72.798",
     "geo_precision": "1", "source": "AKIpress", "notes": "Protest at the Osh bazaar.",
     "fatalities": "0"},
    {"event_id_cnty": "KGZ1002", "event_date": "2026-06-04", "year": "2026",
     "time_precision": "1", "event_type": "Riots", "sub_event_type": "Peaceful protest",
     "actor1": "Rioters (Kyrgyzstan)", "iso": "417", "country": "Kyrgyzstan",
     "latitude": "40.5", "longitude": "72.8", "geo_precision": "1", "fatalities": "0"},
    {"event_id_cnty": "KGZ1003", "event_date": "2026-06-05", "year": "2026",
     "time_precision": "1", "event_type": "Riots", "sub_event_type": "Mob violence",
     "actor1": "Rioters (Kyrgyzstan)", "iso": "417", "country": "Kyrgyzstan",
     "latitude": "41.311", "longitude": "69.279", "geo_precision": "1", "fatalities": "1"},
    {"event_id_cnty": "KGZ1001", "event_date": "2026-06-03", "year": "2026",
     "time_precision": "1", "event_type": "Protests", "sub_event_type": "Peaceful protest",
     "actor1": "Protesters (Kyrgyzstan)", "iso": "417", "country": "Kyrgyzstan",
     "latitude": "40.528", "longitude": "72.798", "geo_precision": "1", "fatalities": "0"},
]  # fmt: skip


def acled_csv(rows: list[dict[str, str]]) -> str:
    """Return ``rows`` as an ACLED-style CSV."""
    buffer = io.StringIO()
    columns = sorted({key for row in rows for key in row})
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


async def post_csv(client: httpx.AsyncClient, headers: dict[str, str], text: str) -> httpx.Response:
    """Import a CSV body."""
    return await client.post(
        "/api/v1/incidents/imports",
        content=text.encode(),
        params={"origin_org": "ACLED"},
        headers=headers | {"Content-Type": "text/csv"},
    )


class TestCSVImport:
    async def test_reports_every_row(self, client: httpx.AsyncClient, callers: Callers) -> None:
        response = await post_csv(client, callers.analyst, acled_csv(ACLED_ROWS))
        assert response.status_code == 200, response.text
        report = response.json()
        assert (report["accepted"], report["rejected"], report["duplicates"]) == (1, 2, 1)
        outcomes = {r["row"]: r for r in report["rows"]}
        assert outcomes[1]["outcome"] == "accepted"
        assert outcomes[1]["reference"].startswith("INC-KGZ-")
        assert outcomes[2]["errors"][0]["field"] == "sub_event_type"
        assert "outside" in outcomes[3]["errors"][0]["message"]
        assert outcomes[4]["outcome"] == "duplicate"
        count = await client.get("/api/v1/incidents/count", headers=callers.analyst)
        assert count.json() == {"count": 1}

    async def test_resending_a_batch_adds_nothing(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        text = acled_csv(ACLED_ROWS[:1])
        first = await post_csv(client, callers.analyst, text)
        again = await post_csv(client, callers.analyst, text)
        assert first.json()["accepted"] == 1, first.text
        assert again.json()["duplicates"] == 1, again.text
        assert again.json()["rows"][0]["reference"] == first.json()["rows"][0]["reference"]

    async def test_csv_without_acled_header_is_refused(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        response = await post_csv(client, callers.analyst, "a,b\n1,2\n")
        assert response.status_code == 422, response.text


class TestJSONImport:
    async def test_bad_rows_never_stop_good_ones(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        good = incident_payload()
        secret = incident_payload(sensitivity="strictly_confidential")
        batch: dict[str, Any] = {"incidents": [good, {"title": "incomplete"}, secret, good]}
        response = await client.post(
            "/api/v1/incidents/imports", json=batch, headers=callers.analyst
        )
        assert response.status_code == 200, response.text
        report = response.json()
        assert (report["accepted"], report["rejected"], report["duplicates"]) == (2, 2, 0)
        assert report["rows"][2]["errors"][0]["field"] == "sensitivity"

    async def test_a_batch_with_members_besides_its_rows_is_refused(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        batch: dict[str, Any] = {"incidents": [incident_payload()], "accepted": 5}
        response = await client.post(
            "/api/v1/incidents/imports", json=batch, headers=callers.analyst
        )
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        listed = await client.get("/api/v1/incidents", headers=callers.analyst)
        assert listed.json()["items"] == []

    async def test_rows_setting_what_the_server_owns_are_rejected(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        owned = {"id": "01a2219b-db73-755f-a8c4-1d678e1cfc26", "reference": "INC-KGZ-2026-999999",
                 "status": "verified", "created_at": "2020-01-01T00:00:00Z"}  # fmt: skip
        batch = {"incidents": [incident_payload(**{name: value}) for name, value in owned.items()]}
        response = await client.post(
            "/api/v1/incidents/imports", json=batch, headers=callers.analyst
        )
        assert response.status_code == 200, response.text
        report = response.json()
        assert (report["accepted"], report["rejected"]) == (0, len(owned))
        assert [row["errors"][0]["field"] for row in report["rows"]] == list(owned)

    async def test_viewer_cannot_import(self, client: httpx.AsyncClient, callers: Callers) -> None:
        response = await client.post(
            "/api/v1/incidents/imports", json={"incidents": []}, headers=callers.viewer
        )
        assert response.status_code == 403, response.text

    async def test_other_media_type_is_refused(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        response = await client.post(
            "/api/v1/incidents/imports",
            content=b"<xml/>",
            headers=callers.analyst | {"Content-Type": "application/xml"},
        )
        assert response.status_code == 415, response.text


async def incident_count(client: httpx.AsyncClient, callers: Callers) -> int:
    """Return how many incidents the analyst sees (a page of at most 200)."""
    response = await client.get("/api/v1/incidents?limit=200", headers=callers.analyst)
    assert response.status_code == 200, response.text
    return len(response.json()["items"])


class TestHostileImports:
    async def test_csv_holding_a_nul_byte_is_refused(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        text = acled_csv(ACLED_ROWS[:1]).replace("Osh bazaar", "Osh\x00bazaar")
        response = await post_csv(client, callers.analyst, text)
        assert response.status_code == 422, response.text
        assert "NUL" in response.json()["detail"]
        assert await incident_count(client, callers) == 0

    async def test_csv_with_a_huge_line_is_refused(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        text = acled_csv(ACLED_ROWS[:1]) + "," * 1_000_000 + "\n"
        response = await post_csv(client, callers.analyst, text)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert await incident_count(client, callers) == 0

    async def test_csv_field_beyond_the_field_limit_is_refused(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        notes = '"' + "a line of notes\n" * 10_000 + '"'
        text = acled_csv(ACLED_ROWS[:1]).replace("Protest at the Osh bazaar.", "X") + notes
        response = await post_csv(client, callers.analyst, text)
        assert response.status_code == 422, response.text
        assert "field" in response.json()["detail"]

    async def test_csv_not_utf8_is_refused(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        response = await client.post(
            "/api/v1/incidents/imports",
            content=acled_csv(ACLED_ROWS[:1]).encode() + b"\xff\xfe\xed\xa0\x80\n",
            headers=callers.analyst | {"Content-Type": "text/csv"},
        )
        assert response.status_code == 422, response.text

    async def test_deep_json_batch_is_refused_before_it_is_parsed(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        response = await client.post(
            "/api/v1/incidents/imports",
            content=b'{"incidents": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
            headers=callers.analyst | {"Content-Type": "application/json"},
        )
        assert response.status_code == 413, response.text
        assert response.json()["type"] == "/problems/body-too-complex"

    async def test_json_batch_takes_more_items_than_a_single_create(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        # 150,000 items: beyond a create's limit (100,000), within the import's.
        batch = {"incidents": [{"tags": ["x"] * 1_000}] * 150}
        create = await client.post("/api/v1/incidents", json=batch, headers=callers.analyst)
        assert create.status_code == 413, create.text
        response = await client.post(
            "/api/v1/incidents/imports", json=batch, headers=callers.analyst
        )
        assert response.status_code == 200, response.text
        assert response.json()["rejected"] == 150
