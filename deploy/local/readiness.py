"""Waiting for processes to become ready, with a deadline, and reading the tail of their logs."""

from __future__ import annotations

import socket
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path

import httpx

Probe = Callable[[], bool]


class StartupError(Exception):
    """A component failed to start; the message names it and carries the tail of its log."""


def wait_until(
    probe: Probe,
    *,
    timeout: float,
    interval: float = 0.1,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    abort: Callable[[], str | None] = lambda: None,
) -> bool:
    """Poll ``probe`` until it holds or ``timeout`` seconds pass; return whether it held.

    ``abort`` is asked before every attempt; a non-empty answer (for example "exited with
    code 1") stops the wait at once with a StartupError carrying that reason.
    """
    deadline = clock() + timeout
    while True:
        reason = abort()
        if reason:
            raise StartupError(reason)
        if probe():
            return True
        remaining = deadline - clock()
        if remaining <= 0:
            return False
        sleep(min(interval, remaining))


def http_ok(url: str, *, timeout: float = 2.0) -> bool:
    """Tell whether ``url`` answers with a 2xx status."""
    try:
        response = httpx.get(url, timeout=timeout)
    except httpx.HTTPError:
        return False
    return response.is_success


def port_in_use(host: str, port: int, *, timeout: float = 0.5) -> bool:
    """Tell whether something already accepts connections on ``host:port``."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def tail(path: Path, lines: int = 40) -> str:
    """Return the last ``lines`` lines of a text file, or a note when it is missing."""
    if not path.is_file():
        return f"(no log at {path})"
    with path.open(encoding="utf-8", errors="replace") as handle:
        return "".join(deque(handle, maxlen=lines)).rstrip("\n")
