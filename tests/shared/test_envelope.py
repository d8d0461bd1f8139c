"""CloudEvents envelopes: structured out, structured or binary in, clear refusal otherwise."""

from __future__ import annotations

import json
import uuid

import pytest
from pdp_common.events.envelope import EnvelopeError, decode, encode, producer_of, source_of
from pdp_common.events.outbox import build_envelope

from tests.shared.sample.service import NoteCreated


class TestEnvelope:
    def test_structured_round_trip(self) -> None:
        note_id = uuid.uuid4()
        envelope = build_envelope(NoteCreated(note_id=note_id, text="Ош"))
        decoded = decode(encode(envelope))
        assert decoded.type == "pdp.sample.note.created.v1"
        assert decoded.source == "/pdp/sample"
        assert decoded.subject == str(note_id)
        assert decoded.specversion == "1.0"
        assert decoded.data == {"note_id": str(note_id), "text": "Ош"}
        assert decoded.time.tzinfo is not None

    def test_binary_mode_is_accepted(self) -> None:
        headers = {
            "ce-specversion": "1.0",
            "ce-id": "e-1",
            "ce-source": "/pdp/sample",
            "ce-type": "pdp.sample.note.created.v1",
            "ce-time": "2026-11-29T08:00:00Z",
        }
        decoded = decode(json.dumps({"text": "hi"}).encode(), headers)
        assert decoded.id == "e-1"
        assert decoded.data == {"text": "hi"}

    @pytest.mark.parametrize(
        "body",
        [
            b"{not json",
            b"[1, 2]",
            json.dumps({"specversion": "0.3", "id": "x", "source": "s", "type": "t"}).encode(),
            json.dumps({"specversion": "1.0", "id": "", "source": "s", "type": "t"}).encode(),
            "\xff".encode("latin-1"),
        ],
    )
    def test_anything_else_is_refused(self, body: bytes) -> None:
        with pytest.raises(EnvelopeError):
            decode(body)

    def test_event_types_name_their_producer(self) -> None:
        assert producer_of("pdp.country_teams.activity.created.v1") == "country_teams"
        assert source_of("pdp.incidents.incident.verified.v1") == "/pdp/incidents"
        with pytest.raises(EnvelopeError):
            producer_of("incident.verified")
