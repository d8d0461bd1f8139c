"""Read events off JetStream streams as they are and as they come, filtered by the broker.

Each stream is read through an ephemeral pull consumer without acknowledgements (nothing of the
platform's own consumers is touched) whose ``filter_subjects`` select the event types, countries
and categories asked for (:func:`pdp_common.events.subjects.filter_subjects`), so that the
broker sends only what is wanted. Without ``follow`` a stream is read up to its end at the time of
the call; with it, reading goes on until the limit or Ctrl-C.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import nats
import nats.errors
import nats.js.errors
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from pdp_common.events.envelope import EnvelopeError, decode, producer_of
from pdp_common.events.streams import stream_name
from pdp_common.events.subjects import FilterError, filter_subjects
from pdp_common.nats_credentials import NatsCredentials
from pdp_common.nats_servers import parse_nats_servers

from pdp_cli.failures import EXIT_FAILED, EXIT_NOT_FOUND, EXIT_UNREACHABLE, EXIT_USAGE, CliError

PRODUCER_STREAMS = ("PDP_INCIDENTS", "PDP_ORGANIZATIONS", "PDP_COUNTRY_TEAMS", "PDP_BRIEFINGS")
BATCH = 256
FETCH_SECONDS = 1.0
CONNECT_SECONDS = 5.0


@dataclass(frozen=True)
class EventFilter:
    """Which events to read: any of these types, countries and categories (empty: any)."""

    types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        """Tell whether the filter selects everything."""
        return not (self.types or self.countries or self.categories)


@dataclass(frozen=True)
class StartAt:
    """Where reading starts: a stream sequence, a time, or (neither) the start, or only new
    messages when following."""

    sequence: int | None = None
    time: datetime | None = None


@dataclass(frozen=True)
class TailedEvent:
    """One message read: where it sits, and the CloudEvent it carries (or why it is not one)."""

    stream: str
    sequence: int
    subject: str
    stored_at: datetime | None
    event: dict[str, Any] | None
    error: str | None = None

    @classmethod
    def of(cls, stream: str, msg: Msg) -> TailedEvent:
        """Return the event read from ``msg``."""
        meta = msg.metadata
        try:
            envelope = decode(msg.data, dict(msg.headers or {}))
        except EnvelopeError as exc:
            return cls(stream, meta.sequence.stream, msg.subject, meta.timestamp, None, str(exc))
        event = json.loads(envelope.model_dump_json(exclude_none=True))
        return cls(stream, meta.sequence.stream, msg.subject, meta.timestamp, event)

    def to_json(self) -> dict[str, Any]:
        """Return the JSON document of this event (one line of ``--json`` output)."""
        document: dict[str, Any] = {
            "stream": self.stream,
            "sequence": self.sequence,
            "subject": self.subject,
            "stored_at": self.stored_at.isoformat() if self.stored_at else None,
            "event": self.event,
        }
        if self.error:
            document["error"] = self.error
        return document


async def connect(nats_url: str, credentials: NatsCredentials | None = None) -> Client:
    """Connect to NATS (as ``credentials`` say), or explain that it cannot be reached."""
    try:
        servers = list(parse_nats_servers(nats_url))
    except ValueError as exc:
        raise CliError(f"--nats-url {nats_url!r}: {exc}", exit_code=EXIT_USAGE) from exc
    try:
        return await nats.connect(
            servers=servers,
            connect_timeout=CONNECT_SECONDS,
            max_reconnect_attempts=1,
            reconnect_time_wait=0.2,
            allow_reconnect=False,
            error_cb=_quiet,
            name="pdp-cli",
            **(credentials or NatsCredentials()).connect_options(),
        )
    except (nats.errors.Error, OSError, TimeoutError) as exc:
        raise CliError(
            f"cannot reach NATS at {nats_url}: {exc or type(exc).__name__} "
            "(is the platform running? see --nats-url / PDP_NATS_URL)",
            exit_code=EXIT_UNREACHABLE,
        ) from exc


async def _quiet(exc: Exception) -> None:
    """Keep nats-py from logging each failed attempt; the failure is reported once."""


def check(wanted: EventFilter) -> None:
    """Refuse a type, country or category no subject can carry, before reading anything."""
    try:
        filter_subjects(
            types=wanted.types, countries=wanted.countries, categories=wanted.categories
        )
    except FilterError as exc:
        raise CliError(str(exc), exit_code=EXIT_USAGE) from exc


def streams_for(wanted: EventFilter, streams: Sequence[str]) -> tuple[list[str], bool]:
    """Return the streams to read and whether they were named (not guessed from the types)."""
    if streams:
        return list(dict.fromkeys(streams)), True
    if wanted.types:
        try:
            return sorted({stream_name(producer_of(t)) for t in wanted.types}), False
        except EnvelopeError as exc:
            raise CliError(str(exc), exit_code=EXIT_USAGE) from exc
    return list(PRODUCER_STREAMS), False


async def subjects_of(js: JetStreamContext, stream: str, wanted: EventFilter) -> list[str] | None:
    """Return the subject filters of ``stream`` for ``wanted`` ([]: the whole stream); None when
    none of the wanted types is published on it. Raise ``NotFoundError`` for no such stream."""
    info = await js.stream_info(stream)
    subjects = list(info.config.subjects or [])
    producer = _producer(subjects)
    if wanted.is_empty:
        return []
    if producer is None:
        raise CliError(
            f"stream {stream} does not carry pdp.<producer>.> subjects; it cannot be filtered "
            "by type, country or category",
            exit_code=EXIT_USAGE,
        )
    types = [t for t in wanted.types if t.split(".")[1:2] == [producer]]
    if wanted.types and not types:
        return None
    try:
        return filter_subjects(
            types=types, countries=wanted.countries, categories=wanted.categories, producer=producer
        )
    except FilterError as exc:
        raise CliError(str(exc), exit_code=EXIT_USAGE) from exc


def _producer(subjects: list[str]) -> str | None:
    if len(subjects) != 1:
        return None
    parts = subjects[0].split(".")
    if len(parts) == 3 and parts[0] == "pdp" and parts[2] == ">":
        return parts[1]
    return None


def consumer_config(subjects: list[str], start: StartAt, *, follow: bool) -> ConsumerConfig:
    """Return the configuration of an ephemeral, unacknowledged consumer starting at ``start``."""
    if start.sequence is not None:
        policy = DeliverPolicy.BY_START_SEQUENCE
    elif start.time is not None:
        policy = DeliverPolicy.BY_START_TIME
    else:
        policy = DeliverPolicy.NEW if follow else DeliverPolicy.ALL
    return ConsumerConfig(
        deliver_policy=policy,
        opt_start_seq=start.sequence,
        opt_start_time=start.time,
        ack_policy=AckPolicy.NONE,
        inactive_threshold=30.0,
        mem_storage=True,
        filter_subjects=subjects or None,
        description="pdp events tail",
    )


async def read_stream(
    js: JetStreamContext, stream: str, subjects: list[str], start: StartAt, *, follow: bool
) -> AsyncIterator[TailedEvent]:
    """Yield the stream's messages from ``start``: up to its current end, or on and on."""
    config = consumer_config(subjects, start, follow=follow)
    psub = await js.pull_subscribe("", stream=stream, config=config)
    try:
        if not follow and (await psub.consumer_info()).num_pending == 0:
            return
        while True:
            try:
                messages = await psub.fetch(BATCH, timeout=FETCH_SECONDS)
            except (TimeoutError, nats.errors.TimeoutError):
                if follow:
                    continue
                return
            for msg in messages:
                yield TailedEvent.of(stream, msg)
                if not follow and msg.metadata.num_pending == 0:
                    return
    finally:
        with contextlib.suppress(nats.errors.Error):
            await psub.unsubscribe()


async def tail(
    client: Client,
    wanted: EventFilter,
    *,
    streams: Sequence[str] = (),
    start: StartAt = StartAt(),
    follow: bool = False,
    limit: int | None = None,
) -> AsyncIterator[TailedEvent]:
    """Yield the events ``wanted`` from the streams (named, or those of the types, or all four);
    stream after stream, or merged as they come when following; at most ``limit``."""
    check(wanted)
    js = client.jetstream()
    names, named = streams_for(wanted, streams)
    readers: list[AsyncIterator[TailedEvent]] = []
    for stream in names:
        try:
            subjects = await subjects_of(js, stream, wanted)
        except nats.js.errors.NotFoundError:
            if named:
                raise CliError(f"no stream {stream}", exit_code=EXIT_NOT_FOUND) from None
            continue
        if subjects is not None:
            readers.append(read_stream(js, stream, subjects, start, follow=follow))
    if not readers:
        return
    source = _merged(readers) if follow else _chained(readers)
    count = 0
    async for event in source:
        yield event
        count += 1
        if limit is not None and count >= limit:
            return


async def _chained(readers: list[AsyncIterator[TailedEvent]]) -> AsyncIterator[TailedEvent]:
    for reader in readers:
        async for event in reader:
            yield event


async def _merged(readers: list[AsyncIterator[TailedEvent]]) -> AsyncIterator[TailedEvent]:
    queue: asyncio.Queue[TailedEvent | BaseException] = asyncio.Queue(maxsize=BATCH)

    async def pump(reader: AsyncIterator[TailedEvent]) -> None:
        try:
            async for event in reader:
                await queue.put(event)
        except Exception as exc:
            await queue.put(exc)

    tasks = [asyncio.create_task(pump(reader)) for reader in readers]
    try:
        while True:
            item = await queue.get()
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def stream_error(exc: Exception) -> CliError:
    """Return the error to report for a JetStream failure while reading."""
    return CliError(f"NATS refused: {exc}", exit_code=EXIT_FAILED)
