"""Command line of the country-teams service: migrate, serve, seed-demo, replay, dead-letters."""

from __future__ import annotations

from pdp_common.cli import service_cli

from country_teams.demo import seed_demo
from country_teams.main import MIGRATIONS_DIR, create_app
from country_teams.settings import CountryTeamsSettings

cli = service_cli(
    name="country-teams",
    settings_factory=CountryTeamsSettings,
    app_factory=create_app,
    migrations=MIGRATIONS_DIR,
    seed=seed_demo,
)

if __name__ == "__main__":
    cli()
