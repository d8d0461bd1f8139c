"""The briefings app factory."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from pdp_common.app import create_service_app
from pdp_common.events.streams import StreamSpec

from briefings import endpoints, subscribers
from briefings.feed import endpoints as feed_endpoints
from briefings.settings import BriefingsSettings

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def create_app(settings: BriefingsSettings | None = None) -> FastAPI:
    """Build the briefings service."""
    settings = settings or BriefingsSettings()
    return create_service_app(
        settings,
        title="Briefings",
        description="Daily situation briefs, weekly regional analyses, flash alerts and thematic "
        "notes, drafted from templates, cleared by the Head of Centre and released to their "
        "audience.",
        routers=[endpoints.router, feed_endpoints.router],
        producer=StreamSpec.for_producer(
            "briefings",
            duplicate_window=settings.stream_duplicate_window_seconds,
            max_bytes=settings.stream_max_bytes,
            replicas=settings.stream_replicas,
        ),
        subscriptions=subscribers.subscriptions(settings),
        migrations=MIGRATIONS_DIR,
    )
