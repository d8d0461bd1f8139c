"""SQL of API keys."""

from __future__ import annotations

from pdp_common.keyset import keyset_page
from pdp_common.pagination import PageParams
from pdp_common.repository import Repository
from sqlalchemy import select

from gateway.keys.models import ApiKey
from gateway.keys.schemas import ApiKeyFilters


class ApiKeyRepository(Repository[ApiKey]):
    """Load and store API keys."""

    model = ApiKey

    async def by_hash(self, key_hash: str) -> ApiKey | None:
        """Return the key whose secret hashes to ``key_hash``, or None."""
        stmt = select(ApiKey).where(ApiKey.key_hash == key_hash)
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def list_page(
        self, filters: ApiKeyFilters, *, paging: PageParams
    ) -> tuple[list[ApiKey], str | None]:
        """Return one page of keys matching ``filters``, newest first, and the next cursor."""
        stmt = select(ApiKey)
        if filters.org is not None:
            stmt = stmt.where(ApiKey.org == filters.org)
        if not filters.include_revoked:
            stmt = stmt.where(ApiKey.revoked_at.is_(None))
        return await keyset_page(
            self.session, stmt, columns=[ApiKey.id], paging=paging, descending=True
        )
