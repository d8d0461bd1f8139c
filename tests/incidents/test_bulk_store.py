"""Bulk storing gives exactly what single creates give: rows, search documents, events, geo."""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, datetime
from typing import Any

from incidents import events, rows
from incidents.geo import boundary_index
from incidents.imports.schemas import ImportRow, RowOutcome
from incidents.imports.service import check_places
from incidents.imports.storing import (
    INCIDENT_COLUMNS,
    TIMELINE_COLUMNS,
    Draft,
    RowBuilder,
    store_new,
)
from incidents.imports.territory import inside_own_country
from incidents.models import TimelineEntry, incidents_table, timeline_table
from incidents.repository import IncidentRepository
from incidents.rows import FIELD_COLUMNS
from incidents.schemas import IncidentCreate
from incidents.search_words import COMBINING_MARKS, fold, search_document, words
from incidents.service import timeline_row
from pdp_common.contracts import incidents as incident_events
from pdp_common.db import Database
from pdp_common.events.envelope import decode, encode
from pdp_common.events.outbox import build_envelope
from pdp_common.events.subjects import publish_subject
from pdp_common.platform_tables import outbox
from sqlalchemy import JSON, Table, select

from tests.incidents.factories import OFFICER, incident_payload

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


def as_row(table: Table, columns: tuple[str, ...], record: tuple[Any, ...]) -> dict[str, Any]:
    """Return a record as the row a single create stores (JSON columns decoded)."""
    row = dict(zip(columns, record, strict=True))
    for name in columns:
        if isinstance(table.c[name].type, JSON):
            row[name] = json.loads(row[name])
    return row


def built(payload: IncidentCreate, reference: str) -> tuple[Draft, dict[str, Any]]:
    """Return the draft of a payload and its incident row once given ``reference``."""
    builder = RowBuilder(OFFICER, NOW)
    draft = builder.draft(payload)
    records = builder.records([draft], [reference])
    return draft, as_row(incidents_table, INCIDENT_COLUMNS, records.incidents[0])


class TestRowBuilder:
    def test_record_columns_are_the_table_columns(self) -> None:
        assert sorted(INCIDENT_COLUMNS) == sorted(c.key for c in incidents_table.columns)
        assert INCIDENT_COLUMNS[2 : 2 + len(FIELD_COLUMNS)] == FIELD_COLUMNS
        assert tuple(c.key for c in timeline_table.columns) == TIMELINE_COLUMNS

    def test_builds_the_rows_single_creates_store(self) -> None:
        for number, payload in enumerate(payloads(), start=1):
            reference = f"INC-{payload.country}-2026-{number:06d}"
            draft, row = built(payload, reference)
            expected = rows.new_row(
                payload,
                incident_id=draft.incident_id,
                reference=reference,
                actor=OFFICER.subject,
                actor_org=OFFICER.org,
                now=NOW,
            )
            assert row == expected

    def test_builds_a_search_document_of_the_reference_alone(self) -> None:
        bare = incident_payload(
            "AFG", title="!!!", summary="", admin1=None, location=None, actor1=None, tags=[]
        )
        payload = IncidentCreate.model_validate(bare)
        draft, row = built(payload, "INC-AFG-2026-000007")
        assert row["search_document"] == "inc afg 2026 000007"
        expected = rows.new_row(
            payload,
            incident_id=draft.incident_id,
            reference="INC-AFG-2026-000007",
            actor=OFFICER.subject,
            actor_org=OFFICER.org,
            now=NOW,
        )
        assert row == expected

    def test_builds_the_timeline_entries_single_creates_store(self) -> None:
        builder = RowBuilder(OFFICER, NOW)
        draft = builder.draft(payloads()[0])
        records = builder.records([draft], ["INC-KGZ-2026-000001"])
        entry = as_row(timeline_table, TIMELINE_COLUMNS, records.timeline[0])
        expected = timeline_row(
            {"id": draft.incident_id, "status": "reported", "version": 1},
            action="reported",
            principal=OFFICER,
            at=NOW,
        )
        assert entry.pop("id") != expected.pop("id")
        assert entry == expected

    def test_rolls_up_each_distinct_set_of_sources_once(self) -> None:
        builder = RowBuilder(OFFICER, NOW)
        for payload in payloads() + payloads():
            builder.draft(payload)
        assert len(builder.rollups) == 2  # two sources, and none


class TestEventRows:
    def test_envelopes_match_the_model_path(self) -> None:
        builder = RowBuilder(OFFICER, NOW)
        drafts = [builder.draft(p) for p in payloads()]
        references = [f"INC-{d.country}-2026-00000{n}" for n, d in enumerate(drafts)]
        records = builder.records(drafts, references)
        for record, outbox_row in zip(records.incidents, records.outbox, strict=True):
            row = as_row(incidents_table, INCIDENT_COLUMNS, record)
            model = build_envelope(events.snapshot(incident_events.IncidentReported, row))
            expected = json.loads(encode(model))
            actual = json.loads(outbox_row["payload"])
            assert list(actual) == list(expected)
            for volatile in ("id", "time"):
                assert actual.pop(volatile)
                assert expected.pop(volatile)
            assert actual == expected
            assert decode(outbox_row["payload"]).type == "pdp.incidents.incident.reported.v1"

    def test_casualties_travel_with_an_import(self) -> None:
        builder = RowBuilder(OFFICER, NOW)
        drafts = [builder.draft(p) for p in payloads()[:2]]
        records = builder.records(drafts, ["INC-KGZ-2026-000001", "INC-TJK-2026-000001"])
        data = [json.loads(row["payload"])["data"] for row in records.outbox]
        assert [d["casualties_best"] for d in data] == [None, 2]

    def test_titles_of_strictly_confidential_incidents_stay_out(self) -> None:
        builder = RowBuilder(OFFICER, NOW)
        records = builder.records([builder.draft(payloads()[1])], ["INC-TJK-2026-000001"])
        (outbox_row,) = records.outbox
        data = json.loads(outbox_row["payload"])["data"]
        assert data["title"] is None
        assert "Столкновение" not in outbox_row["payload"].decode()

    def test_texts_with_quotes_and_controls_stay_valid_json(self) -> None:
        odd = 'Quote " backslash \\ tab \t and \u2028 separator'
        payload = IncidentCreate.model_validate(
            incident_payload(
                "KGZ", title=odd, admin1=odd, origin={"org": "A.B", "external_id": odd}
            )
        )
        _, row = built(payload, "INC-KGZ-2026-000001")
        builder = RowBuilder(OFFICER, NOW)
        records = builder.records([builder.draft(payload)], ["INC-KGZ-2026-000001"])
        data = json.loads(records.outbox[0]["payload"])["data"]
        assert (data["title"], data["admin1"]) == (payload.title, payload.admin1)
        assert row["provenances"][0]["external_id"] == odd


class TestSearchDocument:
    def test_equals_folding_each_part_on_its_own(self) -> None:
        parts = ["INC-KGZ-2026-000001", "Ош БАЗАР", None, "Hérat ﬁre", "", "Ἀθῆναι", "a_b"]
        expected = " ".join(" ".join(words(p)) for p in parts if p)
        assert search_document(parts) == expected

    def test_parts_starting_with_marks_or_made_of_none_fold_alike(self) -> None:
        parts = ["INC-KGZ-2026-000001", "\u0301e\u0301", "!!!", "x\u0308", "ǅ", "Ꭰ", "ß"]
        expected = " ".join(word for part in parts for word in words(part))
        assert search_document(parts) == expected

    def test_fold_removes_exactly_the_combining_marks(self) -> None:
        table = dict.fromkeys(COMBINING_MARKS)
        text = "".join(chr(cp) for cp in range(0x20, 0x10000) if not 0xD800 <= cp < 0xE000)
        for start in range(0, len(text), 4096):
            part = text[start : start + 4096]
            decomposed = unicodedata.normalize("NFKD", part)
            expected = unicodedata.normalize("NFC", decomposed.translate(table).casefold())
            assert fold(part) == expected


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
            written = (await session.execute(select(outbox.c.subject, outbox.c.payload))).all()
        envelopes = [decode(bytes(p)) for _, p in written]
        assert sorted(e.data["reference"] for e in envelopes) == sorted(references)
        assert {e.subject for e in envelopes} == {str(s.incident_id) for s in stored}
        # Published on <type>.<country>.<category>, as an event recorded one by one would be.
        assert sorted(subject for subject, _ in written) == sorted(
            publish_subject(e.type, e.data) for e in envelopes
        )
        assert {subject.split(".")[5] for subject, _ in written} == {"KGZ", "TJK", "AFG"}

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
        builder = RowBuilder(OFFICER, NOW)
        near = incident_payload("KGZ", longitude=lon, latitude=lat)
        far = incident_payload("KGZ", longitude=69.28, latitude=41.31)
        drafts = [
            (row, builder.draft(IncidentCreate.model_validate(body)))
            for row, body in enumerate([near, far, incident_payload("KGZ")], start=1)
        ]
        outcomes: dict[int, ImportRow] = {}
        kept = check_places(drafts, outcomes)
        assert [row for row, _ in kept] == [1, 3]
        assert outcomes[2].outcome is RowOutcome.REJECTED
        assert outcomes[2].errors[0].field == "incident-location-invalid"
        assert "outside KGZ" in outcomes[2].errors[0].message
