"""Command line: ``python -m organizations migrate | serve | seed-demo | replay | dead-letters``."""

from __future__ import annotations

from pdp_common.cli import service_cli

from organizations.demo import seed_demo
from organizations.main import MIGRATIONS_DIR, create_app
from organizations.settings import OrganizationsSettings

cli = service_cli(
    name="organizations",
    settings_factory=OrganizationsSettings,
    app_factory=create_app,
    migrations=MIGRATIONS_DIR,
    seed=seed_demo,
)

if __name__ == "__main__":
    cli()
