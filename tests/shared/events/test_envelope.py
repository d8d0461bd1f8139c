"""CloudEvents envelopes: structured out, structured or binary in, clear refusal otherwise."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest
from cloudevents.core.bindings import http as ce_http
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent
from pdp_common.events.envelope import EnvelopeError, decode, encode, producer_of, source_of
from pdp_common.events.outbox import build_envelope

from tests.shared.sample.service import NoteCreated

# Attribute values with characters the binding percent-encodes: spaces, a double quote, a percent
# sign and Cyrillic (all outside the printable ASCII that travels as is).
AWKWARD = {
    "id": "partner event 7",
    "source": "/partners/osh office 100%",
    "subject": 'Ош "центр" 50%',
    "type": "pdp.sample.note.created.v1",
    "time": datetime(2026, 11, 29, 8, 0, tzinfo=UTC),
    "datacontenttype": "application/json",
}


def sdk_event(**overrides: object) -> CloudEvent:
    """Build a CloudEvent with the official SDK."""
    return CloudEvent(attributes=AWKWARD | overrides, data={"note_id": "n-1", "text": "Ош"})


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


class TestEventsFromTheCloudEventsSdk:
    def test_binary_mode_attributes_are_percent_decoded(self) -> None:
        message = ce_http.to_binary(sdk_event(), JSONFormat())
        assert message.headers["ce-source"] == "/partners/osh%20office%20100%25"
        decoded = decode(message.body, message.headers)
        assert decoded.id == "partner event 7"
        assert decoded.source == "/partners/osh office 100%"
        assert decoded.subject == 'Ош "центр" 50%'
        assert decoded.type == "pdp.sample.note.created.v1"
        assert decoded.time == datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
        assert decoded.datacontenttype == "application/json"
        assert decoded.data == {"note_id": "n-1", "text": "Ош"}

    def test_structured_mode_reads_the_same_attributes(self) -> None:
        message = ce_http.to_structured(sdk_event(), JSONFormat())
        decoded = decode(message.body, message.headers)
        binary = ce_http.to_binary(sdk_event(), JSONFormat())
        assert decoded == decode(binary.body, binary.headers)

    def test_structured_mode_ignores_ce_headers_sent_alongside(self) -> None:
        message = ce_http.to_structured(sdk_event(), JSONFormat())
        headers = message.headers | {"ce-specversion": "1.0", "ce-subject": "%zz"}
        assert decode(message.body, headers).subject == 'Ош "центр" 50%'

    def test_malformed_percent_sequence_is_refused_naming_the_header(self) -> None:
        message = ce_http.to_binary(sdk_event(), JSONFormat())
        headers = message.headers | {"ce-subject": "caf%E9%2"}
        with pytest.raises(EnvelopeError, match="header ce-subject: '%2' at offset 6"):
            decode(message.body, headers)
