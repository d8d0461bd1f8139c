"""The audit record table."""

from __future__ import annotations

import uuid
from datetime import datetime

from pdp_common.db import UUIDPk
from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from gateway.base import Base


class AuditRecord(Base):
    """One audited request through the gateway."""

    __tablename__ = "audit_records"
    __table_args__ = (
        Index("ix_audit_records_occurred_at_id", "occurred_at", "id"),
        Index("ix_audit_records_credential_occurred_at", "credential", "occurred_at"),
        Index("ix_audit_records_org_occurred_at", "org", "occurred_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True)
    occurred_at: Mapped[datetime]
    request_id: Mapped[str] = mapped_column(String(128))
    credential: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(200))
    org: Mapped[str] = mapped_column(String(32))
    roles: Mapped[list[str]]
    clearance: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(16))
    method: Mapped[str] = mapped_column(String(8))
    path: Mapped[str] = mapped_column(String(2000))
    query: Mapped[str] = mapped_column(String(1000))
    status: Mapped[int]
    service: Mapped[str] = mapped_column(String(32))
    client: Mapped[str | None] = mapped_column(String(64))
    duration_ms: Mapped[float]
