"""The command line of every service: migrate, serve, seed demo data, replay, dead letters.

The event tasks themselves live in :mod:`pdp_common.events.operations`, shared with ``pdp``."""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from collections.abc import Callable, Coroutine
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, TypeVar

import structlog
import typer
import uvicorn
from fastapi import FastAPI
from rich.table import Table

from pdp_common.events import operations
from pdp_common.logging import log_uncaught_exceptions, setup_logging
from pdp_common.migrations import upgrade
from pdp_common.settings import ServiceSettings
from pdp_common.terminal import console

log = structlog.get_logger(__name__)
S = TypeVar("S", bound=ServiceSettings)


def service_cli(
    *,
    name: str,
    settings_factory: Callable[[], S],
    app_factory: Callable[[S], FastAPI],
    migrations: Path,
    seed: Callable[[S], Coroutine[Any, Any, int]] | None = None,
) -> typer.Typer:
    """Return the typer application of a service's ``__main__``.

    ``settings_factory`` is the service's settings class; ``app_factory`` and ``seed`` take an
    instance of it, so a service passes its own ``create_app`` and demo loader as they are."""
    cli = typer.Typer(
        name=name, help=f"The {name} service.", no_args_is_help=True, pretty_exceptions_enable=False
    )

    @cli.callback()
    def start_logging() -> None:
        # JSON lines from the first moment, so that a failure to read the settings is one too.
        setup_logging(name)
        log_uncaught_exceptions()

    def configured() -> S:
        settings = settings_factory()
        setup_logging(
            settings.service_name, level=settings.log_level, json_output=settings.log_json
        )
        return settings

    @cli.command()
    def migrate() -> None:
        """Bring the database to the latest schema."""
        settings = configured()
        asyncio.run(upgrade(migrations, settings))
        log.info("database at head", database=settings.database_url.split("@")[-1])

    @cli.command()
    def serve() -> None:
        """Serve the API with uvicorn on the configured host and port."""
        settings = configured()
        uvicorn.run(
            app_factory(settings),
            host=settings.host,
            port=settings.port,
            access_log=settings.log_access,
            timeout_graceful_shutdown=10,
            log_config=None,
        )

    @cli.command("seed-demo")
    def seed_demo() -> None:
        """Load the synthetic demo data (once; a second run adds nothing)."""
        if seed is None:
            log.info("no demo data")
            return
        count = asyncio.run(seed(configured()))
        log.info("demo data loaded", records=count)

    @cli.command()
    def replay(
        consumer: Annotated[str, typer.Option(help="Durable consumer whose handlers to run.")],
        from_seq: Annotated[int | None, typer.Option(help="First stream sequence.")] = None,
        from_time: Annotated[
            datetime | None, typer.Option(help="First message time (UTC).")
        ] = None,
        reapply: Annotated[bool, typer.Option(help="Re-apply events already applied.")] = False,
    ) -> None:
        """Run a consumer's handlers over a stream from a sequence or a time."""
        app = app_factory(configured())
        asyncio.run(_replay(app, consumer, from_seq, from_time, reapply))

    @cli.command("dead-letters")
    def list_dead_letters() -> None:
        """List the messages this service's consumers could not apply."""
        app = app_factory(configured())
        asyncio.run(_dead_letters(app))

    @cli.command("redrive-dead-letter")
    def redrive_dead_letter(
        letter_id: Annotated[uuid.UUID, typer.Argument(help="Id of the dead letter.")],
    ) -> None:
        """Apply a dead letter with its consumer's handler again, and resolve it."""
        app = app_factory(configured())
        asyncio.run(_redrive(app, letter_id))

    return cli


async def _replay(
    app: FastAPI, durable: str, from_seq: int | None, from_time: datetime | None, reapply: bool
) -> None:
    platform = app.state.platform
    try:
        report = await operations.replay_consumer(
            platform, durable, start_sequence=from_seq, start_time=from_time, reapply=reapply
        )
    except operations.OperationError as exc:
        log.error("replay stopped", consumer=durable, reason=str(exc))
        raise typer.Exit(code=2) from exc
    finally:
        await platform.db.dispose()
    log.info("replay finished", consumer=durable, **dataclasses.asdict(report))


async def _dead_letters(app: FastAPI) -> None:
    platform = app.state.platform
    table = Table("id", "created", "consumer", "subject", "reason", "deliveries", "error")
    try:
        letters = await operations.open_dead_letters(platform)
    finally:
        await platform.db.dispose()
    for letter in letters:
        table.add_row(
            str(letter.id),
            letter.created_at.isoformat(timespec="seconds"),
            letter.consumer,
            letter.subject,
            letter.reason,
            str(letter.deliveries),
            letter.error[:80],
        )
    console().print(table)


async def _redrive(app: FastAPI, letter_id: uuid.UUID) -> None:
    platform = app.state.platform
    try:
        applied = await operations.redrive(platform, letter_id)
    except operations.OperationError as exc:
        log.error("dead letter not re-driven", dead_letter=str(letter_id), reason=str(exc))
        raise typer.Exit(code=1) from exc
    finally:
        await platform.db.dispose()
    log.info("dead letter re-driven", dead_letter=str(letter_id), applied=applied)
