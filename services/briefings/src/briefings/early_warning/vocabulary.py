"""Vocabularies of the early-warning section: alert statuses, trends and the section's limits."""

from __future__ import annotations

from enum import StrEnum


class AlertStatus(StrEnum):
    """Where an escalation episode stands."""

    OPEN = "open"
    SUBSIDED = "subsided"


class AlertTrend(StrEnum):
    """Where an alert's score stands in its episode."""

    NEW = "new"
    """Raised, not updated since."""
    RISING = "rising"
    """Updated, and at the episode's peak."""
    EASING = "easing"
    """Below the episode's peak."""


TOP_FACTORS = 3
"""How many of an alert's factors the section quotes."""

MAX_LISTED = 20
"""How many open alerts, and how many subsided ones, the section lists at most."""
