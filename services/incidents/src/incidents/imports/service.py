"""Rules of a bulk import: validate every row, match duplicates, store the good rows in bulk.

Every row passes the same checks as a single create (schema, ACLED pair, clearance, origin, time,
coordinates within the country). A row already recorded under the same (origin org, external id),
or repeated within the batch, is reported as a duplicate and not stored again, so a batch can be
re-sent safely. Rejected rows are reported with their reasons and never stop the good ones.
"""

from __future__ import annotations

from collections.abc import Sequence

from pdp_common.db import utcnow
from pdp_common.errors import AppError
from pdp_common.identity import Principal
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.imports.parsing import Candidate
from incidents.imports.schemas import ImportReport, ImportRow, RowError, RowOutcome
from incidents.repository import IncidentRepository
from incidents.schemas import IncidentCreate
from incidents.service import record_new, validate_new


def _check(principal: Principal, candidate: Candidate) -> IncidentCreate | ImportRow:
    if candidate.payload is None:
        return ImportRow(row=candidate.row, outcome=RowOutcome.REJECTED, errors=candidate.errors)
    try:
        payload = IncidentCreate.model_validate(candidate.payload)
        validate_new(principal, payload, utcnow())
    except ValidationError as exc:
        errors = [
            RowError(field=".".join(str(p) for p in e["loc"]) or "row", message=e["msg"])
            for e in exc.errors()
        ]
        return ImportRow(row=candidate.row, outcome=RowOutcome.REJECTED, errors=errors)
    except AppError as exc:
        field = str(exc.extensions.get("field") or exc.code)
        errors = [RowError(field=field, message=exc.detail)]
        return ImportRow(row=candidate.row, outcome=RowOutcome.REJECTED, errors=errors)
    return payload


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
    for candidate in candidates:
        checked = _check(principal, candidate)
        if isinstance(checked, ImportRow):
            outcomes[candidate.row] = checked
        else:
            valid.append((candidate.row, checked))
    fresh = await _without_duplicates(session, valid, outcomes)
    for start in range(0, len(fresh), batch_size):
        chunk = fresh[start : start + batch_size]
        stored = await record_new(session, principal, [payload for _, payload in chunk])
        for (row, payload), record in zip(chunk, stored, strict=True):
            outcomes[row] = ImportRow(
                row=row,
                outcome=RowOutcome.ACCEPTED,
                incident_id=record["id"],
                reference=record["reference"],
                external_id=payload.origin.external_id if payload.origin else None,
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
