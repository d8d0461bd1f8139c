"""The background loop: works at start, drains a backlog, waits, wakes, survives a failed pass."""

from __future__ import annotations

import asyncio

from pdp_common.background import BackgroundLoop

HOUR = 3600.0


class Recorder(BackgroundLoop):
    """Counts its passes; ``backlog`` passes report more work; ``fail`` passes raise."""

    def __init__(self, *, backlog: int = 0, fail: int = 0) -> None:
        super().__init__(name="recorder", interval=HOUR)
        self.passes = 0
        self.backlog = backlog
        self.fail = fail
        self.passed = asyncio.Queue[int]()

    async def work(self) -> bool:
        self.passes += 1
        self.passed.put_nowait(self.passes)
        if self.fail:
            self.fail -= 1
            raise RuntimeError("a failed pass")
        if self.backlog:
            self.backlog -= 1
            return True
        return False


async def next_pass(loop: Recorder) -> int:
    return await asyncio.wait_for(loop.passed.get(), timeout=10)


class TestBackgroundLoop:
    async def test_works_at_start_then_waits_for_the_interval(self) -> None:
        loop = Recorder()
        loop.start()
        try:
            assert await next_pass(loop) == 1
            await asyncio.sleep(0.05)
            assert loop.passes == 1  # the next pass is an hour away
        finally:
            await loop.stop()

    async def test_drains_a_backlog_at_once(self) -> None:
        loop = Recorder(backlog=3)
        loop.start()
        try:
            assert [await next_pass(loop) for _ in range(4)] == [1, 2, 3, 4]
        finally:
            await loop.stop()

    async def test_a_wake_cuts_the_wait_short(self) -> None:
        loop = Recorder()
        loop.start()
        try:
            await next_pass(loop)
            loop.wake()
            assert await next_pass(loop) == 2
        finally:
            await loop.stop()

    async def test_a_failed_pass_does_not_end_the_loop(self) -> None:
        loop = Recorder(fail=1)
        loop.start()
        try:
            assert await next_pass(loop) == 1
            loop.wake()
            assert await next_pass(loop) == 2
        finally:
            await loop.stop()

    async def test_stop_ends_the_task_and_start_again_restarts_it(self) -> None:
        loop = Recorder()
        loop.start()
        await next_pass(loop)
        await loop.stop()
        await loop.stop()  # stopping twice is harmless
        loop.start()
        try:
            assert await next_pass(loop) == 2
        finally:
            await loop.stop()
