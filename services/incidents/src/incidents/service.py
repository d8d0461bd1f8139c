"""Rules for recording, reading and changing incidents."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pdp_common.concurrency import check_if_match
from pdp_common.contracts import incidents as incident_events
from pdp_common.db import new_id, utcnow
from pdp_common.events.outbox import record_event, record_events
from pdp_common.identity import Clearance, Principal
from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from incidents import events, permissions, rows, validation
from incidents.access.rule import Viewer
from incidents.errors import IncidentLocked, IncidentNotFound, IncidentOriginExists
from incidents.models import Incident, TimelineEntry, incidents_table
from incidents.repository import IncidentRepository
from incidents.schemas import IncidentCreate, IncidentUpdate
from incidents.status import EDITABLE, Status

LOCATION_FIELDS = frozenset({"country", "latitude", "longitude", "geo_precision"})
COLUMNS = tuple(column.key for column in incidents_table.columns)


def reference_of(country: str, year: int, number: int) -> str:
    """Return the human reference of an incident, e.g. ``INC-KGZ-2026-000123``."""
    return f"INC-{country}-{year}-{number:06d}"


def timeline_row(
    incident: Incident | dict[str, Any],
    *,
    action: str,
    principal: Principal,
    at: datetime,
    from_status: str | None = None,
    reason: str | None = None,
    changes: Sequence[str] = (),
) -> dict[str, Any]:
    """Return one timeline entry about ``incident`` as it stands now."""

    def get(name: str) -> Any:
        return incident[name] if isinstance(incident, dict) else getattr(incident, name)

    return {
        "id": new_id(),
        "incident_id": get("id"),
        "at": at,
        "action": action,
        "from_status": from_status,
        "to_status": get("status"),
        "actor": principal.subject,
        "actor_org": principal.org,
        "reason": reason,
        "changes": list(changes),
        "version": get("version"),
    }


def validate_new(principal: Principal, payload: IncidentCreate, now: datetime) -> None:
    """Run every check a new incident must pass (raises the first failure)."""
    permissions.require_editor(principal)
    validation.check_sensitivity(principal, payload.sensitivity)
    validation.check_time(payload.occurred_at, now)
    if payload.origin is not None:
        permissions.require_origin(principal, payload.origin.org)
    validation.check_location(
        payload.country, payload.longitude, payload.latitude, payload.geo_precision
    )


async def record_new(
    session: AsyncSession,
    principal: Principal,
    payloads: Sequence[IncidentCreate],
    *,
    now: datetime | None = None,
) -> list[dict[str, Any]]:
    """Store already validated incidents with their references, timelines and events."""
    now = now or utcnow()
    repo = IncidentRepository(session)
    by_key: dict[tuple[str, int], list[int]] = defaultdict(list)
    for index, payload in enumerate(payloads):
        by_key[(payload.country, now.year)].append(index)
    references: list[str] = [""] * len(payloads)
    for (country, year), indexes in sorted(by_key.items()):
        last = await repo.allocate_references(country, year, len(indexes))
        for offset, index in enumerate(indexes):
            references[index] = reference_of(country, year, last - len(indexes) + 1 + offset)
    new_rows = [
        rows.new_row(
            payload,
            incident_id=new_id(),
            reference=reference,
            actor=principal.subject,
            actor_org=principal.org,
            now=now,
        )
        for payload, reference in zip(payloads, references, strict=True)
    ]
    await repo.insert_incidents(new_rows)
    await repo.insert_timeline(
        [timeline_row(r, action="reported", principal=principal, at=now) for r in new_rows]
    )
    await record_events(
        session, [events.snapshot(incident_events.IncidentReported, r) for r in new_rows]
    )
    return new_rows


async def create_incident(
    session: AsyncSession, *, principal: Principal, payload: IncidentCreate
) -> dict[str, Any]:
    """Record one new incident reported by the caller; return its stored row."""
    now = utcnow()
    validate_new(principal, payload, now)
    if payload.origin is not None and payload.origin.external_id is not None:
        key = (payload.origin.org, payload.origin.external_id)
        existing = await IncidentRepository(session).find_by_origin([key])
        if key in existing:
            incident_id, reference = existing[key]
            raise IncidentOriginExists(
                f"{key[0]} record {key[1]} is already incident {reference}.",
                incident_id=str(incident_id),
                reference=reference,
            )
    (row,) = await record_new(session, principal, [payload], now=now)
    return row


async def get_visible(
    session: AsyncSession, *, viewer: Viewer, incident_id: uuid.UUID, for_update: bool = False
) -> Incident:
    """Return the incident if the caller may see it; otherwise raise IncidentNotFound."""
    repo = IncidentRepository(session)
    incident = await (repo.get_for_update if for_update else repo.get)(incident_id)
    if incident is None or not viewer.may_see(incident):
        raise IncidentNotFound(f"No incident {incident_id} is visible to you.")
    return incident


async def read_visible(
    session: AsyncSession, *, viewer: Viewer, incident_id: uuid.UUID
) -> Row[Any]:
    """Return the read row of the incident if the caller may see it; else raise IncidentNotFound."""
    row = await IncidentRepository(session).read(incident_id)
    if row is None or not viewer.may_see(row):
        raise IncidentNotFound(f"No incident {incident_id} is visible to you.")
    return row


def apply_changes(
    incident: Incident, principal: Principal, payload: IncidentUpdate, now: datetime
) -> list[str]:
    """Apply the fields set in ``payload`` after checking the result; return the changed names."""
    data = payload.model_dump(mode="python", exclude_unset=True)
    values = rows.field_values(data)
    merged = {column: getattr(incident, column) for column in COLUMNS}
    merged.update(values)
    if data.get("sensitivity") is not None:
        validation.check_sensitivity(principal, Clearance(data["sensitivity"]))
    if "occurred_at" in data:
        validation.check_time(merged["occurred_at"], now)
    IncidentUpdate.model_validate(
        {"event_type": merged["event_type"], "sub_event_type": merged["sub_event_type"]}
    )
    if LOCATION_FIELDS & data.keys():
        validation.check_location(
            merged["country"], merged["longitude"], merged["latitude"], merged["geo_precision"]
        )
    changed = sorted(k for k in data if _differs(incident, k, values))
    for column, value in values.items():
        setattr(incident, column, value)
    incident.search_document = rows.document_of({c: getattr(incident, c) for c in COLUMNS})
    incident.updated_at = now
    incident.updated_by = principal.subject
    return changed


def _differs(incident: Incident, name: str, values: dict[str, Any]) -> bool:
    if name == "casualties":
        return any(
            getattr(incident, f"casualties_{p}") != values[f"casualties_{p}"]
            for p in ("best", "low", "high")
        )
    return bool(getattr(incident, name) != values.get(name))


async def update_incident(
    session: AsyncSession,
    *,
    viewer: Viewer,
    incident_id: uuid.UUID,
    payload: IncidentUpdate,
    if_match: str | None,
) -> Incident:
    """Change fields of an incident still in reporting or review."""
    permissions.require_editor(viewer.principal)
    incident = await get_visible(session, viewer=viewer, incident_id=incident_id, for_update=True)
    check_if_match(if_match, incident.version)
    if Status(incident.status) not in EDITABLE:
        raise IncidentLocked(
            f"Incident {incident.reference} is {incident.status}: change it through the "
            "'corrected' transition.",
            allowed_transitions=["corrected"] if incident.status != "retracted" else [],
        )
    if incident.merged_into_id is not None:
        raise IncidentLocked(f"Incident {incident.reference} was merged; change the survivor.")
    now = utcnow()
    changed = apply_changes(incident, viewer.principal, payload, now)
    await session.flush()
    timeline = timeline_row(
        incident, action="updated", principal=viewer.principal, at=now, changes=changed
    )
    await IncidentRepository(session).insert_timeline([timeline])
    await record_event(session, events.snapshot(incident_events.IncidentUpdated, incident))
    return incident


async def timeline_of(
    session: AsyncSession, *, viewer: Viewer, incident_id: uuid.UUID
) -> list[TimelineEntry]:
    """Return the timeline of an incident the caller may see."""
    await get_visible(session, viewer=viewer, incident_id=incident_id)
    return await IncidentRepository(session).timeline(incident_id)
