"""Tests of the bundled country boundaries and the country check."""

from __future__ import annotations

import math

import pytest
from incidents.geo import (
    BBox,
    BoundaryIndex,
    GeoCheckReason,
    InvalidCoordinatesError,
    boundary_index,
    tolerance_for,
)

REGION = ("KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG", "CHN", "RUS", "IRN", "PAK", "MNG", "IND")
# (name, alpha-3, longitude, latitude)
PLACES = [
    ("Osh", "KGZ", 72.7985, 40.5283),
    ("Bishkek", "KGZ", 74.5698, 42.8746),
    ("Batken", "KGZ", 70.8194, 40.0626),
    ("Khujand", "TJK", 69.6222, 40.2833),
    ("Dushanbe", "TJK", 68.7870, 38.5598),
    ("Khorog", "TJK", 71.5536, 37.4897),
    ("Vorukh enclave", "TJK", 70.5780, 39.8530),
    ("Andijan", "UZB", 72.3442, 40.7829),
    ("Termez", "UZB", 67.2783, 37.2242),
    ("Nukus", "UZB", 59.6100, 42.4600),
    ("Muynak", "UZB", 59.0214, 43.7683),
    ("Sokh enclave", "UZB", 71.1333, 39.9667),
    ("Ashgabat", "TKM", 58.3261, 37.9601),
    ("Turkmenbashi", "TKM", 52.9633, 40.0222),
    ("Almaty", "KAZ", 76.8512, 43.2220),
    ("Zhanaozen", "KAZ", 52.8000, 43.3411),
    ("Baikonur", "KAZ", 63.3167, 45.6167),
    ("Mazar-i-Sharif", "AFG", 67.1109, 36.7090),
    ("Hairatan", "AFG", 67.4167, 37.2167),
    ("Kashgar", "CHN", 75.9897, 39.4677),
    ("Gilgit", "PAK", 74.3083, 35.9208),
    ("Ulaanbaatar", "MNG", 106.9057, 47.8864),
    ("Mashhad", "IRN", 59.6062, 36.2972),
    ("Orenburg", "RUS", 55.0988, 51.7727),
    ("Geneva", "CHE", 6.1432, 46.2044),
    ("Chicago", "USA", -87.6298, 41.8781),
]


@pytest.fixture(scope="module")
def index() -> BoundaryIndex:
    return boundary_index()


class TestBundledData:
    def test_loads_once(self, index: BoundaryIndex) -> None:
        assert boundary_index() is index

    def test_covers_the_region_and_the_world(self, index: BoundaryIndex) -> None:
        assert set(REGION) <= index.countries
        assert len(index.countries) > 200
        assert index.has_country("kgz")
        assert not index.has_country("XYZ")


class TestCountriesAt:
    @pytest.mark.parametrize(("name", "country", "lon", "lat"), PLACES)
    def test_well_known_place(
        self, index: BoundaryIndex, name: str, country: str, lon: float, lat: float
    ) -> None:
        assert index.countries_at(lon, lat) == (country,), name

    def test_open_sea_is_in_no_country(self, index: BoundaryIndex) -> None:
        assert index.countries_at(51.0, 41.5) == ()  # the middle of the Caspian Sea
        assert index.countries_at(80.0, -10.0) == ()  # the Indian Ocean

    @pytest.mark.parametrize(
        ("lon", "lat"), [(181.0, 0.0), (0.0, 90.5), (-180.01, 0.0), (math.nan, 0.0)]
    )
    def test_invalid_coordinates_are_refused(
        self, index: BoundaryIndex, lon: float, lat: float
    ) -> None:
        with pytest.raises(InvalidCoordinatesError):
            index.countries_at(lon, lat)


class TestCheck:
    @pytest.mark.parametrize(("name", "country", "lon", "lat"), PLACES)
    def test_place_in_its_country_is_accepted(
        self, index: BoundaryIndex, name: str, country: str, lon: float, lat: float
    ) -> None:
        result = index.check(country, lon, lat, tolerance_km=0.0)
        assert result.ok, result.message
        assert result.reason is GeoCheckReason.INSIDE
        assert result.distance_km == 0.0

    @pytest.mark.parametrize(
        ("stated", "lon", "lat", "actual", "min_km", "max_km"),
        [
            ("KGZ", 69.6222, 40.2833, "TJK", 12.0, 25.0),  # Khujand
            ("KGZ", 72.3442, 40.7829, "UZB", 14.0, 25.0),  # Andijan
            ("UZB", 67.1109, 36.7090, "AFG", 45.0, 65.0),  # Mazar-i-Sharif
            ("KGZ", 76.8512, 43.2220, "KAZ", 20.0, 35.0),  # Almaty
            ("UZB", 72.7985, 40.5283, "KGZ", 5.5, 10.0),  # Osh
        ],
    )
    def test_point_across_a_border_is_refused_naming_the_neighbour(
        self,
        index: BoundaryIndex,
        stated: str,
        lon: float,
        lat: float,
        actual: str,
        min_km: float,
        max_km: float,
    ) -> None:
        result = index.check(stated, lon, lat, tolerance_km=tolerance_for(1))
        assert not result.ok
        assert result.reason is GeoCheckReason.OUTSIDE
        assert result.actual_countries == (actual,)
        assert result.distance_km is not None
        assert min_km <= result.distance_km <= max_km
        assert actual in result.message
        assert stated in result.message

    def test_enclave_belongs_to_its_own_country(self, index: BoundaryIndex) -> None:
        vorukh = index.check("KGZ", 70.5780, 39.8530, tolerance_km=0.0)
        assert not vorukh.ok
        assert vorukh.actual_countries == ("TJK",)
        sokh = index.check("KGZ", 71.1333, 39.9667, tolerance_km=0.0)
        assert not sokh.ok
        assert sokh.actual_countries == ("UZB",)

    def test_point_just_across_the_river_is_within_border_tolerance(
        self, index: BoundaryIndex
    ) -> None:
        hairatan = index.check("UZB", 67.4167, 37.2167, tolerance_km=tolerance_for(1))
        assert hairatan.ok, hairatan.message
        assert hairatan.reason is GeoCheckReason.NEAR_BORDER
        assert hairatan.actual_countries == ("AFG",)
        assert hairatan.distance_km is not None
        assert 0.0 < hairatan.distance_km <= 5.0
        strict = index.check("UZB", 67.4167, 37.2167, tolerance_km=0.5)
        assert not strict.ok

    def test_coarser_precision_tolerates_more(self, index: BoundaryIndex) -> None:
        khujand_as_kgz = (69.6222, 40.2833)
        assert not index.check("KGZ", *khujand_as_kgz, tolerance_km=tolerance_for(1)).ok
        assert index.check("KGZ", *khujand_as_kgz, tolerance_km=tolerance_for(2)).ok

    def test_open_sea_is_refused(self, index: BoundaryIndex) -> None:
        result = index.check("TKM", 51.0, 41.5, tolerance_km=tolerance_for(3))
        assert not result.ok
        assert result.reason is GeoCheckReason.OUTSIDE
        assert result.actual_countries == ()

    def test_unknown_country(self, index: BoundaryIndex) -> None:
        result = index.check("XYZ", 72.7985, 40.5283, tolerance_km=5.0)
        assert not result.ok
        assert result.reason is GeoCheckReason.UNKNOWN_COUNTRY
        assert result.actual_countries == ("KGZ",)

    def test_invalid_coordinates(self, index: BoundaryIndex) -> None:
        result = index.check("KGZ", 40.5283, 172.7985, tolerance_km=5.0)
        assert not result.ok
        assert result.reason is GeoCheckReason.INVALID_COORDINATES

    def test_lower_case_country_code(self, index: BoundaryIndex) -> None:
        assert index.check("kgz", 72.7985, 40.5283).ok


class TestDistance:
    def test_inside_is_zero(self, index: BoundaryIndex) -> None:
        assert index.distance_km("KGZ", 74.5698, 42.8746) == 0.0

    def test_distance_is_geodesic_not_degrees(self, index: BoundaryIndex) -> None:
        # Ashgabat lies far from Kyrgyzstan: about 1,000 km, never a raw degree difference.
        assert 900.0 < index.distance_km("KGZ", 58.3261, 37.9601) < 1100.0


class TestToleranceFor:
    def test_grows_with_geo_precision(self) -> None:
        assert tolerance_for(1) < tolerance_for(2) < tolerance_for(3)
        assert tolerance_for(None) == tolerance_for(2)

    def test_rejects_unknown_precision(self) -> None:
        with pytest.raises(ValueError, match="geo_precision"):
            tolerance_for(4)


class TestBBoxes:
    def test_country_bbox_contains_its_capital(self, index: BoundaryIndex) -> None:
        box = index.bbox("KGZ")
        assert box.contains(74.5698, 42.8746)
        assert not box.contains(58.3261, 37.9601)

    def test_countries_in_bbox(self, index: BoundaryIndex) -> None:
        ferghana = BBox(70.0, 39.8, 73.5, 41.2)
        assert index.countries_in_bbox(ferghana) == ("KGZ", "TJK", "UZB")

    def test_countries_in_bbox_across_the_antimeridian(self, index: BoundaryIndex) -> None:
        chukotka_and_alaska = BBox(170.0, 60.0, -165.0, 70.0)
        assert index.countries_in_bbox(chukotka_and_alaska) == ("RUS", "USA")

    def test_unknown_country_bbox(self, index: BoundaryIndex) -> None:
        with pytest.raises(KeyError):
            index.bbox("XYZ")


class TestFromGeoJSON:
    def test_builds_from_a_feature_collection(self) -> None:
        square = {
            "type": "Polygon",
            "coordinates": [[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]],
        }
        feature = {"type": "Feature", "properties": {"iso_a3": "aaa"}, "geometry": square}
        index = BoundaryIndex.from_geojson({"type": "FeatureCollection", "features": [feature]})
        assert index.countries == frozenset({"AAA"})
        assert index.countries_at(0.5, 0.5) == ("AAA",)
        assert index.countries_at(1.0, 0.5) == ("AAA",)  # the boundary belongs to the country
        assert index.check("AAA", 1.01, 0.5, tolerance_km=2.0).ok
        assert 1.0 < index.distance_km("AAA", 1.01, 0.5) < 1.2
