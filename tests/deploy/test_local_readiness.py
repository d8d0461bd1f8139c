"""Waiting with a deadline, probing HTTP and ports, and reading log tails."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from deploy.local.readiness import StartupError, http_ok, port_in_use, tail, wait_until


class FakeClock:
    """A clock that advances only when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class TestWaitUntil:
    def test_returns_true_once_the_probe_holds(self) -> None:
        clock = FakeClock()
        answers = iter([False, False, True])
        assert wait_until(lambda: next(answers), timeout=5, clock=clock, sleep=clock.sleep)
        assert clock.sleeps == [0.1, 0.1]

    def test_gives_up_at_the_deadline(self) -> None:
        clock = FakeClock()
        assert not wait_until(
            lambda: False, timeout=1.0, interval=0.3, clock=clock, sleep=clock.sleep
        )
        assert clock.now == pytest.approx(1.0)
        assert clock.sleeps[-1] == pytest.approx(0.1)

    def test_abort_reason_stops_the_wait(self) -> None:
        clock = FakeClock()
        reasons = iter([None, "incidents exited with code 3"])
        with pytest.raises(StartupError, match="exited with code 3"):
            wait_until(
                lambda: False,
                timeout=10,
                clock=clock,
                sleep=clock.sleep,
                abort=lambda: next(reasons),
            )
        assert clock.now == pytest.approx(0.1)

    def test_probe_is_tried_even_with_no_time(self) -> None:
        clock = FakeClock()
        assert wait_until(lambda: True, timeout=0, clock=clock, sleep=clock.sleep)


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200 if self.path == "/readyz" else 503)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def http_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class TestHttpOk:
    def test_success_status(self, http_server: str) -> None:
        assert http_ok(http_server + "/readyz")

    def test_error_status(self, http_server: str) -> None:
        assert not http_ok(http_server + "/other")

    def test_nothing_listening(self, free_port: int) -> None:
        assert not http_ok(f"http://127.0.0.1:{free_port}/readyz")


class TestPortInUse:
    def test_listening_socket(self) -> None:
        with socket.socket() as listener:
            listener.bind(("127.0.0.1", 0))
            listener.listen()
            assert port_in_use("127.0.0.1", listener.getsockname()[1])

    def test_free_port(self, free_port: int) -> None:
        assert not port_in_use("127.0.0.1", free_port)


class TestTail:
    def test_last_lines(self, tmp_path: Path) -> None:
        log = tmp_path / "x.log"
        log.write_text("".join(f"line {i}\n" for i in range(100)))
        assert tail(log, 3) == "line 97\nline 98\nline 99"

    def test_missing_log(self, tmp_path: Path) -> None:
        assert "no log" in tail(tmp_path / "missing.log")

    def test_undecodable_bytes_are_replaced(self, tmp_path: Path) -> None:
        log = tmp_path / "x.log"
        log.write_bytes(b"ok\n\xff\xfe broken\n")
        assert tail(log).startswith("ok\n")
