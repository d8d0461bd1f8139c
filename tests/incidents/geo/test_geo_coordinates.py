"""Tests of coordinate validation, distances and bounding boxes."""

from __future__ import annotations

import math

import pytest
from incidents.geo import (
    BBox,
    InvalidCoordinatesError,
    haversine_km,
    parse_bbox,
    validate_coordinates,
)


class TestValidateCoordinates:
    @pytest.mark.parametrize(("lon", "lat"), [(0.0, 0.0), (180.0, 90.0), (-180.0, -90.0)])
    def test_accepts_the_full_range(self, lon: float, lat: float) -> None:
        validate_coordinates(lon, lat)

    @pytest.mark.parametrize(
        ("lon", "lat", "message"),
        [
            (180.5, 0.0, "longitude"),
            (0.0, -91.0, "latitude"),
            (math.inf, 0.0, "finite"),
            (0.0, math.nan, "finite"),
        ],
    )
    def test_refuses_out_of_range(self, lon: float, lat: float, message: str) -> None:
        with pytest.raises(InvalidCoordinatesError, match=message):
            validate_coordinates(lon, lat)


class TestHaversine:
    def test_zero_for_the_same_point(self) -> None:
        assert haversine_km(72.8, 40.5, 72.8, 40.5) == 0.0

    def test_bishkek_to_almaty(self) -> None:
        assert 185.0 < haversine_km(74.5698, 42.8746, 76.8512, 43.2220) < 195.0

    def test_one_degree_of_latitude(self) -> None:
        assert haversine_km(0.0, 0.0, 0.0, 1.0) == pytest.approx(111.195, abs=0.01)


class TestBBox:
    def test_contains_edges(self) -> None:
        box = BBox(60.0, 35.0, 80.0, 45.0)
        assert box.contains(60.0, 35.0)
        assert box.contains(70.0, 40.0)
        assert not box.contains(59.9, 40.0)
        assert not box.contains(70.0, 45.1)

    def test_across_the_antimeridian(self) -> None:
        box = BBox(170.0, -20.0, -170.0, 0.0)
        assert box.crosses_antimeridian
        assert box.contains(175.0, -10.0)
        assert box.contains(-175.0, -10.0)
        assert not box.contains(0.0, -10.0)
        assert box.lon_spans() == [(170.0, 180.0), (-180.0, -170.0)]

    def test_intersects(self) -> None:
        box = BBox(60.0, 35.0, 80.0, 45.0)
        assert box.intersects(BBox(79.0, 44.0, 90.0, 50.0))
        assert not box.intersects(BBox(81.0, 44.0, 90.0, 50.0))
        assert BBox(170.0, -20.0, -170.0, 0.0).intersects(BBox(-175.0, -5.0, -160.0, 5.0))

    def test_expanded_by_kilometres(self) -> None:
        box = BBox(70.0, 40.0, 71.0, 41.0).expanded(111.195)
        assert box.min_lat == pytest.approx(39.0, abs=1e-3)
        assert box.max_lat == pytest.approx(42.0, abs=1e-3)
        assert 68.6 < box.min_lon < 68.7  # 1/cos(42 deg) degrees of longitude per 111 km
        assert 72.3 < box.max_lon < 72.4

    def test_expanded_wraps_and_clamps(self) -> None:
        box = BBox(179.5, 89.0, 180.0, 89.5).expanded(500.0)
        assert box.max_lat == 90.0
        assert box.as_list() == [-180.0, box.min_lat, 180.0, 90.0]
        wrapped = BBox(179.0, 0.0, 179.9, 1.0).expanded(50.0)
        assert wrapped.crosses_antimeridian
        assert wrapped.max_lon == pytest.approx(-179.65, abs=0.01)

    def test_refuses_inverted_latitudes(self) -> None:
        with pytest.raises(InvalidCoordinatesError, match="min_lat"):
            BBox(0.0, 10.0, 1.0, 5.0)


class TestParseBBox:
    def test_parses_four_numbers(self) -> None:
        assert parse_bbox("66.5,36.6,75.2,43.3") == BBox(66.5, 36.6, 75.2, 43.3)

    @pytest.mark.parametrize("text", ["1,2,3", "a,b,c,d", "0,0,200,1", "", "1,2,3,4,5"])
    def test_refuses_malformed(self, text: str) -> None:
        with pytest.raises(InvalidCoordinatesError):
            parse_bbox(text)
