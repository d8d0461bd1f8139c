"""Keyset pagination: opaque cursors, page models and the ``Link: rel="next"`` header.

A cursor is the base64url JSON of the last row's sort key and id. Pages never use OFFSET, so they
stay fast and stable while rows are inserted.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Annotated, Any, Generic, TypeVar, get_args
from urllib.parse import parse_qsl, urlencode

from fastapi import Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import ColumnElement, tuple_
from sqlalchemy.orm import QueryableAttribute

from pdp_common.errors import BadRequestError
from pdp_common.json_bytes import JSONBytesResponse, dump_json

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


class InvalidCursor(BadRequestError):
    code = "invalid-cursor"
    title = "Invalid cursor"


def _page_example(schema: dict[str, Any], model: type[Any]) -> None:
    """Show a page holding the first example of its item model, with a next-page cursor."""
    items = model.model_fields["items"].annotation
    item = next(iter(get_args(items)), None)
    extra = getattr(item, "model_config", {}).get("json_schema_extra")
    examples = extra.get("examples") if isinstance(extra, dict) else None
    if not examples:
        return
    first = examples[0]
    cursor = encode_cursor([uuid.UUID(first["id"])]) if "id" in first else None
    schema["examples"] = [{"items": [first], "next_cursor": cursor}]


class Page(BaseModel, Generic[T]):
    """One page of a list, with the cursor of the next page when there is one."""

    model_config = ConfigDict(json_schema_extra=_page_example)

    items: list[T]
    next_cursor: str | None = Field(
        default=None, description="Pass as `cursor` to get the next page; absent on the last page."
    )


class PageParams(BaseModel):
    """The paging part of a list request."""

    limit: int = DEFAULT_LIMIT
    cursor: str | None = None


async def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")] = DEFAULT_LIMIT,
    cursor: Annotated[
        str | None, Query(max_length=512, description="Opaque cursor from the previous page.")
    ] = None,
) -> PageParams:
    """Read the paging query parameters."""
    return PageParams(limit=limit, cursor=cursor)


PagingDep = Annotated[PageParams, Depends(page_params)]


def page_of(request: Request, response: Response, items: list[T], cursor: str | None) -> Page[T]:
    """Return a page of ``items`` and set its ``Link: rel="next"`` header."""
    link = link_header(request, cursor)
    if link:
        response.headers["Link"] = link
    return Page[T](items=items, next_cursor=cursor)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if isinstance(value, uuid.UUID):
        return {"uuid": str(value)}
    if hasattr(value, "value") and not isinstance(value, (int, float, str)):
        return value.value
    return value


def _typed(value: Any) -> Any:
    if isinstance(value, dict):
        if "dt" in value:
            return datetime.fromisoformat(str(value["dt"]))
        if "d" in value:
            return date.fromisoformat(str(value["d"]))
        if "uuid" in value:
            return uuid.UUID(str(value["uuid"]))
        raise ValueError("unknown cursor value")
    return value


def encode_cursor(values: Sequence[Any]) -> str:
    """Encode a row's sort key (and id, last) as an opaque cursor."""
    raw = json.dumps([_plain(v) for v in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode_cursor(cursor: str, *, length: int) -> list[Any]:
    """Decode a cursor made by :func:`encode_cursor`; raise InvalidCursor when it is not one."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(values, list) or len(values) != length:
            raise ValueError("wrong cursor shape")
        return [_typed(v) for v in values]
    except (ValueError, binascii.Error, TypeError, RecursionError) as exc:
        raise InvalidCursor("The cursor is not one this list issued.") from exc


def keyset_after(
    columns: Sequence[ColumnElement[Any] | QueryableAttribute[Any]],
    values: Sequence[Any],
    *,
    descending: bool,
) -> ColumnElement[bool]:
    """Return the condition selecting rows after ``values`` in the order of ``columns``."""
    left = tuple_(*columns)
    right = tuple_(*values)
    return left < right if descending else left > right


def link_header(request: Request, next_cursor: str | None) -> str | None:
    """Return an RFC 8288 ``Link`` header value pointing at the next page.

    It is the request's path and query with ``cursor`` set (moved last), as
    ``request.url.include_query_params(cursor=...)`` would give, built from the ASGI scope
    without parsing the whole URL.
    """
    if next_cursor is None:
        return None
    scope = request.scope
    path = scope["path"].replace("?", "%3F").replace("#", "%23").replace("\\", "%5C")
    query = scope.get("query_string", b"").decode("latin-1")
    params = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != "cursor"]
    params.append(("cursor", next_cursor))
    return f'<{path}?{urlencode(params)}>; rel="next"'


def page_response(
    request: Request,
    items: Sequence[Any],
    next_cursor: str | None,
    *,
    headers: Mapping[str, str] | None = None,
) -> JSONBytesResponse:
    """Return a page of items (plain dicts shaped like the route's ``Page[X]`` items, or ``X``
    models) as a pre-serialized response with its ``Link: rel="next"`` header; see
    :mod:`pdp_common.json_bytes`."""
    response = JSONBytesResponse(
        dump_json({"items": items, "next_cursor": next_cursor}), headers=headers
    )
    link = link_header(request, next_cursor)
    if link:
        response.headers["Link"] = link
    return response
