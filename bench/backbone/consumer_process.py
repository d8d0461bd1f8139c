"""The probe consumer in a process of its own, with a database of its own.

In production the service that reacts to an event is another process than the one that wrote it,
with its own schema; the benchmark runs them the same way. The consuming process reports the
commit stamps of the probes it applied (and its CPU time) over a pipe when asked.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import time
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection

import uvloop
from pdp_common.testing.apps import running
from pdp_common.testing.databases import DatabaseTarget

from bench.backbone.clock import ProbeClock
from bench.backbone.service import DURABLE, ProbeSettings, create_app

READY_SECONDS = 60.0


def consumer_target(target: DatabaseTarget) -> DatabaseTarget:
    """Return the consuming service's database beside the writer's: its own file or schema."""
    if target.backend == "sqlite":
        return replace(target, url=target.url.removesuffix(".db") + "_consumer.db")
    return replace(target, schema=f"{target.schema or 'bench'}_consumer")


@dataclass(frozen=True)
class Stamps:
    """What the consuming process reports: new applied stamps, and its CPU seconds so far."""

    applied: dict[int, int]
    cpu_seconds: float


def _serve(settings: ProbeSettings, conn: Connection) -> None:
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(_consume(settings, conn))


async def _consume(settings: ProbeSettings, conn: Connection) -> None:
    clock = ProbeClock()
    app = create_app(settings, clock, produce=False)
    async with running(app):
        await asyncio.wait_for(
            app.state.platform.consumer(DURABLE).ready.wait(), timeout=READY_SECONDS
        )
        stop = asyncio.Event()
        reported = 0

        def answer() -> None:
            nonlocal reported
            if conn.recv() == "stop":
                stop.set()
                return
            seqs = list(clock.applied)[reported:]
            reported += len(seqs)
            conn.send(Stamps({s: clock.applied[s] for s in seqs}, time.process_time()))

        loop = asyncio.get_running_loop()
        loop.add_reader(conn.fileno(), answer)
        conn.send("ready")
        await stop.wait()
        loop.remove_reader(conn.fileno())


class ConsumerProcess:
    """Start, question and stop the consuming process."""

    def __init__(self, settings: ProbeSettings) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(settings, child), name="bench-consumer", daemon=True
        )
        self.cpu_seconds = 0.0

    async def start(self) -> None:
        """Start the process; return once its consumer is subscribed."""
        self._process.start()
        ready = await asyncio.to_thread(self._conn.poll, READY_SECONDS)
        if not ready or self._conn.recv() != "ready":
            self._process.kill()
            raise RuntimeError("the consuming process did not become ready")

    async def stamps(self) -> dict[int, int]:
        """Return the stamps of the probes applied since the last call."""
        stamps: Stamps = await asyncio.to_thread(self._ask)
        self.cpu_seconds = stamps.cpu_seconds
        return stamps.applied

    def _ask(self) -> Stamps:
        self._conn.send("stamps")
        if not self._conn.poll(READY_SECONDS):
            raise RuntimeError("the consuming process does not answer")
        answer: Stamps = self._conn.recv()
        return answer

    async def stop(self) -> None:
        """Stop the process cleanly (its lifespan closes the consumer and the database)."""
        if self._process.is_alive():
            self._conn.send("stop")
            await asyncio.to_thread(self._process.join, 30)
        if self._process.is_alive():
            self._process.kill()
        self._conn.close()
