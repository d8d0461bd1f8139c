"""``pdp events``: tail the platform's events, and replay a stream into a service's consumer."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Annotated

import nats.errors
import typer
from pdp_common.events import operations
from pdp_common.events.replay import ReplayReport
from pdp_common.terminal import console
from rich.markup import escape

from pdp_cli import services as services_module
from pdp_cli.failures import EXIT_NOT_FOUND, EXIT_UNREACHABLE, CliError, run
from pdp_cli.output import JsonOption, emit_fields, emit_json
from pdp_cli.tailing import EventFilter, StartAt, TailedEvent, connect, stream_error, tail
from pdp_cli.target import Target, target_of
from pdp_cli.times import parse_since

app = typer.Typer(name="events", help="Tail events, and replay a stream into a consumer.")

TypeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--type", "-t", help="Event type, e.g. pdp.incidents.incident.reported.v1 (repeatable)."
    ),
]
CountryOption = Annotated[
    list[str] | None,
    typer.Option("--country", "-c", help="ISO 3166-1 alpha-3 country, e.g. KGZ (repeatable)."),
]
CategoryOption = Annotated[
    list[str] | None,
    typer.Option(help="Threat category, e.g. border_incident (repeatable)."),
]
StreamOption = Annotated[
    list[str] | None,
    typer.Option(
        "--stream",
        help="Stream to read (repeatable); default: the streams of the types, else all four.",
    ),
]
SinceOption = Annotated[
    datetime | None,
    typer.Option(
        parser=parse_since,
        metavar="TIME",
        help="Start at this time: ISO 8601 (UTC if no zone) or 15m, 2h, 3d ago.",
    ),
]
FromSeqOption = Annotated[int | None, typer.Option(min=1, help="Start at this stream sequence.")]


@app.command("tail")
def tail_events(
    ctx: typer.Context,
    *,
    event_type: TypeOption = None,
    country: CountryOption = None,
    category: CategoryOption = None,
    stream: StreamOption = None,
    since: SinceOption = None,
    from_seq: FromSeqOption = None,
    follow: Annotated[
        bool, typer.Option("--follow", "-f", help="Keep reading as events arrive (Ctrl-C stops).")
    ] = False,
    limit: Annotated[int | None, typer.Option(min=1, help="Stop after this many events.")] = None,
    json_output: JsonOption = False,
) -> None:
    """Print events from the streams, filtered by the broker by type, country and category.

    Without --since or --from-seq: from the start of each stream, or only new events with
    --follow. Without --follow the command ends at the streams' current end."""
    if since is not None and from_seq is not None:
        raise typer.BadParameter("give --since or --from-seq, not both")
    wanted = EventFilter(tuple(event_type or ()), tuple(country or ()), tuple(category or ()))
    start = StartAt(sequence=from_seq, time=since)
    run(
        _tail(
            target_of(ctx), wanted, streams=tuple(stream or ()), start=start,
            follow=follow, limit=limit, json_output=json_output,
        )
    )  # fmt: skip


async def _tail(
    target: Target,
    wanted: EventFilter,
    *,
    streams: tuple[str, ...],
    start: StartAt,
    follow: bool,
    limit: int | None,
    json_output: bool,
) -> None:
    client = await connect(target.nats_url, target.nats_credentials())
    try:
        async for event in tail(
            client, wanted, streams=streams, start=start, follow=follow, limit=limit
        ):
            if json_output:
                emit_json(event.to_json())
            else:
                console().print(_line(event))
    except nats.errors.Error as exc:
        raise stream_error(exc) from exc
    finally:
        await client.close()


def _line(event: TailedEvent) -> str:
    when = event.stored_at.isoformat(timespec="milliseconds") if event.stored_at else "-"
    head = f"[dim]{escape(event.stream)}#{event.sequence} {escape(when)}[/] {escape(event.subject)}"
    if event.event is None:
        return f"{head} [red]not a CloudEvent: {escape(event.error or '')}[/]"
    about = event.event.get("subject") or ""
    return f"{head} [bold]{escape(str(event.event.get('id')))}[/] {escape(str(about))}"


@app.command("replay")
def replay_events(
    ctx: typer.Context,
    *,
    consumer: Annotated[str, typer.Option(help="Durable consumer whose handlers run.")],
    service: Annotated[
        str | None,
        typer.Option(help="Service that owns the consumer; default: the one that has it."),
    ] = None,
    since: SinceOption = None,
    from_seq: FromSeqOption = None,
    reapply: Annotated[
        bool, typer.Option(help="Apply again the events the consumer already applied.")
    ] = False,
    json_output: JsonOption = False,
) -> None:
    """Re-deliver a range of a stream into a service's durable consumer (its handlers, in this
    process, with the service's database); events already applied are skipped unless --reapply."""
    if (since is None) == (from_seq is None):
        raise typer.BadParameter("give one of --since and --from-seq")
    report, owner = run(
        _replay(
            target_of(ctx), service=service, consumer=consumer, from_seq=from_seq,
            start_time=since, reapply=reapply,
        )
    )  # fmt: skip
    if json_output:
        emit_json({"service": owner, "consumer": consumer, **dataclasses.asdict(report)})
        return
    emit_fields(
        [("service", owner), ("consumer", consumer)]
        + [(name, value) for name, value in dataclasses.asdict(report).items()]
    )


async def _replay(
    target: Target,
    *,
    service: str | None,
    consumer: str,
    from_seq: int | None,
    start_time: datetime | None,
    reapply: bool,
) -> tuple[ReplayReport, str]:
    candidates = services_module.named([service] if service else None)
    for candidate in candidates:
        async with services_module.opened(candidate, target) as platform:
            if service is None and consumer not in {c.sub.durable for c in platform.consumers}:
                continue
            try:
                report = await operations.replay_consumer(
                    platform, consumer, start_sequence=from_seq, start_time=start_time,
                    reapply=reapply,
                )  # fmt: skip
            except operations.UnknownConsumer as exc:
                raise CliError(str(exc), exit_code=EXIT_NOT_FOUND) from exc
            except operations.NatsUnreachable as exc:
                raise CliError(str(exc), exit_code=EXIT_UNREACHABLE) from exc
            return report, candidate.name
    raise CliError(f"no service has a consumer {consumer!r}", exit_code=EXIT_NOT_FOUND)
