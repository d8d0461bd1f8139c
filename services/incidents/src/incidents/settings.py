"""Settings of the incidents service (environment prefix ``PDP_INCIDENTS_``)."""

from __future__ import annotations

import re
from pathlib import Path
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

    # Early warning (docs/early-warning.md): indicator windows, baseline and alert thresholds.
    early_warning_windows: tuple[int, ...] = (7, 30)
    early_warning_baseline_days: int = 365
    early_warning_seasonal_years: int = 2
    early_warning_raise_threshold: float = 3.0
    early_warning_release_threshold: float = 1.5
    early_warning_release_days: int = 7
    early_warning_min_observed: float = 2.0
    early_warning_prior: float = 1.0
    early_warning_refresh_seconds: float = 3600.0
    early_warning_refresh_batch: int = 500
    # Early warning, environmental series: the countries whose sites may be imported.
    early_warning_env_countries: frozenset[str] = frozenset(
        {"AFG", "KAZ", "KGZ", "TJK", "TKM", "UZB"}
    )
    feed_page_size: int = 100
    """Entries per outbound feed page when the partner gives no ``limit``."""
    feed_max_page_size: int = 500
    """The largest ``limit`` a partner may ask of the outbound feed."""
    feed_cap_sender: str = "unrcca@un.org"
    """The CAP ``sender`` of the outbound feed's alerts."""
    # Import jobs (POST /api/v1/incidents/imports/jobs): uploads are streamed to files in
    # ``import_job_spool_dir`` (default ``<var_dir>/import-jobs``; shared by every replica that
    # runs the worker), up to ``import_job_max_bytes``; a worker imports them
    # ``import_job_batch_rows`` rows per transaction under a lease of
    # ``import_job_lease_seconds``, renewed at every batch.
    import_job_spool_dir: Path | None = None
    import_job_max_bytes: int = 1_073_741_824
    import_job_upload_timeout_seconds: float = 1_800.0
    import_job_batch_rows: int = 2_000
    import_job_lease_seconds: float = 120.0
    import_job_max_attempts: int = 3
    import_job_poll_seconds: float = 2.0
    import_job_worker_enabled: bool = True
    import_job_report_page_max: int = 5_000

    def import_job_spool(self) -> Path:
        """Return the directory import job uploads are spooled to."""
        return self.import_job_spool_dir or self.var_dir / "import-jobs"

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

    # Pulled partner feeds (/api/v1/incidents/feeds/sources); see docs/feeds.md, "Pulled feeds".
    # A due feed is fetched under a lease of ``feed_pull_lease_seconds``; a failing one waits
    # interval x 2^failures, at most ``feed_pull_max_backoff_seconds``.
    feed_pull_worker_enabled: bool = True
    feed_pull_poll_seconds: float = 15.0
    feed_pull_lease_seconds: float = 120.0
    feed_pull_min_interval_seconds: int = 60
    feed_pull_default_interval_seconds: int = 900
    feed_pull_max_backoff_seconds: int = 86_400
    feed_pull_max_response_bytes: int = 5_242_880
    feed_pull_log_keep: int = 200
    # Outbound push (incidents.feeds.push, see docs/feeds.md): partners' webhook endpoints.
    # Retries, back-off, suspension and polling are the shared webhook_* settings.
    feed_push_worker_enabled: bool = True
    feed_push_max_webhooks_per_partner: int = 10


FEED_INBOUND_GRADE = re.compile(r"[A-F][1-6]")
