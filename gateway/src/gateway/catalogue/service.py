"""The schemas the catalogue serves, rendered once per event type and process."""

from __future__ import annotations

import functools
import hashlib
import json
from typing import NamedTuple

from pdp_common.events.dataschema import data_schema

from gateway.catalogue.errors import EventTypeNotFound


class RenderedSchema(NamedTuple):
    """The JSON text of one event type's data schema and its entity tag."""

    body: bytes
    etag: str


@functools.cache
def _render(event_type: str) -> RenderedSchema | None:
    schema = data_schema(event_type)
    if schema is None:
        return None
    body = json.dumps(schema, ensure_ascii=False, indent=2).encode()
    return RenderedSchema(body, f'"{hashlib.sha256(body).hexdigest()[:32]}"')


def get_schema(*, event_type: str) -> RenderedSchema:
    """Return the data schema of ``event_type``; raise EventTypeNotFound for an unknown type."""
    rendered = _render(event_type)
    if rendered is None:
        raise EventTypeNotFound(f"No event type {event_type!r} is published by the platform.")
    return rendered
