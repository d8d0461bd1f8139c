"""Alembic environment of the organizations service."""

from organizations.models import metadata
from pdp_common.migrations import run_migrations_env

run_migrations_env(metadata)
