"""Replay of a stream from a sequence or a time, to read it or to re-apply it to a read model."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime

from nats.aio.msg import Msg
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

from pdp_common.events.bus import Bus
from pdp_common.events.consumer import Consumer
from pdp_common.events.envelope import EnvelopeError, decode


@dataclass
class ReplayReport:
    """What a replay into a consumer did."""

    applied: int = 0
    duplicates: int = 0
    ignored: int = 0
    failed: int = 0
    last_sequence: int = 0


def _config(
    *, start_sequence: int | None, start_time: datetime | None, subjects: list[str] | None
) -> ConsumerConfig:
    if (start_sequence is None) == (start_time is None):
        raise ValueError("give exactly one of start_sequence and start_time")
    policy = (
        DeliverPolicy.BY_START_SEQUENCE
        if start_sequence is not None
        else DeliverPolicy.BY_START_TIME
    )
    return ConsumerConfig(
        deliver_policy=policy,
        opt_start_seq=start_sequence,
        opt_start_time=start_time,
        ack_policy=AckPolicy.NONE,
        inactive_threshold=60.0,
        filter_subjects=subjects,
    )


async def replay(
    bus: Bus,
    stream: str,
    *,
    start_sequence: int | None = None,
    start_time: datetime | None = None,
    subjects: list[str] | None = None,
    batch: int = 256,
) -> AsyncIterator[Msg]:
    """Yield the stream's messages from a sequence or a time up to the current end."""
    config = _config(start_sequence=start_sequence, start_time=start_time, subjects=subjects)
    info = await bus.js.stream_info(stream)
    if info.state.messages == 0:
        return
    psub = await bus.js.pull_subscribe("", stream=stream, config=config)
    try:
        while True:
            try:
                messages = await psub.fetch(batch, timeout=1.0)
            except TimeoutError:
                return
            for msg in messages:
                yield msg
                if msg.metadata.num_pending == 0:
                    return
    finally:
        await psub.unsubscribe()


async def replay_into(
    consumer: Consumer,
    *,
    start_sequence: int | None = None,
    start_time: datetime | None = None,
    reapply: bool = False,
) -> ReplayReport:
    """Run a consumer's handlers over past events; with ``reapply``, even those already applied."""
    report = ReplayReport()
    subjects = consumer.sub.filter_subjects()
    async for msg in replay(
        consumer.bus,
        consumer.sub.stream,
        start_sequence=start_sequence,
        start_time=start_time,
        subjects=subjects,
    ):
        report.last_sequence = msg.metadata.sequence.stream
        try:
            envelope = decode(msg.data, dict(msg.headers or {}))
        except EnvelopeError:
            report.failed += 1
            continue
        found = consumer.sub.handler_for(envelope.type)
        if found is None:
            report.ignored += 1
            continue
        applied = await consumer.apply(
            found.typed(envelope), found.handler, sequence=report.last_sequence, reapply=reapply
        )
        report.applied += int(applied)
        report.duplicates += int(not applied)
    return report
