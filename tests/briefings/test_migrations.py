"""The briefings migrations build exactly the models' schema, and undo it."""

from __future__ import annotations

from briefings.main import MIGRATIONS_DIR
from briefings.models import Base
from briefings.settings import BriefingsSettings

from tests.shared.migration_checks import MigrationContract


class TestMigrations(MigrationContract):
    migrations = MIGRATIONS_DIR
    metadata = Base.metadata
    settings_class = BriefingsSettings
