"""The early-warning section of a briefing: the open alerts ranked by score, and those that
subsided in the briefing's period."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pdp_common.identity import Clearance
from pdp_common.schemas import Strict
from pydantic import ConfigDict, Field, StringConstraints

from briefings import examples
from briefings.early_warning.vocabulary import AlertTrend

Paragraph = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20_000)]
Category = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Factor = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]


class AlertRef(Strict):
    """An escalation alert the section cites, as it stood when the briefing was drafted."""

    alert_id: uuid.UUID
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    admin1: str | None = Field(default=None, max_length=120, description="Null: the country.")
    category: Category | None = Field(
        default=None, description="The threat category; null for every threat."
    )
    window_days: int = Field(ge=1, description="The rolling window of the indicator.")
    observed: float = Field(description="Weighted incident score in the window.")
    expected: float = Field(description="What the baseline expects in such a window.")
    score: float = Field(description="Departure from the baseline.")
    peak_score: float = Field(description="Highest departure of the episode.")
    trend: AlertTrend = Field(description="new, rising (at its peak) or easing (below it).")
    raised_at: datetime = Field(description="Open since.")
    subsided_at: datetime | None = None
    factors: list[Factor] = Field(
        default_factory=list, max_length=10, description="Why it fired, in words, top first."
    )
    sensitivity: Clearance = Field(description="Never above the briefing's classification.")


class EarlyWarningSection(Strict):
    """The regional picture: open escalation alerts by score, and those that subsided."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.EARLY_WARNING]})

    summary: Paragraph
    open_alerts: list[AlertRef] = Field(
        default_factory=list, max_length=50, description="Open at the period's end, highest first."
    )
    subsided_alerts: list[AlertRef] = Field(
        default_factory=list, max_length=50, description="Subsided in the period, latest first."
    )
