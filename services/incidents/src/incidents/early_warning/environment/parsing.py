"""Read an environmental observations CSV into checked rows, or each row's reasons for refusal.

The file is decoded by the incident import's reader under its limits (UTF-8, no NUL byte, lines
of at most :data:`incidents.imports.parsing.MAX_CSV_LINE_BYTES` bytes, fields of at most the csv
module's limit), and holds at most the service's ``import_max_rows`` rows. A file that cannot be
read as a whole raises :class:`~incidents.errors.IncidentImportInvalid`; a row that can be read
but is wrong is returned with its errors, so the report names every bad row.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date

from incidents.early_warning.environment.vocabulary import KINDS, QUALITY_FLAGS
from incidents.errors import IncidentImportInvalid
from incidents.geo import boundary_index
from incidents.geo.boundaries import DEFAULT_TOLERANCE_KM
from incidents.imports.parsing import _csv_text
from incidents.imports.schemas import RowError

REQUIRED_COLUMNS = ("country", "admin1", "site", "kind", "unit", "observed_on", "value")
OPTIONAL_COLUMNS = ("latitude", "longitude", "source", "quality")
EARLIEST_DAY = date(1900, 1, 1)
MAX_TEXT = 200


@dataclass(frozen=True, slots=True)
class SeriesKey:
    """What names a series: its place, site and kind."""

    country: str
    admin1: str
    site: str
    kind: str


@dataclass(slots=True)
class ParsedRow:
    """One CSV row (counted from 1 after the header): its checked values, or its errors."""

    row: int
    key: SeriesKey | None = None
    unit: str = ""
    observed_on: date | None = None
    value: float = 0.0
    latitude: float | None = None
    longitude: float | None = None
    source: str | None = None
    quality: str = "provisional"
    errors: list[RowError] = field(default_factory=list)


def parse_observations(
    body: bytes, *, countries: Collection[str], max_rows: int, today: date
) -> list[ParsedRow]:
    """Parse and check every row of an observations CSV (header row first)."""
    reader = csv.DictReader(io.StringIO(_csv_text(body), newline=""))
    try:
        header = [name.strip().lower() for name in reader.fieldnames or ()]
        missing = [name for name in REQUIRED_COLUMNS if name not in header]
        if missing:
            raise IncidentImportInvalid(
                f"The CSV needs a header row with the columns {', '.join(REQUIRED_COLUMNS)} "
                f"(optional: {', '.join(OPTIONAL_COLUMNS)}); missing: {', '.join(missing)}."
            )
        reader.fieldnames = header
        rows: list[ParsedRow] = []
        for number, raw in enumerate(reader, start=1):
            if number > max_rows:
                raise IncidentImportInvalid(f"A file holds at most {max_rows} rows; split it.")
            rows.append(check_row(number, raw, countries=countries, today=today))
    except csv.Error as exc:
        raise IncidentImportInvalid(
            f"The CSV cannot be read ({exc}); fields hold at most {csv.field_size_limit()} "
            "characters."
        ) from exc
    if not rows:
        raise IncidentImportInvalid("The CSV holds no rows after its header.")
    return rows


def _cell(raw: dict[str | None, str | list[str] | None], name: str) -> str:
    value = raw.get(name)
    return value.strip() if isinstance(value, str) else ""


def _number(text: str, name: str, errors: list[RowError]) -> float | None:
    try:
        number = float(text)
    except ValueError:
        errors.append(RowError(name, f"{text!r} is not a number"))
        return None
    if not math.isfinite(number):
        errors.append(RowError(name, f"{text!r} is not a finite number"))
        return None
    return number


def _text(raw: dict[str | None, str | list[str] | None], name: str, errors: list[RowError]) -> str:
    text = _cell(raw, name)
    if not text:
        errors.append(RowError(name, "is required"))
    elif len(text) > MAX_TEXT:
        errors.append(RowError(name, f"holds at most {MAX_TEXT} characters"))
    return text


def check_row(
    number: int,
    raw: dict[str | None, str | list[str] | None],
    *,
    countries: Collection[str],
    today: date,
) -> ParsedRow:
    """Check one row's cells; return its values or every error found."""
    parsed = ParsedRow(number)
    errors = parsed.errors
    if raw.get(None):
        errors.append(RowError("row", "holds more cells than the header has columns"))
    country = _cell(raw, "country").upper()
    if country not in countries:
        errors.append(
            RowError(
                "country", f"{country or 'empty'} is not one of {', '.join(sorted(countries))}"
            )
        )
    admin1 = _text(raw, "admin1", errors)
    site = _text(raw, "site", errors)
    kind = _cell(raw, "kind").lower()
    spec = KINDS.get(kind)
    if spec is None:
        errors.append(RowError("kind", f"{kind or 'empty'} is not one of {', '.join(KINDS)}"))
    parsed.unit = _cell(raw, "unit")
    if spec is not None and parsed.unit not in spec.units:
        errors.append(
            RowError("unit", f"{parsed.unit or 'empty'} is not a unit of {kind} "
                             f"({', '.join(spec.units)})")
        )  # fmt: skip
    _check_day(parsed, _cell(raw, "observed_on"), today)
    value = _number(_cell(raw, "value"), "value", errors)
    if value is not None:
        parsed.value = value
    _check_place(parsed, raw, country if country in countries else None)
    source = _cell(raw, "source")
    if len(source) > MAX_TEXT:
        errors.append(RowError("source", f"holds at most {MAX_TEXT} characters"))
    parsed.source = source or None
    quality = _cell(raw, "quality").lower() or "provisional"
    if quality not in QUALITY_FLAGS:
        errors.append(RowError("quality", f"{quality} is not one of {', '.join(QUALITY_FLAGS)}"))
    parsed.quality = quality
    if not errors:
        parsed.key = SeriesKey(country, admin1, site, kind)
    return parsed


def _check_day(parsed: ParsedRow, text: str, today: date) -> None:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        parsed.errors.append(RowError("observed_on", f"{text!r} is not a date (YYYY-MM-DD)"))
        return
    if day > today:
        parsed.errors.append(RowError("observed_on", f"{day} is in the future"))
    elif day < EARLIEST_DAY:
        parsed.errors.append(RowError("observed_on", f"{day} is before {EARLIEST_DAY}"))
    else:
        parsed.observed_on = day


def _check_place(
    parsed: ParsedRow, raw: dict[str | None, str | list[str] | None], country: str | None
) -> None:
    lat_text, lon_text = _cell(raw, "latitude"), _cell(raw, "longitude")
    if not lat_text and not lon_text:
        return
    if not lat_text or not lon_text:
        parsed.errors.append(RowError("latitude", "latitude and longitude go together"))
        return
    lat = _number(lat_text, "latitude", parsed.errors)
    lon = _number(lon_text, "longitude", parsed.errors)
    if lat is None or lon is None or country is None:
        return
    check = boundary_index().check(country, lon, lat, tolerance_km=DEFAULT_TOLERANCE_KM)
    if not check.ok:
        parsed.errors.append(RowError("latitude", check.message))
        return
    parsed.latitude, parsed.longitude = lat, lon


def duplicates_in_file(rows: Iterable[ParsedRow]) -> None:
    """Refuse a later row for a series and day an earlier row of the file already gave."""
    seen: dict[tuple[SeriesKey, date], int] = {}
    for row in rows:
        if row.key is None or row.observed_on is None:
            continue
        first = seen.setdefault((row.key, row.observed_on), row.row)
        if first != row.row:
            row.errors.append(RowError("observed_on", f"row {first} gives the same series and day"))
            row.key = None
