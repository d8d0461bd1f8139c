"""Command line of the briefings service: migrate, serve, seed-demo, replay, dead-letters."""

from __future__ import annotations

from pdp_common.cli import service_cli

from briefings.demo import seed_demo
from briefings.main import MIGRATIONS_DIR, create_app
from briefings.settings import BriefingsSettings

cli = service_cli(
    name="briefings",
    settings_factory=BriefingsSettings,
    app_factory=create_app,
    migrations=MIGRATIONS_DIR,
    seed=seed_demo,
)

if __name__ == "__main__":
    cli()
