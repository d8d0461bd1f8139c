"""The declarative base of the gateway's own tables (API keys, audit records)."""

from __future__ import annotations

from pdp_common.db import make_registry
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Base of the gateway's models, with the platform's naming convention and column types."""

    registry = make_registry()
