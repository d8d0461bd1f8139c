"""ACLED-style rows: export an incident as ACLED CSV columns, and read an ACLED row back.

Columns and meanings follow the ACLED codebook. ``inter1``/``inter2`` are exported as the text
labels ACLED's data now carries ("State forces", "Rioters", ...) and ``interaction`` as the pair
of labels, lower code first ("State forces-Civilians"; "Protesters only" for a sole actor); the
actor types are inferred from ACLED's actor naming conventions (``Military Forces of ...``,
``Protesters (...)``) and left empty when the name does not tell. An import takes these columns as
labels or as the older numeric codes ("1".."8", "17"), and refuses a value that is neither;
``source_scale`` is derived from the source types.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import IO, Any

from pdp_common.csv_cells import neutralise_row

from incidents.geo.coordinates import InvalidCoordinatesError, validate_coordinates
from incidents.geo.countries import Country, acled_name, resolve_country
from incidents.vocabulary import default_category, disorder_type, is_valid_pair

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)  # fmt: skip
SEPARATOR = "; "
ACLED_PRECISION = {"minute": "1", "hour": "1", "day": "1", "week": "2", "month": "3"}
TIME_PRECISION = {"1": "day", "2": "week", "3": "month"}
# ACLED regions of the Centre's countries and their neighbours; other countries export none.
REGIONS = {
    **dict.fromkeys(("KAZ", "KGZ", "TJK", "TKM", "UZB", "AZE", "GEO"), "Caucasus and Central Asia"),
    **dict.fromkeys(("AFG", "PAK", "IND"), "South Asia"),
    **dict.fromkeys(("CHN", "MNG"), "East Asia"),
    "IRN": "Middle East",
    "RUS": "Europe",
}
INTER_PREFIXES = (
    ("Military Forces of", "1"), ("Police Forces of", "1"), ("Government of", "1"),
    ("Rioters", "5"), ("Protesters", "6"), ("Civilians", "7"),
)  # fmt: skip
INTER_LABELS: dict[str, str] = {
    "1": "State forces", "2": "Rebel group", "3": "Political militia", "4": "Identity militia",
    "5": "Rioters", "6": "Protesters", "7": "Civilians", "8": "External/Other forces",
}  # fmt: skip
"""ACLED's actor types by their former numeric inter codes."""
INTER_CODES: dict[str, str] = {label.lower(): code for code, label in INTER_LABELS.items()}
SOURCE_SCALE = {
    "media": "National", "government": "National", "un_agency": "International",
    "ngo": "Other", "partner_feed": "International", "field_report": "Local",
    "social_media": "New media", "other": "Other",
}  # fmt: skip


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _join(values: Iterable[Any] | None) -> str:
    return SEPARATOR.join(str(v) for v in values or () if str(v).strip())


def _as_datetime(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def inter_code(actor: str | None) -> str:
    """Return ACLED's inter code ("1".."8") for an actor named per ACLED, or "" if unknown."""
    name = (actor or "").strip()
    return next((code for prefix, code in INTER_PREFIXES if name.startswith(prefix)), "")


def interaction_code(inter1: str, inter2: str) -> str:
    """Return ACLED's two-digit interaction code (lower code first; ``X0`` for a sole actor)."""
    if not inter1:
        return ""
    if not inter2:
        return f"{inter1}0"
    return "".join(sorted((inter1, inter2)))


def inter_label(code: str) -> str:
    """Return ACLED's text label of an inter code ("7" -> "Civilians"), or "" if none."""
    return INTER_LABELS.get(code, "")


def interaction_label(inter1: str, inter2: str) -> str:
    """Return ACLED's text interaction of two inter codes: the labels joined by "-", lower code
    first ("State forces-Civilians"), "<label> only" for a sole actor, and, as ACLED writes it,
    "External/Other forces-Civilians" for codes 7 and 8."""
    code = interaction_code(inter1, inter2)
    if not code:
        return ""
    low, high = code[0], code[1]
    if high == "0":
        return f"{inter_label(low)} only"
    if (low, high) == ("7", "8"):
        low, high = high, low
    return f"{inter_label(low)}-{inter_label(high)}"


def read_inter(value: str) -> str | None:
    """Return the inter code ("" for none) of an imported ``inter1``/``inter2`` value, a text
    label or a numeric code; None when it is neither."""
    text = value.strip().removesuffix(".0")
    if text in {"", "0"}:
        return ""
    if text in INTER_LABELS:
        return text
    return INTER_CODES.get(text.lower())


def read_interaction(value: str) -> str | None:
    """Return the two-digit code of an imported ``interaction``, given as a numeric code ("17")
    or as ACLED's text ("State forces-Civilians", "Protesters only"); "" for none, None when it
    is neither."""
    text = value.strip().removesuffix(".0")
    if not text:
        return ""
    if len(text) == 2 and text.isdigit():
        low, high = text[0], text[1]
        valid = low in INTER_LABELS and (high == "0" or (high in INTER_LABELS and low <= high))
        return text if valid else None
    lowered = text.lower()
    if lowered.endswith(" only"):
        code = INTER_CODES.get(lowered.removesuffix(" only"))
        return f"{code}0" if code else None
    for label, code in INTER_CODES.items():
        if lowered.startswith(label + "-"):
            other = INTER_CODES.get(lowered[len(label) + 1 :])
            return interaction_code(code, other) if other else None
    return None


def _source_scale(sources: Iterable[Mapping[str, Any]]) -> str:
    scales = [SOURCE_SCALE.get(str(s.get("type")), "Other") for s in sources]
    return "-".join(dict.fromkeys(scales))


def _actor_columns(incident: Mapping[str, Any]) -> dict[str, str]:
    inter1, inter2 = inter_code(incident.get("actor1")), inter_code(incident.get("actor2"))
    return {
        "actor1": _text(incident.get("actor1")),
        "assoc_actor_1": _join(incident.get("assoc_actor_1")),
        "inter1": inter_label(inter1),
        "actor2": _text(incident.get("actor2")),
        "assoc_actor_2": _join(incident.get("assoc_actor_2")),
        "inter2": inter_label(inter2),
        "interaction": interaction_label(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if inter2 == "7" else "",
    }


def _place_columns(incident: Mapping[str, Any]) -> dict[str, str]:
    country = resolve_country(_text(incident.get("country")))
    return {
        "iso": str(country.numeric or 0) if country else "",
        "region": REGIONS.get(country.alpha3, "") if country else "",
        "country": acled_name(country) if country else _text(incident.get("country")),
        "admin1": _text(incident.get("admin1")),
        "admin2": _text(incident.get("admin2")),
        "admin3": "",
        "location": _text(incident.get("location")),
        "latitude": _text(incident.get("latitude")),
        "longitude": _text(incident.get("longitude")),
        "geo_precision": _text(incident.get("geo_precision")),
    }


def to_acled_row(incident: Mapping[str, Any]) -> dict[str, str]:
    """Render an incident read model as one ACLED-style row (every column, all strings)."""
    occurred = _as_datetime(incident.get("occurred_at"))
    updated = _as_datetime(incident.get("updated_at") or incident.get("created_at"))
    event_type, sub_type = _text(incident.get("event_type")), _text(incident.get("sub_event_type"))
    actors = _actor_columns(incident)
    disorder = ""
    if is_valid_pair(event_type, sub_type):
        disorder = disorder_type(
            event_type, sub_type, targets_protesters=actors["inter2"] == INTER_LABELS["6"]
        )
    sources = list(incident.get("sources") or ())
    casualties = incident.get("casualties") or {}
    row = {
        "event_id_cnty": _text(incident.get("reference") or incident.get("id")),
        "event_date": occurred.date().isoformat() if occurred else "",
        "year": str(occurred.year) if occurred else "",
        "time_precision": ACLED_PRECISION.get(_text(incident.get("time_precision")), ""),
        "disorder_type": str(disorder),
        "event_type": event_type,
        "sub_event_type": sub_type,
        **actors,
        **_place_columns(incident),
        "source": _join(s.get("name") for s in sources),
        "source_scale": _source_scale(sources),
        "notes": _text(incident.get("summary")),
        "fatalities": str(int(casualties.get("best") or 0)),
        "tags": _join(incident.get("tags")),
        "timestamp": str(int(updated.timestamp())) if updated else "",
    }
    return {column: row[column] for column in ACLED_COLUMNS}


def write_acled_csv(incidents: Iterable[Mapping[str, Any]], stream: IO[str]) -> int:
    """Write incidents as an ACLED-style CSV with a header (formula-looking cells neutralised);
    return the number of rows."""
    writer = csv.DictWriter(stream, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for incident in incidents:
        writer.writerow(neutralise_row(to_acled_row(incident)))
        count += 1
    return count


@dataclass(frozen=True)
class RowError:
    """One problem with one column of an imported row."""

    column: str
    message: str


@dataclass
class ParsedRow:
    """An imported ACLED row: a create payload, or the errors that prevent one."""

    payload: dict[str, Any] | None
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Return whether the row produced a payload."""
        return self.payload is not None and not self.errors


class _Reader:
    """Reads typed values out of one row, collecting errors instead of raising."""

    def __init__(self, row: Mapping[str, str | None]) -> None:
        self.row = {str(k).strip().lower(): (v or "").strip() for k, v in row.items() if k}
        self.errors: list[RowError] = []

    def get(self, column: str) -> str:
        return self.row.get(column, "")

    def fail(self, column: str, message: str) -> None:
        self.errors.append(RowError(column, message))

    def required(self, column: str) -> str:
        value = self.get(column)
        if not value:
            self.fail(column, "is required")
        return value

    def integer(self, column: str, *, default: int | None = None) -> int | None:
        text = self.get(column)
        if not text:
            return default
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if not number.is_integer():
            self.fail(column, f"{text!r} is not a whole number")
            return None
        return int(number)

    def number(self, column: str) -> float | None:
        text = self.required(column)
        try:
            return float(text) if text else None
        except ValueError:
            self.fail(column, f"{text!r} is not a number")
            return None


def parse_event_date(text: str) -> date:
    """Parse an ACLED event date, ``YYYY-MM-DD`` or ``DD Month YYYY`` (``03 June 2026``)."""
    for pattern in ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y"):
        try:
            return datetime.strptime(text.strip(), pattern).replace(tzinfo=UTC).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date (YYYY-MM-DD or DD Month YYYY)")


def _country(reader: _Reader) -> Country | None:
    """Resolve the row's country from ``iso`` (numeric or alpha-3), ``iso3`` and ``country``."""
    found: dict[str, Country] = {}
    for column in ("iso", "iso3", "country"):
        value = reader.get(column)
        if not value or (column == "iso" and value.strip("0.") == "" and reader.get("country")):
            continue
        country = resolve_country(value.removesuffix(".0"))
        if country is None:
            reader.fail(column, f"{value!r} is not a known country")
        else:
            found[column] = country
    codes = {c.alpha3 for c in found.values()}
    if len(codes) > 1:
        named = ", ".join(f"{col} {c.alpha3}" for col, c in found.items())
        reader.fail("country", f"columns disagree on the country: {named}")
        return None
    if not found and not reader.errors:
        reader.fail("country", "is required (iso or country)")
    return next(iter(found.values()), None)


def _occurred(reader: _Reader) -> tuple[str | None, str]:
    text = reader.required("event_date")
    precision = reader.get("time_precision") or "1"
    if precision.removesuffix(".0") not in TIME_PRECISION:
        reader.fail("time_precision", f"{precision!r} is not 1, 2 or 3")
    try:
        day = parse_event_date(text) if text else None
    except ValueError as error:
        reader.fail("event_date", str(error))
        day = None
    year = reader.integer("year")
    if day is not None and year is not None and year != day.year:
        reader.fail("year", f"{year} does not match event_date {day.isoformat()}")
    when = f"{day.isoformat()}T00:00:00Z" if day else None
    return when, TIME_PRECISION.get(precision.removesuffix(".0"), "day")


def _place(reader: _Reader) -> tuple[float | None, float | None, int]:
    latitude, longitude = reader.number("latitude"), reader.number("longitude")
    if latitude is not None and longitude is not None:
        try:
            validate_coordinates(longitude, latitude)
        except InvalidCoordinatesError as error:
            reader.fail("latitude" if abs(latitude) > 90 else "longitude", str(error))
    precision = reader.integer("geo_precision", default=1)
    if precision is not None and precision not in (1, 2, 3):
        reader.fail("geo_precision", f"{precision} is not 1, 2 or 3")
    return latitude, longitude, precision or 1


def _types(reader: _Reader) -> tuple[str, str]:
    event_type, sub_event_type = reader.required("event_type"), reader.required("sub_event_type")
    if event_type and sub_event_type and not is_valid_pair(event_type, sub_event_type):
        message = f"{sub_event_type!r} is not an ACLED sub-event type of {event_type!r}"
        reader.fail("sub_event_type", message)
    return event_type, sub_event_type


def _actor_types(reader: _Reader) -> None:
    """Check ``inter1``, ``inter2`` and ``interaction``: ACLED's labels or its numeric codes."""
    for column in ("inter1", "inter2"):
        value = reader.get(column)
        if read_inter(value) is None:
            reader.fail(column, f"{value!r} is not an ACLED actor type (a label or 0-8)")
    value = reader.get("interaction")
    if read_interaction(value) is None:
        reader.fail("interaction", f"{value!r} is not an ACLED interaction (a label or code)")


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def severity_for(event_type: str, fatalities: int) -> int:
    """Return a default severity (1-5) from the reported fatalities and the kind of event."""
    if fatalities >= 25:
        return 5
    if fatalities >= 5:
        return 4
    if fatalities >= 1:
        return 3
    return 1 if event_type in ("Protests", "Strategic developments") else 2


def from_acled_row(row: Mapping[str, str | None], *, origin_org: str = "ACLED") -> ParsedRow:
    """Parse one ACLED-style row into an incident create payload, or report its errors."""
    reader = _Reader(row)
    event_id = reader.required("event_id_cnty")
    country = _country(reader)
    occurred_at, time_precision = _occurred(reader)
    latitude, longitude, geo_precision = _place(reader)
    event_type, sub_event_type = _types(reader)
    actor1 = reader.required("actor1")
    _actor_types(reader)
    fatalities = reader.integer("fatalities", default=0)
    if fatalities is not None and fatalities < 0:
        reader.fail("fatalities", f"{fatalities} is negative")
    if reader.errors or country is None:
        return ParsedRow(None, reader.errors)
    deaths = fatalities or 0
    location = reader.get("location") or reader.get("admin2") or reader.get("admin1")
    title = f"{sub_event_type} in {location or country.name}"[:200]
    payload: dict[str, Any] = {
        "title": title, "summary": reader.get("notes") or title, "language": "en",
        "translations": [], "occurred_at": occurred_at, "time_precision": time_precision,
        "country": country.alpha3, "admin1": reader.get("admin1") or None,
        "admin2": reader.get("admin2") or None, "location": location or None,
        "latitude": latitude, "longitude": longitude, "geo_precision": geo_precision,
        "category": str(default_category(event_type, sub_event_type)),
        "event_type": event_type, "sub_event_type": sub_event_type,
        "actor1": actor1, "assoc_actor_1": _split(reader.get("assoc_actor_1")),
        "actor2": reader.get("actor2") or None,
        "assoc_actor_2": _split(reader.get("assoc_actor_2")),
        "casualties": {"best": deaths, "low": deaths, "high": deaths},
        "severity": severity_for(event_type, deaths), "sensitivity": "public",
        "tags": _split(reader.get("tags")),
        "sources": [
            {"name": name, "type": "other", "reliability": "F", "credibility": 6,
             "url": None, "published_at": None, "reported_by_org": origin_org}
            for name in _split(reader.get("source"))
        ],
        "origin": {"org": origin_org, "external_id": event_id},
    }  # fmt: skip
    return ParsedRow(payload)


def read_acled_csv(stream: IO[str], *, origin_org: str = "ACLED") -> Iterator[ParsedRow]:
    """Parse every row of an ACLED-style CSV (with a header row)."""
    for row in csv.DictReader(stream):
        yield from_acled_row(row, origin_org=origin_org)
