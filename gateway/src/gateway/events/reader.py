"""Read the aggregate stream for one client, no faster than the client takes the events.

Each reader has its own ephemeral pull consumer (no acks, state in memory, named
``gateway_sse_<id>``), filtered by subject on the broker. It asks the broker for at most
``buffer`` messages at a time and only once the previous ones have been handed on, so a client
that reads slowly holds at most ``buffer`` messages of the gateway's memory; the broker keeps the
rest. When idle it waits for one message at a time, so each event is handed on as soon as it
arrives. The consumer is deleted when the reader closes, and expires on the broker by itself
(``inactive_threshold``) if the gateway goes away without deleting it.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator, Sequence

import anyio
import nats.errors
import nats.js.errors
import structlog
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig

from gateway.events.position import Start

log = structlog.get_logger(__name__)

CONSUMER_PREFIX = "gateway_sse_"
DELETE_TIMEOUT_SECONDS = 2.0


class ReaderGone(ConnectionError):
    """The broker or the reader's consumer went away; the client should reconnect and resume."""


def consumer_config(
    *, name: str, start: Start, subjects: Sequence[str], inactive_seconds: float
) -> ConsumerConfig:
    """Return the configuration of a reader's ephemeral consumer."""
    return ConsumerConfig(
        name=name,
        deliver_policy=start.policy,
        opt_start_seq=start.sequence,
        opt_start_time=start.time,
        ack_policy=AckPolicy.NONE,
        filter_subjects=list(subjects),
        inactive_threshold=inactive_seconds,
        mem_storage=True,
        num_replicas=1,
    )


class StreamReader:
    """One client's reading of the aggregate stream."""

    def __init__(
        self,
        js: JetStreamContext,
        stream: str,
        *,
        start: Start,
        subjects: Sequence[str],
        buffer: int,
        fetch_seconds: float,
        inactive_seconds: float,
    ) -> None:
        self.js = js
        self.stream = stream
        self.name = CONSUMER_PREFIX + uuid.uuid4().hex
        self.buffer = max(1, buffer)
        self.fetch_seconds = fetch_seconds
        self._config = consumer_config(
            name=self.name, start=start, subjects=subjects, inactive_seconds=inactive_seconds
        )
        self._sub: JetStreamContext.PullSubscription | None = None

    async def open(self) -> None:
        """Create the consumer on the broker and subscribe to it."""
        await self.js.add_consumer(self.stream, self._config)
        self._sub = await self.js.pull_subscribe_bind(
            consumer=self.name,
            stream=self.stream,
            # Never reached (at most ``buffer`` messages are asked for at a time, plus one from a
            # wait that ended as it was answered); a message over it would be dropped unseen.
            pending_msgs_limit=self.buffer * 4 + 16,
            pending_bytes_limit=-1,
        )

    async def batches(self) -> AsyncIterator[list[Msg]]:
        """Yield the stream's messages in order, a batch at a time, forever (an empty batch
        each time ``fetch_seconds`` pass without a message).

        Raises :class:`ReaderGone` when the broker connection or the consumer is lost (checked
        whenever a wait ends empty)."""
        assert self._sub is not None, "open() first"
        pending = 0
        while True:
            size = min(self.buffer, pending) if pending > 0 else 1
            try:
                messages = await self._sub.fetch(size, timeout=self.fetch_seconds)
            except TimeoutError:
                messages = []
            except nats.errors.Error as exc:
                raise ReaderGone(str(exc)) from exc
            if not messages:
                await self._check_consumer()
            pending = messages[-1].metadata.num_pending if messages else 0
            yield messages

    async def _check_consumer(self) -> None:
        """Raise ReaderGone when the consumer no longer exists (deleted, or lost by a broker
        that restarted): a pull from a missing consumer returns nothing rather than failing."""
        assert self._sub is not None
        try:
            await self._sub.consumer_info()
        except nats.js.errors.NotFoundError as exc:
            raise ReaderGone(f"consumer {self.name} is gone") from exc
        except (nats.errors.Error, TimeoutError) as exc:
            raise ReaderGone(str(exc)) from exc

    async def close(self) -> None:
        """Unsubscribe and delete the consumer (it would expire by itself otherwise)."""
        with anyio.move_on_after(DELETE_TIMEOUT_SECONDS):
            if self._sub is not None:
                with contextlib.suppress(nats.errors.Error, TimeoutError):
                    await self._sub.unsubscribe()
                self._sub = None
            with contextlib.suppress(nats.errors.Error, TimeoutError, OSError):
                await self.js.delete_consumer(self.stream, self.name)
