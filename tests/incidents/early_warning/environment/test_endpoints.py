"""Environmental observations: CSV import row by row, re-import updates, reads and permissions."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date, timedelta

import httpx
from pdp_common.identity import Role

from tests.incidents.factories import Callers

URL = "/api/v1/early-warning/environment"
COLUMNS = ["country", "admin1", "site", "kind", "unit", "observed_on", "value", "latitude",
           "longitude", "source", "quality"]  # fmt: skip
TODAY = date.today()


def row(**cells: str) -> dict[str, str]:
    """A good row of the Amu Darya at Kerki, overridden by ``cells``."""
    base = {
        "country": "TKM", "admin1": "Lebap", "site": "Amu Darya at Kerki", "kind": "river_flow",
        "unit": "m3/s", "observed_on": (TODAY - timedelta(days=1)).isoformat(), "value": "512.4",
        "latitude": "37.83", "longitude": "65.21", "source": "Hydromet", "quality": "",
    }  # fmt: skip
    return base | cells


def as_csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


async def post(
    client: httpx.AsyncClient, headers: dict[str, str], body: bytes, **extra: str
) -> httpx.Response:
    return await client.post(
        f"{URL}/observations", content=body, headers=headers | {"Content-Type": "text/csv"} | extra
    )


def days_ago(n: int) -> str:
    return (TODAY - timedelta(days=n)).isoformat()


class TestImport:
    async def test_stores_rows_and_creates_series(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        rows = [row(observed_on=days_ago(n), value=str(500 + n)) for n in range(1, 4)]
        rows.append(row(site="Toktogul", country="KGZ", admin1="Jalal-Abad",
                        kind="reservoir_volume", unit="km3", value="14.2", latitude="",
                        longitude=""))  # fmt: skip
        response = await post(client, callers.analyst, as_csv(rows))
        assert response.status_code == 200, response.text
        report = response.json()
        assert (report["accepted"], report["updated"], report["rejected"]) == (4, 0, 0)
        assert report["series_created"] == 2
        assert [r["outcome"] for r in report["rows"]] == ["accepted"] * 4

        listed = (await client.get(f"{URL}/series", headers=callers.viewer)).json()
        assert {(s["site"], s["kind"], s["unit"]) for s in listed["items"]} == {
            ("Amu Darya at Kerki", "river_flow", "m3/s"),
            ("Toktogul", "reservoir_volume", "km3"),
        }
        kerki = next(s for s in listed["items"] if s["site"] == "Amu Darya at Kerki")
        assert (kerki["latitude"], kerki["longitude"]) == (37.83, 65.21)

    async def test_a_reimport_updates_and_never_duplicates(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        first = [row(observed_on=days_ago(n), value="500") for n in (1, 2)]
        assert (await post(client, callers.analyst, as_csv(first))).status_code == 200
        again = [row(observed_on=days_ago(n), value="640", quality="verified") for n in (1, 2, 3)]
        report = (await post(client, callers.analyst, as_csv(again))).json()
        assert (report["accepted"], report["updated"], report["series_created"]) == (1, 2, 0)
        series_id = report["rows"][0]["series_id"]
        detail = (await client.get(f"{URL}/series/{series_id}", headers=callers.analyst)).json()
        assert [(o["value"], o["quality"]) for o in detail["observations"]] == [
            (640.0, "verified")
        ] * 3

    async def test_bad_rows_are_refused_with_reasons_and_good_rows_kept(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        rows = [
            row(),
            row(country="RUS"),
            row(kind="tsunami"),
            row(unit="l/s"),
            row(observed_on="2026-13-01"),
            row(observed_on=(TODAY + timedelta(days=3)).isoformat()),
            row(value="nan"),
            row(value="lots"),
            row(latitude="41.31", longitude="69.28"),  # Tashkent is not in Turkmenistan
            row(latitude="37.83", longitude=""),
            row(quality="great"),
            row(site=""),
            row(),  # the same series and day as row 1
        ]
        response = await post(client, callers.analyst, as_csv(rows))
        assert response.status_code == 200, response.text
        report = response.json()
        assert (report["accepted"], report["rejected"]) == (1, 12)
        fields = [[e["field"] for e in r["errors"]] for r in report["rows"][1:]]
        assert fields == [
            ["country"], ["kind"], ["unit"], ["observed_on"], ["observed_on"], ["value"],
            ["value"], ["latitude"], ["latitude"], ["quality"], ["site"], ["observed_on"],
        ]  # fmt: skip
        assert "outside TKM" in report["rows"][8]["errors"][0]["message"]
        assert "row 1" in report["rows"][12]["errors"][0]["message"]

    async def test_a_row_in_another_unit_than_its_series_is_refused(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        level = {"kind": "water_level", "site": "Syr Darya at Chinaz", "country": "UZB",
                 "admin1": "Tashkent", "latitude": "", "longitude": ""}  # fmt: skip
        await post(client, callers.analyst, as_csv([row(**level, unit="m", value="3.1")]))
        report = (
            await post(client, callers.analyst, as_csv([row(**level, unit="cm", value="310")]))
        ).json()
        assert report["rejected"] == 1
        assert report["rows"][0]["errors"][0]["message"] == "the series is recorded in m, not cm"

    async def test_a_malformed_file_is_refused_and_stores_nothing(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        good = as_csv([row()])
        for body in (
            b"site,value\nKerki,1\n",  # required columns missing
            good + b"\x00",  # NUL byte
            good.replace(b"Kerki", b"Kerki\xff"),  # not UTF-8
            b"country,admin1,site,kind,unit,observed_on,value\n",  # no rows
        ):
            response = await post(client, callers.analyst, body)
            assert response.status_code == 422, response.text
            assert response.headers["content-type"].startswith("application/problem+json")
            assert response.json()["type"].endswith("incident-import-invalid")
        response = await client.post(
            f"{URL}/observations", content=b"{}", headers=callers.analyst
            | {"Content-Type": "application/json"},
        )  # fmt: skip
        assert response.status_code == 415
        listed = (await client.get(f"{URL}/series", headers=callers.analyst)).json()
        assert listed["items"] == []

    async def test_an_idempotent_retry_replays_the_report(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        body = as_csv([row()])
        key = {"Idempotency-Key": str(uuid.uuid4())}
        first = await post(client, callers.analyst, body, **key)
        second = await post(client, callers.analyst, body, **key)
        assert second.status_code == 200
        assert second.json() == first.json()
        assert second.json()["accepted"] == 1  # not "updated": the import ran once


class TestReads:
    async def test_series_are_paged_and_filtered(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        rows = [row(site=f"Gauge {n}", latitude="", longitude="") for n in range(5)]
        rows.append(row(kind="flood_event", unit="events", value="1", latitude="", longitude=""))
        await post(client, callers.analyst, as_csv(rows))
        seen: list[str] = []
        cursor: str | None = None
        while True:
            params = {"limit": "2", "kind": "river_flow"} | ({"cursor": cursor} if cursor else {})
            page = await client.get(f"{URL}/series", params=params, headers=callers.analyst)
            assert page.status_code == 200, page.text
            body = page.json()
            seen += [s["site"] for s in body["items"]]
            cursor = body.get("next_cursor")
            if not cursor:
                break
        assert sorted(seen) == [f"Gauge {n}" for n in range(5)]
        floods = await client.get(
            f"{URL}/series", params={"country": "TKM", "kind": "flood_event"},
            headers=callers.analyst,
        )  # fmt: skip
        assert [s["kind"] for s in floods.json()["items"]] == ["flood_event"]
        other = await client.get(f"{URL}/series", params={"admin1": "Osh"}, headers=callers.analyst)
        assert other.json()["items"] == []
        bad = await client.get(f"{URL}/series", params={"kind": "tsunami"}, headers=callers.analyst)
        assert bad.status_code == 422

    async def test_a_series_reads_its_observations_over_a_period(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        rows = [row(observed_on=days_ago(n), value=str(n)) for n in range(1, 11)]
        report = (await post(client, callers.analyst, as_csv(rows))).json()
        series_id = report["rows"][0]["series_id"]
        response = await client.get(
            f"{URL}/series/{series_id}", params={"start": days_ago(5), "end": days_ago(2)},
            headers=callers.viewer,
        )  # fmt: skip
        assert response.status_code == 200, response.text
        assert [o["value"] for o in response.json()["observations"]] == [5.0, 4.0, 3.0, 2.0]
        backwards = await client.get(
            f"{URL}/series/{series_id}", params={"start": days_ago(1), "end": days_ago(5)},
            headers=callers.viewer,
        )  # fmt: skip
        assert backwards.status_code == 422
        missing = await client.get(f"{URL}/series/{uuid.uuid4()}", headers=callers.viewer)
        assert missing.status_code == 404
        assert missing.json()["type"].endswith("environmental-series-not-found")


class TestPermissions:
    async def test_partners_and_viewers_may_not_import(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        body = as_csv([row()])
        for headers in (callers.partner("OSCE"), callers.viewer):
            response = await post(client, headers, body)
            assert response.status_code == 403
            assert response.json()["type"].endswith("environmental-access-forbidden")
        system = callers.headers(roles=(Role.SYSTEM,))
        assert (await post(client, system, body)).json()["accepted"] == 1

    async def test_partners_may_not_read(self, client: httpx.AsyncClient, callers: Callers) -> None:
        response = await post(client, callers.analyst, as_csv([row()]))
        assert response.status_code == 200, response.text
        series_id = response.json()["rows"][0]["series_id"]
        partner = callers.partner("OSCE")
        assert (await client.get(f"{URL}/series", headers=partner)).status_code == 403
        assert (await client.get(f"{URL}/series/{series_id}", headers=partner)).status_code == 403
        assert (await client.get(f"{URL}/series", headers=callers.viewer)).status_code == 200
