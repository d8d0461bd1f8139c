"""One partner item as read from a batch, whatever its format, and its version marker.

A version marker orders the versions of one item: an explicit number (JSON ``version``) or an
instant (JSON/GeoJSON ``updated_at``, Atom ``updated``, CAP ``sent``). Items without one (ACLED
CSV rows) are ordered by arrival: a changed payload is a newer version.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

ITEM_ID_MAX = 120


@dataclass
class ParsedItem:
    """An item of a batch: its key, version, a create-shaped payload, or why it cannot be read."""

    index: int
    pointer: str
    item_id: str | None = None
    version: str | None = None
    version_key: str | None = None
    is_retraction: bool = False
    payload: dict[str, Any] | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)

    def fail(self, pointer: str, message: str) -> None:
        """Record why the item cannot be taken."""
        self.errors.append((pointer, message))

    def take_id(self, value: Any, pointer: str) -> None:
        """Set the partner's item id, refusing what is not a short text or number."""
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip() or len(value) > ITEM_ID_MAX:
            self.fail(pointer, f"the item id must be a text of 1 to {ITEM_ID_MAX} characters")
            return
        self.item_id = value.strip()

    def take_number(self, value: Any, pointer: str) -> None:
        """Set an explicit version number."""
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 10**18:
            self.fail(pointer, "version must be a whole number from 0")
            return
        self.version, self.version_key = str(value), f"n{value:020d}"

    def take_instant(self, value: Any, pointer: str) -> None:
        """Set an instant (RFC 3339 with an offset) as the version."""
        moment = parse_instant(value)
        if moment is None:
            self.fail(pointer, "must be an RFC 3339 date-time with its offset")
            return
        self.version = moment.isoformat()
        self.version_key = "t" + moment.strftime("%Y-%m-%dT%H:%M:%S.%f")

    def content_hash(self) -> str:
        """Return the SHA-256 of the item's content (payload and retraction), canonical JSON."""
        content = {"payload": self.payload, "retracted": self.is_retraction}
        text = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(text.encode()).hexdigest()


def parse_instant(value: Any) -> datetime | None:
    """Return an RFC 3339 text with an offset as a UTC instant, or None."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo is not None else None
