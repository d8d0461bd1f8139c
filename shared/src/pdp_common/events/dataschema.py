"""The JSON Schema of each event type's data, and the URI every envelope names it by.

Envelopes carry the CloudEvents ``dataschema`` attribute, an absolute URI the gateway answers with
the JSON Schema of the event's ``data``::

    http://127.0.0.1:8000/events/schemas/pdp.incidents.incident.reported.v1

The base is the platform's public address, the gateway's: ``PDP_PUBLIC_URL`` (default, also when
empty, ``http://127.0.0.1:8000``, the gateway ``make run`` starts). Every service and the gateway
read it once, on the first envelope or schema they build, so they must all get the same value.
"""

from __future__ import annotations

import functools
from typing import Any

from pydantic_settings import BaseSettings, SettingsConfigDict

from pdp_common.events.registry import model_for, registered

SCHEMA_PATH = "/events/schemas"
"""The gateway path under which the schema of each event type is served."""

CONTRACTS_PACKAGE = "pdp_common.contracts."
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


class PublicAddress(BaseSettings):
    """Where clients reach the platform (``PDP_PUBLIC_URL``): the gateway's public URL."""

    model_config = SettingsConfigDict(
        env_prefix="PDP_", env_file=None, env_ignore_empty=True, extra="ignore", frozen=True
    )

    public_url: str = DEFAULT_PUBLIC_URL


@functools.cache
def public_url() -> str:
    """Return the platform's public URL, without a trailing slash (read once per process)."""
    return PublicAddress().public_url.rstrip("/")


def dataschema_uri(event_type: str, *, base: str | None = None) -> str:
    """Return the URI of the JSON Schema of ``event_type``'s data, under ``base`` (default
    :func:`public_url`)."""
    return f"{(base or public_url()).rstrip('/')}{SCHEMA_PATH}/{event_type}"


@functools.cache
def published_types() -> frozenset[str]:
    """Return the event types the contract modules (:mod:`pdp_common.contracts`) define (loaded
    once: they register their events when imported)."""
    return frozenset(
        event_type
        for event_type, model in registered().items()
        if model.__module__.startswith(CONTRACTS_PACKAGE)
    )


def data_schema(event_type: str, *, base: str | None = None) -> dict[str, Any] | None:
    """Return the JSON Schema (2020-12) of ``event_type``'s data, or None when no contract
    module (:mod:`pdp_common.contracts`) defines that event type."""
    model = model_for(event_type) if event_type in published_types() else None
    if model is None:
        return None
    schema = model.model_json_schema(mode="validation")
    return {"$schema": JSON_SCHEMA_DIALECT, "$id": dataschema_uri(event_type, base=base)} | schema
