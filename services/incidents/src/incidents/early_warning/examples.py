"""Examples of the early-warning schemas, shown in the OpenAPI document (places are real, data
fictitious)."""

from __future__ import annotations

from typing import Any

ALERT_ID = "019c4735-9d10-7c4e-8a41-3f2b6c1d7e90"
INDICATOR_ID = "019c4735-9d10-7c4e-8a41-3f2b6c1d7e91"
INCIDENT_ID = "019c4735-4780-7b20-855d-a4d556b3de60"

FACTORS: list[dict[str, Any]] = [
    {
        "name": "weighted_score",
        "value": 9.4,
        "baseline": 1.2,
        "description": "Weighted incident score 9.4 in 7 days against 1.2 expected.",
    },
    {
        "name": "incidents",
        "value": 6.0,
        "baseline": 0.8,
        "description": "6 incidents in 7 days against 0.8 expected.",
    },
]

INDICATOR_READ: dict[str, Any] = {
    "id": INDICATOR_ID,
    "country": "KGZ",
    "admin1": "Batken",
    "category": "border_incident",
    "window_days": 7,
    "as_of": "2026-12-05",
    "observed": 9.4,
    "expected": 1.2,
    "score": 5.6,
    "trend": 6.1,
    "incidents": 6,
    "factors": FACTORS,
    "open": True,
    "alert_id": ALERT_ID,
}

ALERT_READ: dict[str, Any] = {
    "id": ALERT_ID,
    "country": "KGZ",
    "admin1": "Batken",
    "category": "border_incident",
    "window_days": 7,
    "status": "open",
    "raised_at": "2026-12-04T09:12:00Z",
    "subsided_at": None,
    "observed": 9.4,
    "expected": 1.2,
    "score": 5.6,
    "threshold": 3.0,
    "peak_score": 5.6,
    "factors": FACTORS,
    "sensitivity": "internal",
    "version": 3,
}

CONTRIBUTING: dict[str, Any] = {
    "id": INCIDENT_ID,
    "reference": "INC-KGZ-2026-000123",
    "title": "Exchange of fire at a border post",
    "occurred_at": "2026-12-03T14:00:00Z",
    "category": "border_incident",
    "severity": 4,
    "casualties_best": 3,
    "status": "verified",
}

ALERT_DETAIL: dict[str, Any] = ALERT_READ | {"contributing_incidents": [CONTRIBUTING]}

PICTURE_ITEM: dict[str, Any] = {
    "country": "KGZ",
    "admin1": "Batken",
    "category": "border_incident",
    "risk": 5.6,
    "window_days": 7,
    "observed": 9.4,
    "expected": 1.2,
    "trend": 6.1,
    "as_of": "2026-12-05",
    "open_alert": ALERT_READ,
}

ENVIRONMENT_SIGNAL: dict[str, Any] = {
    "series_id": "0193f6a4-7c2e-7d51-9a3b-2f1e8c4d5a60",
    "country": "TKM",
    "admin1": "Lebap",
    "site": "Amu Darya at Kerki",
    "kind": "river_flow",
    "unit": "m3/s",
    "latest_value": 610.0,
    "latest_on": "2026-12-05",
    "baseline": 1180.0,
    "baseline_method": "seasonal",
    "score": 3.4,
    "direction": "below",
    "description": "River flow 610 m3/s against 1180 m3/s on the same dates in earlier years.",
}
