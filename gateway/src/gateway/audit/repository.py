"""SQL of the audit trail."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pdp_common.pagination import InvalidCursor, decode_cursor
from pdp_common.repository import Repository
from sqlalchemy import and_, insert, or_, select

from gateway.audit.models import AuditRecord
from gateway.audit.schemas import AuditRecordFilters


class AuditRepository(Repository[AuditRecord]):
    """Write audit records in batches and query them newest first."""

    model = AuditRecord

    async def insert_many(self, rows: Sequence[dict[str, Any]]) -> None:
        """Insert ``rows`` in one statement (executemany)."""
        if rows:
            await self.session.execute(insert(AuditRecord), list(rows))

    async def list_page(
        self, filters: AuditRecordFilters, *, limit: int, cursor: str | None
    ) -> Sequence[AuditRecord]:
        """Return up to ``limit`` records matching ``filters``, newest first, after ``cursor``."""
        stmt = (
            select(AuditRecord)
            .order_by(AuditRecord.occurred_at.desc(), AuditRecord.id.desc())
            .limit(limit)
        )
        if filters.credential is not None:
            stmt = stmt.where(AuditRecord.credential == filters.credential)
        if filters.org is not None:
            stmt = stmt.where(AuditRecord.org == filters.org)
        if filters.action is not None:
            stmt = stmt.where(AuditRecord.action == filters.action)
        if filters.path_prefix is not None:
            stmt = stmt.where(AuditRecord.path.startswith(filters.path_prefix, autoescape=True))
        if filters.since is not None:
            stmt = stmt.where(AuditRecord.occurred_at >= filters.since)
        if filters.until is not None:
            stmt = stmt.where(AuditRecord.occurred_at < filters.until)
        if cursor is not None:
            occurred_at, record_id = decode_cursor(cursor, length=2)
            if not isinstance(occurred_at, datetime) or not isinstance(record_id, uuid.UUID):
                raise InvalidCursor("The cursor is not one this list issued.")
            stmt = stmt.where(
                or_(
                    AuditRecord.occurred_at < occurred_at,
                    and_(AuditRecord.occurred_at == occurred_at, AuditRecord.id < record_id),
                )
            )
        return (await self.session.execute(stmt)).scalars().all()
