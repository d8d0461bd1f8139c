"""The organizations service app: registry, engagements, consents, agreements, initiatives."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from pdp_common.app import create_service_app
from pdp_common.events.streams import StreamSpec

from organizations.agreements.endpoints import router as agreements_router
from organizations.consents.endpoints import router as consents_router
from organizations.engagements.checker import OverdueChecker
from organizations.engagements.endpoints import router as engagements_router
from organizations.initiatives.endpoints import router as initiatives_router
from organizations.registry.endpoints import router as registry_router
from organizations.settings import OrganizationsSettings
from organizations.sharing.endpoints import router as sharing_router

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def create_app(settings: OrganizationsSettings | None = None) -> FastAPI:
    """Build the organizations service."""
    settings = settings or OrganizationsSettings()
    app = create_service_app(
        settings,
        title="Organizations",
        description="Counterparts, engagements, consents, information-sharing agreements and "
        "initiatives of regional organizations.",
        routers=[
            registry_router,
            engagements_router,
            consents_router,
            agreements_router,
            sharing_router,
            initiatives_router,
        ],
        producer=StreamSpec.for_producer(
            "organizations",
            duplicate_window=settings.stream_duplicate_window_seconds,
            max_bytes=settings.stream_max_bytes,
            replicas=settings.stream_replicas,
        ),
        migrations=MIGRATIONS_DIR,
    )
    checker = OverdueChecker(app.state.platform.db, interval=settings.follow_up_check_seconds)
    app.state.overdue_checker = checker
    if settings.follow_up_check_enabled:
        _run_alongside(app, checker)
    return app


def _run_alongside(app: FastAPI, checker: OverdueChecker) -> None:
    """Start the overdue checker after the platform's lifespan has started, stop it before."""
    platform_lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with platform_lifespan(app):
            checker.start()
            try:
                yield
            finally:
                await checker.stop()

    app.router.lifespan_context = lifespan
