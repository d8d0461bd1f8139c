"""Bulk import through the service layer: many chunks pipelined, every row still checked and
reported, references gapless, stored rows equal to single creates, failures rolled back whole."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from incidents.imports import service
from incidents.imports.parsing import Candidate
from incidents.imports.references import ReferenceBook
from incidents.imports.repository import BulkRepository
from incidents.imports.schemas import ImportReport, RowOutcome
from incidents.imports.service import TASK_NAME, import_candidates
from incidents.imports.storing import RowBuilder
from incidents.models import counters_table, incidents_table, timeline_table
from incidents.schemas import IncidentCreate
from incidents.service import create_incident
from pdp_common.db import Database
from pdp_common.identity import Principal
from pdp_common.platform_tables import outbox
from sqlalchemy import func, select, update

from tests.incidents.factories import ANALYST, incident_payload

YEAR = datetime.now(UTC).year


def acled(n: int, country: str = "KGZ", **overrides: Any) -> dict[str, Any]:
    """Return the n-th ACLED row of a batch, as parsed JSON."""
    origin = {"org": "ACLED", "external_id": f"{country}{n}"}
    return incident_payload(country, **{"origin": origin, **overrides})


def batch(count: int) -> list[dict[str, Any]]:
    """Return ``count`` good rows in two countries."""
    return [acled(n, "KGZ" if n % 3 else "TJK") for n in range(1, count + 1)]


async def imported(
    db: Database, bodies: list[dict[str, Any]], *, chunk: int, principal: Principal = ANALYST
) -> ImportReport:
    """Import ``bodies`` in one transaction, ``chunk`` rows at a time."""
    candidates = [Candidate(n, body) for n, body in enumerate(bodies, start=1)]
    async with db.transaction() as session:
        return await import_candidates(session, principal, candidates, batch_size=chunk)


async def count(db: Database, table: Any) -> int:
    """Return how many rows ``table`` holds."""
    async with db.read_sessions() as session:
        return int((await session.execute(select(func.count()).select_from(table))).scalar_one())


async def counters(db: Database) -> dict[str, int]:
    """Return the last reference number given per country this year."""
    async with db.read_sessions() as session:
        stmt = select(counters_table.c.country, counters_table.c.last_value).where(
            counters_table.c.year == YEAR
        )
        return {country: int(last) for country, last in await session.execute(stmt)}


class TestManyChunks:
    async def test_reports_bad_rows_in_the_middle_and_stores_the_others(self, db: Database) -> None:
        bodies = batch(700)
        future = (datetime.now(UTC) + timedelta(days=2)).isoformat()
        bodies[149] = {"title": "incomplete"}
        bodies[299] = acled(300, sensitivity="strictly_confidential")
        bodies[449] = acled(450, longitude=69.28, latitude=41.31)  # Tashkent, said to be KGZ
        bodies[499] = acled(10, "KGZ")  # repeats row 10, four chunks earlier
        bodies[599] = acled(600, occurred_at=future)
        report = await imported(db, bodies, chunk=100)
        assert (report.accepted, report.rejected, report.duplicates) == (695, 4, 1)
        assert [r.row for r in report.rows] == list(range(1, 701))
        outcomes = {r.row: r for r in report.rows}
        assert outcomes[150].errors[0].field == "occurred_at"
        assert outcomes[300].errors[0].field == "sensitivity"
        assert outcomes[450].errors[0].field == "incident-location-invalid"
        assert outcomes[600].errors[0].field == "occurred_at"
        assert "future" in outcomes[600].errors[0].message
        assert outcomes[500].outcome is RowOutcome.DUPLICATE
        assert outcomes[500].errors[0].message == "first seen in row 10"
        assert (outcomes[500].incident_id, outcomes[500].reference) == (None, None)
        assert await count(db, incidents_table) == 695
        assert await count(db, timeline_table) == 695
        assert await count(db, outbox) == 695

    async def test_references_follow_row_order_without_gaps(self, db: Database) -> None:
        bodies = batch(500)
        bodies[10] = acled(11, longitude=69.28, latitude=41.31)
        bodies[420] = {"title": "incomplete", "country": "TJK"}
        report = await imported(db, bodies, chunk=64)
        accepted = [r for r in report.rows if r.outcome is RowOutcome.ACCEPTED]
        by_country: dict[str, list[str]] = {}
        for item in accepted:
            assert item.reference is not None
            by_country.setdefault(item.reference.split("-")[1], []).append(item.reference)
        for country, references in by_country.items():
            expected = [f"INC-{country}-{YEAR}-{n:06d}" for n in range(1, len(references) + 1)]
            assert references == expected
        assert await counters(db) == {c: len(r) for c, r in by_country.items()}

    async def test_a_second_import_finds_the_first_and_numbers_on(self, db: Database) -> None:
        first = await imported(db, batch(300), chunk=64)
        again = await imported(db, [*batch(300), acled(1, "UZB"), acled(2, "UZB")], chunk=64)
        assert (again.accepted, again.duplicates) == (2, 300)
        for before, after in zip(first.rows, again.rows, strict=False):
            assert after.outcome is RowOutcome.DUPLICATE
            assert (after.incident_id, after.reference) == (before.incident_id, before.reference)
            assert after.errors[0].message == f"already {before.reference}"
        assert [r.reference for r in again.rows[-2:]] == [
            f"INC-UZB-{YEAR}-000001",
            f"INC-UZB-{YEAR}-000002",
        ]
        assert await counters(db) == {"KGZ": 200, "TJK": 100, "UZB": 2}

    async def test_events_are_one_reported_event_per_stored_incident(self, db: Database) -> None:
        report = await imported(db, batch(200), chunk=32)
        async with db.read_sessions() as session:
            payloads = (await session.execute(select(outbox.c.payload))).scalars().all()
        envelopes = [json.loads(bytes(p)) for p in payloads]
        assert Counter(e["type"] for e in envelopes) == {"pdp.incidents.incident.reported.v1": 200}
        assert sorted(e["subject"] for e in envelopes) == sorted(
            str(r.incident_id) for r in report.rows
        )
        assert sorted(e["data"]["reference"] for e in envelopes) == sorted(
            str(r.reference) for r in report.rows
        )

    async def test_a_failure_while_storing_rolls_everything_back(self, db: Database) -> None:
        await imported(db, batch(10), chunk=64)
        async with db.transaction() as session:  # make the next references collide
            await session.execute(update(counters_table).values(last_value=0))
        with pytest.raises(Exception, match=r"(?i)unique|duplicate") as failure:
            await imported(db, [acled(n, "KGZ") for n in range(100, 400)], chunk=64)
        assert "reference" in str(failure.value)
        assert await count(db, incidents_table) == 10
        assert await count(db, outbox) == 10
        assert [t for t in asyncio.all_tasks() if t.get_name() == TASK_NAME and not t.done()] == []

    async def test_an_empty_import_reports_nothing(self, db: Database) -> None:
        report = await imported(db, [], chunk=64)
        assert (report.accepted, report.rejected, report.duplicates, report.rows) == (0, 0, 0, [])


class TestSameAsSingleCreates:
    async def test_stored_rows_equal_a_single_create(self, db: Database) -> None:
        body = incident_payload(
            "TJK",
            translations=[{"language": "ru", "title": "Столкновение у Исфары"}],
            casualties={"best": 2, "low": 1, "high": 4},
            assoc_actor_1=["Border guards (Tajikistan)"],
            tags=["border", "вода"],
        )
        async with db.transaction() as session:
            single = await create_incident(
                session, principal=ANALYST, payload=IncidentCreate.model_validate(body)
            )
        report = await imported(db, [body], chunk=64)
        bulk_id = report.rows[0].incident_id
        async with db.read_sessions() as session:
            stored = {
                row["id"]: dict(row)
                for row in (await session.execute(select(incidents_table))).mappings()
            }
            entries = (await session.execute(select(timeline_table))).mappings().all()
        one, other = stored[single["id"]], stored[bulk_id]
        for row in (one, other):
            reference = row.pop("reference")
            words = row.pop("search_document").split(" ")
            assert words[:4] == reference.lower().split("-")
            row["search_document"] = words[4:]
            for provenance in row["provenances"]:
                assert provenance.pop("reference") == reference
                assert provenance.pop("incident_id") == str(row["id"])
                provenance.pop("recorded_at")
            for volatile in ("id", "created_at", "updated_at"):
                row.pop(volatile)
        assert one == other
        timeline = {e["incident_id"]: dict(e) for e in entries}
        for entry in (timeline[single["id"]], timeline[bulk_id]):
            for volatile in ("id", "incident_id", "at"):
                entry.pop(volatile)
        assert timeline[single["id"]] == timeline[bulk_id]


class TestReferenceBook:
    async def test_hands_out_reserved_numbers_and_gives_back_the_rest(self, db: Database) -> None:
        async with db.transaction() as session:
            book = ReferenceBook(BulkRepository(session), YEAR)
            await book.reserve({"KGZ": 3})
            assert book.take(["KGZ", "KGZ"]) == [
                f"INC-KGZ-{YEAR}-000001",
                f"INC-KGZ-{YEAR}-000002",
            ]
            assert book.missing(["KGZ", "KGZ", "TJK"]) == {"KGZ": 1, "TJK": 1}
            await book.reserve({"KGZ": 1, "TJK": 1})
            assert book.take(["KGZ", "TJK"]) == [f"INC-KGZ-{YEAR}-000003", f"INC-TJK-{YEAR}-000001"]
            assert book.missing(["KGZ"]) == {}
            await book.release()
            assert book.missing(["KGZ"]) == {"KGZ": 1}
        assert await counters(db) == {"KGZ": 3, "TJK": 1}


class TestOriginsNotNamedUpFront:
    async def test_are_looked_up_when_met(self, db: Database) -> None:
        first = await imported(db, [acled(1)], chunk=64)
        async with db.transaction() as session:
            work = service._Import(session, ANALYST, datetime.now(UTC))
            builder = RowBuilder(ANALYST, work.builder.now)
            drafts = [(n, builder.draft(IncidentCreate.model_validate(acled(n)))) for n in (1, 2)]
            fresh = await work.without_duplicates(drafts)
        assert [row for row, _ in fresh] == [2]
        assert work.outcomes[1].reference == first.rows[0].reference


class TestChunks:
    def test_start_small_then_grow_up_to_the_batch_size(self) -> None:
        candidates = [Candidate(n, None) for n in range(1, 5001)]
        sizes = [len(chunk) for chunk in service.chunks(candidates, 2000)]
        assert sizes == [256, 320, 400, 500, 625, 781, 976, 1142]
        sizes = [len(chunk) for chunk in service.chunks(candidates, 600)]
        assert sizes[:6] == [256, 320, 400, 500, 600, 600]
        assert [len(c) for c in service.chunks(candidates[:100], 64)] == [64, 36]
        assert list(service.chunks([], 64)) == []
