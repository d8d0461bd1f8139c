"""The watch loop with real child processes: restarts, back-off, and giving up."""

from __future__ import annotations

import functools
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from deploy.local.processes import ManagedProcess
from deploy.local.readiness import tail, wait_until
from deploy.local.restart_policy import RestartPolicy
from deploy.local.watcher import ComponentFailed, Phase, Watcher

SLEEPER = "import time; print('serving', flush=True); time.sleep(600)"
FAILING = "import sys; print('address already in use', flush=True); sys.exit(3)"
POLICY = RestartPolicy(initial_delay=0.05, max_delay=0.2, reset_after=60, max_start_failures=3)


class Children:
    """Starts named children with a command that the test can change for later starts."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.scripts: dict[str, str] = {}
        self.started: list[ManagedProcess] = []

    def spawn(self, name: str, script: str) -> ManagedProcess:
        self.scripts[name] = script
        return self._start(name)

    def respawn(self, process: ManagedProcess) -> ManagedProcess:
        return self._start(process.name)

    def _start(self, name: str) -> ManagedProcess:
        process = ManagedProcess(
            name,
            [sys.executable, "-c", self.scripts[name]],
            env=os.environ,
            cwd=self.tmp_path,
            log_path=self.tmp_path / "log" / f"{name}.log",
        )
        self.started.append(process)
        return process

    def stop_all(self) -> None:
        for process in self.started:
            if process.exit_code() is None:
                process.stop(timeout=5)


@pytest.fixture
def children(tmp_path: Path) -> Iterator[Children]:
    started = Children(tmp_path)
    try:
        yield started
    finally:
        started.stop_all()


def _serving(log_path: Path) -> bool:
    """Tell whether the latest start of a child has said it serves (the last line of its log)."""
    return tail(log_path, lines=1) == "serving"


def _watcher(
    children: Children, processes: Sequence[ManagedProcess], messages: list[str]
) -> Watcher:
    return Watcher(
        [(process, functools.partial(_serving, process.log_path)) for process in processes],
        respawn=children.respawn,
        policy=POLICY,
        ready_timeout=30,
        report=messages.append,
    )


class TestRestarts:
    def test_a_killed_process_comes_back_and_the_others_keep_running(
        self, children: Children
    ) -> None:
        broker = children.spawn("nats-server", SLEEPER)
        service = children.spawn("incidents", SLEEPER)
        messages: list[str] = []
        watcher = _watcher(children, [broker, service], messages)
        os.kill(broker.pid, signal.SIGKILL)
        broker.wait(30)

        def back() -> bool:
            watcher.check()
            return all(item.phase is Phase.UP for item in watcher.watched) and len(messages) >= 3

        assert wait_until(back, timeout=30, interval=0.05), messages
        restarted = watcher.watched[0].process
        assert restarted is not broker
        assert restarted.exit_code() is None
        assert watcher.watched[1].process is service
        assert service.exit_code() is None
        assert messages[0].startswith("nats-server: nats-server exited with signal SIGKILL;")
        assert "restarting in 0.1 s" in messages[0]
        assert str(broker.log_path) in messages[0]
        assert messages[1] == "nats-server: restarting (restart 1)"
        assert messages[2].startswith("nats-server: ready again after")

    def test_gives_up_on_a_component_that_keeps_failing_at_start(self, children: Children) -> None:
        service = children.spawn("incidents", SLEEPER)
        other = children.spawn("briefings", SLEEPER)
        messages: list[str] = []
        watcher = _watcher(children, [service, other], messages)
        children.scripts["incidents"] = FAILING
        os.kill(service.pid, signal.SIGKILL)

        def gave_up() -> bool:
            try:
                watcher.check()
            except ComponentFailed as exc:
                messages.append(f"failed: {exc}")
                return True
            return False

        assert wait_until(gave_up, timeout=60, interval=0.05), messages
        failure = messages[-1]
        assert failure.startswith("failed: incidents failed to start 3 times in a row; giving up.")
        assert "last failure: incidents exited with code 3" in failure
        assert "address already in use" in failure
        assert other.exit_code() is None
        assert sum("restarting (restart" in m for m in messages) == 3

    def test_a_start_that_never_gets_ready_is_stopped_and_counted(self, children: Children) -> None:
        service = children.spawn("incidents", SLEEPER)
        messages: list[str] = []
        watcher = Watcher(
            [(service, lambda: False)],
            respawn=children.respawn,
            policy=RestartPolicy(initial_delay=0.05, max_delay=0.05, max_start_failures=1),
            ready_timeout=0.5,
            report=messages.append,
        )
        service.stop(timeout=5)

        def gave_up() -> bool:
            try:
                watcher.check()
            except ComponentFailed as exc:
                messages.append(str(exc))
                return True
            return False

        assert wait_until(gave_up, timeout=60, interval=0.05), messages
        assert "incidents not ready after 0.5 s (PDP_LOCAL_READY_TIMEOUT_SECONDS)" in messages[-1]
        assert all(process.exit_code() is not None for process in children.started)
