"""Settings of the incidents service (environment prefix ``PDP_INCIDENTS_``)."""

from __future__ import annotations

import re
from typing import ClassVar

from pdp_common.settings import ServiceSettings
from pydantic import field_validator
from pydantic_settings import SettingsConfigDict


class IncidentsSettings(ServiceSettings):
    """Where the incidents service stores data and how it checks and imports incidents."""

    model_config = SettingsConfigDict(env_prefix="PDP_INCIDENTS_", extra="ignore", frozen=True)

    service_name: ClassVar[str] = "incidents"
    default_port: ClassVar[int] = 8001

    max_body_bytes: int = 16 * 1_048_576
    import_max_rows: int = 50_000
    import_batch_size: int = 2_000
    duplicate_window_hours: float = 48.0
    duplicate_radius_km: float = 25.0
    export_chunk_size: int = 1_000

    # Inbound partner feeds (POST /api/v1/incidents/feeds/items); see docs/feeds.md.
    feed_inbound_max_body_bytes: int = 1_048_576
    feed_inbound_max_items: int = 500
    feed_inbound_default_grading: str = "B3"
    feed_inbound_grading: dict[str, str] = {}

    @field_validator("feed_inbound_default_grading")
    @classmethod
    def _feed_inbound_grade(cls, value: str) -> str:
        """Accept a source grade: reliability A-F and credibility 1-6, e.g. ``B3``."""
        if not FEED_INBOUND_GRADE.fullmatch(value):
            raise ValueError(f"{value!r} is not a grade such as B3 (A-F, then 1-6)")
        return value

    @field_validator("feed_inbound_grading")
    @classmethod
    def _feed_inbound_grades(cls, value: dict[str, str]) -> dict[str, str]:
        """Accept a grade per partner organization."""
        for grade in value.values():
            cls._feed_inbound_grade(grade)
        return value


FEED_INBOUND_GRADE = re.compile(r"[A-F][1-6]")
