"""Alembic environment of the probe service."""

from pdp_common.migrations import run_migrations_env

from bench.backbone.service import Base

run_migrations_env(Base.metadata)
