"""``pdp deadletters``: the messages the services' consumers gave up on; show and re-drive them.

Dead letters are kept in each service's database (with a copy on the ``PDP_DEAD_LETTERS``
stream); these commands read and resolve them there, through
:mod:`pdp_common.events.operations`, as the services' own ``dead-letters`` commands do.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Annotated, Any

import typer
from pdp_common.events import operations
from pdp_common.events.operations import DeadLetterRecord
from pdp_common.platform import Platform
from pdp_common.terminal import console

from pdp_cli import services as services_module
from pdp_cli.failures import EXIT_FAILED, EXIT_NOT_FOUND, CliError, report, run
from pdp_cli.output import JsonOption, emit_fields, emit_json, emit_table
from pdp_cli.target import Target, target_of

app = typer.Typer(name="deadletters", help="List, show and re-drive dead letters.")

ServiceOption = Annotated[
    list[str] | None,
    typer.Option(
        "--service", "-s", help="Service (or gateway) to look in (repeatable); default: all."
    ),
]
ConsumerOption = Annotated[str | None, typer.Option(help="Only this durable consumer's.")]


@dataclass(frozen=True)
class Found:
    """A dead letter and the service that holds it."""

    service: str
    letter: DeadLetterRecord

    def to_json(self, *, payload: bool = False) -> dict[str, Any]:
        """Return the JSON document of the dead letter (with its message when ``payload``)."""
        letter = self.letter
        document: dict[str, Any] = {
            "service": self.service,
            "id": str(letter.id),
            "consumer": letter.consumer,
            "stream": letter.stream,
            "stream_sequence": letter.stream_sequence,
            "subject": letter.subject,
            "event_id": letter.event_id,
            "event_type": letter.event_type,
            "reason": letter.reason,
            "error": letter.error,
            "deliveries": letter.deliveries,
            "created_at": letter.created_at.isoformat(),
            "resolved_at": letter.resolved_at.isoformat() if letter.resolved_at else None,
        }
        if payload:
            document["headers"] = letter.headers
            document["payload"] = _payload(letter.payload)
        return document


def _payload(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", errors="replace")


@app.command("list")
def list_dead_letters(
    ctx: typer.Context,
    *,
    service: ServiceOption = None,
    consumer: ConsumerOption = None,
    limit: Annotated[
        int, typer.Option(min=1, max=10_000, help="At most this many per service.")
    ] = 100,
    json_output: JsonOption = False,
) -> None:
    """List the dead letters not yet resolved, oldest first, service by service."""
    found = run(_list(target_of(ctx), service, consumer, limit))
    if json_output:
        emit_json([item.to_json() for item in found])
        return
    emit_table(
        ("service", "id", "created", "consumer", "subject", "reason", "deliveries", "error"),
        (
            (
                item.service, item.letter.id,
                item.letter.created_at.isoformat(timespec="seconds"), item.letter.consumer,
                item.letter.subject, item.letter.reason, item.letter.deliveries,
                item.letter.error[:80],
            )
            for item in found
        ),
        title=f"{len(found)} open dead letter{'s' if len(found) != 1 else ''}",
    )  # fmt: skip


async def _list(
    target: Target, names: list[str] | None, consumer: str | None, limit: int
) -> list[Found]:
    found: list[Found] = []
    for service in services_module.named(names):
        async with services_module.opened(service, target) as platform:
            letters = await operations.open_dead_letters(platform, consumer=consumer, limit=limit)
        found += [Found(service.name, letter) for letter in letters]
    return found


@app.command("show")
def show_dead_letter(
    ctx: typer.Context,
    letter_id: Annotated[uuid.UUID, typer.Argument(metavar="ID", help="Id of the dead letter.")],
    service: ServiceOption = None,
    json_output: JsonOption = False,
) -> None:
    """Show one dead letter, with the message it holds and its headers."""
    found = run(_find(target_of(ctx), service, letter_id))
    document = found.to_json(payload=True)
    if json_output:
        emit_json(document)
        return
    emit_fields([(name, value) for name, value in document.items() if name not in _BODY])
    out = console()
    out.print("[bold]headers[/]")
    out.print_json(json.dumps(document["headers"]))
    out.print("[bold]payload[/]")
    payload = document["payload"]
    if isinstance(payload, str):
        out.print(payload, markup=False)
    else:
        out.print_json(json.dumps(payload))


_BODY = ("headers", "payload")


async def _find(target: Target, names: list[str] | None, letter_id: uuid.UUID) -> Found:
    for service in services_module.named(names):
        async with services_module.opened(service, target) as platform:
            letter = await operations.find_dead_letter(platform, letter_id)
        if letter is not None:
            return Found(service.name, letter)
    raise CliError(f"no dead letter {letter_id}", exit_code=EXIT_NOT_FOUND)


@app.command("redrive")
def redrive_dead_letters(
    ctx: typer.Context,
    *,
    letter_ids: Annotated[
        list[uuid.UUID] | None,
        typer.Argument(metavar="[ID]...", help="Dead letters to re-drive."),
    ] = None,
    every: Annotated[
        bool, typer.Option("--all", help="Re-drive every open dead letter (of --consumer).")
    ] = False,
    service: ServiceOption = None,
    consumer: ConsumerOption = None,
    json_output: JsonOption = False,
) -> None:
    """Apply dead letters again with the handler of the consumer that gave up on them, and
    resolve those that apply (or had been applied meanwhile); the others stay open."""
    if bool(letter_ids) == every:
        raise typer.BadParameter("name dead letters by id, or give --all")
    outcomes = run(_redrive(target_of(ctx), service, consumer, letter_ids or [], every=every))
    failed = [o for o in outcomes if o["outcome"] == "failed"]
    if json_output:
        emit_json(outcomes)
    else:
        emit_table(
            ("service", "id", "outcome", "detail"),
            ((o["service"], o["id"], o["outcome"], o.get("error") or "") for o in outcomes),
        )
    if failed:
        report(CliError(f"{len(failed)} of {len(outcomes)} dead letters not re-driven"))
        raise typer.Exit(code=EXIT_FAILED)


async def _redrive(
    target: Target,
    names: list[str] | None,
    consumer: str | None,
    letter_ids: list[uuid.UUID],
    *,
    every: bool,
) -> list[dict[str, Any]]:
    if every:
        found = await _list(target, names, consumer, limit=10_000)
    else:
        found = [await _find(target, names, letter_id) for letter_id in letter_ids]
    outcomes: list[dict[str, Any]] = []
    for item in found:
        service = services_module.named([item.service])[0]
        async with services_module.opened(service, target) as platform:
            outcomes.append(await _redrive_one(platform, item))
    return outcomes


async def _redrive_one(platform: Platform, item: Found) -> dict[str, Any]:
    outcome: dict[str, Any] = {"service": item.service, "id": str(item.letter.id)}
    try:
        applied = await operations.redrive(platform, item.letter.id)
    except operations.OperationError as exc:
        return outcome | {"outcome": "failed", "error": str(exc)}
    return outcome | {"outcome": "applied" if applied else "already-applied"}
