"""The feed's opaque cursor: the last change position read and the instant it was read at.

A cursor holds ``position`` (every change at or below it has been considered), ``horizon`` (the
instant the partner's visibility was evaluated at for those changes) and, while a long batch of
releases is being paged, ``window_end`` and ``released_after``. It is encoded like every list
cursor of the platform (:func:`pdp_common.pagination.encode_cursor`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pdp_common.pagination import InvalidCursor, decode_cursor, encode_cursor


@dataclass(frozen=True)
class FeedCursor:
    """Where a partner stands in the feed."""

    position: int = 0
    horizon: datetime | None = None
    window_end: datetime | None = None
    released_after: int = 0

    def encode(self) -> str:
        """Return the opaque form of the cursor."""
        return encode_cursor([self.position, self.horizon, self.window_end, self.released_after])

    @classmethod
    def decode(cls, cursor: str | None) -> FeedCursor:
        """Return the cursor ``cursor`` encodes (the start of the feed when None)."""
        if cursor is None:
            return cls()
        position, horizon, window_end, released_after = decode_cursor(cursor, length=4)
        if not (
            isinstance(position, int)
            and isinstance(released_after, int)
            and position >= 0
            and released_after >= 0
            and all(v is None or isinstance(v, datetime) for v in (horizon, window_end))
            and (horizon is not None or window_end is None)
        ):
            raise InvalidCursor("The cursor is not one this feed issued.")
        return cls(position, horizon, window_end, released_after)
