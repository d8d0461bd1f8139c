"""Command line of the incidents service: migrate, serve, seed-demo, replay, dead-letters."""

from __future__ import annotations

from typing import cast

from fastapi import FastAPI
from pdp_common.cli import service_cli
from pdp_common.settings import ServiceSettings

from incidents.main import MIGRATIONS_DIR, create_app
from incidents.seed import seed_demo
from incidents.settings import IncidentsSettings


def _app(settings: ServiceSettings) -> FastAPI:
    return create_app(cast(IncidentsSettings, settings))


cli = service_cli(
    name="incidents",
    settings_factory=IncidentsSettings,
    app_factory=_app,
    migrations=MIGRATIONS_DIR,
    seed=seed_demo,
)

if __name__ == "__main__":
    cli()
