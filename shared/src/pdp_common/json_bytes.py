"""JSON responses serialized once: plain data to bytes with orjson, sent as they are.

A read endpoint that returns a pydantic model has FastAPI validate it again and serialize it; for
a list that is a model per row built, checked and dumped. The hot read paths instead build plain
dicts shaped like the response model, turn them into bytes here, and return a
:class:`JSONBytesResponse`: FastAPI sends a returned ``Response`` untouched, while the route's
``response_model=`` still describes the body in the OpenAPI document.

A model already built and checked (``Model.model_validate(...)``) is dumped by its own serializer
(:func:`model_json`), skipping FastAPI's second validation. Plain data means what
``Model.model_validate(data).model_dump(mode="json")`` would: UUIDs and
enums as their strings, timezone-aware datetimes in RFC 3339 with ``Z`` for UTC (``+05:00``
otherwise), microseconds only when there are some, ``None`` as ``null``. A service that uses it
keeps a test comparing its plain dicts with the model's dump for representative rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import orjson
from fastapi import Response
from pydantic import BaseModel

OPTIONS = orjson.OPT_UTC_Z
"""orjson options matching pydantic's JSON: ``Z`` for UTC."""


def _other(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return orjson.Fragment(model_json(value))
    if isinstance(value, uuid.UUID):  # asyncpg's own UUID class, which orjson does not know
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def model_json(model: BaseModel) -> bytes:
    """Return a model's JSON as the route would send it (by alias), without checking it again."""
    return model.__pydantic_serializer__.to_json(model, by_alias=True)


def dump_json(value: Any) -> bytes:
    """Return ``value`` (dicts, lists, str, numbers, None, UUIDs, datetimes, enums, and pydantic
    models, dumped by their own serializer) as JSON."""
    return orjson.dumps(value, default=_other, option=OPTIONS)


class JSONBytesResponse(Response):
    """An ``application/json`` response whose body is already serialized."""

    media_type = "application/json"


def json_response(
    content: Any, *, status_code: int = 200, headers: Mapping[str, str] | None = None
) -> JSONBytesResponse:
    """Return ``content`` serialized by :func:`dump_json` as a response."""
    return JSONBytesResponse(dump_json(content), status_code=status_code, headers=headers)
