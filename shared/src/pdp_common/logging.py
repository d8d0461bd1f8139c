"""One logging setup for every process: each line one JSON object with the same keys.

structlog's loggers and the standard library's (uvicorn, alembic, sqlalchemy, asyncio, nats,
httpx, ``warnings``...) go through one handler on the root logger whose
:class:`structlog.stdlib.ProcessorFormatter` renders them alike: ``timestamp``, ``level``,
``logger``, ``message``, ``service``, then, when present, ``request_id``, ``trace_id`` and
``span_id``, the event's own fields, and ``exception`` (a traceback as one string field).

Request context travels in structlog's context variables: whoever serves a request binds
``request_id`` and ``trace_id`` with :func:`structlog.contextvars.bind_contextvars` for its
duration. When an OpenTelemetry span is recording, its trace and span ids win over a bound
``trace_id``.
"""

from __future__ import annotations

import logging
import sys
import threading
from types import TracebackType
from typing import Any, TextIO

import structlog
from opentelemetry import trace
from structlog.typing import EventDict, Processor, WrappedLogger

FIRST_KEYS = (
    "timestamp",
    "level",
    "logger",
    "message",
    "service",
    "request_id",
    "trace_id",
    "span_id",
)
LAST_KEYS = ("exception",)
# Loggers that uvicorn's own logging configuration gives handlers of their own; when they have
# some (uvicorn started with its default configuration), they are sent through ours instead.
SERVER_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")

log = structlog.get_logger(__name__)


def add_trace_context(_logger: WrappedLogger, _method: str, event: EventDict) -> EventDict:
    """Add the trace and span ids of the recording span, if any (a bound trace_id stays else)."""
    span = trace.get_current_span()
    if span.is_recording():
        span_context = span.get_span_context()
        event["trace_id"] = format(span_context.trace_id, "032x")
        event["span_id"] = format(span_context.span_id, "016x")
    return event


def order_keys(_logger: WrappedLogger, _method: str, event: EventDict) -> EventDict:
    """Put the common keys first and the traceback last, so lines read alike."""
    ordered = {key: event.pop(key) for key in FIRST_KEYS if key in event}
    last = {key: event.pop(key) for key in LAST_KEYS if key in event}
    return {**ordered, **event, **last}


def _service_field(service: str) -> Processor:
    def add_service(_logger: WrappedLogger, _method: str, event: EventDict) -> EventDict:
        event.setdefault("service", service)
        return event

    return add_service


class _StdoutHandler(logging.StreamHandler[TextIO]):
    """Write to whatever ``sys.stdout`` is when a record arrives (tests swap it)."""

    def __init__(self) -> None:
        super().__init__(sys.stdout)

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stdout
        super().emit(record)


def _renderers(json_output: bool) -> list[Processor]:
    if not json_output:
        return [structlog.dev.ConsoleRenderer(colors=sys.stdout.isatty())]
    return [
        structlog.processors.format_exc_info,
        structlog.processors.EventRenamer("message"),
        order_keys,
        structlog.processors.JSONRenderer(),
    ]


def setup_logging(service: str, *, level: str = "INFO", json_output: bool = True) -> None:
    """Send every log line of this process to stdout through one formatter: JSON by default,
    a readable console rendering when ``json_output`` is false. Calling it again reconfigures."""
    numeric_level = logging.getLevelNamesMapping().get(level.upper(), logging.INFO)
    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _service_field(service),
        add_trace_context,
    ]
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.make_filtering_bound_logger(numeric_level),
        cache_logger_on_first_use=False,
    )
    handler = _StdoutHandler()
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                *_renderers(json_output),
            ],
        )
    )
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _StdoutHandler)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(numeric_level)
    for name in SERVER_LOGGERS:
        server_logger = logging.getLogger(name)
        if server_logger.handlers:
            server_logger.handlers.clear()
            server_logger.propagate = True
    logging.captureWarnings(True)


def _log_uncaught(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    log.critical("uncaught exception", exc_info=(exc_type, exc, tb))


def _log_uncaught_in_thread(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None or issubclass(args.exc_type, SystemExit):
        return
    thread = args.thread.name if args.thread is not None else None
    log.critical(
        "uncaught exception in thread",
        thread=thread,
        exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
    )


def _log_unraisable(unraisable: Any) -> None:
    exc = unraisable.exc_value
    log.error(
        unraisable.err_msg or "exception ignored",
        object=repr(unraisable.object),
        exc_info=(unraisable.exc_type, exc, unraisable.exc_traceback) if exc else None,
    )


def log_uncaught_exceptions() -> None:
    """Log exceptions nothing caught (main thread, other threads, ignored ones) as one line each.

    Process-wide hooks: the command line of a process installs them, a test runner keeps its own.
    """
    sys.excepthook = _log_uncaught
    threading.excepthook = _log_uncaught_in_thread
    sys.unraisablehook = _log_unraisable
