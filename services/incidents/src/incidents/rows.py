"""Conversions between API schemas and incident rows (plain dicts ready for the database)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from pdp_common.identity import Clearance

from incidents.models import Incident, incidents_table
from incidents.schemas import (
    Casualties,
    ConfidenceRead,
    IncidentCreate,
    IncidentRead,
    Origin,
    Provenance,
    SourceIn,
    Translation,
)
from incidents.search_words import search_document
from incidents.status import Status
from incidents.vocabulary import ConfidenceLevel, ThreatCategory, TimePrecision, rollup_confidence

SEARCHED_FIELDS = ("reference", "title", "summary", "location", "admin1", "admin2")
ACTOR_FIELDS = ("actor1", "actor2")


def graded(sources: list[dict[str, Any]]) -> dict[str, Any]:
    """Return the roll-up columns of a list of stored sources."""
    confidence = rollup_confidence(sources)
    return {
        "independent_sources": confidence.independent_sources,
        "confidence": confidence.level.value,
        "confidence_score": confidence.score,
    }


def document_of(row: dict[str, Any]) -> str:
    """Return the search document of a row: reference, texts, places, actors and tags."""
    parts: list[str | None] = [row.get(name) for name in SEARCHED_FIELDS]
    for translation in row.get("translations") or []:
        parts += [translation.get("title"), translation.get("summary")]
    parts += [row.get(name) for name in ACTOR_FIELDS]
    parts += list(row.get("assoc_actor_1") or []) + list(row.get("assoc_actor_2") or [])
    parts += list(row.get("tags") or [])
    return search_document(parts)


FIELD_COLUMNS = (
    "title", "summary", "language", "translations", "occurred_at", "time_precision", "country",
    "admin1", "admin2", "location", "latitude", "longitude", "geo_precision", "category",
    "event_type", "sub_event_type", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2",
    "casualties_best", "casualties_low", "casualties_high", "severity", "sensitivity",
    "sensitivity_rank", "tags", "sources", "independent_sources", "confidence", "confidence_score",
)  # fmt: skip
"""The columns a create payload's fields fill, in the order :func:`create_columns` gives them."""
StoredSources = tuple[Any, Mapping[str, Any]]
"""A payload's sources as their column holds them, with their roll-up columns (:func:`graded`)."""


def stored_sources(sources: list[SourceIn]) -> StoredSources:
    """Return a payload's sources as stored, with their roll-up columns."""
    stored = [source.model_dump(mode="json") for source in sources]
    return stored, graded(stored)


def create_columns(
    payload: IncidentCreate,
    *,
    sources: StoredSources | None = None,
    encode: Callable[[list[Any]], Any] = list,
) -> dict[str, Any]:
    """Return the stored columns of a create payload's fields, in ``FIELD_COLUMNS`` order.

    The one conversion of a new incident's fields, for single creates and bulk imports alike:
    the list columns go through ``encode`` (the import writes them as JSON text), and ``sources``
    is the stored form of the payload's sources when the caller has it already.
    """
    stored, grades = sources or stored_sources(payload.sources)
    casualties = payload.casualties
    sensitivity = payload.sensitivity
    return {
        "title": payload.title,
        "summary": payload.summary,
        "language": payload.language,
        "translations": encode([t.model_dump() for t in payload.translations]),
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
        "assoc_actor_1": encode(payload.assoc_actor_1),
        "actor2": payload.actor2,
        "assoc_actor_2": encode(payload.assoc_actor_2),
        "casualties_best": casualties.best if casualties else None,
        "casualties_low": casualties.low if casualties else None,
        "casualties_high": casualties.high if casualties else None,
        "severity": payload.severity,
        "sensitivity": sensitivity.value,
        "sensitivity_rank": sensitivity.rank,
        "tags": encode(payload.tags),
        "sources": stored,
        **grades,
    }


def field_values(payload: IncidentCreate | dict[str, Any]) -> dict[str, Any]:
    """Return the stored columns of the fields set in an update (or any payload's dump)."""
    data = payload if isinstance(payload, dict) else payload.model_dump(mode="python")
    out = {k: v for k, v in data.items() if k not in {"casualties", "origin", "sources"}}
    if "casualties" in data:
        casualties = data["casualties"] or {}
        out["casualties_best"] = casualties.get("best")
        out["casualties_low"] = casualties.get("low")
        out["casualties_high"] = casualties.get("high")
    if "sources" in data:
        out["sources"] = [
            SourceIn.model_validate(s).model_dump(mode="json") for s in data["sources"]
        ]
        out.update(graded(out["sources"]))
    if "translations" in data:
        out["translations"] = [dict(t) for t in data["translations"]]
    if data.get("occurred_at") is not None:
        out["occurred_at"] = data["occurred_at"].astimezone(UTC)
    if "sensitivity" in data and data["sensitivity"] is not None:
        out["sensitivity"] = Clearance(data["sensitivity"]).value
        out["sensitivity_rank"] = Clearance(data["sensitivity"]).rank
    for key in ("category", "event_type", "time_precision"):
        if out.get(key) is not None:
            out[key] = str(getattr(out[key], "value", out[key]))
    return out


def new_row(
    payload: IncidentCreate,
    *,
    incident_id: uuid.UUID,
    reference: str,
    actor: str,
    actor_org: str,
    now: datetime,
) -> dict[str, Any]:
    """Return the full row of a new incident."""
    origin = payload.origin or Origin(org=actor_org)
    row = create_columns(payload)
    row.update(
        id=incident_id,
        reference=reference,
        status="reported",
        origin_org=origin.org,
        origin_external_id=origin.external_id,
        provenances=[
            {
                "org": origin.org,
                "external_id": origin.external_id,
                "incident_id": str(incident_id),
                "reference": reference,
                "recorded_at": now.isoformat(),
            }
        ],
        merged_into_id=None,
        version=1,
        created_at=now,
        created_by=actor,
        updated_at=now,
        updated_by=actor,
    )
    row["search_document"] = document_of(row)
    return row


def to_read(incident: Incident) -> IncidentRead:
    """Return the API view of a stored incident."""
    casualties = None
    if incident.casualties_best is not None:
        casualties = Casualties(
            best=incident.casualties_best,
            low=incident.casualties_low,
            high=incident.casualties_high,
        )
    return IncidentRead.model_construct(
        id=incident.id,
        reference=incident.reference,
        status=Status(incident.status),
        title=incident.title,
        summary=incident.summary,
        language=incident.language,
        translations=[Translation.model_validate(t) for t in incident.translations],
        occurred_at=incident.occurred_at,
        time_precision=TimePrecision(incident.time_precision),
        country=incident.country,
        admin1=incident.admin1,
        admin2=incident.admin2,
        location=incident.location,
        latitude=incident.latitude,
        longitude=incident.longitude,
        geo_precision=incident.geo_precision,
        category=ThreatCategory(incident.category),
        event_type=incident.event_type,
        sub_event_type=incident.sub_event_type,
        actor1=incident.actor1,
        assoc_actor_1=list(incident.assoc_actor_1),
        actor2=incident.actor2,
        assoc_actor_2=list(incident.assoc_actor_2),
        casualties=casualties,
        severity=incident.severity,
        sensitivity=Clearance(incident.sensitivity),
        tags=list(incident.tags),
        sources=[SourceIn.model_validate(s) for s in incident.sources],
        independent_sources=incident.independent_sources,
        confidence=ConfidenceRead(
            score=incident.confidence_score, level=ConfidenceLevel(incident.confidence)
        ),
        origin=Origin(org=incident.origin_org, external_id=incident.origin_external_id),
        provenances=[Provenance.model_validate(p) for p in incident.provenances],
        merged_into=incident.merged_into_id,
        version=incident.version,
        created_at=incident.created_at,
        created_by=incident.created_by,
        updated_at=incident.updated_at,
        updated_by=incident.updated_by,
    )


def read_document(row: Mapping[Any, Any]) -> dict[str, Any]:
    """Return the API view of a stored incident's read row as plain data.

    The same fields, values and nulls as ``to_read(incident).model_dump(mode="json")`` once
    serialized by :func:`pdp_common.json_bytes.dump_json`, without building a model: the JSON
    documents are stored as their models dump them, and only their timestamps and ids are
    brought back to the form the models give.
    """
    best = row["casualties_best"]
    return {
        "id": row["id"],
        "reference": row["reference"],
        "status": row["status"],
        "title": row["title"],
        "summary": row["summary"],
        "language": row["language"],
        "translations": [_translation(t) for t in row["translations"]],
        "occurred_at": row["occurred_at"],
        "time_precision": row["time_precision"],
        "country": row["country"],
        "admin1": row["admin1"],
        "admin2": row["admin2"],
        "location": row["location"],
        "latitude": row["latitude"],
        "longitude": row["longitude"],
        "geo_precision": row["geo_precision"],
        "category": row["category"],
        "event_type": row["event_type"],
        "sub_event_type": row["sub_event_type"],
        "actor1": row["actor1"],
        "assoc_actor_1": row["assoc_actor_1"],
        "actor2": row["actor2"],
        "assoc_actor_2": row["assoc_actor_2"],
        "casualties": None
        if best is None
        else {"best": best, "low": row["casualties_low"], "high": row["casualties_high"]},
        "severity": row["severity"],
        "sensitivity": row["sensitivity"],
        "tags": row["tags"],
        "sources": [_source(s) for s in row["sources"]],
        "independent_sources": row["independent_sources"],
        "confidence": {"score": row["confidence_score"], "level": row["confidence"]},
        "origin": {"org": row["origin_org"], "external_id": row["origin_external_id"]},
        "provenances": [_provenance(p) for p in row["provenances"]],
        "merged_into": row["merged_into_id"],
        "version": row["version"],
        "created_at": row["created_at"],
        "created_by": row["created_by"],
        "updated_at": row["updated_at"],
        "updated_by": row["updated_by"],
    }


READ_NAMES = tuple(c.key for c in incidents_table.columns if c.key != "search_document")


def read_columns(incident: Incident) -> dict[str, Any]:
    """Return the read columns of a loaded incident, for :func:`read_document`."""
    return {name: getattr(incident, name) for name in READ_NAMES}


def _translation(stored: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "language": stored["language"],
        "title": stored["title"],
        "summary": stored.get("summary", ""),
    }


def _source(stored: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "name": stored["name"],
        "type": stored["type"],
        "reliability": stored["reliability"],
        "credibility": stored["credibility"],
        "url": stored.get("url"),
        "published_at": _instant(stored.get("published_at")),
        "reported_by_org": stored.get("reported_by_org"),
    }


def _provenance(stored: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "org": stored["org"],
        "external_id": stored.get("external_id"),
        "incident_id": uuid.UUID(stored["incident_id"]),
        "reference": stored["reference"],
        "recorded_at": _instant(stored["recorded_at"]),
    }


def _instant(stored: str | None) -> datetime | None:
    return None if stored is None else datetime.fromisoformat(stored)
