"""NATS subjects of events: the event type, then the country and the threat category it is about.

Every event is published on ``<type>.<country>.<category>``, seven tokens::

    pdp.incidents.incident.reported.v1.KGZ.border_incident
    pdp.incidents.alert.raised.v1.TJK.water_energy_dispute
    pdp.organizations.agreement.upserted.v1._._

``country`` is the ISO 3166-1 alpha-3 code of the one country the event is about, ``category`` the
one threat category (lower-case snake case); either is ``_`` (:data:`NOT_ONE`) when the event is
about no country or category, or about several. A tool that follows one country or theme asks the
broker for those subjects only (a consumer's ``filter_subjects``), and receives nothing else:
:func:`filter_subjects` builds the filters.

Events published before subjects carried these tokens have the bare type as subject; consumers of
a type listen on both (:func:`type_filters`), so a stream that holds both kinds replays whole.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

NOT_ONE = "_"
"""The token of an event about no single country or category."""

TYPE_TOKENS = 5
"""Tokens of an event type: ``pdp.<producer>.<entity>.<action>.<version>``."""

MAX_FILTERS = 256
"""The most subject filters one request may expand to (types x countries x categories)."""

_COUNTRY = re.compile(r"^[A-Z]{3}$")
_CATEGORY = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_TYPE = re.compile(r"^pdp(\.[a-z][a-z0-9_]*){3}\.v[0-9]+$")


class FilterError(ValueError):
    """A filter names something no subject can carry, or expands to too many subjects."""


def country_token(data: Mapping[str, Any]) -> str:
    """Return the country token of an event's data: its one country, or ``_``."""
    return _one(data, "country", "countries", _COUNTRY)


def category_token(data: Mapping[str, Any]) -> str:
    """Return the category token of an event's data: its one threat category, or ``_``."""
    return _one(data, "category", "categories", _CATEGORY)


def _one(data: Mapping[str, Any], single: str, plural: str, pattern: re.Pattern[str]) -> str:
    # The value of ``single``, else the only value of the list ``plural``; ``_`` when there is
    # none, several, or one no subject token can carry.
    value = data.get(single)
    if value is None:
        values = data.get(plural)
        if isinstance(values, (list, tuple)) and len(set(values)) == 1:
            value = values[0]
    if isinstance(value, str) and pattern.match(value):
        return value
    return NOT_ONE


def publish_subject(event_type: str, data: Mapping[str, Any]) -> str:
    """Return the subject an event of ``event_type`` with this (JSON) ``data`` is published on."""
    return f"{event_type}.{country_token(data)}.{category_token(data)}"


def event_type_of(subject: str) -> str:
    """Return the event type a subject carries (its first five tokens)."""
    return ".".join(subject.split(".")[:TYPE_TOKENS])


def type_filters(event_type: str) -> list[str]:
    """Return the filters that receive every event of ``event_type``, old subjects and new."""
    return [event_type, f"{event_type}.>"]


def filter_subjects(
    *,
    types: Sequence[str] = (),
    countries: Sequence[str] = (),
    categories: Sequence[str] = (),
    producer: str | None = None,
) -> list[str]:
    """Return the subject filters that select exactly these types, countries and categories.

    An empty sequence selects every value of its token. ``producer`` (``incidents``,
    ``country_teams``...) narrows a filter without types to one producer's events. Raises
    :class:`FilterError` for a value no subject can carry or past :data:`MAX_FILTERS` filters.
    """
    for event_type in types:
        if not _TYPE.match(event_type):
            raise FilterError(f"not an event type: {event_type!r}")
    for country in countries:
        if not _COUNTRY.match(country) and country != NOT_ONE:
            raise FilterError(f"not an ISO 3166-1 alpha-3 code: {country!r}")
    for category in categories:
        if not _CATEGORY.match(category) and category != NOT_ONE:
            raise FilterError(f"not a category code: {category!r}")
    head = list(types) or [f"pdp.{producer or '*'}.*.*.*"]
    count = len(head) * max(1, len(countries)) * max(1, len(categories))
    if count > MAX_FILTERS:
        raise FilterError(f"the filter expands to {count} subjects, more than {MAX_FILTERS}")
    if not countries and not categories:
        if not types:
            return [f"pdp.{producer}.>" if producer else "pdp.>"]
        return sorted({f for event_type in types for f in type_filters(event_type)})
    return sorted(
        f"{prefix}.{country}.{category}"
        for prefix in head
        for country in _or_any(countries)
        for category in _or_any(categories)
    )


def _or_any(values: Sequence[str]) -> list[str]:
    return sorted(set(values)) or ["*"]
