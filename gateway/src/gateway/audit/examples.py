"""Examples of the audit trail's schemas, shown in the OpenAPI document."""

from __future__ import annotations

from typing import Any

AUDIT_RECORD_READ: dict[str, Any] = {
    "id": "01a23082-b490-7a40-8a6d-d1cd775ca806",
    "occurred_at": "2026-12-01T07:30:02.000000+00:00",
    "request_id": "01a23082-b47e-7c1d-9f0e-3b5a2c6d8e41",
    "credential": "api-key:01a23082-acc0-7f8c-86a8-f177b36edaa3",
    "subject": "api-key:01a23082-acc0-7f8c-86a8-f177b36edaa3",
    "org": "UNAMA",
    "roles": ["partner"],
    "clearance": "confidential",
    "action": "export",
    "method": "GET",
    "path": "/api/v1/incidents/export.geojson",
    "query": "country=TJK&category=drug_trafficking",
    "status": 200,
    "service": "incidents",
    "client": "10.20.4.17",
    "duration_ms": 41.7,
}
