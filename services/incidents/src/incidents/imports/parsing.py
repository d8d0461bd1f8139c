"""Read an import body into numbered candidate payloads, or the errors that prevent them."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from incidents.acled import from_acled_row
from incidents.errors import IncidentImportInvalid
from incidents.imports.schemas import ImportBatch, RowError


@dataclass
class Candidate:
    """One row of a batch: a payload to validate, or why none could be read."""

    row: int
    payload: dict[str, Any] | None
    errors: list[RowError] = field(default_factory=list)


def parse_csv(body: bytes, *, origin_org: str, max_rows: int) -> list[Candidate]:
    """Parse an ACLED-style CSV (UTF-8, header row) into candidates."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IncidentImportInvalid("The CSV is not UTF-8 text.") from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
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
    except (ValueError, ValidationError) as exc:
        raise IncidentImportInvalid(
            'The body must be a JSON object {"incidents": [...]} of create payloads.'
        ) from exc
    if len(batch.incidents) > max_rows:
        raise IncidentImportInvalid(f"A batch holds at most {max_rows} rows; split it.")
    return [Candidate(n, payload) for n, payload in enumerate(batch.incidents, start=1)]
