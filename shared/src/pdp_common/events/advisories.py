"""Capture of JetStream consumer advisories (max deliveries reached, message terminated).

The ``PDP_ADVISORIES`` stream keeps every advisory. Each service also watches the advisories of its
own consumers and makes sure each such message has a dead-letter record, including messages the
server stopped redelivering because the process died while handling them.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence

import nats.errors
import nats.js.errors
import structlog
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

from pdp_common.db import Database
from pdp_common.events import deadletters
from pdp_common.events.bus import Bus
from pdp_common.events.streams import ADVISORY_STREAM, advisory_stream, ensure_stream
from pdp_common.events.subjects import event_type_of
from pdp_common.events.subscription import Subscription
from pdp_common.events.tasks import stop_task, unsubscribe

log = structlog.get_logger(__name__)

MAX_DELIVERIES = "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES"
TERMINATED = "$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED"


def advisory_subjects(subscriptions: Sequence[Subscription]) -> list[str]:
    """Return the advisory subjects of the given consumers."""
    return sorted(
        f"{kind}.{sub.stream}.{sub.durable}"
        for sub in subscriptions
        for kind in (MAX_DELIVERIES, TERMINATED)
    )


class AdvisoryWatcher:
    """Record a dead letter for every advisory about this service's consumers."""

    def __init__(
        self, db: Database, bus: Bus, subscriptions: Sequence[Subscription], *, service: str
    ) -> None:
        self.db = db
        self.bus = bus
        self.subscriptions = list(subscriptions)
        self.service = service
        self.durable = f"{service.replace('-', '_')}_advisories"
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._psub: JetStreamContext.PullSubscription | None = None

    def start(self) -> None:
        """Start watching in the background (nothing to watch without subscriptions)."""
        self._stopping = False
        if self.subscriptions and self._task is None:
            self._task = asyncio.create_task(self._run(), name=f"advisories-{self.service}")

    async def stop(self) -> None:
        """Stop watching."""
        self._stopping = True
        await stop_task(self._task)
        self._task = None
        await unsubscribe(self._psub)
        self._psub = None

    async def _run(self) -> None:
        while not self._stopping:
            try:
                await self.bus.wait_connected()
                js = self.bus.js
                await ensure_stream(js, advisory_stream())
                config = ConsumerConfig(
                    durable_name=self.durable,
                    deliver_policy=DeliverPolicy.ALL,
                    ack_policy=AckPolicy.EXPLICIT,
                    max_deliver=10,
                    filter_subjects=advisory_subjects(self.subscriptions),
                )
                await js.add_consumer(ADVISORY_STREAM, config)
                psub = await js.pull_subscribe_bind(self.durable, ADVISORY_STREAM)
                self._psub = psub
                while not self._stopping:
                    try:
                        messages = await psub.fetch(32, timeout=1.0)
                    except TimeoutError:
                        continue
                    for msg in messages:
                        await self.handle(msg)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("advisory watcher restarting", error=str(exc))
                await asyncio.sleep(1.0)

    async def handle(self, msg: Msg) -> None:
        """Make sure the message an advisory speaks of has a dead-letter record."""
        advisory = json.loads(msg.data)
        stream, consumer = str(advisory["stream"]), str(advisory["consumer"])
        sequence = int(advisory["stream_seq"])
        reason = "max_deliveries" if msg.subject.startswith(MAX_DELIVERIES) else "terminated"
        async with self.db.read_sessions() as session:
            known = await deadletters.exists(
                session, consumer=consumer, stream=stream, sequence=sequence
            )
        if not known:
            await self._record(stream, consumer, sequence, reason, advisory)
        await msg.ack()

    async def _record(
        self, stream: str, consumer: str, sequence: int, reason: str, advisory: dict[str, object]
    ) -> None:
        try:
            original = await self.bus.js.get_msg(stream, sequence)
            subject, payload = original.subject or "", original.data or b""
            headers = dict(original.headers or {})
        except nats.js.errors.NotFoundError:
            subject, payload, headers = "", b"", {}
        letter = deadletters.DeadLetter(
            consumer=consumer,
            stream=stream,
            stream_sequence=sequence,
            subject=subject,
            event_id=headers.get("Nats-Msg-Id"),
            event_type=event_type_of(subject) if subject else None,
            reason=reason,
            error=f"JetStream advisory: {advisory.get('type', reason)}",
            deliveries=int(str(advisory.get("deliveries", 0))),
            payload=payload,
            headers=headers,
        )
        await deadletters.record(self.db, self.bus, letter)
