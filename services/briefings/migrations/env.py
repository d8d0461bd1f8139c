"""Alembic environment of the briefings service."""

from alembic import context
from briefings.models import Base
from briefings.settings import BriefingsSettings
from pdp_common.migrations import run_migrations_env

if "service" not in context.config.attributes:
    _settings = BriefingsSettings()
    context.config.set_main_option("sqlalchemy.url", _settings.database_url.replace("%", "%%"))
    context.config.attributes["schema"] = (
        _settings.database_schema if _settings.is_postgres else None
    )
    context.config.attributes["service"] = _settings.service_name

run_migrations_env(Base.metadata)
