"""Vocabularies of initiatives: kinds and statuses."""

from __future__ import annotations

import enum


class InitiativeKind(enum.StrEnum):
    PEACEMAKING = "peacemaking"
    MEDIATION = "mediation"
    DIALOGUE = "dialogue"
    COORDINATION = "coordination"
    CONFIDENCE_BUILDING = "confidence_building"


class InitiativeStatus(enum.StrEnum):
    PLANNED = "planned"
    ONGOING = "ongoing"
    SUSPENDED = "suspended"
    COMPLETED = "completed"


LIVE_STATUSES = (InitiativeStatus.PLANNED, InitiativeStatus.ONGOING)
