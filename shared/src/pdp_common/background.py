"""A service's periodic background work: one task that works, then waits for an interval or a wake.

:class:`BackgroundLoop` is the :class:`~pdp_common.platform.Worker` behind the overdue follow-up
checker, the early-warning refresh, the import-job worker and the webhook delivery worker. A
subclass implements :meth:`BackgroundLoop.work`, which returns True while more work is waiting, so
that a backlog is drained at once and an idle loop waits ``interval`` seconds. A failed pass is
logged and tried again at the next interval: it never ends the loop. :meth:`BackgroundLoop.wake`
cuts the wait short; a wake that arrives during a pass makes the loop go round once more.
"""

from __future__ import annotations

import abc
import asyncio
import contextlib

import structlog

log = structlog.get_logger(__name__)


class BackgroundLoop(abc.ABC):
    """Call :meth:`work` in a background task, again at once while it returns True, else after
    ``interval`` seconds or a :meth:`wake`."""

    def __init__(self, *, name: str, interval: float) -> None:
        self.name = name
        self.interval = interval
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()

    @abc.abstractmethod
    async def work(self) -> bool:
        """Do one pass of the work; return True when more is waiting."""

    def start(self) -> None:
        """Start working in the background."""
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name=self.name)

    def wake(self) -> None:
        """Work now instead of at the end of the interval."""
        self._wake.set()

    async def stop(self) -> None:
        """Cancel the work in progress and wait for the task to end."""
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            try:
                while await self.work():
                    pass
            except Exception:
                log.exception("background work failed", task=self.name)
            if self._wake.is_set():
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.interval)
