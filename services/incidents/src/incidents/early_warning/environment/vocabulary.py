"""What environmental series may measure: each kind, its units, how its days add up into a
window and which way a departure is a warning."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Direction(StrEnum):
    """Which departure from the baseline warns: above (floods), below (drought) or either."""

    ABOVE = "above"
    BELOW = "below"
    EITHER = "either"


class Aggregate(StrEnum):
    """How a window's observations become one value: their mean (levels) or sum (counts)."""

    MEAN = "mean"
    SUM = "sum"


@dataclass(frozen=True)
class Kind:
    """One kind of environmental series."""

    name: str
    label: str
    units: tuple[str, ...]
    direction: Direction
    aggregate: Aggregate
    min_spread: float
    """The smallest spread the baseline is given (in the kind's first unit's scale for counts,
    else relative to the baseline's median), so a flat history does not make any change huge."""


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("water_level", "water level", ("m", "cm"), Direction.EITHER, Aggregate.MEAN, 0.05),
        Kind("river_flow", "river flow", ("m3/s",), Direction.EITHER, Aggregate.MEAN, 0.05),
        Kind("reservoir_volume", "reservoir volume", ("km3", "mcm"), Direction.BELOW,
             Aggregate.MEAN, 0.03),
        Kind("precipitation", "precipitation", ("mm",), Direction.ABOVE, Aggregate.SUM, 1.0),
        Kind("flood_event", "flood events", ("events",), Direction.ABOVE, Aggregate.SUM, 1.0),
        Kind("mudflow_event", "mudflow events", ("events",), Direction.ABOVE, Aggregate.SUM, 1.0),
        Kind("drought_index", "drought index (SPI, lower is drier)", ("index",), Direction.BELOW,
             Aggregate.MEAN, 0.25),
        Kind("soil_moisture", "soil moisture", ("%",), Direction.BELOW, Aggregate.MEAN, 0.05),
        Kind("snow_water_equivalent", "snow water equivalent", ("mm",), Direction.BELOW,
             Aggregate.MEAN, 0.05),
        Kind("glacier_melt", "glacier melt", ("mm w.e.",), Direction.ABOVE, Aggregate.SUM, 1.0),
        Kind("air_temperature", "air temperature", ("degC",), Direction.ABOVE, Aggregate.MEAN,
             1.0),
    )
}  # fmt: skip
"""The vocabulary of series kinds, by name."""

ABSOLUTE_SPREAD_KINDS = frozenset(
    {"precipitation", "flood_event", "mudflow_event", "glacier_melt", "drought_index",
     "air_temperature"}
)  # fmt: skip
"""Kinds whose ``min_spread`` is in the unit itself rather than a share of the median."""

QUALITY_FLAGS = ("verified", "provisional", "estimated", "suspect")
"""Quality flags an observation may carry (default ``provisional``)."""
