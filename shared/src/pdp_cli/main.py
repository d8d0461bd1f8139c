"""The ``pdp`` command: global options, and the command groups."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import structlog
import typer

from pdp_cli import deadletters, demo, events, imports, keys
from pdp_cli.target import DEFAULT_GATEWAY_URL, DEFAULT_NATS_URL, Target

app = typer.Typer(
    name="pdp",
    help="Operate a running Preventive Diplomacy Platform: events, dead letters, API keys, "
    "import jobs, demo data. Exit codes: 0 done, 1 refused or failed, 2 wrong usage, "
    "3 gateway/NATS/database unreachable, 4 not found.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(events.app)
app.add_typer(deadletters.app)
app.add_typer(keys.app)
app.add_typer(imports.app)
app.add_typer(demo.app)


@app.callback()
def platform_options(
    ctx: typer.Context,
    *,
    gateway_url: Annotated[
        str, typer.Option(envvar="PDP_GATEWAY_URL", help="Base URL of the gateway.")
    ] = DEFAULT_GATEWAY_URL,
    api_key: Annotated[
        str | None,
        typer.Option(
            envvar="PDP_API_KEY",
            help="API key sent to the gateway (X-API-Key).",
            show_default=False,
        ),
    ] = None,
    nats_url: Annotated[
        str, typer.Option(envvar="PDP_NATS_URL", help="NATS server(s), comma-separated.")
    ] = DEFAULT_NATS_URL,
    timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds to wait for one answer of the gateway.")
    ] = 30.0,
    nats_user: Annotated[
        str | None,
        typer.Option(
            envvar="PDP_NATS_USER",
            help="NATS user (default under `make run`: `operator`, password from "
            "var/nats-users/operator).",
            show_default=False,
        ),
    ] = None,
    nats_password: Annotated[
        str | None,
        typer.Option(envvar="PDP_NATS_PASSWORD", help="NATS password.", show_default=False),
    ] = None,
    nats_ca_file: Annotated[
        Path | None,
        typer.Option(
            envvar="PDP_NATS_TLS_CA_FILE",
            help="CA certificate to verify NATS with (TLS).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Operate a running Preventive Diplomacy Platform."""
    ctx.obj = Target(
        gateway_url=gateway_url,
        api_key=api_key,
        nats_url=nats_url,
        timeout=timeout,
        nats_user=nats_user,
        nats_password=nats_password,
        nats_ca_file=nats_ca_file,
    )


def quiet_logging() -> None:
    """Send library logs to standard error, errors only: the command reports its own outcome,
    and standard output stays the command's (a closing NATS connection logs a warning, say)."""
    logging.basicConfig(stream=sys.stderr, level=logging.ERROR, format="%(levelname)s %(message)s")
    structlog.configure(
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
        wrapper_class=structlog.make_filtering_bound_logger(logging.ERROR),
    )


def main() -> None:
    """Run ``pdp``."""
    quiet_logging()
    app()
