"""The demo briefings load once, each at its step of the workflow."""

from __future__ import annotations

from briefings.demo import DEMO, seed_demo
from briefings.main import MIGRATIONS_DIR
from briefings.models import Briefing
from briefings.settings import BriefingsSettings
from pdp_common.db import Database
from pdp_common.migrations import upgrade
from pdp_common.testing.databases import DatabaseTarget
from sqlalchemy import select


class TestSeedDemo:
    async def test_loads_the_briefings_once(self, database: DatabaseTarget) -> None:
        settings = BriefingsSettings(database_url=database.url, database_schema=database.schema)
        await upgrade(MIGRATIONS_DIR, settings)
        assert await seed_demo(settings) == len(DEMO) == 4
        assert await seed_demo(settings) == 0
        async with Database.for_service(settings) as db, db.read_sessions() as session:
            rows = (await session.execute(select(Briefing.kind, Briefing.status))).all()
        assert sorted((kind, status) for kind, status in rows) == [
            ("daily_situation_brief", "draft"),
            ("thematic_note", "released"),
            ("thematic_note", "reviewed"),
            ("weekly_regional_analysis", "released"),
        ]
