"""Settings of the incidents service (environment prefix ``PDP_INCIDENTS_``)."""

from __future__ import annotations

from typing import ClassVar

from pdp_common.settings import ServiceSettings
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
    feed_inbound_max_body_bytes: int = 2 * 1_048_576
    feed_inbound_max_items: int = 500
    feed_inbound_default_grading: str = "B3"
    feed_inbound_grading: dict[str, str] = {}
