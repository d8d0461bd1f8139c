"""SQL of API keys."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from pdp_common.pagination import InvalidCursor, decode_cursor
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
        self, filters: ApiKeyFilters, *, limit: int, cursor: str | None
    ) -> Sequence[ApiKey]:
        """Return up to ``limit`` keys matching ``filters``, newest first, after ``cursor``."""
        stmt = select(ApiKey).order_by(ApiKey.id.desc()).limit(limit)
        if filters.org is not None:
            stmt = stmt.where(ApiKey.org == filters.org)
        if not filters.include_revoked:
            stmt = stmt.where(ApiKey.revoked_at.is_(None))
        if cursor is not None:
            (after,) = decode_cursor(cursor, length=1)
            if not isinstance(after, uuid.UUID):
                raise InvalidCursor("The cursor is not one this list issued.")
            stmt = stmt.where(ApiKey.id < after)
        return (await self.session.execute(stmt)).scalars().all()
