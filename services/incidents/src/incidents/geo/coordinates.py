"""Coordinate validation, great-circle distance and longitude/latitude bounding boxes."""

from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180.0


class InvalidCoordinatesError(ValueError):
    """A longitude or latitude that is not a finite number within its range."""


def validate_coordinates(longitude: float, latitude: float) -> None:
    """Raise InvalidCoordinatesError unless -180 <= longitude <= 180 and -90 <= latitude <= 90."""
    if not (math.isfinite(longitude) and math.isfinite(latitude)):
        raise InvalidCoordinatesError(
            f"coordinates must be finite numbers: {longitude}, {latitude}"
        )
    if not -180.0 <= longitude <= 180.0:
        raise InvalidCoordinatesError(f"longitude {longitude} is outside -180..180")
    if not -90.0 <= latitude <= 90.0:
        raise InvalidCoordinatesError(f"latitude {latitude} is outside -90..90")


def haversine_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Return the great-circle distance in kilometres between two lon/lat points."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class BBox:
    """A lon/lat box (RFC 7946 order); ``min_lon > max_lon`` means it crosses the antimeridian."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    def __post_init__(self) -> None:
        validate_coordinates(self.min_lon, self.min_lat)
        validate_coordinates(self.max_lon, self.max_lat)
        if self.min_lat > self.max_lat:
            raise InvalidCoordinatesError(f"min_lat {self.min_lat} exceeds max_lat {self.max_lat}")

    @property
    def crosses_antimeridian(self) -> bool:
        """Return whether the box wraps across longitude 180."""
        return self.min_lon > self.max_lon

    def contains(self, longitude: float, latitude: float) -> bool:
        """Return whether the point lies in the box (edges included)."""
        if not self.min_lat <= latitude <= self.max_lat:
            return False
        if self.crosses_antimeridian:
            return longitude >= self.min_lon or longitude <= self.max_lon
        return self.min_lon <= longitude <= self.max_lon

    def intersects(self, other: BBox) -> bool:
        """Return whether two boxes share at least one point."""
        if self.min_lat > other.max_lat or other.min_lat > self.max_lat:
            return False
        return any(
            a_lo <= b_hi and b_lo <= a_hi
            for a_lo, a_hi in self.lon_spans()
            for b_lo, b_hi in other.lon_spans()
        )

    def expanded(self, km: float) -> BBox:
        """Return the box grown by ``km`` on every side (wrapping longitude, clamping latitude)."""
        d_lat = km / KM_PER_DEGREE
        edge = min(89.9, max(abs(self.min_lat), abs(self.max_lat)) + d_lat)
        d_lon = d_lat / math.cos(math.radians(edge))
        width = self.max_lon - self.min_lon + (360.0 if self.crosses_antimeridian else 0.0)
        if width + 2 * d_lon >= 360.0:
            min_lon, max_lon = -180.0, 180.0
        else:
            min_lon, max_lon = _wrap(self.min_lon - d_lon), _wrap(self.max_lon + d_lon)
        return BBox(
            min_lon, max(-90.0, self.min_lat - d_lat), max_lon, min(90.0, self.max_lat + d_lat)
        )

    def as_list(self) -> list[float]:
        """Return ``[min_lon, min_lat, max_lon, max_lat]`` as in a GeoJSON ``bbox`` member."""
        return [self.min_lon, self.min_lat, self.max_lon, self.max_lat]

    def lon_spans(self) -> list[tuple[float, float]]:
        """Return the box's longitude intervals (two when it crosses the antimeridian)."""
        if self.crosses_antimeridian:
            return [(self.min_lon, 180.0), (-180.0, self.max_lon)]
        return [(self.min_lon, self.max_lon)]


def _wrap(longitude: float) -> float:
    """Wrap a longitude into -180..180."""
    if -180.0 <= longitude <= 180.0:
        return longitude
    return (longitude + 180.0) % 360.0 - 180.0


def parse_bbox(text: str) -> BBox:
    """Parse ``"min_lon,min_lat,max_lon,max_lat"`` into a BBox, raising InvalidCoordinatesError."""
    parts = text.split(",")
    if len(parts) != 4:
        raise InvalidCoordinatesError("bbox must be min_lon,min_lat,max_lon,max_lat")
    try:
        min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
    except ValueError:
        raise InvalidCoordinatesError(f"bbox values must be numbers: {text!r}") from None
    return BBox(min_lon, min_lat, max_lon, max_lat)
