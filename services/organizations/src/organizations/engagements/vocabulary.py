"""Vocabularies of engagements: kinds, delegation sides and follow-up statuses."""

from __future__ import annotations

import enum


class EngagementKind(enum.StrEnum):
    MEETING = "meeting"
    CONSULTATION = "consultation"
    VISIT = "visit"
    DEMARCHE = "demarche"


class Side(enum.StrEnum):
    """Whose delegation a participant belongs to."""

    OURS = "ours"
    THEIRS = "theirs"


class FollowUpStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


OPEN_STATUSES = (FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS)
