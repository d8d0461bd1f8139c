"""The schemas the catalogue serves, rendered once per event type and process."""

from __future__ import annotations

import functools
import hashlib
import json
from typing import NamedTuple

from pdp_common.events.dataschema import data_schema, published_types

from gateway.catalogue.errors import EventTypeNotFound


class RenderedSchema(NamedTuple):
    """The JSON text of one event type's data schema and its entity tag."""

    body: bytes
    etag: str


@functools.cache
def _render(event_type: str) -> RenderedSchema:
    schema = data_schema(event_type)
    assert schema is not None, event_type
    body = json.dumps(schema, ensure_ascii=False, indent=2).encode()
    return RenderedSchema(body, f'"{hashlib.sha256(body).hexdigest()[:32]}"')


def get_schema(*, event_type: str) -> RenderedSchema:
    """Return the data schema of ``event_type``; raise EventTypeNotFound for an unknown type."""
    if event_type not in published_types():
        # Checked before the cache, which so holds the platform's event types and nothing else.
        raise EventTypeNotFound(f"No event type {event_type!r} is published by the platform.")
    return _render(event_type)
