"""Logs: every line a process writes is one JSON object with the same keys, requests' lines carry
their request and trace ids, a traceback is one field."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import subprocess
import sys
import warnings
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
import structlog
from opentelemetry import trace
from pdp_common.logging import FIRST_KEYS, setup_logging
from pdp_common.testing.apps import Identities
from pdp_common.testing.nats_server import NatsServer, free_port

from tests.shared.polling import eventually

ROOT = Path(__file__).resolve().parents[2]
COMMON_KEYS = {"timestamp", "level", "logger", "message", "service"}
OK_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
FAIL_TRACE = "0af7651916cd43dd8448eb211c80319c"


def _traceparent(trace_id: str) -> str:
    return f"00-{trace_id}-b7ad6b7169203331-01"


def _environment(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PDP_")}
    env.update({f"PDP_SAMPLE_{key.upper()}": value for key, value in settings.items()})
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "tests.shared.sample", *args]


def _json_lines(output: str) -> list[dict[str, Any]]:
    """Parse every line of ``output``; fail on the first that is not one JSON object."""
    lines = output.splitlines()
    assert lines, "the process wrote nothing"
    parsed = []
    for line in lines:
        value = json.loads(line)
        assert isinstance(value, dict), line
        parsed.append(value)
    return parsed


@dataclass(frozen=True)
class Answer:
    """A response of the served process."""

    status: int
    headers: dict[str, str]
    text: str


@dataclass(frozen=True)
class Served:
    """What a served sample service wrote, and the answers it gave."""

    lines: list[dict[str, Any]]
    ok: Answer
    failed: Answer
    anonymous: Answer


async def _answer(response: aiohttp.ClientResponse) -> Answer:
    headers = {name.lower(): value for name, value in response.headers.items()}
    return Answer(response.status, headers, await response.text())


async def _requests(base_url: str, identities: Identities) -> tuple[Answer, Answer, Answer]:
    # aiohttp, not httpx: this worker's httpx may be traced, and would send its own traceparent.
    async with aiohttp.ClientSession(base_url) as http:
        ok = await _answer(
            await http.post(
                "/api/v1/notes",
                json={"text": "hello"},
                headers=identities.headers()
                | {"X-Request-ID": "log-ok", "traceparent": _traceparent(OK_TRACE)},
            )
        )
        failed = await _answer(
            await http.post(
                "/api/v1/notes",
                json={"text": "fail-after-event"},
                headers=identities.headers()
                | {"X-Request-ID": "log-fail", "traceparent": _traceparent(FAIL_TRACE)},
            )
        )
        anonymous = await _answer(await http.get("/livez"))
    return ok, failed, anonymous


@pytest_asyncio.fixture(scope="module")
async def served(
    nats_server: NatsServer, identities: Identities, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Served]:
    """Serve the sample service as a process, make three requests, stop it; keep its output."""
    tmp = tmp_path_factory.mktemp("served")
    port = free_port()
    env = _environment(
        port=str(port),
        database_url=f"sqlite+aiosqlite:///{tmp / 'sample.db'}",
        nats_url=nats_server.url,
        identity_public_key=identities.public_pem.decode(),
        log_access="true",
        var_dir=str(tmp),
    )
    output = tmp / "stdout.log"
    base_url = f"http://127.0.0.1:{port}"
    with output.open("wb") as sink:
        process = await asyncio.create_subprocess_exec(
            *_command("serve"), cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT
        )
    try:
        async with aiohttp.ClientSession(base_url) as probe:

            async def ready() -> bool:
                assert process.returncode is None, output.read_text()
                try:
                    async with probe.get("/readyz") as response:
                        return response.status == 200
                except aiohttp.ClientError:
                    return False

            await eventually(ready, timeout=30)
        ok, failed, anonymous = await _requests(base_url, identities)
    finally:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 30)
    yield Served(_json_lines(output.read_text()), ok, failed, anonymous)


class TestServedProcess:
    def test_every_line_is_one_json_object_with_the_common_keys(self, served: Served) -> None:
        for line in served.lines:
            assert line.keys() >= COMMON_KEYS, line
            assert line["service"] == "sample"
            assert list(line)[: len(COMMON_KEYS)] == [k for k in FIRST_KEYS if k in COMMON_KEYS]

    def test_uvicorn_and_alembic_lines_are_json(self, served: Served) -> None:
        messages = {(line["logger"], line["message"].split(" ")[0]) for line in served.lines}
        assert ("uvicorn.error", "Started") in messages
        assert ("uvicorn.error", "Uvicorn") in messages
        assert ("uvicorn.error", "Finished") in messages
        assert ("alembic.runtime.migration", "Running") in messages

    def test_lines_of_a_request_carry_its_request_and_trace_ids(self, served: Served) -> None:
        assert served.ok.status == 201, served.ok.text
        ok = [line for line in served.lines if line.get("request_id") == "log-ok"]
        assert ok, "no line of the request"
        assert all(line["trace_id"] == OK_TRACE for line in ok)
        assert [line["logger"] for line in ok] == ["uvicorn.access"]
        traced = [line for line in served.lines if line.get("trace_id") == OK_TRACE]
        assert traced == ok

    def test_request_without_traceparent_has_a_request_id_only(self, served: Served) -> None:
        request_id = served.anonymous.headers["x-request-id"]
        (line,) = [line for line in served.lines if line.get("request_id") == request_id]
        assert "/livez" in line["message"]
        assert "trace_id" not in line

    def test_unexpected_failure_is_one_line_with_its_traceback(self, served: Served) -> None:
        assert served.failed.status == 500
        assert served.failed.headers["x-request-id"] == "log-fail"
        (failure,) = [line for line in served.lines if "exception" in line]
        assert failure["level"] == "error"
        assert failure["message"] == "unhandled error"
        assert failure["request_id"] == "log-fail"
        assert failure["trace_id"] == FAIL_TRACE
        assert failure["exception"].startswith("Traceback (most recent call last):")
        assert "RuntimeError: the business write fails" in failure["exception"]
        assert list(failure)[-1] == "exception"
        lines = [line for line in served.lines if line.get("request_id") == "log-fail"]
        assert [line["logger"] for line in lines] == ["pdp_common.middleware", "uvicorn.access"]
        assert all(line["trace_id"] == FAIL_TRACE for line in lines)


class TestCommandLine:
    def test_uncaught_exception_at_startup_is_one_json_line(self, tmp_path: Path) -> None:
        env = _environment(port="not-a-port", var_dir=str(tmp_path))
        done = subprocess.run(
            _command("serve"),
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 1
        assert done.stderr == ""
        (line,) = _json_lines(done.stdout)
        assert line["level"] == "critical"
        assert line["message"] == "uncaught exception"
        assert line["service"] == "sample"
        assert "ValidationError" in line["exception"]


@pytest.fixture
def configured() -> Iterator[None]:
    """Leave the process's logging as a service's lifespan leaves it, whatever a test set."""
    yield
    setup_logging("tests", level="WARNING")


def _written(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    return _json_lines(capsys.readouterr().out)


@pytest.mark.usefixtures("configured")
class TestSetupLogging:
    def test_structlog_line_carries_bound_context(self, capsys: pytest.CaptureFixture[str]) -> None:
        setup_logging("svc")
        with structlog.contextvars.bound_contextvars(request_id="r-1", trace_id=OK_TRACE):
            structlog.get_logger("svc.part").info("did %s", "it", count=2)
        (line,) = _written(capsys)
        assert line == {
            "timestamp": line["timestamp"],
            "level": "info",
            "logger": "svc.part",
            "message": "did it",
            "service": "svc",
            "request_id": "r-1",
            "trace_id": OK_TRACE,
            "count": 2,
        }
        assert line["timestamp"].endswith("Z")

    def test_recording_span_gives_trace_and_span_ids(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        setup_logging("svc")
        with (
            structlog.contextvars.bound_contextvars(trace_id=OK_TRACE),
            trace.get_tracer("tests").start_as_current_span("work") as span,
        ):
            structlog.get_logger().info("inside")
            logging.getLogger("some.library").info("inside too")
        context = span.get_span_context()
        for line in _written(capsys):
            assert line["trace_id"] == format(context.trace_id, "032x")
            assert line["span_id"] == format(context.span_id, "016x")

    def test_standard_library_line_gets_the_same_keys(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        setup_logging("svc")
        with structlog.contextvars.bound_contextvars(request_id="r-2"):
            logging.getLogger("some.library").warning("careful with %s", "that")
        (line,) = _written(capsys)
        assert list(line) == [*FIRST_KEYS[:6]]
        assert line["logger"] == "some.library"
        assert line["level"] == "warning"
        assert line["message"] == "careful with that"
        assert line["request_id"] == "r-2"

    def test_exception_is_one_field_of_one_line(self, capsys: pytest.CaptureFixture[str]) -> None:
        setup_logging("svc")
        try:
            raise ValueError("line one\nline two")
        except ValueError:
            logging.getLogger("some.library").exception("it broke")
            structlog.get_logger().exception("it broke again")
        output = capsys.readouterr().out
        assert len(output.splitlines()) == 2
        for line in _json_lines(output):
            assert line["level"] == "error"
            assert "ValueError: line one\nline two" in line["exception"]

    def test_warnings_are_logged(self, capsys: pytest.CaptureFixture[str]) -> None:
        # pytest records each test's warnings itself: hand them to logging afresh for this one.
        logging.captureWarnings(False)
        setup_logging("svc")
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.warn("this is going away", UserWarning, stacklevel=1)
        (line,) = _written(capsys)
        assert line["logger"] == "py.warnings"
        assert line["level"] == "warning"
        assert "UserWarning: this is going away" in line["message"]

    def test_level_filters_both_kinds_of_logger(self, capsys: pytest.CaptureFixture[str]) -> None:
        setup_logging("svc", level="WARNING")
        structlog.get_logger().info("dropped")
        logging.getLogger("some.library").info("dropped")
        structlog.get_logger().warning("kept")
        assert [line["message"] for line in _written(capsys)] == ["kept"]

    def test_setting_up_again_keeps_one_handler(self, capsys: pytest.CaptureFixture[str]) -> None:
        setup_logging("first")
        setup_logging("second")
        structlog.get_logger().info("once")
        (line,) = _written(capsys)
        assert line["service"] == "second"

    def test_console_output_is_readable_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        setup_logging("svc", json_output=False)
        structlog.get_logger().info("hello there", who="operator")
        output = capsys.readouterr().out
        assert "hello there" in output
        assert "who=operator" in output
        assert not output.startswith("{")
