"""Helpers for hot paths that write thousands of rows a transaction: outbox rows of many events at
once, and the cyclic garbage collector held off while the rows are built.

:func:`pdp_common.events.outbox.event_rows` builds each envelope as a dict and encodes it whole.
:class:`EventTemplate` writes the part of the envelope every event of a batch shares (spec version,
source, type, time, content type, trace context) once, and each event as that text around its own
id, subject and data; the data comes already encoded as JSON text (the caller knows its shape
and can write it from a template of its own). The rows are those :func:`event_rows` gives, in the
form :func:`pdp_common.events.outbox.record_event_rows` stores, and the payloads decode to the
same envelopes as :func:`pdp_common.events.envelope.encode` writes.
"""

from __future__ import annotations

import contextlib
import gc
import json
from collections.abc import Iterator
from datetime import datetime
from json.encoder import encode_basestring
from typing import Any

import uuid_utils
from opentelemetry import propagate
from pydantic import TypeAdapter

from pdp_common.db import utcnow
from pdp_common.events.envelope import SPEC_VERSION, EventData, source_of

_TIME = TypeAdapter(datetime)


def json_text(value: str) -> str:
    """Return ``value`` as a JSON string literal (quoted and escaped, non-ASCII kept)."""
    text: str = encode_basestring(value)
    return text


class EventTemplate:
    """Outbox rows for events of one type stamped at one instant with one trace context."""

    def __init__(self, data_type: type[EventData], *, now: datetime | None = None) -> None:
        if not data_type.event_type:
            raise ValueError(f"{data_type.__qualname__} is not a registered event")
        self.data_type = data_type
        self.event_type = data_type.event_type
        self.now = now or utcnow()
        self.headers: dict[str, str] = {}
        propagate.inject(self.headers)
        shared: dict[str, Any] = {
            "source": source_of(self.event_type),
            "type": self.event_type,
        }
        self._head = f'{{"specversion":{json_text(SPEC_VERSION)},"id":"'
        self._middle = "," + json.dumps(shared, ensure_ascii=False, separators=(",", ":"))[1:-1]
        tail: dict[str, Any] = {"time": _TIME.dump_python(self.now, mode="json")}
        tail["datacontenttype"] = "application/json"
        tail.update(
            (k, self.headers[k]) for k in ("traceparent", "tracestate") if k in self.headers
        )
        self._tail = "," + json.dumps(tail, ensure_ascii=False, separators=(",", ":"))[1:-1]
        self._checked = False

    def check(self, data_json: str) -> None:
        """Validate one event's data against the event's model (a cheap guard against drift)."""
        self.data_type.model_validate(json.loads(data_json))

    def row(self, subject: str | None, data_json: str) -> dict[str, Any]:
        """Return the outbox row of one event whose data is ``data_json`` (a JSON object).

        The first row of a template has its data validated (see :meth:`check`).
        """
        if not self._checked:
            self.check(data_json)
            self._checked = True
        event_id = uuid_utils.uuid7()  # UUIDv7 as new_id(), without the stdlib conversion
        about = "" if subject is None else f',"subject":{json_text(subject)}'
        payload = f'{self._head}{event_id}"{self._middle}{about}{self._tail},"data":{data_json}}}'
        return {
            "id": event_id,
            "subject": self.event_type,
            "event_type": self.event_type,
            "payload": payload.encode(),
            "headers": self.headers,
            "created_at": self.now,
            "attempts": 0,
        }


_pauses = 0
_collecting = True


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector off while a bulk path builds many objects.

    Building thousands of rows makes many objects that live for a while, and each of CPython's
    full collections then walks every object of the process: on an import of 20,000 incidents
    that costs more than the building. Reference counting still frees everything as usual; only
    the search for unreachable cycles waits until the last paused block ends (blocks may nest and
    overlap across tasks). Keep such blocks bounded: the work of one request.
    """
    global _pauses, _collecting  # noqa: PLW0603 - one collector per process
    if _pauses == 0:
        _collecting = gc.isenabled()
        gc.disable()
    _pauses += 1
    try:
        yield
    finally:
        _pauses -= 1
        if _pauses == 0 and _collecting:
            gc.enable()
