"""The API key table."""

from __future__ import annotations

import uuid
from datetime import datetime

from pdp_common.db import UUIDPk, new_id, utcnow
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from gateway.base import Base


class ApiKey(Base):
    """A machine credential; only the SHA-256 of the secret is stored."""

    __tablename__ = "api_keys"

    id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    prefix: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    org: Mapped[str] = mapped_column(String(32), index=True)
    roles: Mapped[list[str]]
    clearance: Mapped[str] = mapped_column(String(32))
    rate_limit_per_second: Mapped[float | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    revoked_by: Mapped[str | None] = mapped_column(String(200))
