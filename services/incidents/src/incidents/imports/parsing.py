"""Read an import body into numbered candidate payloads, or the errors that prevent them.

Both formats are bounded: a JSON batch has passed the route's JSON limits (:func:`json_limits`)
before it gets here; a CSV is refused when it holds a NUL byte, a line longer than
``MAX_CSV_LINE_BYTES`` before a row is built, and when a (quoted, multi-line) field is longer than
the csv module's field limit (131,072 characters).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from pdp_common.json_limits import JsonLimits
from pydantic import ValidationError

from incidents.acled import from_acled_row
from incidents.errors import IncidentImportInvalid
from incidents.imports.schemas import ImportBatch, RowError
from incidents.settings import IncidentsSettings

# Items (fields, sources, tags...) one incident of a JSON batch may take, for the route's limit.
ITEMS_PER_ROW = 64
MAX_CSV_LINE_BYTES = 65_536
_LONG_LINE = re.compile(rb"^[^\n]{%d}" % (MAX_CSV_LINE_BYTES + 1), re.MULTILINE)


@dataclass
class Candidate:
    """One row of a batch: a payload to validate, or why none could be read."""

    row: int
    payload: dict[str, Any] | None
    errors: list[RowError] = field(default_factory=list)


def json_limits(settings: IncidentsSettings) -> JsonLimits:
    """Return the JSON limits of the import route: room for ``import_max_rows`` incidents."""
    return settings.json_limits().scaled(max_items=settings.import_max_rows * ITEMS_PER_ROW + 1)


def _csv_text(body: bytes) -> str:
    if b"\x00" in body:
        raise IncidentImportInvalid("The CSV holds a NUL byte; send UTF-8 text.")
    if _LONG_LINE.search(body) is not None:
        raise IncidentImportInvalid(f"A CSV line holds at most {MAX_CSV_LINE_BYTES} bytes.")
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IncidentImportInvalid("The CSV is not UTF-8 text.") from exc


def parse_csv(body: bytes, *, origin_org: str, max_rows: int) -> list[Candidate]:
    """Parse an ACLED-style CSV (UTF-8, header row) into candidates."""
    reader = csv.DictReader(io.StringIO(_csv_text(body), newline=""))
    try:
        return _csv_candidates(reader, origin_org=origin_org, max_rows=max_rows)
    except csv.Error as exc:
        raise IncidentImportInvalid(
            f"The CSV cannot be read ({exc}); fields hold at most {csv.field_size_limit()} "
            "characters."
        ) from exc


def _csv_candidates(
    reader: csv.DictReader[str], *, origin_org: str, max_rows: int
) -> list[Candidate]:
    if not reader.fieldnames or "event_id_cnty" not in [
        f.strip().lower() for f in reader.fieldnames
    ]:
        raise IncidentImportInvalid("The CSV needs a header row with ACLED column names.")
    candidates: list[Candidate] = []
    for number, raw in enumerate(reader, start=1):
        if number > max_rows:
            raise IncidentImportInvalid(f"A batch holds at most {max_rows} rows; split it.")
        parsed = from_acled_row(raw, origin_org=origin_org)
        errors = [RowError(field=e.column, message=e.message) for e in parsed.errors]
        candidates.append(Candidate(number, parsed.payload if parsed.ok else None, errors))
    return candidates


def parse_json(body: bytes, *, max_rows: int) -> list[Candidate]:
    """Parse a JSON batch ``{"incidents": [...]}`` into candidates."""
    try:
        batch = ImportBatch.model_validate(json.loads(body))
    except (ValueError, RecursionError, ValidationError) as exc:
        raise IncidentImportInvalid(
            'The body must be a JSON object {"incidents": [...]} of create payloads.'
        ) from exc
    if len(batch.incidents) > max_rows:
        raise IncidentImportInvalid(f"A batch holds at most {max_rows} rows; split it.")
    return [Candidate(n, payload) for n, payload in enumerate(batch.incidents, start=1)]
