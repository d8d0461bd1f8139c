"""The country-teams migrations build exactly the models' schema, and undo it."""

from __future__ import annotations

from country_teams.main import MIGRATIONS_DIR
from country_teams.models import Base
from country_teams.settings import CountryTeamsSettings

from tests.shared.migration_checks import MigrationContract


class TestMigrations(MigrationContract):
    migrations = MIGRATIONS_DIR
    metadata = Base.metadata
    settings_class = CountryTeamsSettings
