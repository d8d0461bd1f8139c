"""Alembic environment of the gateway (API keys, audit records)."""

from __future__ import annotations

from gateway.audit import models as audit_models
from gateway.base import Base
from gateway.keys import models as keys_models
from pdp_common.migrations import run_migrations_env

__all__ = ["audit_models", "keys_models"]

run_migrations_env(Base.metadata)
