"""Exports: ACLED-column CSV and RFC 7946 GeoJSON."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

import httpx
from fastapi import FastAPI
from geojson_pydantic import FeatureCollection
from incidents.access.rule import Viewer
from incidents.acled import ACLED_COLUMNS
from incidents.exports.schemas import IncidentFeatureProperties
from incidents.exports.service import geojson_stream
from incidents.schemas import IncidentRead
from incidents.search.schemas import IncidentFilters, IncidentSort

from tests.incidents.factories import Callers, incident_payload
from tests.incidents.helpers import create


class TestGeoJSONExport:
    async def test_feature_collection_follows_rfc_7946(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        created = [await create(client, callers.analyst, country) for country in ("KGZ", "AFG")]
        response = await client.get("/api/v1/incidents/export.geojson", headers=callers.analyst)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/geo+json")
        collection: FeatureCollection[Any] = FeatureCollection.model_validate_json(response.content)
        assert len(collection.features) == 2
        by_id = {str(f.id): f for f in collection.features}
        for incident in created:
            feature = by_id[incident["id"]]
            assert feature.geometry is not None
            assert feature.geometry.type == "Point"
            lon, lat = feature.geometry.coordinates[0], feature.geometry.coordinates[1]
            assert (lon, lat) == (incident["longitude"], incident["latitude"])
            assert -180 <= lon <= 180
            assert -90 <= lat <= 90
        raw = response.json()
        assert "crs" not in raw
        assert set(raw) == {"type", "features"}

    async def test_empty_export_is_a_valid_collection(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        response = await client.get("/api/v1/incidents/export.geojson", headers=callers.analyst)
        assert response.status_code == 200, response.text
        assert FeatureCollection.model_validate_json(response.content).features == []

    async def test_large_export_streams_in_chunks(
        self, client: httpx.AsyncClient, callers: Callers, app: FastAPI
    ) -> None:
        batch = {"incidents": [_json_row(n) for n in range(2_500)]}
        imported = await client.post(
            "/api/v1/incidents/imports", json=batch, headers=callers.analyst
        )
        assert imported.json()["accepted"] == 2_500, imported.text[:500]
        viewer = Viewer(
            principal=callers.identities.principal(),
            agreements=(),
            consents=(),
            now=datetime.now(UTC),
        )
        stream = geojson_stream(
            app.state.platform.db,
            viewer=viewer,
            filters=IncidentFilters(),
            sort=IncidentSort.OCCURRED_DESC,
            chunk=1_000,
        )
        chunks = [chunk async for chunk in stream]
        assert len(chunks) == 5  # opening, three batches of features, closing
        collection: FeatureCollection[Any] = FeatureCollection.model_validate_json("".join(chunks))
        assert len(collection.features) == 2_500


class TestCSVExport:
    async def test_uses_acled_column_names(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        created = await create(client, callers.analyst, casualties={"best": 2, "low": 1, "high": 3})
        response = await client.get(
            "/api/v1/incidents/export.csv", params={"country": "KGZ"}, headers=callers.analyst
        )
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert tuple(rows[0]) == ACLED_COLUMNS
        assert rows[0]["event_id_cnty"] == created["reference"]
        assert rows[0]["fatalities"] == "2"
        assert rows[0]["country"] == "Kyrgyzstan"
        assert float(rows[0]["latitude"]) == created["latitude"]

    async def test_cells_a_spreadsheet_would_run_are_written_as_text(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        await create(
            client, callers.analyst, summary="=cmd|' /C calc'!A0", actor1="@SUM(1+1)",
            location="+Osh", tags=["-2+3"],
        )  # fmt: skip
        response = await client.get("/api/v1/incidents/export.csv", headers=callers.analyst)
        assert response.status_code == 200, response.text
        row = next(csv.DictReader(io.StringIO(response.text)))
        assert row["notes"] == "'=cmd|' /C calc'!A0"
        assert row["actor1"] == "'@SUM(1+1)"
        assert row["location"] == "'+Osh"
        assert row["tags"] == "'-2+3"
        assert float(row["latitude"]) > 0

    async def test_actor_types_are_acled_text_labels(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        await create(
            client, callers.analyst, event_type="Violence against civilians",
            sub_event_type="Attack", actor1="Rioters (Kyrgyzstan)", actor2="Civilians (Kyrgyzstan)",
        )  # fmt: skip
        response = await client.get("/api/v1/incidents/export.csv", headers=callers.analyst)
        row = next(csv.DictReader(io.StringIO(response.text)))
        assert (row["inter1"], row["inter2"]) == ("Rioters", "Civilians")
        assert row["interaction"] == "Rioters-Civilians"

    async def test_the_excel_variant_keeps_cyrillic_and_imports_back(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        title = "Столкновение у водораспределителя в Оше"
        await create(client, callers.analyst, summary=title, location="Ош")
        plain = await client.get("/api/v1/incidents/export.csv", headers=callers.analyst)
        excel = await client.get(
            "/api/v1/incidents/export.csv", params={"variant": "excel"}, headers=callers.analyst
        )
        assert excel.status_code == 200, excel.text
        assert excel.headers["content-type"] == "text/csv; charset=utf-8"
        assert "incidents-excel.csv" in excel.headers["content-disposition"]
        assert not plain.content.startswith(b"\xef\xbb\xbf")
        assert excel.content == b"\xef\xbb\xbf" + plain.content
        row = next(csv.DictReader(io.StringIO(excel.content.decode("utf-8-sig"))))
        assert (row["notes"], row["location"]) == (title, "Ош")

        again = await client.post(
            "/api/v1/incidents/imports",
            content=excel.content,
            params={"origin_org": "OSCE"},
            headers=callers.analyst | {"Content-Type": "text/csv"},
        )
        assert again.status_code == 200, again.text
        assert again.json()["accepted"] == 1, again.text
        listed = await client.get(
            "/api/v1/incidents", params={"q": "водораспределителя"}, headers=callers.analyst
        )
        summaries = {item["summary"] for item in listed.json()["items"]}
        assert summaries == {title}


def _json_row(n: int) -> dict[str, object]:
    return incident_payload(
        "KGZ", title=f"Imported {n}", origin={"org": "UNRCCA", "external_id": f"E-{n}"}
    )


class TestGeoJSONFeatureSchema:
    def test_feature_properties_are_incident_fields_of_the_same_types(self) -> None:
        read = IncidentRead.model_fields
        for name, field in IncidentFeatureProperties.model_fields.items():
            assert name in read, name
            assert field.annotation == read[name].annotation, name
