"""Rules of the audit trail: queries over what the recorder wrote."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from gateway.audit.errors import AuditWindowInvalid
from gateway.audit.models import AuditRecord
from gateway.audit.repository import AuditRepository
from gateway.audit.schemas import AuditRecordFilters


async def list_records(
    session: AsyncSession, *, filters: AuditRecordFilters, limit: int, cursor: str | None
) -> Sequence[AuditRecord]:
    """Return one page of records (``limit`` + 1 rows tell whether another page follows)."""
    if filters.since is not None and filters.until is not None and filters.since >= filters.until:
        raise AuditWindowInvalid("`since` must come before `until`.")
    return await AuditRepository(session).list_page(filters, limit=limit + 1, cursor=cursor)
