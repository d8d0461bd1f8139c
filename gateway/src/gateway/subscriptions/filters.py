"""Which events a subscription's filter selects: event types, countries, threat categories.

An empty list selects every value. Countries and categories are matched as the event's NATS
subject names them (:func:`pdp_common.events.subjects.country_token`, ``category_token``): the one
country (ISO 3166-1 alpha-3) or category the event is about, ``_`` when it is about none or several.
The filter thus selects the same events over a webhook as the equivalent subject filter over NATS,
whether a producer publishes on the bare type or on ``<type>.<country>.<category>``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pdp_common.events.registry import registered
from pdp_common.events.subjects import (
    NOT_ONE,
    FilterError,
    category_token,
    country_token,
    filter_subjects,
)

from gateway.subscriptions.errors import SubscriptionFilterInvalid

MAX_VALUES = 50
"""The most values one list of a filter may hold."""


@dataclass(frozen=True, slots=True)
class EventFilter:
    """The types, countries and categories a subscription selects (empty: all)."""

    types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()

    def matches(self, event_type: str, data: Mapping[str, Any]) -> bool:
        """Tell whether an event of ``event_type`` with (JSON) ``data`` passes the filter."""
        if self.types and event_type not in self.types:
            return False
        if self.countries and country_token(data) not in self.countries:
            return False
        return not self.categories or category_token(data) in self.categories


def checked_filter(
    *, types: Sequence[str], countries: Sequence[str], categories: Sequence[str]
) -> EventFilter:
    """Return the filter of these values, or raise SubscriptionFilterInvalid naming the fault."""
    known = registered()
    unknown = sorted(set(types) - set(known))
    if unknown:
        raise SubscriptionFilterInvalid(
            f"Unknown event type(s): {', '.join(unknown)}; see the AsyncAPI document for the "
            "event types the platform publishes.",
            unknown_types=unknown,
        )
    for name, values in (("types", types), ("countries", countries), ("categories", categories)):
        if len(values) > MAX_VALUES:
            raise SubscriptionFilterInvalid(f"A filter lists at most {MAX_VALUES} {name}.")
    try:
        filter_subjects(types=types, countries=countries, categories=categories)
    except FilterError as exc:
        raise SubscriptionFilterInvalid(f"The filter is invalid: {exc}.") from exc
    return EventFilter(
        types=tuple(sorted(set(types))),
        countries=tuple(sorted(set(countries))),
        categories=tuple(sorted(set(categories))),
    )


__all__ = ["NOT_ONE", "EventFilter", "checked_filter"]
