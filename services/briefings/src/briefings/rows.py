"""Conversions from briefing rows to their API views."""

from __future__ import annotations

from briefings.models import Briefing
from briefings.schemas import BriefingRead


def to_read(briefing: Briefing) -> BriefingRead:
    """Return the API view of a briefing."""
    return BriefingRead.model_validate({c: getattr(briefing, c) for c in BriefingRead.model_fields})
