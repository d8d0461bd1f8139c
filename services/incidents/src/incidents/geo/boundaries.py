"""Country boundaries: which country a point lies in, and whether it matches a stated country."""

from __future__ import annotations

import gzip
import json
import math
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from typing import Any

import shapely
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from incidents.geo.coordinates import (
    KM_PER_DEGREE,
    BBox,
    InvalidCoordinatesError,
    haversine_km,
    validate_coordinates,
)

BUNDLED_FILE = "boundaries.geojson.gz"
TOLERANCE_KM: Mapping[int, float] = {1: 5.0, 2: 25.0, 3: 50.0}
DEFAULT_TOLERANCE_KM = TOLERANCE_KM[2]


def tolerance_for(geo_precision: int | None) -> float:
    """Return how far (km) outside its country a point of this ACLED geo_precision may lie."""
    if geo_precision is None:
        return DEFAULT_TOLERANCE_KM
    try:
        return TOLERANCE_KM[geo_precision]
    except KeyError:
        raise ValueError(f"geo_precision must be 1, 2 or 3, not {geo_precision!r}") from None


class GeoCheckReason(StrEnum):
    """Why a point was accepted or refused for its stated country."""

    INSIDE = "inside"
    NEAR_BORDER = "near_border"
    OUTSIDE = "outside_country"
    UNKNOWN_COUNTRY = "unknown_country"
    INVALID_COORDINATES = "invalid_coordinates"


@dataclass(frozen=True)
class GeoCheck:
    """The outcome of checking a point against the country it is said to be in."""

    ok: bool
    reason: GeoCheckReason
    country: str
    longitude: float
    latitude: float
    tolerance_km: float
    distance_km: float | None = None
    actual_countries: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        """Describe the outcome in one sentence."""
        where = f"({self.longitude}, {self.latitude})"
        inside = f"; it lies in {', '.join(self.actual_countries)}" if self.actual_countries else ""
        if self.reason is GeoCheckReason.INSIDE:
            return f"{where} lies in {self.country}"
        if self.reason is GeoCheckReason.UNKNOWN_COUNTRY:
            return f"no boundary is known for country {self.country!r}"
        if self.reason is GeoCheckReason.INVALID_COORDINATES:
            return f"{where} are not valid longitude/latitude coordinates"
        distance = f"{self.distance_km:.1f} km outside {self.country}"
        if self.reason is GeoCheckReason.NEAR_BORDER:
            return f"{where} is {distance}, within the {self.tolerance_km:g} km tolerance{inside}"
        return f"{where} is {distance} (tolerance {self.tolerance_km:g} km){inside}"


class BoundaryIndex:
    """Country polygons with prepared geometries and a spatial index over them."""

    def __init__(self, features: Iterable[Mapping[str, Any]]) -> None:
        self._shapes: dict[str, BaseGeometry] = {}
        for feature in features:
            code = str(feature["properties"]["iso_a3"]).upper()
            self._shapes[code] = shape(feature["geometry"])
        self._codes = list(self._shapes)
        geometries = list(self._shapes.values())
        shapely.prepare(geometries)
        self._tree = shapely.STRtree(geometries)

    @classmethod
    def from_geojson(cls, collection: Mapping[str, Any]) -> BoundaryIndex:
        """Build an index from a FeatureCollection whose features carry ``iso_a3``."""
        return cls(collection["features"])

    @classmethod
    def bundled(cls) -> BoundaryIndex:
        """Load the Natural Earth boundaries shipped with the package."""
        data = resources.files("incidents.geo").joinpath("data", BUNDLED_FILE).read_bytes()
        return cls.from_geojson(json.loads(gzip.decompress(data)))

    @property
    def countries(self) -> frozenset[str]:
        """Return the alpha-3 codes of every country with a boundary."""
        return frozenset(self._codes)

    def territory(self, country: str) -> BaseGeometry | None:
        """Return the prepared polygon of a country (alpha-3), or None when none is known."""
        return self._shapes.get(country.upper())

    def has_country(self, country: str) -> bool:
        """Return whether a boundary is known for the alpha-3 code."""
        return country.upper() in self._shapes

    def countries_at(self, longitude: float, latitude: float) -> tuple[str, ...]:
        """Return the codes of the countries whose territory covers the point (sorted)."""
        validate_coordinates(longitude, latitude)
        hits = self._tree.query(Point(longitude, latitude), predicate="intersects")
        return tuple(sorted(self._codes[i] for i in hits))

    def bbox(self, country: str) -> BBox:
        """Return a country's bounding box (raises KeyError for an unknown country)."""
        min_lon, min_lat, max_lon, max_lat = self._shapes[country.upper()].bounds
        return BBox(min_lon, min_lat, max_lon, max_lat)

    def countries_in_bbox(self, box: BBox) -> tuple[str, ...]:
        """Return the codes of the countries whose territory meets the box (sorted)."""
        rectangles = [shapely.box(lo, box.min_lat, hi, box.max_lat) for lo, hi in box.lon_spans()]
        hits = {int(i) for rect in rectangles for i in self._tree.query(rect, "intersects")}
        return tuple(sorted(self._codes[i] for i in hits))

    def distance_km(self, country: str, longitude: float, latitude: float) -> float:
        """Return how far (km) the point lies outside a country's territory; 0 when inside."""
        validate_coordinates(longitude, latitude)
        geometry = self._shapes[country.upper()]
        point = Point(longitude, latitude)
        if shapely.covers(geometry, point):
            return 0.0
        return _distance_outside_km(geometry, longitude, latitude)

    def check(
        self,
        country: str,
        longitude: float,
        latitude: float,
        *,
        tolerance_km: float = DEFAULT_TOLERANCE_KM,
    ) -> GeoCheck:
        """Check that a point lies in (or within ``tolerance_km`` of) the stated country."""
        code = country.upper()
        result = GeoCheck(False, GeoCheckReason.INSIDE, code, longitude, latitude, tolerance_km)
        try:
            actual = self.countries_at(longitude, latitude)
        except InvalidCoordinatesError:
            return _replace(result, reason=GeoCheckReason.INVALID_COORDINATES)
        if code not in self._shapes:
            return _replace(result, reason=GeoCheckReason.UNKNOWN_COUNTRY, actual=actual)
        if code in actual:
            return _replace(result, ok=True, distance=0.0, actual=actual)
        distance = _distance_outside_km(self._shapes[code], longitude, latitude)
        near = distance <= tolerance_km
        reason = GeoCheckReason.NEAR_BORDER if near else GeoCheckReason.OUTSIDE
        return _replace(result, ok=near, reason=reason, distance=distance, actual=actual)


def _replace(
    result: GeoCheck,
    *,
    ok: bool = False,
    reason: GeoCheckReason = GeoCheckReason.INSIDE,
    distance: float | None = None,
    actual: tuple[str, ...] = (),
) -> GeoCheck:
    return GeoCheck(
        ok,
        reason,
        result.country,
        result.longitude,
        result.latitude,
        result.tolerance_km,
        None if distance is None else round(distance, 3),
        actual,
    )


def _distance_outside_km(geometry: BaseGeometry, longitude: float, latitude: float) -> float:
    """Return the distance from a point to a geometry, refined in a local equidistant frame."""
    nearest = nearest_points(geometry, Point(longitude, latitude))[0]
    rough = haversine_km(longitude, latitude, nearest.x, nearest.y)
    if rough > 500.0:
        return rough
    scale = max(math.cos(math.radians(latitude)), 0.01)
    d_lat = rough / KM_PER_DEGREE * 1.01 + 1e-6
    d_lon = min(d_lat / scale, 180.0)
    window = shapely.clip_by_rect(
        geometry, longitude - d_lon, latitude - d_lat, longitude + d_lon, latitude + d_lat
    )
    if window.is_empty:
        return rough
    local = shapely.affinity.affine_transform(
        window, [scale, 0.0, 0.0, 1.0, -longitude * scale, -latitude]
    )
    return min(rough, float(local.distance(Point(0.0, 0.0))) * KM_PER_DEGREE)


_lock = threading.Lock()
_bundled: BoundaryIndex | None = None


def boundary_index() -> BoundaryIndex:
    """Return the process-wide index of the bundled boundaries, loading it on first use."""
    global _bundled  # noqa: PLW0603 - one lazily loaded, immutable index per process
    if _bundled is None:
        with _lock:
            if _bundled is None:
                _bundled = BoundaryIndex.bundled()
    return _bundled
