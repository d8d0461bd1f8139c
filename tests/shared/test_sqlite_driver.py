"""The SQLite adapter with one trip per statement, and reading sessions that open no transaction."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdp_common.db import Database, ReadingSessionWrite
from pdp_common.sqlite_driver import OneTripConnection, OneTripCursor
from sqlalchemy import text
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
)


class TestAdapterHooks:
    def test_the_hooks_it_overrides_exist_in_the_installed_sqlalchemy(self) -> None:
        for hook in ("_execute_async", "_executemany_async", "_async_soft_close"):
            assert hasattr(AsyncAdapt_aiosqlite_cursor, hook), hook
            assert getattr(OneTripCursor, hook) is not getattr(AsyncAdapt_aiosqlite_cursor, hook)
        assert hasattr(AsyncAdapt_aiosqlite_connection, "_cursor_cls")
        assert OneTripConnection._cursor_cls is OneTripCursor


class TestReadingSessions:
    async def test_reads_see_each_commit_and_writes_are_refused(self, tmp_path: Path) -> None:
        async with Database(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}") as db:
            async with db.transaction() as session:
                await session.execute(text("CREATE TABLE notes (text TEXT)"))
                await session.execute(text("INSERT INTO notes VALUES ('first')"))
            async with db.read_sessions() as reading:
                assert (await reading.execute(text("SELECT count(*) FROM notes"))).scalar() == 1
                async with db.transaction() as session:
                    await session.execute(text("INSERT INTO notes VALUES ('second')"))
                assert (await reading.execute(text("SELECT count(*) FROM notes"))).scalar() == 2
                with pytest.raises(ReadingSessionWrite):
                    await reading.execute(text("INSERT INTO notes VALUES ('third')"))
            async with db.read_sessions() as reading:
                assert (await reading.execute(text("SELECT count(*) FROM notes"))).scalar() == 2
