"""Child processes of a local run, each in its own process group with its output in a log file."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

STOP_TIMEOUT_SECONDS = 15.0


def header_line(command: str) -> str:
    """Return the JSON line that opens a process's output in its log file (keys as its own)."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    line = {
        "timestamp": stamp,
        "level": "info",
        "logger": "supervisor",
        "message": "process starting",
        "command": command,
    }
    return json.dumps(line) + "\n"


def _open_log(path: Path, command: str) -> int:
    """Open ``path`` for appending, write a header line, and return the descriptor."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o640)
    os.write(descriptor, header_line(command).encode())
    return descriptor


def describe_exit(code: int) -> str:
    """Describe an exit code, naming the signal when a signal ended the process."""
    if code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"code {code}"


class ManagedProcess:
    """A child started in a new session, so that stopping it stops everything it spawned."""

    def __init__(
        self,
        name: str,
        command: Sequence[str],
        *,
        env: Mapping[str, str],
        cwd: Path,
        log_path: Path,
    ) -> None:
        self.name = name
        self.log_path = log_path
        descriptor = _open_log(log_path, " ".join(command))
        try:
            self._popen = subprocess.Popen(  # noqa: S603 - commands are built by the supervisor
                list(command),
                env=dict(env),
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=descriptor,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            os.close(descriptor)

    @property
    def pid(self) -> int:
        """Return the process id (also its process group id)."""
        return self._popen.pid

    def exit_code(self) -> int | None:
        """Return the exit code, or None while the process runs."""
        return self._popen.poll()

    def exit_reason(self) -> str | None:
        """Describe how the process ended, or return None while it runs."""
        code = self.exit_code()
        if code is None:
            return None
        return f"{self.name} exited with {describe_exit(code)}"

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the process to end and return its exit code."""
        return self._popen.wait(timeout)

    def terminate(self) -> None:
        """Ask the process group to stop (SIGTERM) without waiting."""
        self._signal_group(signal.SIGTERM)

    def stop(self, timeout: float = STOP_TIMEOUT_SECONDS) -> int:
        """Send SIGTERM to the process group, then SIGKILL after ``timeout``; return the code."""
        self._signal_group(signal.SIGTERM)
        try:
            code = self._popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self._signal_group(signal.SIGKILL)
            code = self._popen.wait()
        self._signal_group(signal.SIGKILL)
        return code

    def _signal_group(self, signum: signal.Signals) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self._popen.pid, signum)


@dataclass(frozen=True, slots=True)
class OneShot:
    """A command that runs to completion (migrate, seed-demo), with its own log file."""

    name: str
    command: Sequence[str]
    log_path: Path


def run_together(
    jobs: Sequence[OneShot],
    *,
    env: Mapping[str, str],
    cwd: Path,
    timeout: float,
    clock: Callable[[], float] = time.monotonic,
) -> dict[str, int]:
    """Run one-shot commands side by side and return each one's exit code by name.

    A command still running after ``timeout`` seconds is stopped and reported as -1; all of them
    are stopped if the supervisor is interrupted meanwhile.
    """
    started = [
        ManagedProcess(job.name, job.command, env=env, cwd=cwd, log_path=job.log_path)
        for job in jobs
    ]
    deadline = clock() + timeout
    codes: dict[str, int] = {}
    try:
        for process in started:
            try:
                codes[process.name] = process.wait(max(0.0, deadline - clock()))
            except subprocess.TimeoutExpired:
                process.stop()
                codes[process.name] = -1
    finally:
        for process in started:
            if process.exit_code() is None:
                process.stop()
    return codes
