"""Build the events the service publishes from an incident's stored state.

One mapping serves every path that writes an event: :data:`SNAPSHOT_COLUMNS` pairs each field of
the contract's :class:`~pdp_common.contracts.incidents.IncidentSnapshot` with the column it comes
from (the column of the same name unless :data:`RENAMED` says otherwise), and
:func:`snapshot_data` applies the disclosure rule. A field added to the contract under a column's
name therefore travels from the single create, the workflow, merges and the bulk import alike.

Titles travel only for incidents below ``strictly_confidential``; summaries, sources, actors and
reasons never travel (consumers read them over the API, which checks need-to-know).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from pdp_common.contracts import incidents as incident_events
from pdp_common.identity import Clearance
from pydantic import TypeAdapter
from typing_extensions import TypedDict

from incidents.models import Incident

SnapshotT = TypeVar("SnapshotT", bound=incident_events.IncidentSnapshot)

STATUS_EVENTS: Mapping[str, type[incident_events.IncidentSnapshot]] = {
    "under_review": incident_events.IncidentUpdated,
    "verified": incident_events.IncidentVerified,
    "rejected": incident_events.IncidentRejected,
    "corrected": incident_events.IncidentCorrected,
    "retracted": incident_events.IncidentRetracted,
}

RENAMED: Mapping[str, str] = {
    "incident_id": "id",
    "acled_event_type": "event_type",
    "acled_sub_event_type": "sub_event_type",
}
"""Snapshot fields whose column has another name; every other field is its column's name."""
SNAPSHOT_COLUMNS: tuple[tuple[str, str], ...] = tuple(
    (name, RENAMED.get(name, name)) for name in incident_events.IncidentSnapshot.model_fields
)
"""Each snapshot field with the incident column it comes from, in the contract's order."""
IDENTITY = ("incident_id", "reference")
"""The snapshot fields that name the incident (known last in a bulk import)."""


def shows_title(sensitivity: Clearance) -> bool:
    """Tell whether an incident's title may travel in events: only below strictly confidential."""
    return sensitivity < Clearance.STRICTLY_CONFIDENTIAL


def disclose(data: dict[str, Any]) -> dict[str, Any]:
    """Withhold from snapshot data what may not travel (the title at strictly confidential)."""
    sensitivity = data["sensitivity"] = Clearance(data["sensitivity"])
    if not shows_title(sensitivity):
        data["title"] = None
    return data


def snapshot_data(row: Mapping[str, Any]) -> dict[str, Any]:
    """Return the snapshot fields of an incident's columns, withholding what may not travel."""
    return disclose({name: row[column] for name, column in SNAPSHOT_COLUMNS})


def snapshot(
    kind: type[SnapshotT], incident: Incident | Mapping[str, Any], **extra: Any
) -> SnapshotT:
    """Return an event of ``kind`` describing ``incident`` after its change."""
    row = incident if isinstance(incident, Mapping) else _columns(incident)
    return kind(**snapshot_data(row), **extra)


def body_serializer(kind: type[incident_events.IncidentSnapshot]) -> Callable[[Any], bytes]:
    """Return a function writing snapshot data without its identity as ``kind`` writes it in JSON.

    Built once from the contract's fields, it serializes the plain dict of :func:`snapshot_data`
    (whose identity fields it leaves out) without building a model per event: the bulk import's
    path.
    """
    fields = {
        name: info.annotation for name, info in kind.model_fields.items() if name not in IDENTITY
    }
    body = TypedDict(f"{kind.__name__}Body", fields)  # type: ignore[misc]
    return TypeAdapter(body).dump_json


def _columns(incident: Incident) -> dict[str, Any]:
    return {column: getattr(incident, column) for _, column in SNAPSHOT_COLUMNS}
