"""Child processes of a local run, each in its own process group with its output in a log file."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

STOP_TIMEOUT_SECONDS = 15.0


def _open_log(path: Path, title: str) -> int:
    """Open ``path`` for appending, write a header line, and return the descriptor."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o640)
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    os.write(descriptor, f"===== {stamp} {title}\n".encode())
    return descriptor


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
        return f"{self.name} exited with code {code}"

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the process to end and return its exit code."""
        return self._popen.wait(timeout)

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


def run_to_completion(
    name: str,
    command: Sequence[str],
    *,
    env: Mapping[str, str],
    cwd: Path,
    log_path: Path,
    timeout: float,
) -> int:
    """Run a one-shot command (migrate, seed-demo) and return its exit code.

    The command is stopped if it outlives ``timeout`` or if the supervisor is interrupted.
    """
    process = ManagedProcess(name, command, env=env, cwd=cwd, log_path=log_path)
    try:
        return process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.stop()
        return -1
    finally:
        if process.exit_code() is None:
            process.stop()
