"""Store checked observation rows: find or create each series, then insert or update each day.

Rows are handled one by one (per-row policy): a refused row is reported with its reasons and
stored nothing, the good rows of the same file are stored. A series is named by (country,
admin1, site, kind); its unit is fixed by its first row, and a row in another unit is refused.
A series and day that already has a value is updated (``updated``), so re-importing a file never
duplicates an observation.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from pdp_common.db import utcnow
from pdp_common.keyset import keyset_page
from pdp_common.pagination import PageParams
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.early_warning.environment.errors import (
    EnvironmentalImportConflict,
    EnvironmentalSeriesNotFound,
)
from incidents.early_warning.environment.models import (
    EnvironmentalObservation,
    EnvironmentalSeries,
)
from incidents.early_warning.environment.parsing import ParsedRow, SeriesKey, duplicates_in_file
from incidents.early_warning.environment.schemas import (
    ObservationImportReport,
    ObservationOutcome,
    ObservationRow,
)
from incidents.imports.schemas import RowError


def _key(series: EnvironmentalSeries) -> SeriesKey:
    return SeriesKey(series.country, series.admin1, series.site, series.kind)


async def _known_series(
    session: AsyncSession, keys: set[SeriesKey]
) -> dict[SeriesKey, EnvironmentalSeries]:
    if not keys:
        return {}
    stmt = select(EnvironmentalSeries).where(
        EnvironmentalSeries.country.in_({k.country for k in keys}),
        EnvironmentalSeries.kind.in_({k.kind for k in keys}),
    )
    found = {_key(s): s for s in (await session.execute(stmt)).scalars()}
    return {key: series for key, series in found.items() if key in keys}


async def _known_days(
    session: AsyncSession, series_ids: set[uuid.UUID], first: date, last: date
) -> dict[tuple[uuid.UUID, date], EnvironmentalObservation]:
    stmt = select(EnvironmentalObservation).where(
        EnvironmentalObservation.series_id.in_(series_ids),
        EnvironmentalObservation.observed_on >= first,
        EnvironmentalObservation.observed_on <= last,
    )
    return {(o.series_id, o.observed_on): o for o in (await session.execute(stmt)).scalars()}


def _place_series(
    rows: Sequence[ParsedRow], series: dict[SeriesKey, EnvironmentalSeries]
) -> tuple[list[tuple[ParsedRow, EnvironmentalSeries]], int]:
    """Pair each good row with its series (new ones are created), refusing unit mismatches."""
    placed: list[tuple[ParsedRow, EnvironmentalSeries]] = []
    created = 0
    for row in rows:
        if row.key is None:
            continue
        found = series.get(row.key)
        if found is None:
            found = EnvironmentalSeries(
                id=uuid.uuid4(),
                country=row.key.country,
                admin1=row.key.admin1,
                site=row.key.site,
                kind=row.key.kind,
                unit=row.unit,
                source=row.source,
                created_at=utcnow(),
            )
            series[row.key] = found
            created += 1
        if found.unit != row.unit:
            row.errors.append(
                RowError("unit", f"the series is recorded in {found.unit}, not {row.unit}")
            )
            row.key = None
            continue
        if row.latitude is not None and row.longitude is not None:
            found.latitude, found.longitude = row.latitude, row.longitude
        if found.source is None and row.source is not None:
            found.source = row.source
        placed.append((row, found))
    return placed, created


async def _flush(session: AsyncSession) -> None:
    try:
        await session.flush()
    except IntegrityError as exc:
        raise EnvironmentalImportConflict(
            "Another import stored the same series or days meanwhile; send the file again."
        ) from exc


async def import_observations(
    session: AsyncSession, rows: list[ParsedRow]
) -> ObservationImportReport:
    """Store every good row, report every row; flush so conflicts surface here."""
    duplicates_in_file(rows)
    known = await _known_series(session, {row.key for row in rows if row.key is not None})
    known_ids = {s.id for s in known.values()}
    placed, created = _place_series(rows, dict(known))
    session.add_all(s for s in {s.id: s for _, s in placed}.values() if s.id not in known_ids)
    await _flush(session)  # the new series first: their observations refer to them
    days = [row.observed_on for row, _ in placed if row.observed_on is not None]
    existing = (
        await _known_days(session, {s.id for _, s in placed} & known_ids, min(days), max(days))
        if days and known_ids
        else {}
    )
    outcome: dict[int, tuple[ObservationOutcome, uuid.UUID]] = {}
    now = utcnow()
    for row, series in placed:
        assert row.observed_on is not None  # a placed row has passed every check
        stored = existing.get((series.id, row.observed_on))
        if stored is None:
            session.add(
                EnvironmentalObservation(
                    series_id=series.id,
                    observed_on=row.observed_on,
                    value=row.value,
                    quality=row.quality,
                    updated_at=now,
                )
            )
            outcome[row.row] = (ObservationOutcome.ACCEPTED, series.id)
        else:
            stored.value, stored.quality, stored.updated_at = row.value, row.quality, now
            outcome[row.row] = (ObservationOutcome.UPDATED, series.id)
    await _flush(session)
    report_rows = [
        ObservationRow(row=row.row, outcome=outcome[row.row][0], series_id=outcome[row.row][1])
        if row.row in outcome
        else ObservationRow(row=row.row, outcome=ObservationOutcome.REJECTED, errors=row.errors)
        for row in rows
    ]
    counts = dict.fromkeys(ObservationOutcome, 0)
    for report_row in report_rows:
        counts[report_row.outcome] += 1
    return ObservationImportReport(
        accepted=counts[ObservationOutcome.ACCEPTED],
        updated=counts[ObservationOutcome.UPDATED],
        rejected=counts[ObservationOutcome.REJECTED],
        series_created=created,
        rows=report_rows,
    )


async def list_series(
    session: AsyncSession,
    *,
    paging: PageParams,
    country: str | None = None,
    admin1: str | None = None,
    kind: str | None = None,
) -> tuple[list[EnvironmentalSeries], str | None]:
    """Return one page of series (by kind, country, then id) matching the filters."""
    stmt = select(EnvironmentalSeries)
    if country is not None:
        stmt = stmt.where(EnvironmentalSeries.country == country)
    if admin1 is not None:
        stmt = stmt.where(EnvironmentalSeries.admin1 == admin1)
    if kind is not None:
        stmt = stmt.where(EnvironmentalSeries.kind == kind)
    columns = [EnvironmentalSeries.kind, EnvironmentalSeries.country, EnvironmentalSeries.id]
    return await keyset_page(session, stmt, columns=columns, paging=paging)


async def get_series(
    session: AsyncSession, series_id: uuid.UUID, *, start: date, end: date
) -> tuple[EnvironmentalSeries, list[EnvironmentalObservation]]:
    """Return a series and its observations from ``start`` to ``end`` (inclusive), oldest first."""
    series = await session.get(EnvironmentalSeries, series_id)
    if series is None:
        raise EnvironmentalSeriesNotFound(f"No environmental series {series_id}.")
    stmt = (
        select(EnvironmentalObservation)
        .where(
            EnvironmentalObservation.series_id == series_id,
            EnvironmentalObservation.observed_on >= start,
            EnvironmentalObservation.observed_on <= end,
        )
        .order_by(EnvironmentalObservation.observed_on)
    )
    return series, list((await session.execute(stmt)).scalars())
