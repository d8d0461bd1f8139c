"""The incidents migrations build exactly the models' schema, and undo it."""

from __future__ import annotations

from incidents.main import MIGRATIONS_DIR
from incidents.models import Base
from incidents.settings import IncidentsSettings

from tests.shared.migration_checks import MigrationContract


class TestMigrations(MigrationContract):
    migrations = MIGRATIONS_DIR
    metadata = Base.metadata
    settings_class = IncidentsSettings
    made_outside_the_models = frozenset(
        {
            # SQLite: the FTS5 table and its shadow tables
            "incident_fts",
            "incident_fts_config",
            "incident_fts_data",
            "incident_fts_docsize",
            "incident_fts_idx",
            # PostgreSQL: the search vector's index
            "ix_incidents_search_vector",
        }
    )
