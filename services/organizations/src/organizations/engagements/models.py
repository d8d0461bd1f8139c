"""Tables of engagements and their follow-up actions."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pdp_common.db import JSONDoc, UUIDPk, new_id, utcnow
from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from organizations.base import Base, CodeList


class Engagement(Base):
    """A meeting, consultation, visit or demarche with a counterpart."""

    __tablename__ = "engagements"

    id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    title: Mapped[str] = mapped_column(String(300))
    occurred_at: Mapped[datetime] = mapped_column(index=True)
    place: Mapped[str | None] = mapped_column(String(300))
    countries: Mapped[list[str]] = mapped_column(CodeList)
    topics: Mapped[list[str]] = mapped_column(CodeList)
    organizations: Mapped[list[str]] = mapped_column(CodeList)
    participants: Mapped[list[dict[str, Any]]] = mapped_column(JSONDoc, default=list)
    summary: Mapped[str | None] = mapped_column(Text)
    outcomes: Mapped[str | None] = mapped_column(Text)
    sensitivity: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class FollowUp(Base):
    """An action agreed at an engagement: who does what by when."""

    __tablename__ = "follow_ups"
    __table_args__ = (Index("ix_follow_ups_status_due_on", "status", "due_on"),)

    id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True, default=new_id)
    engagement_id: Mapped[uuid.UUID] = mapped_column(
        UUIDPk, ForeignKey("engagements.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(32))
    overdue_announced_at: Mapped[datetime | None] = mapped_column()
    completed_at: Mapped[datetime | None] = mapped_column()
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
