"""Keyset cursors: what a list issued decodes back; anything else is an invalid cursor."""

from __future__ import annotations

import base64
import uuid

import pytest
from pdp_common.pagination import InvalidCursor, decode_cursor, encode_cursor


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
