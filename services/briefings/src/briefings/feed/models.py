"""Tables of the briefings feed: the release order of briefings and the record of shares.

Each release takes the next position from the one-row ``briefing_release_counter`` in the
transaction of the release. The counter's row stays locked until that transaction ends, so
positions are given out, and become visible, in commit order: a reader that has seen position
``n`` never later finds a new release at or below ``n``.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from pdp_common.db import UUIDPk, new_id
from sqlalchemy import BigInteger, ForeignKey, Index, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from briefings.models import Base


class BriefingRelease(Base):
    """Where a released briefing sits in the feed's order."""

    __tablename__ = "briefing_releases"

    position: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    briefing_id: Mapped[uuid.UUID] = mapped_column(
        UUIDPk, ForeignKey("briefings.id", ondelete="CASCADE"), unique=True
    )


class BriefingReleaseCounter(Base):
    """The last release position given out (one row, id 1)."""

    __tablename__ = "briefing_release_counter"

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    last_position: Mapped[int] = mapped_column(BigInteger)


class BriefingFeedShare(Base):
    """One briefing served through the feed: to which organization, at which version, in which
    format, when."""

    __tablename__ = "briefing_feed_shares"
    __table_args__ = (
        Index("ix_briefing_feed_shares_org_briefing", "partner_org", "briefing_id", "id"),
        Index("ix_briefing_feed_shares_served", "served_at", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True, default=new_id)
    partner_org: Mapped[str] = mapped_column(String(32))
    briefing_id: Mapped[uuid.UUID] = mapped_column(UUIDPk)
    version: Mapped[int] = mapped_column(Integer)
    format: Mapped[str] = mapped_column(String(16))
    served_at: Mapped[datetime]
    cursor: Mapped[str | None] = mapped_column(String(200))
