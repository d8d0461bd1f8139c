"""Command line of the briefings service: migrate, serve, seed-demo, replay, dead-letters."""

from __future__ import annotations

from fastapi import FastAPI
from pdp_common.cli import service_cli
from pdp_common.settings import ServiceSettings

from briefings.demo import seed_demo
from briefings.main import MIGRATIONS_DIR, create_app
from briefings.settings import BriefingsSettings


def _create_app(settings: ServiceSettings) -> FastAPI:
    assert isinstance(settings, BriefingsSettings)
    return create_app(settings)


cli = service_cli(
    name="briefings",
    settings_factory=BriefingsSettings,
    app_factory=_create_app,
    migrations=MIGRATIONS_DIR,
    seed=seed_demo,
)

if __name__ == "__main__":
    cli()
