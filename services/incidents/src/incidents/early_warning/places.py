"""The places indicators are kept for: a country, optionally narrowed to an admin1 and a category.

Every incident counts toward four places: its country, its country and category, its admin1 and
its admin1 and category (the admin1 places only when the incident names an admin1).
"""

from __future__ import annotations

from dataclasses import dataclass

SEPARATOR = "|"


@dataclass(frozen=True, slots=True)
class Place:
    """A country, optionally one of its admin1 areas, optionally one threat category."""

    country: str
    admin1: str | None = None
    category: str | None = None

    @property
    def key(self) -> str:
        """Return the place's stored key: ``country|admin1|category`` with empty parts for all."""
        return SEPARATOR.join((self.country, self.admin1 or "", self.category or ""))


def places_of(country: str, admin1: str | None, category: str) -> set[Place]:
    """Return the places an incident in ``country``/``admin1`` of ``category`` counts toward."""
    places = {Place(country), Place(country, None, category)}
    if admin1:
        places |= {Place(country, admin1), Place(country, admin1, category)}
    return places
