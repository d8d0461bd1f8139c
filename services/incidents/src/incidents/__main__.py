"""Command line of the incidents service: migrate, serve, seed-demo, replay, dead-letters,
early-warning-backtest."""

from __future__ import annotations

from pdp_common.cli import service_cli

from incidents.early_warning.cli import backtest_command
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
cli.command("early-warning-backtest")(backtest_command)

if __name__ == "__main__":
    cli()
