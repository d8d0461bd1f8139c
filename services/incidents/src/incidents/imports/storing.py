"""Store many validated incidents at once: rows, timelines and events built in one pass.

The bulk twin of :func:`incidents.service.record_new`, giving the same rows (references,
confidence roll-up, provenance, search document), the same ``reported`` timeline entries and the
same ``incident.reported`` events, but built without a model round trip per row: reference ranges
are reserved with one statement per batch, graded sources are rolled up once per distinct set,
event envelopes are written with one ``json.dumps`` each, and the rows travel with COPY
(PostgreSQL) or one multi-row INSERT (SQLite).
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pdp_common.contracts import incidents as incident_events
from pdp_common.db import new_id, utcnow
from pdp_common.events.outbox import event_rows, record_event_rows
from pdp_common.identity import Clearance, Principal
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.imports.repository import BulkRepository
from incidents.models import incidents_table, timeline_table
from incidents.rows import document_of, graded
from incidents.schemas import IncidentCreate, SourceIn
from incidents.service import reference_of

SourcesKey = tuple[tuple[str | None, str, str, int], ...]


@dataclass(frozen=True)
class Stored:
    """What a stored incident is known by."""

    incident_id: uuid.UUID
    reference: str


async def store_new(
    session: AsyncSession,
    principal: Principal,
    payloads: Sequence[IncidentCreate],
    *,
    now: datetime | None = None,
) -> list[Stored]:
    """Store already validated incidents with references, timelines and events; in order."""
    if not payloads:
        return []
    now = now or utcnow()
    repo = BulkRepository(session)
    references = await _references(repo, payloads, now.year)
    builder = _RowBuilder(principal, now)
    rows = [builder.row(p, r) for p, r in zip(payloads, references, strict=True)]
    await repo.insert_rows(incidents_table, rows)
    await repo.insert_rows(timeline_table, [builder.timeline(row) for row in rows])
    items = [(str(row["id"]), _event_data(row)) for row in rows]
    await record_event_rows(session, event_rows(incident_events.IncidentReported, items))
    return [Stored(row["id"], row["reference"]) for row in rows]


async def _references(
    repo: BulkRepository, payloads: Sequence[IncidentCreate], year: int
) -> list[str]:
    counts = Counter((p.country, year) for p in payloads)
    last = await repo.allocate_references(counts)
    following = {key: last[key] - count + 1 for key, count in counts.items()}
    references: list[str] = []
    for payload in payloads:
        key = (payload.country, year)
        references.append(reference_of(payload.country, year, following[key]))
        following[key] += 1
    return references


class _RowBuilder:
    """Build rows of one batch, sharing what is the same for every row."""

    def __init__(self, principal: Principal, now: datetime) -> None:
        self.principal = principal
        self.now = now
        self.recorded_at = now.isoformat()
        self.rollups: dict[SourcesKey, dict[str, Any]] = {}

    def row(self, payload: IncidentCreate, reference: str) -> dict[str, Any]:
        """Return the full row of a new incident (as :func:`incidents.rows.new_row` does)."""
        incident_id = new_id()
        org = payload.origin.org if payload.origin else self.principal.org
        external_id = payload.origin.external_id if payload.origin else None
        row: dict[str, Any] = {
            "id": incident_id,
            "reference": reference,
            **self._fields(payload),
            "origin_org": org,
            "origin_external_id": external_id,
            "provenances": [
                {
                    "org": org,
                    "external_id": external_id,
                    "incident_id": str(incident_id),
                    "reference": reference,
                    "recorded_at": self.recorded_at,
                }
            ],
            "status": "reported",
            "merged_into_id": None,
            "version": 1,
            "created_at": self.now,
            "created_by": self.principal.subject,
            "updated_at": self.now,
            "updated_by": self.principal.subject,
        }
        row["search_document"] = document_of(row)
        return row

    def _fields(self, payload: IncidentCreate) -> dict[str, Any]:
        """Return the stored columns of the payload's fields (as ``rows.field_values``)."""
        casualties = payload.casualties
        sensitivity: Clearance = payload.sensitivity
        return {
            "title": payload.title,
            "summary": payload.summary,
            "language": payload.language,
            "translations": [t.model_dump() for t in payload.translations],
            "occurred_at": payload.occurred_at.astimezone(UTC),
            "time_precision": payload.time_precision.value,
            "country": payload.country,
            "admin1": payload.admin1,
            "admin2": payload.admin2,
            "location": payload.location,
            "latitude": payload.latitude,
            "longitude": payload.longitude,
            "geo_precision": payload.geo_precision,
            "category": payload.category.value,
            "event_type": payload.event_type.value,
            "sub_event_type": payload.sub_event_type,
            "actor1": payload.actor1,
            "assoc_actor_1": list(payload.assoc_actor_1),
            "actor2": payload.actor2,
            "assoc_actor_2": list(payload.assoc_actor_2),
            "casualties_best": casualties.best if casualties else None,
            "casualties_low": casualties.low if casualties else None,
            "casualties_high": casualties.high if casualties else None,
            "severity": payload.severity,
            "sensitivity": sensitivity.value,
            "sensitivity_rank": sensitivity.rank,
            "tags": list(payload.tags),
            **self._sources(payload.sources),
        }

    def _sources(self, sources: list[SourceIn]) -> dict[str, Any]:
        stored = [s.model_dump(mode="json") for s in sources]
        key: SourcesKey = tuple(
            (s.reported_by_org, s.name, s.reliability.value, int(s.credibility)) for s in sources
        )
        rollup = self.rollups.get(key)
        if rollup is None:
            rollup = self.rollups[key] = graded(stored)
        return {"sources": stored, **rollup}

    def timeline(self, row: dict[str, Any]) -> dict[str, Any]:
        """Return the ``reported`` timeline entry of a new row."""
        return {
            "id": new_id(),
            "incident_id": row["id"],
            "at": self.now,
            "action": "reported",
            "from_status": None,
            "to_status": "reported",
            "actor": self.principal.subject,
            "actor_org": self.principal.org,
            "reason": None,
            "changes": [],
            "version": 1,
        }


def _event_data(row: dict[str, Any]) -> dict[str, Any]:
    """Return the JSON data of the ``reported`` event of a new row (see incidents.events)."""
    shareable_title = row["sensitivity_rank"] < Clearance.STRICTLY_CONFIDENTIAL.rank
    return {
        "incident_id": str(row["id"]),
        "reference": row["reference"],
        "country": row["country"],
        "admin1": row["admin1"],
        "category": row["category"],
        "acled_event_type": row["event_type"],
        "acled_sub_event_type": row["sub_event_type"],
        "severity": row["severity"],
        "sensitivity": row["sensitivity"],
        "status": row["status"],
        "occurred_at": _utc_text(row["occurred_at"]),
        "latitude": row["latitude"],
        "longitude": row["longitude"],
        "title": row["title"] if shareable_title else None,
        "origin_org": row["origin_org"],
        "version": row["version"],
    }


def _utc_text(moment: datetime) -> str:
    """Return a UTC instant as pydantic writes it in JSON (``...Z``)."""
    text = moment.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text
