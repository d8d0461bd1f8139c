"""The plain read documents of incidents against the model's dump, for every kind of stored row."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from incidents import rows
from incidents.access.rule import Viewer
from incidents.models import Incident
from incidents.repository import READ_COLUMNS
from incidents.schemas import IncidentCreate, IncidentRead, IncidentUpdate
from incidents.seed import load_demo
from incidents.service import record_new, update_incident
from pdp_common.db import Database, utcnow
from pdp_common.json_bytes import dump_json
from sqlalchemy import select

from tests.incidents.factories import OFFICER, incident_payload

pytestmark = pytest.mark.asyncio


def model_json(incident: Incident) -> Any:
    """Return what the read model sends: the model checked again, then dumped."""
    read = IncidentRead.model_validate(rows.to_read(incident).model_dump())
    return read.model_dump(mode="json")


def fast_json(document: dict[str, Any]) -> Any:
    return orjson.loads(dump_json(document))


class TestReadDocument:
    async def test_every_demo_incident_reads_as_the_model_dumps_it(self, db: Database) -> None:
        async with db.transaction() as session:
            await load_demo(session)
        async with db.transaction() as session:
            incidents = {i.id: i for i in (await session.execute(select(Incident))).scalars()}
            read_rows = (await session.execute(select(*READ_COLUMNS))).all()
        assert len(read_rows) == len(incidents) > 100
        kinds = {"translations": 0, "merged": 0, "published_at": 0}
        for row in read_rows:
            document = rows.read_document(row._mapping)
            expected = model_json(incidents[row.id])
            assert fast_json(document) == expected, row.reference
            assert list(document) == list(expected)
            kinds["translations"] += bool(row.translations)
            kinds["merged"] += len(row.provenances) > 1 or row.merged_into_id is not None
            kinds["published_at"] += any(s.get("published_at") for s in row.sources)
        assert all(kinds.values()), kinds

    async def test_a_new_row_reads_as_the_stored_incident(self, db: Database) -> None:
        payloads = [
            IncidentCreate.model_validate(incident_payload()),
            IncidentCreate.model_validate(
                incident_payload(
                    casualties={"best": 3, "low": 1},
                    translations=[{"language": "ru", "title": "Столкновение"}],
                    origin={"org": "UNRCCA", "external_id": "x-1"},
                    sources=[],
                )
            ),
        ]
        async with db.transaction() as session:
            new_rows = await record_new(session, OFFICER, payloads)
        async with db.transaction() as session:
            for new in new_rows:
                incident = await session.get(Incident, new["id"])
                assert incident is not None
                assert fast_json(rows.read_document(new)) == model_json(incident)

    async def test_an_updated_incident_reads_as_the_model_dumps_it(self, db: Database) -> None:
        payload = IncidentCreate.model_validate(incident_payload())
        async with db.transaction() as session:
            (new,) = await record_new(session, OFFICER, [payload])
        change = IncidentUpdate.model_validate(
            {
                "casualties": {"best": 2},
                "translations": [{"language": "ru", "title": "Столкновение", "summary": "s"}],
                "sources": [
                    {"name": "AKIpress", "type": "media", "reliability": "B", "credibility": 2,
                     "published_at": "2026-11-30T10:00:00.5+05:00"},
                ],
            }
        )  # fmt: skip
        viewer = Viewer(principal=OFFICER, agreements=(), consents=(), now=utcnow())
        async with db.transaction() as session:
            incident = await update_incident(
                session, viewer=viewer, incident_id=new["id"], payload=change, if_match='"1"'
            )
            document = rows.read_document(rows.read_columns(incident))
            assert fast_json(document) == model_json(incident)
        async with db.transaction() as session:
            stored = await session.get(Incident, new["id"])
            assert stored is not None
            assert fast_json(document) == model_json(stored)


class TestCreateColumns:
    @pytest.mark.parametrize(
        "overrides",
        [
            {},
            {
                "casualties": {"best": 2, "low": 1, "high": 4},
                "translations": [{"language": "ru", "title": "Столкновение"}],
                "assoc_actor_1": ["Border guards"],
                "sources": [],
                "sensitivity": "strictly_confidential",
            },
        ],
    )
    async def test_agrees_with_the_generic_conversion(self, overrides: dict[str, Any]) -> None:
        payload = IncidentCreate.model_validate(incident_payload("KGZ", **overrides))
        columns = rows.create_columns(payload)
        assert tuple(columns) == rows.FIELD_COLUMNS
        assert columns == rows.field_values(payload)
