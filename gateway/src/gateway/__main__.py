"""Command line of the gateway: ``python -m gateway migrate|serve|seed-demo|new-admin-key``."""

from __future__ import annotations

from pdp_common.cli import service_cli
from pdp_common.terminal import console

from gateway.keys.demo import seed_demo
from gateway.keys.hashing import generate_key
from gateway.main import MIGRATIONS_DIR, create_app
from gateway.settings import GatewaySettings

cli = service_cli(
    name="gateway",
    settings_factory=GatewaySettings,
    app_factory=create_app,
    migrations=MIGRATIONS_DIR,
    seed=seed_demo,
)


@cli.command("new-admin-key")
def new_admin_key() -> None:
    """Print a fresh random key to use as PDP_BOOTSTRAP_ADMIN_KEY."""
    console().print(generate_key(), soft_wrap=True, highlight=False)


if __name__ == "__main__":
    cli()
