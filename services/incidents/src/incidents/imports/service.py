"""Rules of a bulk import: validate every row, match duplicates, store the good rows in bulk.

Every row passes the same checks as a single create (schema, ACLED pair, clearance, origin, time,
coordinates within the country). A row already recorded under the same (origin org, external id),
or repeated within the batch, is reported as a duplicate and not stored again, so a batch can be
re-sent safely. Rejected rows are reported with their reasons and never stop the good ones.

The work is pipelined between this process and the database. First one pass over the raw rows
reserves as many references per country as they name and looks up every origin they name (two
statements, see :mod:`incidents.imports.references`). Then rows go through in chunks of
``batch_size`` (the first ones smaller, so the database starts early): each chunk is validated
row by row, geo-checked in one vectorized pass, matched against the known origins, given its
references and built into rows; its COPY is then queued on the connection while the next chunks
are validated and built, the event loop getting a turn every ``SLICE`` rows so the queued COPYs
go on. The report is made while the last chunks are stored; then the references left over are
given back, so none is lost. The cyclic garbage collector waits until every chunk but the last
is stored (:func:`pdp_common.bulk.collector_paused`): until then the chunks waiting for the
connection are alive, and on SQLite, which stores far slower than rows are built, that is nearly
all of them. Its catching up (the candidates, the report's rows, the last chunk) then overlaps the
storing of the last chunk.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from pdp_common.bulk import collector_paused
from pdp_common.db import utcnow
from pdp_common.errors import AppError
from pdp_common.identity import Clearance, Principal
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from incidents import permissions, validation
from incidents.imports.parsing import Candidate
from incidents.imports.references import ReferenceBook
from incidents.imports.repository import BulkRepository, OriginKey
from incidents.imports.schemas import ImportReport, ImportRow, RowError, RowOutcome
from incidents.imports.storing import Draft, Records, RowBuilder, write
from incidents.imports.territory import inside_own_country
from incidents.schemas import IncidentCreate

SLICE = 16
"""Rows worked on between two turns of the event loop (well under a millisecond of work)."""
FIRST_CHUNK = 256
"""Rows of the first chunk, so that the database gets rows to store soon."""
GROWTH = 1.25
"""How much bigger each chunk is than the one before, up to the batch size. The database should
never wait for the next chunk: building a row here costs about 0.8 of what storing it costs
PostgreSQL, so a chunk at most 1.25 times the previous one is built before that one is stored
(doubling left the database idle a tenth of each import)."""
COUNTRY = re.compile(r"[A-Z]{3}")
TASK_NAME = "incidents-import-storing"
"""The name of the tasks that store an import's rows while the next ones are built."""


class _Checks:
    """The checks of a new incident beyond its schema, with what is per caller computed once."""

    def __init__(self, principal: Principal, now: datetime) -> None:
        self.principal = principal
        self.now = now
        self.latest = now + validation.FUTURE_SKEW
        self.editor: AppError | None = _failure(permissions.require_editor, principal)
        self.sensitivity: dict[Clearance, AppError | None] = {}
        self.origin: dict[str, AppError | None] = {}

    def failure(self, payload: IncidentCreate) -> AppError | None:
        """Return the first check ``payload`` fails, in the order of a single create, or None."""
        if self.editor is not None:
            return self.editor
        sensitivity = payload.sensitivity
        if sensitivity not in self.sensitivity:
            self.sensitivity[sensitivity] = _failure(
                validation.check_sensitivity, self.principal, sensitivity
            )
        failed = self.sensitivity[sensitivity]
        if failed is not None:
            return failed
        if payload.occurred_at > self.latest:
            return _failure(validation.check_time, payload.occurred_at, self.now)
        if payload.origin is not None:
            org = payload.origin.org
            if org not in self.origin:
                self.origin[org] = _failure(permissions.require_origin, self.principal, org)
            return self.origin[org]
        return None


def _failure(check: Any, *args: Any) -> AppError | None:
    try:
        check(*args)
    except AppError as exc:
        return exc
    return None


def _rejected(row: int, exc: ValidationError | AppError) -> ImportRow:
    if isinstance(exc, ValidationError):
        errors = tuple(
            RowError(field=".".join(str(p) for p in e["loc"]) or "row", message=e["msg"])
            for e in exc.errors()
        )
    else:
        field = str(exc.extensions.get("field") or exc.code)
        errors = (RowError(field=field, message=exc.detail),)
    return ImportRow(row, RowOutcome.REJECTED, errors=errors)


def _duplicate(
    row: int, key: OriginKey, stored: tuple[uuid.UUID, str] | None, note: str
) -> ImportRow:
    incident_id, reference = stored or (None, None)
    return ImportRow(
        row,
        RowOutcome.DUPLICATE,
        incident_id,
        reference,
        key[1],
        (RowError(field="origin.external_id", message=note),),
    )


class _Import:
    """One import in one transaction: the rows' outcomes and the chunks on their way."""

    def __init__(self, session: AsyncSession, principal: Principal, now: datetime) -> None:
        self.session = session
        self.repo = BulkRepository(session)
        self.checks = _Checks(principal, now)
        self.builder = RowBuilder(principal, now, binary=self.repo.dialect == "postgresql")
        self.book = ReferenceBook(self.repo, now.year)
        self.outcomes: dict[int, ImportRow] = {}
        self.known: dict[OriginKey, tuple[uuid.UUID, str]] = {}
        self.asked: set[OriginKey] = set()
        self.seen: dict[OriginKey, int] = {}
        self.writing: asyncio.Future[None] | None = None

    async def run(self, candidates: Sequence[Candidate], batch_size: int) -> ImportReport:
        """Check, de-duplicate and store every candidate, a chunk at a time, pipelined.

        The connection works through a queue: first the references and known origins the rows
        name, then each chunk's rows as soon as they are built; meanwhile the next chunks are
        validated and built, and at last the report is made.
        """
        prepared = self.writing = asyncio.create_task(self.prepare(candidates), name=TASK_NAME)
        before_last: asyncio.Future[None] | None = None
        try:
            with collector_paused():
                for chunk in chunks(candidates, batch_size):
                    drafts = check_places(await self.check(chunk), self.outcomes)
                    await prepared
                    fresh = await self.without_duplicates(drafts)
                    references = await self.references([draft.country for _, draft in fresh])
                    built = await self.build(fresh, references)
                    before_last, self.writing = (
                        self.writing,
                        asyncio.create_task(self.write_after(self.writing, built), name=TASK_NAME),
                    )
                report = self.report()
                self.known, self.seen, self.asked = {}, {}, set()  # no longer needed
                if before_last is not None:
                    await before_last  # the collector catches up while the last chunk is stored
            await self.settle()
            await self.book.release()
            return report
        finally:
            writing = self.writing
            if writing is not None:  # something failed: never leave a COPY running under the
                await asyncio.wait([writing])  # caller's rollback
                if not writing.cancelled():
                    writing.exception()  # reported by what failed first

    async def prepare(self, candidates: Sequence[Candidate]) -> None:
        """Reserve the references and look up the origins the rows name (two statements)."""
        named: Counter[str] = Counter()
        keys: set[OriginKey] = set()
        for candidate in candidates:
            payload = candidate.payload
            if payload is None:
                continue
            country = payload.get("country")
            if type(country) is str:
                named[country] += 1
            origin = payload.get("origin")
            if type(origin) is dict:
                org, external_id = origin.get("org"), origin.get("external_id")
                if type(org) is str and type(external_id) is str:
                    keys.add((org, external_id))
        await self.book.reserve({c: n for c, n in named.items() if COUNTRY.fullmatch(c)})
        await self.look_up(list(keys))

    async def look_up(self, keys: list[OriginKey]) -> None:
        """Learn which of ``keys`` are already recorded."""
        self.known.update(await self.repo.find_by_origin(keys))
        self.asked.update(keys)

    async def settle(self) -> None:
        """Wait until the connection has done everything queued (raising what failed)."""
        writing, self.writing = self.writing, None
        if writing is not None:
            await writing

    async def write_after(self, previous: asyncio.Future[None] | None, records: Records) -> None:
        """Store a chunk's rows once the connection is done with what came before."""
        if previous is not None:
            await previous
        await write(self.session, records)

    async def references(self, countries: list[str]) -> list[str]:
        """Return the references of new rows of these countries, in order."""
        missing = self.book.missing(countries)
        if missing:  # a country no row named up front: the connection is needed now
            await self.settle()
            await self.book.reserve(missing)
        return self.book.take(countries)

    async def check(self, chunk: Sequence[Candidate]) -> list[tuple[int, Draft]]:
        """Validate a chunk row by row; return the drafts of the rows that pass."""
        drafts: list[tuple[int, Draft]] = []
        outcomes, checks, builder = self.outcomes, self.checks, self.builder
        for index, candidate in enumerate(chunk):
            if index % SLICE == 0:
                await asyncio.sleep(0)  # let the chunk being stored go on
            row = candidate.row
            if candidate.payload is None:
                outcomes[row] = ImportRow(row, RowOutcome.REJECTED, errors=tuple(candidate.errors))
                continue
            try:
                payload = IncidentCreate.model_validate(candidate.payload)
            except ValidationError as exc:
                outcomes[row] = _rejected(row, exc)
                continue
            failed = checks.failure(payload)
            if failed is not None:
                outcomes[row] = _rejected(row, failed)
                continue
            drafts.append((row, builder.draft(payload)))
        return drafts

    async def without_duplicates(self, drafts: list[tuple[int, Draft]]) -> list[tuple[int, Draft]]:
        """Report rows already recorded (or repeated in the import) and return the others."""
        seen, asked = self.seen, self.asked
        unasked = sorted(
            {
                (d.origin_org, d.external_id)
                for _, d in drafts
                if d.external_id is not None and (d.origin_org, d.external_id) not in asked
            }
        )
        if unasked:  # not named as such up front: the connection is needed now
            await self.settle()
            await self.look_up(unasked)
        existing = self.known
        fresh: list[tuple[int, Draft]] = []
        for row, draft in drafts:
            if draft.external_id is None:
                fresh.append((row, draft))
                continue
            key = (draft.origin_org, draft.external_id)
            if key in seen:
                self.outcomes[row] = _duplicate(row, key, None, f"first seen in row {seen[key]}")
                continue
            if key in existing:
                incident_id, reference = existing[key]
                self.outcomes[row] = _duplicate(
                    row, key, (incident_id, reference), f"already {reference}"
                )
                continue
            seen[key] = row
            fresh.append((row, draft))
        return fresh

    async def build(self, fresh: list[tuple[int, Draft]], references: list[str]) -> Records:
        """Finish the rows of a chunk given their references (a slice at a time)."""
        records = Records()
        for start in range(0, len(fresh), SLICE):
            await asyncio.sleep(0)  # let the chunk being stored go on
            part = fresh[start : start + SLICE]
            self.builder.extend(records, [d for _, d in part], references[start : start + SLICE])
        accepted, outcomes = RowOutcome.ACCEPTED, self.outcomes
        for (row, draft), (incident_id, reference) in zip(fresh, records.stored, strict=True):
            outcomes[row] = ImportRow(row, accepted, incident_id, reference, draft.external_id)
        return records

    def report(self) -> ImportReport:
        """Return the report of every row, in row order."""
        outcomes = self.outcomes
        rows = [outcomes[row] for row in sorted(outcomes)]
        counts = dict.fromkeys(RowOutcome, 0) | Counter(item.outcome for item in rows)
        return ImportReport(
            accepted=counts[RowOutcome.ACCEPTED],
            rejected=counts[RowOutcome.REJECTED],
            duplicates=counts[RowOutcome.DUPLICATE],
            rows=rows,
        )


def chunks(candidates: Sequence[Candidate], size: int) -> Iterator[Sequence[Candidate]]:
    """Split candidates in chunks of ``size``, the first ones smaller (``FIRST_CHUNK``, then
    growing by ``GROWTH``) so that the database gets rows to store soon and keeps getting them."""
    start, step = 0, min(size, FIRST_CHUNK)
    while start < len(candidates):
        yield candidates[start : start + step]
        start += step
        step = min(size, round(step * GROWTH))


def check_places(
    drafts: list[tuple[int, Draft]], outcomes: dict[int, ImportRow]
) -> list[tuple[int, Draft]]:
    """Check coordinates: the whole chunk at once, then the exact check where that fails."""
    inside = inside_own_country([(d.country, d.longitude, d.latitude) for _, d in drafts])
    placed: list[tuple[int, Draft]] = []
    for (row, draft), surely_inside in zip(drafts, inside, strict=True):
        if not surely_inside:
            try:
                validation.check_location(
                    draft.country, draft.longitude, draft.latitude, draft.geo_precision
                )
            except AppError as exc:
                outcomes[row] = _rejected(row, exc)
                continue
        placed.append((row, draft))
    return placed


async def import_candidates(
    session: AsyncSession,
    principal: Principal,
    candidates: Sequence[Candidate],
    *,
    batch_size: int,
) -> ImportReport:
    """Validate, de-duplicate and store a batch; return the report of every row."""
    return await _Import(session, principal, utcnow()).run(candidates, batch_size)
