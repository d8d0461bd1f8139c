"""JSON, GeoJSON and CSV batches read into items: control fields, geometry, refusals per item."""

from __future__ import annotations

import json

import pytest
from incidents.feeds.inbound.documents import parse_csv, parse_geojson, parse_json
from incidents.feeds.inbound.errors import FeedItemsInvalid, FeedItemsTooLarge
from incidents.settings import IncidentsSettings

from tests.incidents.feeds.inbound import samples

LIMITS = IncidentsSettings().json_limits()


class TestParseJson:
    def test_control_fields_leave_the_payload(self) -> None:
        body = samples.json_batch(samples.json_item("j-1", version=7))
        (item,) = parse_json(body, limits=LIMITS, max_items=5)
        assert (item.item_id, item.version, item.version_key) == ("j-1", "7", f"n{7:020d}")
        assert item.payload is not None
        assert "id" not in item.payload
        assert "version" not in item.payload

    @pytest.mark.parametrize(
        ("fields", "pointer"),
        [
            ({"id": ""}, "/items/0/id"),
            ({"id": "x", "version": -1}, "/items/0/version"),
            ({"id": "x", "updated_at": "2026-12-04T10:00:00"}, "/items/0/updated_at"),
            ({"id": "x", "retracted": "yes"}, "/items/0/retracted"),
        ],
    )
    def test_bad_control_fields_are_item_errors(
        self, fields: dict[str, object], pointer: str
    ) -> None:
        (item,) = parse_json(json.dumps({"items": [fields]}).encode(), limits=LIMITS, max_items=5)
        assert item.errors[0][0] == pointer

    def test_too_many_items(self) -> None:
        body = samples.json_batch(*[{"id": str(n)} for n in range(3)])
        with pytest.raises(FeedItemsTooLarge):
            parse_json(body, limits=LIMITS, max_items=2)


class TestParseGeojson:
    def test_point_becomes_longitude_and_latitude(self) -> None:
        body = samples.geojson_batch(samples.json_item("g-1"))
        (item,) = parse_geojson(body, limits=LIMITS, max_items=5)
        assert item.payload is not None
        assert (item.payload["longitude"], item.payload["latitude"]) == (67.11, 36.709)

    @pytest.mark.parametrize(
        "geometry",
        [
            {"type": "Point", "coordinates": [200.0, 10.0]},
            {"type": "Point", "coordinates": ["67", "36"]},
            {"type": "Polygon", "coordinates": []},
            None,
        ],
    )
    def test_bad_geometry_is_an_item_error(self, geometry: object) -> None:
        feature = {"type": "Feature", "id": "g-2", "geometry": geometry, "properties": {}}
        body = json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()
        (item,) = parse_geojson(body, limits=LIMITS, max_items=5)
        assert item.errors[0][0].startswith("/features/0/geometry")

    def test_not_a_feature_collection(self) -> None:
        with pytest.raises(FeedItemsInvalid, match="FeatureCollection"):
            parse_geojson(b'{"type": "Feature"}', limits=LIMITS, max_items=5)


class TestParseCsv:
    def test_rows_keyed_by_event_id(self) -> None:
        body = samples.acled_csv(samples.acled_row("AFG1"), samples.acled_row("AFG2", latitude=""))
        first, second = parse_csv(body, partner_org="UNAMA", max_items=5)
        assert first.item_id == "AFG1"
        assert first.payload is not None
        assert "origin" not in first.payload
        assert second.errors[0][0] == "row 2/latitude"

    def test_too_many_rows(self) -> None:
        body = samples.acled_csv(*[samples.acled_row(f"AFG{n}") for n in range(3)])
        with pytest.raises(FeedItemsTooLarge):
            parse_csv(body, partner_org="UNAMA", max_items=2)
