"""Bulk storing gives exactly what single creates give: rows, search documents, events, geo."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
import pytest_asyncio
from incidents import events, rows
from incidents.geo import boundary_index
from incidents.imports.schemas import ImportRow, RowOutcome
from incidents.imports.service import _check_places
from incidents.imports.storing import _event_data, _RowBuilder, store_new
from incidents.imports.territory import inside_own_country
from incidents.main import MIGRATIONS_DIR
from incidents.models import TimelineEntry
from incidents.repository import IncidentRepository
from incidents.schemas import IncidentCreate
from incidents.search.text import search_document, words
from incidents.settings import IncidentsSettings
from pdp_common.contracts import incidents as incident_events
from pdp_common.db import Database
from pdp_common.events.envelope import decode, encode
from pdp_common.events.outbox import build_envelope, event_rows
from pdp_common.identity import Clearance, Principal, Role
from pdp_common.migrations import upgrade
from pdp_common.platform_tables import outbox
from sqlalchemy import select

from tests.incidents.factories import incident_payload

OFFICER = Principal(
    subject="officer-1",
    org="UNRCCA",
    roles=frozenset({Role.OFFICER}),
    clearance=Clearance.STRICTLY_CONFIDENTIAL,
    credential="test",
)
NOW = datetime(2026, 6, 1, 12, 30, tzinfo=UTC)


def payloads() -> list[IncidentCreate]:
    """Return payloads covering every optional part of a record."""
    bodies = [
        incident_payload("KGZ"),
        incident_payload(
            "TJK",
            title="Столкновение на границе у Исфары",
            summary="Жители сёл Ворух и Ак-Сай; Hérat délégation",
            translations=[{"language": "en", "title": "Clash at the border near Isfara"}],
            casualties={"best": 2, "low": 1, "high": 4},
            assoc_actor_1=["Border guards (Tajikistan)"],
            actor2="Villagers",
            tags=["border", "вода"],
            sensitivity="strictly_confidential",
            origin={"org": "OSCE", "external_id": "OSCE-77"},
        ),
        incident_payload("AFG", admin1=None, location=None, sources=[], sensitivity="public"),
    ]
    return [IncidentCreate.model_validate(body) for body in bodies]


class TestRowBuilder:
    def test_builds_the_rows_single_creates_store(self) -> None:
        builder = _RowBuilder(OFFICER, NOW)
        for number, payload in enumerate(payloads(), start=1):
            reference = f"INC-{payload.country}-2026-{number:06d}"
            built = builder.row(payload, reference)
            expected = rows.new_row(
                payload,
                incident_id=built["id"],
                reference=reference,
                actor=OFFICER.subject,
                actor_org=OFFICER.org,
                now=NOW,
            )
            assert built == expected


class TestEventRows:
    def test_envelopes_match_the_model_path(self) -> None:
        builder = _RowBuilder(OFFICER, NOW)
        built = [builder.row(p, f"INC-{p.country}-2026-00000{n}") for n, p in enumerate(payloads())]
        items = [(str(r["id"]), _event_data(r)) for r in built]
        fast = event_rows(incident_events.IncidentReported, items)
        for row, outbox_row in zip(built, fast, strict=True):
            model = build_envelope(events.snapshot(incident_events.IncidentReported, row))
            expected = json.loads(encode(model))
            actual = json.loads(outbox_row["payload"])
            assert list(actual) == list(expected)
            for volatile in ("id", "time"):
                assert actual.pop(volatile)
                assert expected.pop(volatile)
            assert actual == expected
            assert decode(outbox_row["payload"]).type == "pdp.incidents.incident.reported.v1"

    def test_titles_of_strictly_confidential_incidents_stay_out(self) -> None:
        row = _RowBuilder(OFFICER, NOW).row(payloads()[1], "INC-TJK-2026-000001")
        (outbox_row,) = event_rows(incident_events.IncidentReported, [("s", _event_data(row))])
        data = json.loads(outbox_row["payload"])["data"]
        assert data["title"] is None
        assert "Столкновение" not in outbox_row["payload"].decode()

    def test_refuses_data_that_does_not_fit_the_event(self) -> None:
        with pytest.raises(ValueError, match="incident_id"):
            event_rows(incident_events.IncidentReported, [("s", {"reference": "x"})])


class TestSearchDocument:
    def test_equals_folding_each_part_on_its_own(self) -> None:
        parts = ["INC-KGZ-2026-000001", "Ош БАЗАР", None, "Hérat ﬁre", "", "Ἀθῆναι", "a_b"]
        expected = " ".join(" ".join(words(p)) for p in parts if p)
        assert search_document(parts) == expected


class TestTerritory:
    def test_agrees_with_the_boundary_index(self) -> None:
        index = boundary_index()
        points = [
            (country, 58.0 + x * 0.75, 35.0 + y * 0.5)
            for country in ("KGZ", "TJK", "UZB", "AFG", "XXX")
            for x in range(26)
            for y in range(20)
        ]
        inside = inside_own_country(points)
        expected = [country in index.countries_at(lon, lat) for country, lon, lat in points]
        assert inside == expected
        assert any(inside)
        assert not all(inside)


@pytest_asyncio.fixture
async def db(service_settings: dict[str, Any]) -> AsyncIterator[Database]:
    """Return the migrated database under test."""
    settings = IncidentsSettings(**service_settings | {"nats_enabled": False})
    await upgrade(MIGRATIONS_DIR, settings)
    database = Database(settings.database_url, schema=settings.database_schema)
    try:
        yield database
    finally:
        await database.dispose()


class TestStoreNew:
    async def test_stores_rows_timelines_and_events(self, db: Database) -> None:
        batch = [*payloads(), IncidentCreate.model_validate(incident_payload("KGZ"))]
        async with db.transaction() as session:
            first = await store_new(session, OFFICER, batch[:2], now=NOW)
        async with db.transaction() as session:
            second = await store_new(session, OFFICER, batch[2:], now=NOW)
        stored = first + second
        references = [s.reference for s in stored]
        assert references == [
            "INC-KGZ-2026-000001",
            "INC-TJK-2026-000001",
            "INC-AFG-2026-000001",
            "INC-KGZ-2026-000002",
        ]
        async with db.read_sessions() as session:
            repo = IncidentRepository(session)
            for item, payload in zip(stored, batch, strict=True):
                incident = await repo.get(item.incident_id)
                assert incident is not None
                read = rows.to_read(incident)
                assert (read.title, read.country, read.reference) == (
                    payload.title,
                    payload.country,
                    item.reference,
                )
                timeline = await repo.timeline(item.incident_id)
                assert [(t.action, t.to_status) for t in timeline] == [("reported", "reported")]
                assert isinstance(timeline[0], TimelineEntry)
            payloads_out = (await session.execute(select(outbox.c.payload))).scalars().all()
        envelopes = [decode(bytes(p)) for p in payloads_out]
        assert sorted(e.data["reference"] for e in envelopes) == sorted(references)
        assert {e.subject for e in envelopes} == {str(s.incident_id) for s in stored}

    async def test_stores_nothing_for_an_empty_batch(self, db: Database) -> None:
        async with db.transaction() as session:
            assert await store_new(session, OFFICER, []) == []


def just_across_the_border() -> tuple[float, float]:
    """Return a point in Uzbekistan within a kilometre of Kyrgyzstan, on the way Osh-Andijan."""
    index = boundary_index()
    start, end = (72.798, 40.528), (72.344, 40.783)
    for step in range(2001):
        lon = start[0] + (end[0] - start[0]) * step / 2000
        lat = start[1] + (end[1] - start[1]) * step / 2000
        if "KGZ" not in index.countries_at(lon, lat):
            return lon, lat
    raise AssertionError("no border between Osh and Andijan")


class TestCheckPlaces:
    def test_keeps_points_near_the_border_and_refuses_far_ones(self) -> None:
        lon, lat = just_across_the_border()
        near = IncidentCreate.model_validate(incident_payload("KGZ", longitude=lon, latitude=lat))
        far = IncidentCreate.model_validate(
            incident_payload("KGZ", longitude=69.28, latitude=41.31)
        )
        inside = IncidentCreate.model_validate(incident_payload("KGZ"))
        outcomes: dict[int, ImportRow] = {}
        kept = _check_places([(1, near), (2, far), (3, inside)], outcomes)
        assert [row for row, _ in kept] == [1, 3]
        assert outcomes[2].outcome is RowOutcome.REJECTED
        assert outcomes[2].errors[0].field == "incident-location-invalid"
        assert "outside KGZ" in outcomes[2].errors[0].message
