"""The country-teams migrations build exactly the models' schema, and undo it."""

from __future__ import annotations

from country_teams.main import MIGRATIONS_DIR
from country_teams.models import Base
from country_teams.settings import CountryTeamsSettings
from pdp_common.migrations import upgrade
from pdp_common.testing.databases import DatabaseTarget

from tests.country_teams.schema_checks import downgrade, schema_diff, table_names


def settings_for(database: DatabaseTarget) -> CountryTeamsSettings:
    return CountryTeamsSettings(database_url=database.url, database_schema=database.schema)


class TestMigrations:
    async def test_head_matches_the_models(self, database: DatabaseTarget) -> None:
        settings = settings_for(database)
        await upgrade(MIGRATIONS_DIR, settings)
        assert await schema_diff(settings, Base.metadata) == []

    async def test_downgrade_removes_everything_and_upgrade_rebuilds(
        self, database: DatabaseTarget
    ) -> None:
        settings = settings_for(database)
        await upgrade(MIGRATIONS_DIR, settings)
        await downgrade(MIGRATIONS_DIR, settings)
        assert await table_names(settings) == {"alembic_version_country_teams"}
        await upgrade(MIGRATIONS_DIR, settings)
        assert set(Base.metadata.tables) <= await table_names(settings)
