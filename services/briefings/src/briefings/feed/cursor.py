"""The feed's opaque cursor: the last release position considered.

Every release at or below ``position`` has been judged for the caller (served, or not theirs to
read). It is encoded like every list cursor of the platform
(:func:`pdp_common.pagination.encode_cursor`).
"""

from __future__ import annotations

from dataclasses import dataclass

from pdp_common.pagination import InvalidCursor, decode_cursor, encode_cursor


@dataclass(frozen=True)
class FeedCursor:
    """Where a reader stands in the feed."""

    position: int = 0

    def encode(self) -> str:
        """Return the opaque form of the cursor."""
        return encode_cursor([self.position])

    @classmethod
    def decode(cls, cursor: str | None) -> FeedCursor:
        """Return the cursor ``cursor`` encodes (the start of the feed when None)."""
        if cursor is None:
            return cls()
        (position,) = decode_cursor(cursor, length=1)
        if not isinstance(position, int) or isinstance(position, bool) or position < 0:
            raise InvalidCursor("The cursor is not one this feed issued.")
        return cls(position)
