"""Bulk helpers: outbox rows written from a template decode as the model path writes them, and
the garbage collector is held off only while paused blocks run."""

from __future__ import annotations

import gc
import json
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from pdp_common.bulk import (
    BinaryCopy,
    EventTemplate,
    collector_paused,
    copy_binary,
    json_text,
    store_event_rows,
)
from pdp_common.contracts.early_warning import AlertRaised
from pdp_common.db import Database
from pdp_common.events.envelope import EventData, decode, encode
from pdp_common.events.outbox import build_envelope, outbox_row
from pdp_common.migrations import upgrade
from pdp_common.platform_tables import outbox
from pdp_common.testing.databases import DatabaseTarget
from sqlalchemy import select, text

from tests.shared.sample.service import MIGRATIONS, NoteCreated, SampleSettings

NOW = datetime(2026, 11, 29, 8, 30, 0, 123456, tzinfo=UTC)
ALERT = {
    "alert_id": "01936f6e-7a00-7b2a-8c11-5d2e3f4a5b6c",
    "country": "KGZ",
    "admin1": "Osh",
    "category": "border_incident",
    "window_days": 7,
    "observed": 9.0,
    "expected": 2.0,
    "score": 4.2,
    "threshold": 3.0,
    "peak_score": 4.2,
    "status": "open",
    "raised_at": "2026-11-29T08:30:00Z",
    "factors": [],
    "contributing_incident_ids": [],
    "sensitivity": "internal",
    "version": 1,
}


def note_json(note_id: uuid.UUID, text: str) -> str:
    return f'{{"note_id":"{note_id}","text":{json_text(text)}}}'


class OutboxRecorder:
    """An outbox listener that records what it is told."""

    def __init__(self) -> None:
        self.committing_rows: list[Sequence[Mapping[str, Any]]] = []
        self.committed_rows: list[Sequence[Mapping[str, Any]]] = []
        self.rolled_back_rows: list[Sequence[Mapping[str, Any]]] = []

    def committing(self, rows: Sequence[Mapping[str, Any]]) -> None:
        self.committing_rows.append(list(rows))

    def committed(self, rows: Sequence[Mapping[str, Any]]) -> None:
        self.committed_rows.append(list(rows))

    def rolled_back(self, rows: Sequence[Mapping[str, Any]]) -> None:
        self.rolled_back_rows.append(list(rows))


class TestEventTemplate:
    @pytest.mark.parametrize("text", ["Ош", 'quote " and \\ back', "line\nbreak\u2028", ""])
    def test_payloads_decode_as_the_model_path_writes_them(self, text: str) -> None:
        note_id = uuid.uuid4()
        row = EventTemplate(NoteCreated, now=NOW).row(str(note_id), note_json(note_id, text))
        expected = json.loads(encode(build_envelope(NoteCreated(note_id=note_id, text=text))))
        actual = json.loads(row["payload"])
        assert list(actual) == list(expected)
        assert actual.pop("time") == "2026-11-29T08:30:00.123456Z"
        assert actual.pop("id") == str(row["id"])
        for volatile in ("id", "time"):
            expected.pop(volatile)
        assert actual == expected
        assert decode(row["payload"]).data == {"note_id": str(note_id), "text": text}

    def test_rows_have_the_shape_record_event_writes(self) -> None:
        note_id = uuid.uuid4()
        expected = outbox_row(NoteCreated(note_id=note_id, text="hi"))
        row = EventTemplate(NoteCreated, now=NOW).row(str(note_id), note_json(note_id, "hi"))
        assert list(row) == list(expected)
        assert {k: v for k, v in row.items() if k not in {"id", "payload", "created_at"}} == {
            k: v for k, v in expected.items() if k not in {"id", "payload", "created_at"}
        }
        assert row["created_at"] == NOW
        assert json.loads(row["payload"])["data"] == json.loads(expected["payload"])["data"]

    def test_ids_are_new_and_time_ordered(self) -> None:
        template = EventTemplate(NoteCreated, now=NOW)
        note_id = uuid.uuid4()
        ids = [template.row(None, note_json(note_id, "x"))["id"] for _ in range(50)]
        assert len(set(ids)) == 50
        assert [str(i) for i in ids] == sorted(str(i) for i in ids)

    def test_an_event_without_subject_has_none(self) -> None:
        row = EventTemplate(NoteCreated, now=NOW).row(None, note_json(uuid.uuid4(), "x"))
        assert "subject" not in json.loads(row["payload"])

    def test_the_nats_subject_carries_the_country_and_category_of_the_data(self) -> None:
        template = EventTemplate(AlertRaised, now=NOW)
        data = AlertRaised.model_validate(ALERT).model_dump_json()
        parsed = template.row(None, data)
        given = template.row(None, data, tokens={"country": "KGZ", "category": "border_incident"})
        expected = f"{AlertRaised.event_type}.KGZ.border_incident"
        assert (parsed["subject"], given["subject"]) == (expected, expected)
        assert parsed["subject"] == outbox_row(AlertRaised.model_validate(ALERT))["subject"]
        assert parsed["event_type"] == AlertRaised.event_type

    def test_binary_rows_carry_the_nats_subject(self) -> None:
        template = EventTemplate(AlertRaised, now=NOW)
        row = template.row(None, AlertRaised.model_validate(ALERT).model_dump_json())
        assert BinaryCopy.text(row["subject"]) + BinaryCopy.text(row["event_type"]) in (
            template.binary(row)
        )

    def test_refuses_data_that_does_not_fit_the_event(self) -> None:
        with pytest.raises(ValueError, match="note_id"):
            EventTemplate(NoteCreated, now=NOW).row(None, '{"text": "no id"}')

    def test_refuses_an_unregistered_event(self) -> None:
        with pytest.raises(ValueError, match="not a registered event"):
            EventTemplate(EventData)


class TestStoreEventRows:
    @pytest.mark.parametrize("binary", [False, True])
    async def test_stores_rows_and_hands_them_over_at_commit(
        self, service_settings: dict[str, Any], binary: bool
    ) -> None:
        settings = SampleSettings(**service_settings)
        await upgrade(MIGRATIONS, settings)
        handed = OutboxRecorder()
        template = EventTemplate(NoteCreated)
        notes = [uuid.uuid4() for _ in range(3)]
        rows = [template.row(str(n), note_json(n, f"note {i}")) for i, n in enumerate(notes)]
        async with Database.for_service(settings) as db:
            db.set_outbox_listener(handed)
            await self._rolled_back(db, rows[:1])
            async with db.transaction() as session:
                encoded = [template.binary(row) for row in rows] if binary else None
                await store_event_rows(session, rows, binary=encoded)
                await store_event_rows(session, [])
            async with db.read_sessions() as session:
                stored = (await session.execute(select(outbox).order_by(outbox.c.id))).all()
        assert [list(batch) for batch in handed.committed_rows] == [rows]
        assert [list(batch) for batch in handed.committing_rows] == [rows]
        assert [list(batch) for batch in handed.rolled_back_rows] == [rows[:1]]
        assert [str(row.id) for row in stored] == [str(row["id"]) for row in rows]
        for row, original, note in zip(stored, rows, notes, strict=True):
            assert bytes(row.payload) == original["payload"]
            assert row.headers == original["headers"]
            assert (row.subject, row.attempts, row.last_error) == (original["subject"], 0, None)
            assert decode(bytes(row.payload)).subject == str(note)

    @staticmethod
    async def _rolled_back(db: Database, rows: list[dict[str, Any]]) -> None:
        try:
            async with db.transaction() as session:
                await store_event_rows(session, rows)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass


class TestBinaryCopy:
    @pytest.mark.backends("postgres")  # binary COPY is PostgreSQL's
    async def test_rows_read_back_as_written(self, database: DatabaseTarget) -> None:
        db = Database(database.url, schema=database.schema)
        moments = [
            datetime(2026, 11, 29, 8, 30, 0, 123456, tzinfo=UTC),
            datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
            datetime(2000, 1, 1, 3, 0, tzinfo=timezone(timedelta(hours=5))),
        ]
        values = [
            (uuid.uuid4(), "Ош", None, -7, '{"a": [1, "ж"]}', moment, b"\x00\xffbytes")
            for moment in moments
        ]
        rows = [
            BinaryCopy.count(7)
            + BinaryCopy.uuid(u)
            + BinaryCopy.text(t)
            + BinaryCopy.text(none)
            + BinaryCopy.int4(n)
            + BinaryCopy.jsonb(j)
            + BinaryCopy.timestamptz(m)
            + BinaryCopy.raw(b)
            for u, t, none, n, j, m, b in values
        ]
        try:
            async with db.transaction() as session:
                await session.execute(
                    text(
                        "CREATE TEMPORARY TABLE copied (u uuid, t varchar(10), none text, "
                        "n integer, j jsonb, m timestamptz, b bytea)"
                    )
                )
                await copy_binary(session, "copied", ["u", "t", "none", "n", "j", "m", "b"], rows)
                back = (await session.execute(text("SELECT * FROM copied"))).all()
        finally:
            await db.dispose()
        assert [tuple(row) for row in back] == [
            (u, t, none, n, json.loads(j), m, b) for u, t, none, n, j, m, b in values
        ]

    def test_refuses_naive_times(self) -> None:
        with pytest.raises(ValueError, match="naive"):
            BinaryCopy.timestamptz(datetime(2026, 1, 1))


class TestCollectorPaused:
    def test_pauses_nested_blocks_until_the_last_ends(self) -> None:
        assert gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
            with collector_paused():
                assert not gc.isenabled()
            assert not gc.isenabled()
        assert gc.isenabled()

    def test_leaves_a_disabled_collector_disabled(self) -> None:
        gc.disable()
        try:
            with collector_paused():
                pass
            assert not gc.isenabled()
        finally:
            gc.enable()

    def test_resumes_after_an_error(self) -> None:
        with pytest.raises(RuntimeError), collector_paused():
            raise RuntimeError("boom")
        assert gc.isenabled()
