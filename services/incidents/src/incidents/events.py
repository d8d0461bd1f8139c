"""Build the events the service publishes from an incident's stored state.

Titles travel only for incidents below ``strictly_confidential``; summaries, sources, actors and
reasons never travel (consumers read them over the API, which checks need-to-know).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pdp_common.contracts import incidents as incident_events
from pdp_common.identity import Clearance

from incidents.models import Incident

SnapshotT = TypeVar("SnapshotT", bound=incident_events.IncidentSnapshot)

STATUS_EVENTS: Mapping[str, type[incident_events.IncidentSnapshot]] = {
    "under_review": incident_events.IncidentUpdated,
    "verified": incident_events.IncidentVerified,
    "rejected": incident_events.IncidentRejected,
    "corrected": incident_events.IncidentCorrected,
    "retracted": incident_events.IncidentRetracted,
}


def _values(incident: Incident | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(incident, Mapping):
        return incident
    return {column: getattr(incident, column) for column in _COLUMNS}


_COLUMNS = (
    "id",
    "reference",
    "country",
    "admin1",
    "category",
    "event_type",
    "sub_event_type",
    "severity",
    "sensitivity",
    "status",
    "occurred_at",
    "latitude",
    "longitude",
    "title",
    "origin_org",
    "version",
)


def snapshot(
    kind: type[SnapshotT], incident: Incident | Mapping[str, Any], **extra: Any
) -> SnapshotT:
    """Return an event of ``kind`` describing ``incident`` after its change."""
    row = _values(incident)
    sensitivity = Clearance(row["sensitivity"])
    shareable_title = sensitivity < Clearance.STRICTLY_CONFIDENTIAL
    return kind(
        incident_id=row["id"],
        reference=row["reference"],
        country=row["country"],
        admin1=row["admin1"],
        category=row["category"],
        acled_event_type=row["event_type"],
        acled_sub_event_type=row["sub_event_type"],
        severity=row["severity"],
        sensitivity=sensitivity,
        status=row["status"],
        occurred_at=row["occurred_at"],
        latitude=row["latitude"],
        longitude=row["longitude"],
        title=row["title"] if shareable_title else None,
        origin_org=row["origin_org"],
        version=row["version"],
        **extra,
    )
