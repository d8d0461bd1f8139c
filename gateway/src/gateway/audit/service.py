"""Rules of the audit trail: queries over what the recorder wrote."""

from __future__ import annotations

from pdp_common.pagination import PageParams
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.audit.errors import AuditWindowInvalid
from gateway.audit.models import AuditRecord
from gateway.audit.repository import AuditRepository
from gateway.audit.schemas import AuditRecordFilters


async def list_records(
    session: AsyncSession, *, filters: AuditRecordFilters, paging: PageParams
) -> tuple[list[AuditRecord], str | None]:
    """Return one page of records and the next cursor."""
    if filters.since is not None and filters.until is not None and filters.since >= filters.until:
        raise AuditWindowInvalid("`since` must come before `until`.")
    return await AuditRepository(session).list_page(filters, paging=paging)
