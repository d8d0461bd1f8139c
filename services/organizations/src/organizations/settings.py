"""Settings of the organizations service (environment prefix ``PDP_ORGANIZATIONS_``)."""

from __future__ import annotations

from typing import ClassVar

from pdp_common.settings import ServiceSettings
from pydantic_settings import SettingsConfigDict


class OrganizationsSettings(ServiceSettings):
    """Where the organizations service stores data and how often it looks for overdue follow-ups."""

    model_config = SettingsConfigDict(env_prefix="PDP_ORGANIZATIONS_", extra="ignore", frozen=True)

    service_name: ClassVar[str] = "organizations"
    default_port: ClassVar[int] = 8002

    follow_up_check_seconds: float = 60.0
    follow_up_check_enabled: bool = True
