"""SQL of the audit trail."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pdp_common.keyset import keyset_page
from pdp_common.pagination import PageParams
from pdp_common.repository import Repository
from sqlalchemy import insert, select

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
        self, filters: AuditRecordFilters, *, paging: PageParams
    ) -> tuple[list[AuditRecord], str | None]:
        """Return one page of records matching ``filters``, newest first, and the next cursor."""
        stmt = select(AuditRecord)
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
        columns = [AuditRecord.occurred_at, AuditRecord.id]
        return await keyset_page(
            self.session, stmt, columns=columns, paging=paging, descending=True
        )
