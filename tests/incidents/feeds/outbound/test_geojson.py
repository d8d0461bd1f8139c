"""GeoJSON output: an RFC 7946 FeatureCollection, longitude first, tombstones without geometry."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI
from geojson_pydantic import Feature, FeatureCollection, Point

from tests.incidents.factories import Callers
from tests.incidents.feeds.outbound.helpers import mixed_feed, read_page

PointFeatures = FeatureCollection[Feature[Point, dict[str, Any]]]


class TestGeoJSONFeed:
    async def test_is_rfc_7946_with_lon_lat_points(
        self, client: httpx.AsyncClient, callers: Callers, app: FastAPI
    ) -> None:
        corpus = await mixed_feed(client, callers, app)
        response = await read_page(client, callers.partner("OSCE"), fmt="geojson")
        assert response.headers["content-type"].startswith("application/geo+json")
        document = response.json()
        collection = PointFeatures.model_validate(document)
        by_id = {str(f.id): f for f in collection.features}
        assert set(by_id) == {i["id"] for i in corpus.values()}
        fresh = by_id[corpus["fresh"]["id"]]
        assert fresh.geometry is not None
        position = fresh.geometry.coordinates
        assert (position.longitude, position.latitude) == (
            corpus["fresh"]["longitude"],
            corpus["fresh"]["latitude"],
        )
        retracted = by_id[corpus["retracted"]["id"]]
        assert retracted.geometry is None
        assert retracted.properties is not None
        assert retracted.properties["reason"] == "retracted"
        assert retracted.properties["kind"] == "tombstone"
        assert document["next_cursor"]
