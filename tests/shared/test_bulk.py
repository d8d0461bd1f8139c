"""Bulk helpers: outbox rows written from a template decode as the model path writes them, and
the garbage collector is held off only while paused blocks run."""

from __future__ import annotations

import gc
import json
import uuid
from datetime import UTC, datetime

import pytest
from pdp_common.bulk import EventTemplate, collector_paused, json_text
from pdp_common.events.envelope import EventData, decode, encode
from pdp_common.events.outbox import build_envelope, event_rows

from tests.shared.sample.service import NoteCreated

NOW = datetime(2026, 11, 29, 8, 30, 0, 123456, tzinfo=UTC)


def note_json(note_id: uuid.UUID, text: str) -> str:
    return f'{{"note_id":"{note_id}","text":{json_text(text)}}}'


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

    def test_rows_have_the_shape_event_rows_gives(self) -> None:
        note_id = uuid.uuid4()
        data = {"note_id": str(note_id), "text": "hi"}
        (expected,) = event_rows(NoteCreated, [(str(note_id), data)])
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

    def test_refuses_data_that_does_not_fit_the_event(self) -> None:
        with pytest.raises(ValueError, match="note_id"):
            EventTemplate(NoteCreated, now=NOW).row(None, '{"text": "no id"}')

    def test_refuses_an_unregistered_event(self) -> None:
        with pytest.raises(ValueError, match="not a registered event"):
            EventTemplate(EventData)


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
