"""Bundled country boundaries, coordinate checks and country codes."""

from incidents.geo.boundaries import (
    BoundaryIndex,
    GeoCheck,
    GeoCheckReason,
    boundary_index,
    tolerance_for,
)
from incidents.geo.coordinates import (
    BBox,
    InvalidCoordinatesError,
    haversine_km,
    parse_bbox,
    validate_coordinates,
)
from incidents.geo.countries import (
    Country,
    acled_name,
    country_by_alpha3,
    country_by_numeric,
    resolve_country,
)

__all__ = [
    "BBox",
    "BoundaryIndex",
    "Country",
    "GeoCheck",
    "GeoCheckReason",
    "InvalidCoordinatesError",
    "acled_name",
    "boundary_index",
    "country_by_alpha3",
    "country_by_numeric",
    "haversine_km",
    "parse_bbox",
    "resolve_country",
    "tolerance_for",
    "validate_coordinates",
]
