"""Alembic environment of the gateway (API keys, audit records, the copy of sharing terms, event
subscriptions and their deliveries)."""

from __future__ import annotations

from gateway.audit import models as audit_models
from gateway.base import Base
from gateway.events import sharing as sharing_models
from gateway.keys import models as keys_models
from gateway.subscriptions import models as subscription_models
from pdp_common.migrations import run_migrations_env

__all__ = ["audit_models", "keys_models", "sharing_models", "subscription_models"]

run_migrations_env(Base.metadata)
