"""The country-teams app factory."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from pdp_common.app import create_service_app
from pdp_common.events.streams import StreamSpec
from pdp_common.openapi_examples import keep_example_nulls

from country_teams import endpoints, subscribers
from country_teams.settings import CountryTeamsSettings

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def create_app(settings: CountryTeamsSettings | None = None) -> FastAPI:
    """Build the country-teams service."""
    settings = settings or CountryTeamsSettings()
    app = create_service_app(
        settings,
        title="Country teams",
        description="UN country teams of the five states, their preventive activities, "
        "who does what where, and the gaps where risk meets no preventive action.",
        routers=endpoints.ROUTERS,
        producer=StreamSpec.for_producer(
            "country_teams",
            duplicate_window=settings.stream_duplicate_window_seconds,
            max_bytes=settings.stream_max_bytes,
            replicas=settings.stream_replicas,
        ),
        subscriptions=subscribers.SUBSCRIPTIONS,
        migrations=MIGRATIONS_DIR,
    )
    return keep_example_nulls(app)
