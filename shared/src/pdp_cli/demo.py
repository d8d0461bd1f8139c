"""``pdp demo load``: load the synthetic demo data into a running platform.

Each service's own loader (the one ``python -m <package> seed-demo`` and ``make run`` use) runs
in this process against the service's database, found from the same settings the service reads.
The loaders are idempotent: what is there already is not added again. The running services'
outbox relays then publish the events of the new records, as after any other write.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from pdp_cli import services as services_module
from pdp_cli.failures import EXIT_FAILED, CliError, report, run
from pdp_cli.output import JsonOption, emit_json, emit_table
from pdp_cli.target import Target, target_of

app = typer.Typer(name="demo", help="Load demo data into a running platform.")

ORDER = ("organizations", "incidents", "country-teams", "briefings", "gateway")


@app.command("load")
def load_demo(
    ctx: typer.Context,
    service: Annotated[
        list[str] | None,
        typer.Option(
            "--service",
            "-s",
            help="Load only this service's data (repeatable): " + ", ".join(ORDER) + ".",
        ),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Load each service's demo data (the gateway's: one API key per demo persona, written to
    var/demo-keys/); a second run adds nothing."""
    outcomes = run(_load(target_of(ctx), service or list(ORDER)))
    if json_output:
        emit_json(outcomes)
    else:
        emit_table(
            ("service", "added", "error"),
            ((o["service"], o.get("added", ""), o.get("error", "")) for o in outcomes),
        )
    failed = [o for o in outcomes if "error" in o]
    if failed:
        names = ", ".join(o["service"] for o in failed)
        report(CliError(f"demo data not loaded into {names}"))
        raise typer.Exit(code=EXIT_FAILED)


async def _load(target: Target, names: list[str]) -> list[dict[str, Any]]:
    outcomes: list[dict[str, Any]] = []
    for service in services_module.named(names):
        try:
            added = await services_module.seed(service, target)
        except CliError as exc:
            outcomes.append({"service": service.name, "error": exc.message})
        except Exception as exc:
            outcomes.append({"service": service.name, "error": f"{type(exc).__name__}: {exc}"})
        else:
            outcomes.append({"service": service.name, "added": added})
    return outcomes
