"""Store many validated incidents at once: rows, timelines and events built as tuples.

The bulk twin of :func:`incidents.service.record_new`, giving the same rows (references,
confidence roll-up, provenance, search document), the same ``reported`` timeline entries and the
same ``incident.reported`` events, but built without a model round trip per row. It works in two
steps so that an import can do most of the work while the database is busy with the previous
chunk:

* :meth:`RowBuilder.draft` turns a validated payload into a :class:`Draft`: the stored columns of
  its fields (JSON columns as JSON text, graded sources rolled up once per distinct set), its id,
  and the parts of its search document and event that do not depend on its reference;
* :meth:`RowBuilder.records` (or :meth:`RowBuilder.extend`) gives drafts their references and
  finishes their incident, timeline and outbox rows with a few string joins; on PostgreSQL the
  timeline entries and outbox rows come out in binary COPY form already
  (:class:`pdp_common.bulk.BinaryCopy`), as most of their fields are the same for the whole batch.

The rows travel with binary COPY (PostgreSQL) or one multi-row INSERT (SQLite). :func:`store_new`
does both steps for a list of payloads, reserving their references with one statement.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from typing import Any, NamedTuple

import uuid_utils
from pdp_common.bulk import BinaryCopy, EventTemplate, copy_binary, json_text, store_event_rows
from pdp_common.contracts import incidents as incident_events
from pdp_common.db import new_id, utcnow
from pdp_common.identity import Principal
from sqlalchemy.ext.asyncio import AsyncSession

from incidents import events, rows
from incidents.imports.repository import BulkRepository
from incidents.models import incidents_table, timeline_table
from incidents.rows import FIELD_COLUMNS
from incidents.schemas import IncidentCreate, SourceIn
from incidents.search_words import search_document, words
from incidents.service import reference_of

SourcesKey = tuple[tuple[Any, ...], ...]

INCIDENT_COLUMNS = (
    "id", "reference", *FIELD_COLUMNS, "origin_org", "origin_external_id", "provenances",
    "status", "merged_into_id", "search_document", "version", "created_at", "created_by",
    "updated_at", "updated_by",
)  # fmt: skip
"""The columns of an incident record, in order."""
TIMELINE_COLUMNS = tuple(column.key for column in timeline_table.columns)
_field_values = itemgetter(*FIELD_COLUMNS)
EMPTY = "[]"
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class Stored(NamedTuple):
    """What a stored incident is known by."""

    incident_id: uuid.UUID
    reference: str


class Draft(NamedTuple):
    """A validated incident ready to store once it has a reference."""

    incident_id: uuid.UUID
    fields: tuple[Any, ...]
    """The values of ``FIELD_COLUMNS``, JSON columns as JSON text."""
    country: str
    longitude: float
    latitude: float
    geo_precision: int
    origin_org: str
    external_id: str | None
    document: str
    """The search document without the reference's words."""
    event_data: str
    """The event's data as JSON text without the fields that name the incident (its id and
    reference: :data:`incidents.events.IDENTITY`)."""
    category: str
    """The threat category, which with the country names the event's NATS subject."""


@dataclass
class Records:
    """The rows of a batch of new incidents, in the column orders above.

    Timeline entries come as tuples, or already in binary COPY form (PostgreSQL); outbox rows as
    the mappings the outbox listener takes, and on PostgreSQL in binary COPY form as well.
    """

    incidents: list[tuple[Any, ...]] = field(default_factory=list)
    timeline: list[tuple[Any, ...]] = field(default_factory=list)
    timeline_binary: list[bytes] = field(default_factory=list)
    outbox: list[dict[str, Any]] = field(default_factory=list)
    outbox_binary: list[bytes] | None = None
    stored: list[Stored] = field(default_factory=list)


class RowBuilder:
    """Build the rows of one import (or one batch), sharing what is the same for every row."""

    def __init__(self, principal: Principal, now: datetime, *, binary: bool = False) -> None:
        self.principal = principal
        self.now = now
        self.binary = binary
        self.recorded_at = json_text(now.isoformat())
        self.events = EventTemplate(incident_events.IncidentReported, now=now)
        self.event_body = events.body_serializer(incident_events.IncidentReported)
        self.rollups: dict[SourcesKey, rows.StoredSources] = {}
        self.origins: dict[str, str] = {}
        self._trailing = ("reported", None)
        self._stamps = (1, now, principal.subject, now, principal.subject)
        self._entry_head = BinaryCopy.count(len(TIMELINE_COLUMNS)) + BinaryCopy.UUID
        self._entry_tail = b"".join(
            (
                BinaryCopy.timestamptz(now),
                BinaryCopy.text("reported"),
                BinaryCopy.NULL,
                BinaryCopy.text("reported"),
                BinaryCopy.text(principal.subject),
                BinaryCopy.text(principal.org),
                BinaryCopy.NULL,
                BinaryCopy.jsonb(EMPTY),
                BinaryCopy.int4(1),
            )
        )

    def draft(self, payload: IncidentCreate) -> Draft:
        """Return the draft of a validated payload (as :func:`incidents.rows.new_row` would)."""
        origin = payload.origin
        org = origin.org if origin else self.principal.org
        external_id = origin.external_id if origin else None
        columns = rows.create_columns(
            payload, sources=self._sources(payload.sources), encode=_list_json
        )
        fields = _field_values(columns)
        incident_id = new_id()
        columns.update(id=incident_id, reference=None, status="reported", origin_org=org, version=1)
        event_data = self.event_body(events.snapshot_data(columns)).decode()
        return Draft(
            incident_id,
            fields,
            payload.country,
            payload.longitude,
            payload.latitude,
            payload.geo_precision,
            org,
            external_id,
            document_tail(payload),
            event_data,
            str(payload.category),
        )

    def records(self, drafts: Sequence[Draft], references: Sequence[str]) -> Records:
        """Return the incident, timeline and outbox rows of drafts given their references."""
        out = Records()
        self.extend(out, drafts, references)
        return out

    def extend(self, out: Records, drafts: Sequence[Draft], references: Sequence[str]) -> None:
        """Add the incident, timeline and outbox rows of drafts given their references."""
        principal, now, events = self.principal, self.now, self.events
        trailing, stamps = self._trailing, self._stamps
        binary, entry_head, entry_tail = self.binary, self._entry_head, self._entry_tail
        if binary and out.outbox_binary is None:
            out.outbox_binary = []
        for draft, reference in zip(drafts, references, strict=True):
            incident_id = draft.incident_id
            text_id = str(incident_id)
            org, external_id = draft.origin_org, draft.external_id
            provenances = (
                f'[{{"org":{self._org_json(org)},"external_id":{_json_or_null(external_id)},'
                f'"incident_id":"{text_id}","reference":"{reference}",'
                f'"recorded_at":{self.recorded_at}}}]'
            )
            heading = " ".join(words(reference))
            document = f"{heading} {draft.document}" if draft.document else heading
            out.incidents.append(
                (
                    incident_id,
                    reference,
                    *draft.fields,
                    org,
                    external_id,
                    provenances,
                    *trailing,
                    document,
                    *stamps,
                )
            )
            entry_id = uuid_utils.uuid7()  # as new_id(), without the stdlib conversion
            if binary:
                out.timeline_binary.append(
                    b"".join(
                        (entry_head, entry_id.bytes, BinaryCopy.UUID, incident_id.bytes, entry_tail)
                    )
                )
            else:
                out.timeline.append(
                    (
                        entry_id,
                        incident_id,
                        now,
                        "reported",
                        None,
                        "reported",
                        principal.subject,
                        principal.org,
                        None,
                        EMPTY,
                        1,
                    )
                )
            data = f'{{"incident_id":"{text_id}","reference":"{reference}",{draft.event_data[1:]}'
            tokens = {"country": draft.country, "category": draft.category}
            event = events.row(text_id, data, tokens=tokens)
            out.outbox.append(event)
            if out.outbox_binary is not None:
                out.outbox_binary.append(events.binary(event))
            out.stored.append(Stored(incident_id, reference))

    def _sources(self, sources: list[SourceIn]) -> rows.StoredSources:
        """Return the stored sources as JSON text and their roll-up, once per distinct set."""
        key: SourcesKey = tuple(
            (s.name, s.type, s.reliability, s.credibility, s.url, s.published_at, s.reported_by_org)
            for s in sources
        )
        rollup = self.rollups.get(key)
        if rollup is None:
            stored, grades = rows.stored_sources(sources)
            rollup = self.rollups[key] = (_dumps(stored), grades)
        return rollup

    def _org_json(self, org: str) -> str:
        text = self.origins.get(org)
        if text is None:
            text = self.origins[org] = json_text(org)
        return text


def document_tail(payload: IncidentCreate) -> str:
    """Return the search document of a new incident without its reference's words.

    The parts are those of :func:`incidents.rows.document_of` after the reference, in the same
    order; folding works part by part, so the full document is the reference's words, a space and
    this (see the tests).
    """
    parts: list[str | None] = [
        payload.title,
        payload.summary,
        payload.location,
        payload.admin1,
        payload.admin2,
    ]
    for translation in payload.translations:
        parts += [translation.title, translation.summary]
    parts += [payload.actor1, payload.actor2]
    parts += payload.assoc_actor_1 + payload.assoc_actor_2 + payload.tags
    return search_document(parts)


async def allocate(repo: BulkRepository, countries: Sequence[str], year: int) -> list[str]:
    """Reserve one reference per entry of ``countries`` (one statement); return them in order."""
    counts = Counter((country, year) for country in countries)
    last = await repo.allocate_references(counts)
    following = {key: last[key] - count + 1 for key, count in counts.items()}
    references: list[str] = []
    for country in countries:
        key = (country, year)
        references.append(reference_of(country, year, following[key]))
        following[key] += 1
    return references


async def write(session: AsyncSession, records: Records) -> None:
    """Store the rows of a batch: incidents, then their timelines, then their events."""
    repo = BulkRepository(session)
    await repo.copy(incidents_table, INCIDENT_COLUMNS, records.incidents)
    if records.timeline_binary:
        await copy_binary(session, timeline_table.name, TIMELINE_COLUMNS, records.timeline_binary)
    await repo.copy(timeline_table, TIMELINE_COLUMNS, records.timeline)
    await store_event_rows(session, records.outbox, binary=records.outbox_binary)


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
    repo = BulkRepository(session)
    builder = RowBuilder(principal, now or utcnow(), binary=repo.dialect == "postgresql")
    drafts = [builder.draft(payload) for payload in payloads]
    countries = [draft.country for draft in drafts]
    references = await allocate(repo, countries, builder.now.year)
    records = builder.records(drafts, references)
    await write(session, records)
    return records.stored


def _list_json(values: list[str]) -> str:
    return _dumps(values) if values else EMPTY


def _json_or_null(value: str | None) -> str:
    return "null" if value is None else json_text(value)
