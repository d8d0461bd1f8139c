"""Settings of the briefings service (environment prefix ``PDP_BRIEFINGS_``)."""

from __future__ import annotations

from typing import ClassVar

from pdp_common.settings import ServiceSettings
from pydantic import Field
from pydantic_settings import SettingsConfigDict


class BriefingsSettings(ServiceSettings):
    """Where the briefings service stores, listens and publishes."""

    model_config = SettingsConfigDict(env_prefix="PDP_BRIEFINGS_", extra="ignore", frozen=True)

    service_name: ClassVar[str] = "briefings"
    default_port: ClassVar[int] = 8004

    flash_alert_severity: int = Field(
        default=5, ge=1, le=5, description="Verified incidents this grave get a flash alert draft."
    )
    feed_page_size: int = Field(
        default=50, ge=1, description="Briefings per feed page when the caller gives no limit."
    )
    feed_max_page_size: int = Field(
        default=200, ge=1, description="The largest limit a caller may ask of the feed."
    )
