"""Command line of the incidents service: migrate, serve, seed-demo, replay, dead-letters."""

from __future__ import annotations

from pdp_common.cli import service_cli

from incidents.main import MIGRATIONS_DIR, create_app
from incidents.seed import seed_demo
from incidents.settings import IncidentsSettings

cli = service_cli(
    name="incidents",
    settings_factory=IncidentsSettings,
    app_factory=create_app,
    migrations=MIGRATIONS_DIR,
    seed=seed_demo,
)

if __name__ == "__main__":
    cli()
