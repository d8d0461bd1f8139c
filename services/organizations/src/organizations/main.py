"""The organizations service app: registry, engagements, consents, agreements, initiatives."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from pdp_common.app import create_service_app
from pdp_common.events.streams import StreamSpec
from pdp_common.platform import Platform, WorkerFactory

from organizations.agreements.endpoints import router as agreements_router
from organizations.consents.endpoints import router as consents_router
from organizations.engagements.checker import OverdueChecker
from organizations.engagements.endpoints import router as engagements_router
from organizations.initiatives.endpoints import router as initiatives_router
from organizations.registry.endpoints import router as registry_router
from organizations.settings import OrganizationsSettings
from organizations.sharing.endpoints import router as sharing_router

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def _overdue_checker(settings: OrganizationsSettings) -> WorkerFactory:
    def make(platform: Platform) -> OverdueChecker:
        return OverdueChecker(platform.db, interval=settings.follow_up_check_seconds)

    return make


def create_app(settings: OrganizationsSettings | None = None) -> FastAPI:
    """Build the organizations service."""
    settings = settings or OrganizationsSettings()
    return create_service_app(
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
        producer=StreamSpec.for_service(settings),
        migrations=MIGRATIONS_DIR,
        workers=[_overdue_checker(settings)] if settings.follow_up_check_enabled else [],
    )
