"""Create a durable consumer, or bring an existing one to its configuration without losing events.

A durable's filters change in place (its position and pending acks are kept). One change needs
more: a durable that filtered on an event's bare type (``pdp.incidents.incident.reported.v1``,
the subject of events before subjects carried a country and a category) passed over the events
published on ``<type>.>`` while it ran with the old filter, and the server would not go back for
them once the filter includes them. Such a durable is made again, starting at the first message it
may have passed over (or after what it acknowledged, if that is earlier); what it had applied
already comes again and is only acknowledged, thanks to the consumer's inbox.
"""

from __future__ import annotations

import contextlib

import nats.js.errors
import structlog
from nats.js import JetStreamContext
from nats.js.api import ConsumerConfig, ConsumerInfo, DeliverPolicy

log = structlog.get_logger(__name__)


async def ensure_durable(js: JetStreamContext, stream: str, config: ConsumerConfig) -> None:
    """Create the durable consumer ``config`` names on ``stream``, or bring it to ``config``."""
    durable = config.durable_name
    assert durable, "a durable consumer needs a durable name"
    try:
        info = await js.consumer_info(stream, durable)
    except nats.js.errors.NotFoundError:
        await js.add_consumer(stream, config)
        return
    start = await _restart_sequence(js, stream, info, config)
    if start is None:
        # Keep where it started: the deliver policy of a consumer cannot change.
        kept = info.config
        await js.add_consumer(
            stream,
            config.evolve(
                deliver_policy=kept.deliver_policy,
                opt_start_seq=kept.opt_start_seq,
                opt_start_time=kept.opt_start_time,
            ),
        )
        return
    log.warning("durable consumer restarted for its new subjects", durable=durable, start=start)
    with contextlib.suppress(nats.js.errors.NotFoundError):  # another replica got there first
        await js.delete_consumer(stream, durable)
    await js.add_consumer(
        stream,
        config.evolve(
            deliver_policy=DeliverPolicy.BY_START_SEQUENCE, opt_start_seq=start, opt_start_time=None
        ),
    )


def passed_over(current: ConsumerConfig, wanted: ConsumerConfig) -> list[str]:
    """Return the filters of ``wanted`` whose messages a durable with ``current`` passed over:
    ``<type>.>`` of each bare type ``current`` filtered on without it."""
    have = set(current.filter_subjects or ())
    if current.filter_subject:
        have.add(current.filter_subject)
    new = set(wanted.filter_subjects or ()) - have
    return sorted(f for f in new if f.endswith(".>") and f.removesuffix(".>") in have)


async def _restart_sequence(
    js: JetStreamContext, stream: str, info: ConsumerInfo, config: ConsumerConfig
) -> int | None:
    """Return where the durable must start again, or None when it can be updated in place."""
    missing = passed_over(info.config, config)
    firsts: list[int] = []
    for subject in missing:
        try:
            found = await js.get_msg(stream, seq=1, subject=subject, next=True)
        except nats.js.errors.NotFoundError:
            continue  # nothing on that subject yet
        if found.seq is not None:
            firsts.append(found.seq)
    if not firsts:
        return None
    acknowledged = info.ack_floor.stream_seq if info.ack_floor else 0
    return min(*firsts, acknowledged + 1)
