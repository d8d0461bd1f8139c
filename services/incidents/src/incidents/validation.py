"""Checks every new or changed incident passes: place within its country, sensible time, and the
caller's clearance (who may record at all is in :mod:`incidents.permissions`)."""

from __future__ import annotations

from datetime import datetime, timedelta

from pdp_common.identity import Clearance, Principal

from incidents.errors import IncidentInvalid, IncidentLocationInvalid
from incidents.geo import boundary_index, tolerance_for

FUTURE_SKEW = timedelta(hours=1)


def check_location(country: str, longitude: float, latitude: float, geo_precision: int) -> None:
    """Refuse coordinates outside the stated country (beyond the precision's border tolerance)."""
    result = boundary_index().check(
        country, longitude, latitude, tolerance_km=tolerance_for(geo_precision)
    )
    if not result.ok:
        raise IncidentLocationInvalid(
            f"Coordinates refused: {result.message}.",
            reason=result.reason.value,
            country=result.country,
            actual_countries=list(result.actual_countries),
            distance_km=result.distance_km,
            tolerance_km=result.tolerance_km,
        )


def check_time(occurred_at: datetime, now: datetime) -> None:
    """Refuse an incident said to occur in the future."""
    if occurred_at > now + FUTURE_SKEW:
        raise IncidentInvalid(
            f"occurred_at {occurred_at.isoformat()} lies in the future.", field="occurred_at"
        )


def check_sensitivity(principal: Principal, sensitivity: Clearance) -> None:
    """Refuse to record material above the caller's own clearance."""
    if not principal.clearance.allows(sensitivity):
        raise IncidentInvalid(
            f"You may not record an incident as {sensitivity.value}: your clearance is "
            f"{principal.clearance.value}.",
            field="sensitivity",
        )
