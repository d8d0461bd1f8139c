"""Examples of the duplicate and merge schemas, shown in the OpenAPI document."""

from __future__ import annotations

from typing import Any

from incidents.examples import BATKEN_DUPLICATE_ID, INCIDENT_READ

MERGE_CREATE: dict[str, Any] = {
    "duplicate_ids": [BATKEN_DUPLICATE_ID],
    "reason": "The Centre's own report and the OSCE report describe the same exchange of fire "
    "west of Batken on 28 November.",
}

_CENTRE_COPY: dict[str, Any] = INCIDENT_READ | {
    "id": BATKEN_DUPLICATE_ID,
    "reference": "INC-KGZ-2026-000413",
    "status": "reported",
    "sources": INCIDENT_READ["sources"][:1],
    "independent_sources": 1,
    "confidence": {"score": 0.64, "level": "moderate"},
    "origin": {"org": "UNRCCA", "external_id": None},
    "provenances": [
        {
            "org": "UNRCCA",
            "external_id": None,
            "incident_id": BATKEN_DUPLICATE_ID,
            "reference": "INC-KGZ-2026-000413",
            "recorded_at": "2026-11-28T10:03:12.115000+00:00",
        }
    ],
    "version": 1,
    "created_at": "2026-11-28T10:03:12.115000+00:00",
    "updated_at": "2026-11-28T10:03:12.115000+00:00",
}

DUPLICATE_CANDIDATE: dict[str, Any] = {
    "incident": _CENTRE_COPY,
    "distance_km": 3.2,
    "hours_apart": 0.5,
}
