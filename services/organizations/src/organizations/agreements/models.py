"""Information-sharing agreements with partners."""

from __future__ import annotations

import uuid
from datetime import datetime

from pdp_common.db import UUIDPk, new_id, utcnow
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from organizations.base import Base, CodeList


class Agreement(Base):
    """What may flow to one partner: countries, categories, a sensitivity ceiling, an embargo."""

    __tablename__ = "agreements"

    id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True, default=new_id)
    partner_org: Mapped[str] = mapped_column(String(32), index=True)
    title: Mapped[str] = mapped_column(String(300))
    countries: Mapped[list[str]] = mapped_column(CodeList)
    categories: Mapped[list[str]] = mapped_column(CodeList)
    max_sensitivity: Mapped[str] = mapped_column(String(32))
    embargo_hours: Mapped[int] = mapped_column()
    formats: Mapped[list[str]] = mapped_column(CodeList)
    status: Mapped[str] = mapped_column(String(16), index=True)
    valid_from: Mapped[datetime] = mapped_column()
    valid_until: Mapped[datetime | None] = mapped_column()
    reference: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
