"""Alembic environment of the country-teams service."""

from alembic import context
from country_teams.models import Base
from country_teams.settings import CountryTeamsSettings
from pdp_common.migrations import run_migrations_env

if "service" not in context.config.attributes:
    _settings = CountryTeamsSettings()
    context.config.set_main_option("sqlalchemy.url", _settings.database_url.replace("%", "%%"))
    context.config.attributes["schema"] = (
        _settings.database_schema if _settings.is_postgres else None
    )
    context.config.attributes["service"] = _settings.service_name

run_migrations_env(Base.metadata)
