"""Helpers for hot paths that write thousands of rows a transaction: outbox rows of many events at
once, and the cyclic garbage collector held off while the rows are built.

:func:`pdp_common.events.outbox.record_event` builds each envelope as a model and encodes it
whole. :class:`EventTemplate` writes the part of the envelope every event of a batch shares (spec
version, source, type, time, content type, data schema, trace context) once, and each event as that
text around its own id, subject and data; the data comes already encoded as JSON text (the caller
knows its shape and can write it from a template of its own). Each row's NATS subject carries the
country and category of its data (:func:`pdp_common.events.subjects.publish_subject`). The rows
have the shape of :func:`pdp_common.events.outbox.outbox_row`, and the payloads decode to the same
envelopes as :func:`pdp_common.events.envelope.encode` writes. :func:`store_event_rows` stores them
in the session's transaction, with binary COPY on PostgreSQL (each distinct header set encoded
once, no round trip to open the driver's transaction when it is already open, rows possibly
already in binary COPY form (:class:`BinaryCopy`), built while the database was busy with
something else) and one multi-row INSERT on SQLite, and hands them to the relay at commit.
"""

from __future__ import annotations

import contextlib
import gc
import json
import struct
import uuid
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from json.encoder import encode_basestring
from typing import Any

import uuid_utils
from opentelemetry import propagate
from pydantic import TypeAdapter
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from pdp_common.db import note_outbox_rows, utcnow
from pdp_common.events.dataschema import dataschema_uri
from pdp_common.events.envelope import SPEC_VERSION, EventData, source_of
from pdp_common.events.subjects import publish_subject
from pdp_common.platform_tables import outbox

_TIME = TypeAdapter(datetime)
OUTBOX_COLUMNS = ("id", "subject", "event_type", "payload", "headers", "created_at", "attempts")


def json_text(value: str) -> str:
    """Return ``value`` as a JSON string literal (quoted and escaped, non-ASCII kept)."""
    text: str = encode_basestring(value)
    return text


class BinaryCopy:
    """Fields and rows of PostgreSQL's binary COPY format, for rows built ahead of their COPY.

    A row is the number of its fields, then each field as its length and bytes (-1 for NULL), in
    the type's binary form; :meth:`data` wraps rows with the format's header and trailer. Rows of
    a batch mostly share their fields, so callers encode the shared runs of fields once and join
    them with the few that differ (see :meth:`EventTemplate.binary`).
    """

    HEADER = b"PGCOPY\n\xff\r\n\x00" + bytes(8)  # signature, flags, no header extension
    TRAILER = b"\xff\xff"
    NULL = b"\xff\xff\xff\xff"
    UUID = b"\x00\x00\x00\x10"  # the length of a uuid field, followed by its 16 bytes
    EPOCH = datetime(2000, 1, 1, tzinfo=UTC)

    @staticmethod
    def count(fields: int) -> bytes:
        """Return the start of a row of ``fields`` fields."""
        return struct.pack("!h", fields)

    @staticmethod
    def raw(data: bytes) -> bytes:
        """Return a field of bytes (``bytea``, or any type's binary form)."""
        return struct.pack("!i", len(data)) + data

    @classmethod
    def text(cls, value: str | None) -> bytes:
        """Return a ``text`` or ``varchar`` field."""
        return cls.NULL if value is None else cls.raw(value.encode())

    @classmethod
    def jsonb(cls, text: str) -> bytes:
        """Return a ``jsonb`` field from JSON text."""
        return cls.raw(b"\x01" + text.encode())

    @classmethod
    def uuid(cls, value: uuid.UUID | uuid_utils.UUID) -> bytes:
        """Return a ``uuid`` field (of a stdlib or uuid_utils UUID)."""
        return cls.UUID + value.bytes

    @staticmethod
    def int4(value: int) -> bytes:
        """Return an ``integer`` field."""
        return b"\x00\x00\x00\x04" + struct.pack("!i", value)

    @classmethod
    def timestamptz(cls, moment: datetime) -> bytes:
        """Return a ``timestamptz`` field (microseconds since 2000-01-01 UTC)."""
        if moment.tzinfo is None:
            raise ValueError("naive datetimes are not stored; give a timezone")
        delta = moment - cls.EPOCH
        micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
        return b"\x00\x00\x00\x08" + struct.pack("!q", micros)

    @classmethod
    def data(cls, rows: Sequence[bytes]) -> memoryview:
        """Return the COPY data of ``rows`` (a buffer: asyncpg would take bytes for a path)."""
        return memoryview(b"".join((cls.HEADER, *rows, cls.TRAILER)))


async def copy_binary(
    session: AsyncSession, table: str, columns: Sequence[str], rows: Sequence[bytes]
) -> None:
    """COPY rows already in binary form into ``table`` in the session's transaction (PostgreSQL)."""
    if not rows:
        return
    connection = await session.connection()
    raw = (await connection.get_raw_connection()).driver_connection
    assert raw is not None
    if not raw.is_in_transaction():
        # The driver opens its transaction lazily: make sure COPY runs inside it.
        await connection.exec_driver_sql("SELECT 1")
    await raw.copy_to_table(
        table, source=BinaryCopy.data(rows), columns=list(columns), format="binary"
    )


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
        tail["dataschema"] = dataschema_uri(self.event_type)
        tail.update(
            (k, self.headers[k]) for k in ("traceparent", "tracestate") if k in self.headers
        )
        self._tail = "," + json.dumps(tail, ensure_ascii=False, separators=(",", ":"))[1:-1]
        self._checked = False
        self._binary_head = BinaryCopy.count(len(OUTBOX_COLUMNS)) + BinaryCopy.UUID
        self._binary_type = BinaryCopy.text(self.event_type)
        self._binary_tail = (
            BinaryCopy.jsonb(json.dumps(self.headers))
            + BinaryCopy.timestamptz(self.now)
            + BinaryCopy.int4(0)
        )

    def check(self, data_json: str) -> None:
        """Validate one event's data against the event's model (a cheap guard against drift)."""
        self.data_type.model_validate(json.loads(data_json))

    def row(
        self, subject: str | None, data_json: str, *, tokens: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """Return the outbox row of one event whose data is ``data_json`` (a JSON object).

        ``subject`` is the CloudEvents subject (the entity's id). The row's NATS subject is drawn
        from the data's country and category; a caller that has them at hand gives them as
        ``tokens`` (``{"country": ..., "category": ...}``), and the data is not parsed again.
        The first row of a template has its data validated (see :meth:`check`).
        """
        if tokens is None or not self._checked:
            data = json.loads(data_json)
            if not self._checked:
                self.data_type.model_validate(data)
                self._checked = True
            tokens = data if tokens is None else tokens
        event_id = uuid_utils.uuid7()  # UUIDv7 as new_id(), without the stdlib conversion
        about = "" if subject is None else f',"subject":{json_text(subject)}'
        payload = f'{self._head}{event_id}"{self._middle}{about}{self._tail},"data":{data_json}}}'
        return {
            "id": event_id,
            "subject": publish_subject(self.event_type, tokens),
            "event_type": self.event_type,
            "payload": payload.encode(),
            "headers": self.headers,
            "created_at": self.now,
            "attempts": 0,
        }

    def binary(self, row: Mapping[str, Any]) -> bytes:
        """Return a row of this template in binary COPY form (``OUTBOX_COLUMNS``)."""
        payload = row["payload"]
        return b"".join(
            (
                self._binary_head,
                row["id"].bytes,
                BinaryCopy.text(row["subject"]),
                self._binary_type,
                struct.pack("!i", len(payload)),
                payload,
                self._binary_tail,
            )
        )


async def store_event_rows(
    session: AsyncSession,
    rows: Sequence[Mapping[str, Any]],
    *,
    binary: Sequence[bytes] | None = None,
) -> None:
    """Add outbox rows (as :class:`EventTemplate` or ``outbox_row`` make them) in the session's
    transaction, and hand them to the outbox listener at commit.

    On PostgreSQL, ``binary`` may give the rows already in binary COPY form
    (:meth:`EventTemplate.binary`), so that the COPY starts without encoding anything.
    """
    if not rows:
        return
    connection = await session.connection()
    if connection.dialect.name != "postgresql":
        await session.execute(insert(outbox), list(rows))
        note_outbox_rows(session, rows)
        return
    if binary is not None:
        await copy_binary(session, outbox.name, OUTBOX_COLUMNS, binary)
        note_outbox_rows(session, rows)
        return
    raw = (await connection.get_raw_connection()).driver_connection
    assert raw is not None
    if not raw.is_in_transaction():
        # The driver opens its transaction lazily: make sure COPY runs inside it.
        await connection.exec_driver_sql("SELECT 1")
    encoded: dict[int, str] = {}
    records: list[tuple[Any, ...]] = []
    for row in rows:
        headers = row["headers"]
        text = encoded.get(id(headers))
        if text is None:
            text = encoded[id(headers)] = json.dumps(headers)
        records.append(
            (
                row["id"],
                row["subject"],
                row["event_type"],
                row["payload"],
                text,
                row["created_at"],
                row["attempts"],
            )
        )
    await raw.copy_records_to_table(outbox.name, records=records, columns=OUTBOX_COLUMNS)
    note_outbox_rows(session, rows)


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
