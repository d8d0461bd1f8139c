"""A process's SQLite writers take turns; PostgreSQL writers run side by side."""

from __future__ import annotations

import asyncio
from pathlib import Path

from pdp_common.db import Database
from sqlalchemy import text


async def _table(db: Database) -> None:
    async with db.transaction() as session:
        await session.execute(text("CREATE TABLE IF NOT EXISTS marks (n INTEGER)"))


class TestSQLiteWriters:
    async def test_a_writer_waits_for_the_turn_of_another(self, tmp_path: Path) -> None:
        async with Database(f"sqlite+aiosqlite:///{tmp_path / 'w.db'}") as db:
            await _table(db)
            order: list[str] = []
            release = asyncio.Event()

            async def first() -> None:
                async with db.transaction() as session:
                    await session.execute(text("INSERT INTO marks VALUES (1)"))
                    order.append("first wrote")
                    await release.wait()
                order.append("first committed")

            async def second() -> None:
                async with db.transaction() as session:
                    order.append("second began")
                    await session.execute(text("INSERT INTO marks VALUES (2)"))

            one = asyncio.create_task(first())
            await asyncio.sleep(0.05)
            two = asyncio.create_task(second())
            await asyncio.sleep(0.05)
            assert order == ["first wrote"]
            release.set()
            await asyncio.gather(one, two)
            assert order == ["first wrote", "first committed", "second began"]

    async def test_many_concurrent_writers_all_commit(self, tmp_path: Path) -> None:
        async with Database(f"sqlite+aiosqlite:///{tmp_path / 'w.db'}") as db:
            await _table(db)

            async def write(n: int) -> None:
                async with db.transaction() as session:
                    await session.execute(text("INSERT INTO marks VALUES (:n)"), {"n": n})

            await asyncio.gather(*(write(n) for n in range(50)))
            async with db.read_sessions() as session:
                count = (await session.execute(text("SELECT count(*) FROM marks"))).scalar_one()
            assert count == 50

    async def test_a_failed_writer_gives_the_turn_back(self, tmp_path: Path) -> None:
        async with Database(f"sqlite+aiosqlite:///{tmp_path / 'w.db'}") as db:
            await _table(db)
            try:
                async with db.transaction() as session:
                    await session.execute(text("INSERT INTO marks VALUES (1)"))
                    raise RuntimeError("fails")
            except RuntimeError:
                pass
            async with asyncio.timeout(5), db.transaction() as session:
                await session.execute(text("INSERT INTO marks VALUES (2)"))


async def test_postgresql_writers_do_not_take_turns(postgres_url: str) -> None:
    async with Database(postgres_url) as db, db.writing(), asyncio.timeout(5), db.writing():
        pass  # no lock on PostgreSQL: holding the turn twice does not wait
