"""Tables of the registry: organizations and their contacts."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pdp_common.db import JSONDoc, UUIDPk, new_id, utcnow
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from organizations.base import Base, CodeList


class Organization(Base):
    """A counterpart: government, ministry, regional organization, UN entity, IFI, NGO, other."""

    __tablename__ = "organizations"

    id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(64), index=True)
    acronym: Mapped[str | None] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(300))
    names: Mapped[list[dict[str, Any]]] = mapped_column(JSONDoc, default=list)
    countries: Mapped[list[str]] = mapped_column(CodeList)
    mandate_summary: Mapped[str | None] = mapped_column(Text)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDPk, ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    offices: Mapped[list[dict[str, Any]]] = mapped_column(JSONDoc, default=list)
    website: Mapped[str | None] = mapped_column(String(300))
    search_text: Mapped[str] = mapped_column(Text, default="")
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class Contact(Base):
    """A person at an organization; email, phone and notes are personal data."""

    __tablename__ = "contacts"

    id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True, default=new_id)
    organization_id: Mapped[uuid.UUID] = mapped_column(
        UUIDPk, ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    full_name: Mapped[str] = mapped_column(String(200))
    function: Mapped[str | None] = mapped_column(String(200))
    roles: Mapped[list[str]] = mapped_column(CodeList)
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(64))
    notes: Mapped[str | None] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
