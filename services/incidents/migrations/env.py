"""Alembic environment of the incidents service."""

from incidents.models import Base
from pdp_common.migrations import run_migrations_env

run_migrations_env(Base.metadata)
