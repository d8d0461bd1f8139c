"""The incidents service's app factory."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from pdp_common.app import create_service_app
from pdp_common.events.streams import StreamSpec
from pdp_common.platform import Platform
from pdp_common.webhook_delivery import delivery_worker

from incidents import endpoints, subscribers
from incidents.duplicates import endpoints as duplicate_endpoints
from incidents.early_warning import endpoints as early_warning_endpoints
from incidents.early_warning.environment import endpoints as environment_endpoints
from incidents.early_warning.refresh import DailyRefresh
from incidents.exports import endpoints as export_endpoints
from incidents.feeds.inbound import endpoints as feed_inbound_endpoints
from incidents.feeds.outbound import endpoints as outbound_feed_endpoints
from incidents.feeds.pull import endpoints as feed_pull_endpoints
from incidents.feeds.pull import worker as feed_pull_worker
from incidents.feeds.push import endpoints as feed_push_endpoints
from incidents.feeds.push.models import DELIVERIES as FEED_PUSH_DELIVERIES
from incidents.feeds.push.targets import WebhookTargets
from incidents.imports import endpoints as import_endpoints
from incidents.imports import jobs_endpoints, jobs_worker
from incidents.imports import parsing as import_parsing
from incidents.imports.jobs_upload_limit import give_route_body_limit
from incidents.search import endpoints as search_endpoints
from incidents.settings import IncidentsSettings
from incidents.workflow import endpoints as workflow_endpoints

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
DESCRIPTION = (
    "The Centre's trusted record of incidents: graded sources, a verification workflow with an "
    "append-only timeline, duplicate merging, geo checks, search, exports and bulk import. "
    "Every read returns only what the caller's clearance and organization allow."
)


def _early_warning_refresh(platform: Platform, settings: IncidentsSettings) -> DailyRefresh:
    return DailyRefresh(platform.db, settings)


def create_app(settings: IncidentsSettings | None = None) -> FastAPI:
    """Build the incidents service."""
    settings = settings or IncidentsSettings()
    app = create_service_app(
        settings,
        title="Incidents",
        description=DESCRIPTION,
        routers=[
            feed_push_endpoints.router,
            outbound_feed_endpoints.router,
            search_endpoints.router,
            export_endpoints.router,
            jobs_endpoints.router,
            import_endpoints.router,
            feed_inbound_endpoints.router,
            feed_pull_endpoints.router,
            endpoints.router,
            workflow_endpoints.router,
            duplicate_endpoints.router,
            early_warning_endpoints.router,
            environment_endpoints.router,
        ],
        producer=StreamSpec.for_producer(
            "incidents",
            duplicate_window=settings.stream_duplicate_window_seconds,
            max_bytes=settings.stream_max_bytes,
            replicas=settings.stream_replicas,
        ),
        subscriptions=subscribers.SUBSCRIPTIONS,
        migrations=MIGRATIONS_DIR,
        workers=[
            lambda platform: _early_warning_refresh(platform, settings),
            *([jobs_worker.worker_factory(settings)] if settings.import_job_worker_enabled else []),
            *(
                [feed_pull_worker.worker_factory(settings)]
                if settings.feed_pull_worker_enabled
                else []
            ),
            *(
                [delivery_worker(FEED_PUSH_DELIVERIES, WebhookTargets(), settings)]
                if settings.feed_push_worker_enabled
                else []
            ),
        ],
        json_route_limits={import_endpoints.import_incidents: import_parsing.json_limits(settings)},
    )
    give_route_body_limit(
        app,
        jobs_endpoints.JOBS_PATH,
        max_bytes=settings.import_job_max_bytes,
        read_timeout=settings.import_job_upload_timeout_seconds,
    )
    return app
