"""Settings of the country-teams service (environment prefix ``PDP_COUNTRY_TEAMS_``)."""

from __future__ import annotations

from typing import ClassVar

from pdp_common.settings import ServiceSettings
from pydantic import Field
from pydantic_settings import SettingsConfigDict


class CountryTeamsSettings(ServiceSettings):
    """Where the country-teams service stores, listens and publishes."""

    model_config = SettingsConfigDict(env_prefix="PDP_COUNTRY_TEAMS_", extra="ignore", frozen=True)

    service_name: ClassVar[str] = "country-teams"
    default_port: ClassVar[int] = 8003

    gap_window_days: int = Field(
        default=90, ge=1, le=3650, description="How far back verified incidents count as risk."
    )
