"""Examples of the event subscription schemas, shown in the OpenAPI document (not real secrets)."""

from __future__ import annotations

from typing import Any

SUBSCRIPTION_ID = "01938f2a-6c1e-7b3d-9a45-2f1c8d7e6b50"
DELIVERY_ID = "01938f2b-0d44-7e21-8c90-5a6b7c8d9e0f"
EVENT_ID = "01938f2a-f3b2-7c55-b1d0-9e8f7a6b5c4d"
EXAMPLE_SECRET = "whsec_RVhBTVBMRW9ubHktbm90LWEtcmVhbC1zZWNyZXQtMDA="  # noqa: S105 - an example

SUBSCRIPTION_CREATE: dict[str, Any] = {
    "url": "https://hooks.osce.example/pdp/events",
    "types": ["pdp.incidents.incident.verified.v1", "pdp.incidents.incident.corrected.v1"],
    "countries": ["KGZ", "TJK"],
    "categories": ["border_incident", "water_energy_dispute"],
    "description": "OSCE Bishkek desk: verified border and water incidents",
}

SUBSCRIPTION_UPDATE: dict[str, Any] = {
    "countries": ["KGZ", "TJK", "UZB"],
    "description": "OSCE Bishkek desk: verified border and water incidents, Fergana valley",
}

SUBSCRIPTION_READ: dict[str, Any] = SUBSCRIPTION_CREATE | {
    "id": SUBSCRIPTION_ID,
    "status": "active",
    "status_reason": None,
    "status_changed_at": None,
    "suspensions": 0,
    "owner_org": "OSCE",
    "owner_subject": "api-key:01938f10-2b3c-7d4e-8f50-617283940a1b",
    "previous_secret_expires_at": None,
    "created_at": "2026-12-06T08:15:00.000000+00:00",
    "updated_at": "2026-12-06T08:15:00.000000+00:00",
}

SUBSCRIPTION_WITH_SECRET: dict[str, Any] = SUBSCRIPTION_READ | {"secret": EXAMPLE_SECRET}

DELIVERY_READ: dict[str, Any] = {
    "id": DELIVERY_ID,
    "message_id": EVENT_ID,
    "event_type": "pdp.incidents.incident.verified.v1",
    "status": "pending",
    "attempts": 2,
    "next_attempt_at": "2026-12-06T08:17:30.000000+00:00",
    "last_attempt_at": "2026-12-06T08:16:30.000000+00:00",
    "last_status_code": 503,
    "last_error": "The target answered 503.",
    "created_at": "2026-12-06T08:16:00.000000+00:00",
    "delivered_at": None,
    "attempt_log": [
        {
            "attempt": 1,
            "started_at": "2026-12-06T08:16:00.120000+00:00",
            "duration_ms": 48,
            "status_code": None,
            "error": "https://hooks.osce.example/pdp/events could not be reached: ConnectError",
        },
        {
            "attempt": 2,
            "started_at": "2026-12-06T08:16:30.140000+00:00",
            "duration_ms": 61,
            "status_code": 503,
            "error": "The target answered 503.",
        },
    ],
}

PING_QUEUED: dict[str, Any] = {"delivery_id": DELIVERY_ID, "message_id": EVENT_ID}
