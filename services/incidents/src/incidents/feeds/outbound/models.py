"""Tables of the outbound feed: the change positions of incidents and the record of shares.

``incident_changes`` holds one row per incident: the position of its latest change. Positions come
from the one-row ``incident_change_counter``, incremented by database triggers on ``incidents``
(migration 0008) in the transaction of the write. The counter's row lock is held until that
transaction ends (on PostgreSQL the trigger is deferred to the commit), so positions are given
out, and become visible, strictly in commit order: a reader that has seen position ``n`` will never
later find a new position at or below ``n``.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from pdp_common.db import UUIDPk, new_id
from sqlalchemy import BigInteger, Index, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from incidents.models import Base


class IncidentChange(Base):
    """Where an incident's latest change sits in the feed's order (written by triggers)."""

    __tablename__ = "incident_changes"
    __table_args__ = (Index("ix_incident_changes_position", "position", unique=True),)

    incident_id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True)
    position: Mapped[int] = mapped_column(BigInteger)
    version: Mapped[int] = mapped_column(Integer)


class IncidentChangeCounter(Base):
    """The last change position given out (one row, id 1)."""

    __tablename__ = "incident_change_counter"

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    last_position: Mapped[int] = mapped_column(BigInteger)


class FeedShare(Base):
    """One item served to a partner: which incident, at which version, in which format, when."""

    __tablename__ = "feed_shares"
    __table_args__ = (
        Index("ix_feed_shares_partner_incident", "partner_org", "incident_id", "id"),
        Index("ix_feed_shares_incident", "incident_id", "id"),
        Index("ix_feed_shares_served", "served_at", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True, default=new_id)
    partner_org: Mapped[str] = mapped_column(String(32))
    incident_id: Mapped[uuid.UUID] = mapped_column(UUIDPk)
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    format: Mapped[str] = mapped_column(String(16))
    served_at: Mapped[datetime]
    cursor: Mapped[str | None] = mapped_column(String(200))
