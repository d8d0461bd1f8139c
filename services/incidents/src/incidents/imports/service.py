"""Rules of a bulk import: validate every row, match duplicates, store the good rows in bulk.

Every row passes the same checks as a single create (schema, ACLED pair, clearance, origin, time,
coordinates within the country). A row already recorded under the same (origin org, external id),
or repeated within the batch, is reported as a duplicate and not stored again, so a batch can be
re-sent safely. Rejected rows are reported with their reasons and never stop the good ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pdp_common.db import utcnow
from pdp_common.errors import AppError
from pdp_common.identity import Principal
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from incidents import validation
from incidents.imports.parsing import Candidate
from incidents.imports.schemas import ImportReport, ImportRow, RowError, RowOutcome
from incidents.imports.storing import store_new
from incidents.imports.territory import inside_own_country
from incidents.repository import IncidentRepository
from incidents.schemas import IncidentCreate


def _check(principal: Principal, candidate: Candidate, now: datetime) -> IncidentCreate | ImportRow:
    """Validate a row and run every check but the coordinates (see :func:`_check_places`)."""
    if candidate.payload is None:
        return ImportRow(row=candidate.row, outcome=RowOutcome.REJECTED, errors=candidate.errors)
    try:
        payload = IncidentCreate.model_validate(candidate.payload)
        validation.check_editor(principal)
        validation.check_sensitivity(principal, payload.sensitivity)
        validation.check_time(payload.occurred_at, now)
        if payload.origin is not None:
            validation.check_origin(principal, payload.origin.org)
    except (ValidationError, AppError) as exc:
        return _rejected(candidate.row, exc)
    return payload


def _rejected(row: int, exc: ValidationError | AppError) -> ImportRow:
    if isinstance(exc, ValidationError):
        errors = [
            RowError(field=".".join(str(p) for p in e["loc"]) or "row", message=e["msg"])
            for e in exc.errors()
        ]
    else:
        field = str(exc.extensions.get("field") or exc.code)
        errors = [RowError(field=field, message=exc.detail)]
    return ImportRow(row=row, outcome=RowOutcome.REJECTED, errors=errors)


def _check_places(
    valid: list[tuple[int, IncidentCreate]], outcomes: dict[int, ImportRow]
) -> list[tuple[int, IncidentCreate]]:
    """Check coordinates: the whole batch at once, then the exact check where that fails."""
    inside = inside_own_country([(p.country, p.longitude, p.latitude) for _, p in valid])
    placed: list[tuple[int, IncidentCreate]] = []
    for (row, payload), surely_inside in zip(valid, inside, strict=True):
        if not surely_inside:
            try:
                validation.check_location(
                    payload.country, payload.longitude, payload.latitude, payload.geo_precision
                )
            except AppError as exc:
                outcomes[row] = _rejected(row, exc)
                continue
        placed.append((row, payload))
    return placed


async def import_candidates(
    session: AsyncSession,
    principal: Principal,
    candidates: Sequence[Candidate],
    *,
    batch_size: int,
) -> ImportReport:
    """Validate, de-duplicate and store a batch; return the report of every row."""
    outcomes: dict[int, ImportRow] = {}
    valid: list[tuple[int, IncidentCreate]] = []
    now = utcnow()
    for candidate in candidates:
        checked = _check(principal, candidate, now)
        if isinstance(checked, ImportRow):
            outcomes[candidate.row] = checked
        else:
            valid.append((candidate.row, checked))
    fresh = await _without_duplicates(session, _check_places(valid, outcomes), outcomes)
    for start in range(0, len(fresh), batch_size):
        chunk = fresh[start : start + batch_size]
        stored = await store_new(session, principal, [payload for _, payload in chunk], now=now)
        for (row, payload), record in zip(chunk, stored, strict=True):
            outcomes[row] = ImportRow.model_construct(
                row=row,
                outcome=RowOutcome.ACCEPTED,
                incident_id=record.incident_id,
                reference=record.reference,
                external_id=payload.origin.external_id if payload.origin else None,
                errors=[],
            )
    ordered = [outcomes[row] for row in sorted(outcomes)]
    return ImportReport(
        accepted=sum(r.outcome is RowOutcome.ACCEPTED for r in ordered),
        rejected=sum(r.outcome is RowOutcome.REJECTED for r in ordered),
        duplicates=sum(r.outcome is RowOutcome.DUPLICATE for r in ordered),
        rows=ordered,
    )


async def _without_duplicates(
    session: AsyncSession,
    valid: list[tuple[int, IncidentCreate]],
    outcomes: dict[int, ImportRow],
) -> list[tuple[int, IncidentCreate]]:
    """Report rows already recorded (or repeated in the batch) and return the others."""
    keys = sorted(
        {
            (p.origin.org, p.origin.external_id)
            for _, p in valid
            if p.origin and p.origin.external_id
        }
    )
    existing = await IncidentRepository(session).find_by_origin(keys)
    seen: dict[tuple[str, str], int] = {}
    fresh: list[tuple[int, IncidentCreate]] = []
    for row, payload in valid:
        key = _origin_key(payload)
        if key is not None and (key in existing or key in seen):
            incident_id, reference = existing.get(key, (None, None))
            note = f"first seen in row {seen[key]}" if key in seen else f"already {reference}"
            outcomes[row] = ImportRow(
                row=row,
                outcome=RowOutcome.DUPLICATE,
                incident_id=incident_id,
                reference=reference,
                external_id=key[1],
                errors=[RowError(field="origin.external_id", message=note)],
            )
            continue
        if key is not None:
            seen[key] = row
        fresh.append((row, payload))
    return fresh


def _origin_key(payload: IncidentCreate) -> tuple[str, str] | None:
    origin = payload.origin
    if origin is None or origin.external_id is None:
        return None
    return (origin.org, origin.external_id)
