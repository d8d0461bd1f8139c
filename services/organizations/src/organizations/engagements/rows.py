"""Conversions from engagement and follow-up rows to their API views."""

from __future__ import annotations

from datetime import date

from pdp_common.db import utcnow

from organizations.engagements.models import Engagement, FollowUp
from organizations.engagements.schemas import EngagementRead, FollowUpRead
from organizations.engagements.vocabulary import OPEN_STATUSES


def follow_up_read(follow_up: FollowUp, today: date) -> FollowUpRead:
    """Return the API view of a follow-up, telling whether it is overdue on ``today``."""
    view = FollowUpRead.model_validate(follow_up)
    overdue = follow_up.status in OPEN_STATUSES and follow_up.due_on < today
    return view.model_copy(update={"is_overdue": overdue})


def to_read(engagement: Engagement, follow_ups: list[FollowUp]) -> EngagementRead:
    """Return the API view of an engagement."""
    today = utcnow().date()
    return EngagementRead.model_validate(
        {
            **{c.key: getattr(engagement, c.key) for c in Engagement.__table__.columns},
            "follow_ups": [follow_up_read(f, today) for f in follow_ups],
        }
    )
