"""CloudEvents 1.0 envelopes in structured mode (``application/cloudevents+json``).

Binary mode (attributes in percent-encoded ``ce-*`` headers, data as the body) is accepted on
input too; :mod:`pdp_common.events.binary_mode` reads the headers.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, ClassVar, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pdp_common.events import binary_mode

CLOUDEVENTS_JSON = "application/cloudevents+json"
SPEC_VERSION = "1.0"

D_co = TypeVar("D_co", covariant=True)


class EventData(BaseModel):
    """Base of every event payload; subclasses are registered with :func:`registry.event`."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    event_type: ClassVar[str] = ""

    def event_subject(self) -> str | None:
        """Return the CloudEvents ``subject`` (the entity the event is about), if any."""
        return None


E = TypeVar("E", bound=EventData)


class Envelope(BaseModel, Generic[D_co]):
    """A CloudEvents 1.0 event; ``data`` is the typed payload once decoded."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    specversion: Literal["1.0"] = "1.0"
    id: str = Field(min_length=1)
    source: str = Field(min_length=1)
    type: str = Field(min_length=1)
    subject: str | None = None
    time: datetime
    datacontenttype: str = "application/json"
    dataschema: str | None = None
    traceparent: str | None = None
    tracestate: str | None = None
    data: D_co


# Parametrized once: looking a generic model up by its parameters costs ~0.1 ms each time.
RawEnvelope = Envelope[dict[str, Any]]
AnyEnvelope = Envelope[Any]


class EnvelopeError(ValueError):
    """The message is not a CloudEvent this platform can read."""


def producer_of(event_type: str) -> str:
    """Return the producing service named in an event type (``pdp.<producer>.…``)."""
    parts = event_type.split(".")
    if len(parts) < 4 or parts[0] != "pdp":
        raise EnvelopeError(f"event type {event_type!r} is not pdp.<producer>.<entity>.<verb>.vN")
    return parts[1]


def source_of(event_type: str) -> str:
    """Return the CloudEvents ``source`` of events of this type."""
    return f"/pdp/{producer_of(event_type)}"


def typed_envelope(envelope: Envelope[Any], model: type[E]) -> Envelope[E]:
    """Return ``envelope`` with its data validated as ``model``."""
    typed: Envelope[E] = AnyEnvelope.model_validate(
        envelope.model_dump() | {"data": model.model_validate(envelope.data)}
    )
    return typed


def encode(envelope: Envelope[Any]) -> bytes:
    """Serialize an envelope as structured-mode JSON."""
    return envelope.model_dump_json(exclude_none=True).encode()


def decode(body: bytes, headers: dict[str, str] | None = None) -> Envelope[dict[str, Any]]:
    """Parse a structured- or binary-mode CloudEvent; raise EnvelopeError when it is not one.

    A message is in binary mode when its content type is not a CloudEvents format and it carries
    ``ce-specversion`` (the NATS binding's rule); otherwise the body is the structured event.
    """
    headers = headers or {}
    try:
        if binary_mode.is_binary(headers):
            return _decode_binary(body, headers)
        raw = json.loads(body)
        if not isinstance(raw, dict):
            raise EnvelopeError("a CloudEvent is a JSON object")
        return RawEnvelope.model_validate(raw)
    except (
        binary_mode.HeaderValueError,
        ValidationError,
        json.JSONDecodeError,
        UnicodeDecodeError,
    ) as exc:
        raise EnvelopeError(f"not a CloudEvent: {exc}") from exc


def _decode_binary(body: bytes, headers: dict[str, str]) -> Envelope[dict[str, Any]]:
    attrs = binary_mode.attributes(headers)
    data = json.loads(body) if body else {}
    if not isinstance(data, dict):
        raise EnvelopeError("event data must be a JSON object")
    return RawEnvelope.model_validate(attrs | {"data": data})
