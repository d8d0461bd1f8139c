"""Keyset cursors, paging links and pre-serialized pages."""

from __future__ import annotations

import base64
import uuid
from typing import Any

import orjson
import pytest
from pdp_common.pagination import (
    InvalidCursor,
    decode_cursor,
    encode_cursor,
    link_header,
    page_response,
)
from starlette.requests import Request


def _cursor(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class TestDecodeCursor:
    def test_decodes_what_it_encoded(self) -> None:
        row_id = uuid.uuid4()
        assert decode_cursor(encode_cursor([3, row_id]), length=2) == [3, row_id]

    @pytest.mark.parametrize(
        "cursor",
        [
            "not base64!",
            _cursor(b"{}"),
            _cursor(b"[1]"),
            _cursor(b"\xff\xfe"),
            _cursor(b"[" * 100_000 + b"]" * 100_000),
            _cursor(b"[" + b"9" * 10_000 + b", 1]"),
        ],
    )
    def test_anything_else_is_an_invalid_cursor(self, cursor: str) -> None:
        with pytest.raises(InvalidCursor):
            decode_cursor(cursor, length=2)


def request_for(path: str, query: bytes) -> Request:
    scope: dict[str, Any] = {
        "type": "http",
        "method": "GET",
        "path": path,
        "query_string": query,
        "headers": [(b"host", b"testserver")],
        "scheme": "http",
        "server": ("testserver", 80),
    }
    return Request(scope)


def starlette_link(request: Request, cursor: str) -> str:
    url = request.url.include_query_params(cursor=cursor)
    return f'<{url.path}?{url.query}>; rel="next"'


QUERIES = [
    b"",
    b"limit=20",
    b"limit=20&cursor=abc&country=KGZ&country=TJK",
    b"cursor=old&q=water%20dispute&flag=",
    b"q=%D0%A2%D0%B0%D1%80%D0%B0%D0%B7&sort=-occurred_at",
    b"a+b=c+d&x=%26%3D",
]


class TestLinkHeader:
    @pytest.mark.parametrize("query", QUERIES)
    def test_same_link_as_the_url_object_gives(self, query: bytes) -> None:
        request = request_for("/api/v1/incidents", query)
        cursor = "WyItb2NjdXJyZWRfYXQiXQ"
        assert link_header(request, cursor) == starlette_link(request, cursor)

    def test_path_characters_are_escaped_alike(self) -> None:
        request = request_for("/api/v1/odd?path#x", b"limit=1")
        assert link_header(request, "c") == starlette_link(request, "c")

    def test_no_link_on_the_last_page(self) -> None:
        assert link_header(request_for("/x", b""), None) is None


class TestPageResponse:
    def test_body_and_link(self) -> None:
        request = request_for("/api/v1/things", b"limit=1")
        response = page_response(request, [{"id": 1}], "next")
        assert orjson.loads(response.body) == {"items": [{"id": 1}], "next_cursor": "next"}
        assert response.headers["link"] == '</api/v1/things?limit=1&cursor=next>; rel="next"'

    def test_last_page_has_a_null_cursor_and_no_link(self) -> None:
        response = page_response(request_for("/x", b""), [], None)
        assert orjson.loads(response.body) == {"items": [], "next_cursor": None}
        assert "link" not in response.headers
