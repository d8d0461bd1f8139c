"""The organizations migrations build exactly the models' schema, and undo it."""

from __future__ import annotations

from organizations.main import MIGRATIONS_DIR
from organizations.models import metadata as models_metadata
from organizations.settings import OrganizationsSettings

from tests.shared.migration_checks import MigrationContract


class TestMigrations(MigrationContract):
    migrations = MIGRATIONS_DIR
    metadata = models_metadata
    settings_class = OrganizationsSettings
