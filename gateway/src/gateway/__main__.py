"""Command line of the gateway: ``python -m gateway migrate|serve|new-admin-key``."""

from __future__ import annotations

from typing import cast

from fastapi import FastAPI
from pdp_common.cli import console, service_cli
from pdp_common.settings import ServiceSettings

from gateway.keys.hashing import generate_key
from gateway.main import MIGRATIONS_DIR, create_app
from gateway.settings import GatewaySettings


def _app(settings: ServiceSettings) -> FastAPI:
    return create_app(cast(GatewaySettings, settings))


cli = service_cli(
    name="gateway",
    settings_factory=GatewaySettings,
    app_factory=_app,
    migrations=MIGRATIONS_DIR,
)


@cli.command("new-admin-key")
def new_admin_key() -> None:
    """Print a fresh random key to use as PDP_BOOTSTRAP_ADMIN_KEY."""
    console.print(generate_key(), soft_wrap=True, highlight=False)


if __name__ == "__main__":
    cli()
