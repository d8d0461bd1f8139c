"""The filters a reader of the event stream chooses: event types, countries, threat categories.

The broker applies them (the consumer's subject filters, :func:`pdp_common.events.subjects.
filter_subjects`), and the gateway checks each event's data again: events published before their
subjects named a country and a category (the bare type as subject) reach a filter by country or
category through the bare subjects, and only those whose data matches are kept.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pdp_common.events.subjects import (
    TYPE_TOKENS,
    category_token,
    country_token,
    filter_subjects,
)

ANY_BARE_TYPE = "pdp" + ".*" * (TYPE_TOKENS - 1)
"""The subjects of events published on their bare type (five tokens)."""


@dataclass(frozen=True, slots=True)
class EventFilters:
    """Which events a reader asked for; an empty tuple selects every value."""

    types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        *,
        types: Sequence[str] = (),
        countries: Sequence[str] = (),
        categories: Sequence[str] = (),
    ) -> EventFilters:
        """Return the filters, checked; raise :class:`~pdp_common.events.subjects.FilterError`
        for a value no subject can carry or a filter that expands to too many subjects."""
        filters = cls(
            types=tuple(sorted(set(types))),
            countries=tuple(sorted(set(countries))),
            categories=tuple(sorted(set(categories))),
        )
        filters.subjects()
        return filters

    def subjects(self) -> list[str]:
        """Return the consumer's subject filters: tokenized subjects, and bare ones when a country
        or a category narrows the choice."""
        tokenized = filter_subjects(
            types=self.types, countries=self.countries, categories=self.categories
        )
        if not self.countries and not self.categories:
            return tokenized
        return [*tokenized, *(self.types or (ANY_BARE_TYPE,))]

    def matches(self, event_type: str, data: Mapping[str, Any]) -> bool:
        """Tell whether an event of ``event_type`` with ``data`` is one the reader asked for."""
        if self.types and event_type not in self.types:
            return False
        if self.countries and country_token(data) not in self.countries:
            return False
        return not self.categories or category_token(data) in self.categories
