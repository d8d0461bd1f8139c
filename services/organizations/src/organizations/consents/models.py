"""The consent register."""

from __future__ import annotations

import uuid
from datetime import datetime

from pdp_common.db import UUIDPk, new_id, utcnow
from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from organizations.base import Base, CodeList


class Consent(Base):
    """A government's consent to contact or information sharing with a party, for a scope."""

    __tablename__ = "consents"
    __table_args__ = (Index("ix_consents_party_org_government", "party_org", "government"),)

    id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True, default=new_id)
    government: Mapped[str] = mapped_column(String(3))
    party_org: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32))
    countries: Mapped[list[str]] = mapped_column(CodeList)
    topics: Mapped[list[str]] = mapped_column(CodeList)
    valid_from: Mapped[datetime] = mapped_column()
    valid_until: Mapped[datetime | None] = mapped_column()
    status: Mapped[str] = mapped_column(String(16), index=True)
    reference: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    withdrawn_at: Mapped[datetime | None] = mapped_column()
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
