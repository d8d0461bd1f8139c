"""Command line of the console: serve (and migrate, which has nothing to do)."""

from __future__ import annotations

import structlog
import typer
import uvicorn
from pdp_common.logging import log_uncaught_exceptions, setup_logging

from console.main import create_app
from console.settings import ConsoleSettings

cli = typer.Typer(name="console", help="The analyst console.", no_args_is_help=True)
log = structlog.get_logger(__name__)


def _configured() -> ConsoleSettings:
    settings = ConsoleSettings()
    setup_logging("console", level=settings.log_level, json_output=settings.log_json)
    log_uncaught_exceptions()
    return settings


@cli.command()
def serve() -> None:
    """Serve the console with uvicorn on the configured host and port."""
    settings = _configured()
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        access_log=settings.log_access,
        timeout_graceful_shutdown=10,
        log_config=None,
    )


@cli.command()
def migrate() -> None:
    """Do nothing: the console keeps no data of its own (the local supervisor calls it)."""
    _configured()
    log.info("nothing to migrate: the console keeps no database")


@cli.command("seed-demo")
def seed_demo() -> None:
    """Do nothing: the console shows the platform's data through the gateway."""
    _configured()
    log.info("no demo data")


if __name__ == "__main__":
    cli()
