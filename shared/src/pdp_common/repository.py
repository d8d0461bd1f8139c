"""A small base for repositories: the only place that speaks SQL in a service."""

from __future__ import annotations

import uuid
from typing import Any, Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase

ModelT = TypeVar("ModelT", bound=DeclarativeBase)


class Repository(Generic[ModelT]):
    """Load, add and flush one kind of model within the caller's session; never commit."""

    model: type[ModelT]

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, entity_id: uuid.UUID) -> ModelT | None:
        """Return the row with ``entity_id``, or None."""
        return await self.session.get(self.model, entity_id)

    async def get_for_update(self, entity_id: uuid.UUID) -> ModelT | None:
        """Return the row with ``entity_id`` locked for the rest of the transaction, or None."""
        stmt = select(self.model).where(self._pk() == entity_id).with_for_update()
        return (await self.session.execute(stmt)).scalar_one_or_none()

    def add(self, entity: ModelT) -> ModelT:
        """Add ``entity`` to the session."""
        self.session.add(entity)
        return entity

    async def flush(self) -> None:
        """Send pending changes to the database without committing."""
        await self.session.flush()

    def _pk(self) -> Any:
        return self.model.__mapper__.primary_key[0]
