"""Peacemaking and coordination initiatives of regional organizations."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pdp_common.db import UUIDPk, new_id, utcnow
from sqlalchemy import Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from organizations.base import Base, CodeList


class Initiative(Base):
    """Who runs what effort where and when."""

    __tablename__ = "initiatives"

    id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True, default=new_id)
    organization_code: Mapped[str] = mapped_column(String(32), index=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(32))
    description: Mapped[str | None] = mapped_column(Text)
    countries: Mapped[list[str]] = mapped_column(CodeList)
    themes: Mapped[list[str]] = mapped_column(CodeList)
    status: Mapped[str] = mapped_column(String(16), index=True)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
