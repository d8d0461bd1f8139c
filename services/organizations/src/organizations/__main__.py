"""Command line: ``python -m organizations migrate | serve | seed-demo | replay | dead-letters``."""

from __future__ import annotations

from fastapi import FastAPI
from pdp_common.cli import service_cli
from pdp_common.settings import ServiceSettings

from organizations.demo import seed_demo
from organizations.main import MIGRATIONS_DIR, create_app
from organizations.settings import OrganizationsSettings


def _app(settings: ServiceSettings) -> FastAPI:
    assert isinstance(settings, OrganizationsSettings)
    return create_app(settings)


cli = service_cli(
    name="organizations",
    settings_factory=OrganizationsSettings,
    app_factory=_app,
    migrations=MIGRATIONS_DIR,
    seed=seed_demo,
)

if __name__ == "__main__":
    cli()
