"""The demo data loads once, through the service's own rules."""

from __future__ import annotations

from country_teams.demo import ACTIVITIES, TEAMS, seed_demo
from country_teams.main import MIGRATIONS_DIR
from country_teams.settings import CountryTeamsSettings
from pdp_common.db import Database
from pdp_common.migrations import upgrade
from pdp_common.platform_tables import outbox
from pdp_common.testing.databases import DatabaseTarget
from sqlalchemy import func, select


class TestSeedDemo:
    async def test_loads_teams_and_activities_once(self, database: DatabaseTarget) -> None:
        settings = CountryTeamsSettings(database_url=database.url, database_schema=database.schema)
        await upgrade(MIGRATIONS_DIR, settings)
        assert await seed_demo(settings) == len(TEAMS) + len(ACTIVITIES) == 17
        assert await seed_demo(settings) == 0
        async with Database.for_service(settings) as db, db.read_sessions() as session:
            events = (await session.execute(select(func.count()).select_from(outbox))).scalar()
        assert events == len(ACTIVITIES)
