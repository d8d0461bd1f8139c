"""How many event streams a gateway replica holds open, per credential and in all.

Each open stream holds a connection, a consumer on the broker and a buffer of events, so a
credential may hold only a few, and a replica only so many; the counts are per replica.
"""

from __future__ import annotations


class StreamSlots:
    """Count open streams; refuse one past ``per_credential`` or ``total``."""

    def __init__(self, *, per_credential: int, total: int) -> None:
        self.per_credential = per_credential
        self.total = total
        self._open: dict[str, int] = {}
        self._count = 0

    @property
    def count(self) -> int:
        """Return the number of streams open now."""
        return self._count

    def take(self, credential: str) -> bool:
        """Take a slot for ``credential``; return False when none is free."""
        held = self._open.get(credential, 0)
        if held >= self.per_credential or self._count >= self.total:
            return False
        self._open[credential] = held + 1
        self._count += 1
        return True

    def give_back(self, credential: str) -> None:
        """Give back a slot ``credential`` took."""
        held = self._open.get(credential, 0)
        if held <= 0:
            return
        self._count -= 1
        if held == 1:
            del self._open[credential]
        else:
            self._open[credential] = held - 1
