"""API schemas of the audit trail."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pdp_common.input_fields import Timestamp
from pydantic import BaseModel, ConfigDict, Field

from gateway.audit import examples

AuditAction = Literal["read", "export", "share"]


class AuditRecordRead(BaseModel):
    """One audited request."""

    model_config = ConfigDict(
        from_attributes=True, json_schema_extra={"examples": [examples.AUDIT_RECORD_READ]}
    )

    id: uuid.UUID
    occurred_at: datetime
    request_id: str
    credential: str = Field(description="api-key:<id> or bearer:<subject>.")
    subject: str
    org: str
    roles: list[str]
    clearance: str
    action: AuditAction
    method: str
    path: str
    query: str
    status: int
    service: str
    client: str | None
    duration_ms: float


class AuditRecordFilters(BaseModel):
    """Which audit records to list; every filter is optional."""

    credential: str | None = Field(default=None, max_length=200)
    org: str | None = Field(default=None, max_length=32)
    path_prefix: str | None = Field(default=None, max_length=500)
    action: AuditAction | None = None
    since: Timestamp | None = Field(default=None, description="Inclusive lower bound.")
    until: Timestamp | None = Field(default=None, description="Exclusive upper bound.")
