"""Vocabularies of the briefings service: kinds, statuses and the clearance workflow."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

from pdp_common.identity import Role

REGION = ("KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG")
VERIFIED_STATUSES = ("verified", "corrected")


class BriefingKind(StrEnum):
    """The kinds of briefing the Centre writes."""

    DAILY_SITUATION_BRIEF = "daily_situation_brief"
    WEEKLY_REGIONAL_ANALYSIS = "weekly_regional_analysis"
    FLASH_ALERT = "flash_alert"
    THEMATIC_NOTE = "thematic_note"


DEFAULT_PERIOD = {
    BriefingKind.DAILY_SITUATION_BRIEF: timedelta(days=1),
    BriefingKind.WEEKLY_REGIONAL_ANALYSIS: timedelta(days=7),
    BriefingKind.FLASH_ALERT: timedelta(days=1),
    BriefingKind.THEMATIC_NOTE: timedelta(days=30),
}


class BriefingStatus(StrEnum):
    """Where a briefing is in the clearance workflow."""

    DRAFT = "draft"
    REVIEWED = "reviewed"
    CLEARED = "cleared"
    RELEASED = "released"


class BriefingAction(StrEnum):
    """A step of the clearance workflow."""

    REVIEW = "review"
    CLEAR = "clear"
    RELEASE = "release"
    RETURN = "return"


TRANSITIONS: dict[BriefingAction, tuple[frozenset[BriefingStatus], BriefingStatus]] = {
    BriefingAction.REVIEW: (frozenset({BriefingStatus.DRAFT}), BriefingStatus.REVIEWED),
    BriefingAction.CLEAR: (frozenset({BriefingStatus.REVIEWED}), BriefingStatus.CLEARED),
    BriefingAction.RELEASE: (frozenset({BriefingStatus.CLEARED}), BriefingStatus.RELEASED),
    BriefingAction.RETURN: (
        frozenset({BriefingStatus.REVIEWED, BriefingStatus.CLEARED}),
        BriefingStatus.DRAFT,
    ),
}
"""For each action: the statuses it may start from, and the status it leads to."""

ACTION_ROLES: dict[BriefingAction, frozenset[Role]] = {
    BriefingAction.REVIEW: frozenset({Role.OFFICER, Role.HEAD_OF_CENTRE}),
    BriefingAction.CLEAR: frozenset({Role.HEAD_OF_CENTRE}),
    BriefingAction.RELEASE: frozenset({Role.OFFICER, Role.HEAD_OF_CENTRE}),
    BriefingAction.RETURN: frozenset({Role.OFFICER, Role.HEAD_OF_CENTRE}),
}
"""Who may take each step (Centre staff only)."""

AUTHOR_ROLES = frozenset({Role.ANALYST, Role.OFFICER, Role.HEAD_OF_CENTRE})
