"""Keyset pages of a select: order, cursors, wrong cursors and rows dropped in Python."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import pytest_asyncio
from pdp_common.db import Database, UUIDPk, make_registry
from pdp_common.keyset import cursor_values, keyset_page
from pdp_common.pagination import InvalidCursor, PageParams, encode_cursor
from pdp_common.testing.databases import DatabaseTarget, create_tables
from sqlalchemy import String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

START = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)


class Base(DeclarativeBase):
    registry = make_registry()


class Item(Base):
    __tablename__ = "keyset_items"

    id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True)
    code: Mapped[str] = mapped_column(String(8))
    seen_at: Mapped[datetime]


def _id(n: int) -> uuid.UUID:
    return uuid.UUID(int=n)


@pytest_asyncio.fixture
async def session(database: DatabaseTarget) -> AsyncIterator[AsyncSession]:
    db = Database(database.url, schema=database.schema)
    async with db:
        await create_tables(db, Base.metadata, database)
        async with db.transaction() as setup:
            # two items share each instant, so the id breaks the tie
            setup.add_all(
                Item(id=_id(n), code=f"c{n % 4}", seen_at=START + timedelta(hours=n // 2))
                for n in range(1, 11)
            )
        async with db.read_sessions() as reading:
            yield reading


async def _all_pages(session: AsyncSession, limit: int, **options: Any) -> list[list[int]]:
    pages: list[list[int]] = []
    cursor: str | None = None
    for _ in range(20):
        paging = PageParams(limit=limit, cursor=cursor)
        rows, cursor = await keyset_page(session, select(Item), paging=paging, **options)
        pages.append([row.id.int for row in rows])
        if cursor is None:
            return pages
    raise AssertionError("the pages never ended")


class TestKeysetPage:
    async def test_pages_follow_the_id_order(self, session: AsyncSession) -> None:
        pages = await _all_pages(session, 4, columns=[Item.id])
        assert pages == [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10]]

    async def test_a_full_last_page_has_no_next_cursor(self, session: AsyncSession) -> None:
        pages = await _all_pages(session, 5, columns=[Item.id])
        assert pages == [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]]

    async def test_pages_follow_a_descending_compound_key(self, session: AsyncSession) -> None:
        pages = await _all_pages(session, 3, columns=[Item.seen_at, Item.id], descending=True)
        assert pages == [[10, 9, 8], [7, 6, 5], [4, 3, 2], [1]]

    async def test_rows_kept_in_python_fill_the_page(self, session: AsyncSession) -> None:
        pages = await _all_pages(
            session, 2, columns=[Item.id], keep=lambda row: row.id.int % 3 == 0
        )
        assert pages == [[3, 6], [9]]

    async def test_no_row_kept_gives_an_empty_last_page(self, session: AsyncSession) -> None:
        pages = await _all_pages(session, 2, columns=[Item.id], keep=lambda row: False)
        assert pages == [[]]

    async def test_a_select_of_the_id_alone_pages_by_its_values(
        self, session: AsyncSession
    ) -> None:
        pages: list[list[int]] = []
        cursor: str | None = None
        for _ in range(5):
            ids, cursor = await keyset_page(
                session,
                select(Item.__table__.c.id),
                columns=[Item.__table__.c.id],
                paging=PageParams(limit=4, cursor=cursor),
                descending=True,
            )
            pages.append([value.int for value in ids])
            if cursor is None:
                break
        assert pages == [[10, 9, 8, 7], [6, 5, 4, 3], [2, 1]]

    async def test_a_cursor_of_another_shape_is_refused(self, session: AsyncSession) -> None:
        cursor = encode_cursor([_id(3)])
        with pytest.raises(InvalidCursor):
            await keyset_page(
                session,
                select(Item),
                columns=[Item.seen_at, Item.id],
                paging=PageParams(limit=2, cursor=cursor),
            )


class TestCursorValues:
    def test_values_of_the_columns_types_are_taken(self) -> None:
        cursor = encode_cursor([START, _id(1)])
        assert cursor_values(cursor, [Item.seen_at, Item.id]) == [START, _id(1)]

    def test_a_value_of_another_type_is_refused(self) -> None:
        with pytest.raises(InvalidCursor):
            cursor_values(encode_cursor(["c1"]), [Item.id])

    def test_garbage_is_refused(self) -> None:
        with pytest.raises(InvalidCursor):
            cursor_values("not-a-cursor", [Item.id])
