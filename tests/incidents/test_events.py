"""Incident events come from one mapping of contract fields to columns, with one disclosure rule."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from incidents import events, rows
from incidents.models import Incident, incidents_table
from incidents.schemas import IncidentCreate
from pdp_common.contracts import incidents as incident_events
from pdp_common.identity import Clearance

from tests.incidents.factories import incident_payload

NOW = datetime(2026, 6, 1, 12, 30, tzinfo=UTC)


def new_row(**overrides: Any) -> dict[str, Any]:
    """Return the stored row of a single create of a payload with ``overrides``."""
    payload = IncidentCreate.model_validate(incident_payload("KGZ", **overrides))
    return rows.new_row(
        payload,
        incident_id=uuid.UUID("01936f6e-7a00-7b2a-8c11-5d2e3f4a5b6c"),
        reference="INC-KGZ-2026-000001",
        actor="officer-1",
        actor_org="UNRCCA",
        now=NOW,
    )


class TestSnapshotColumns:
    def test_every_contract_field_comes_from_a_column(self) -> None:
        fields = [name for name, _ in events.SNAPSHOT_COLUMNS]
        assert fields == list(incident_events.IncidentSnapshot.model_fields)
        assert {column for _, column in events.SNAPSHOT_COLUMNS} <= set(incidents_table.c.keys())


class TestDisclose:
    @pytest.mark.parametrize(
        ("sensitivity", "shown"),
        [
            ("public", True),
            ("internal", True),
            ("confidential", True),
            ("strictly_confidential", False),
        ],
    )
    def test_titles_travel_only_below_strictly_confidential(
        self, sensitivity: str, shown: bool
    ) -> None:
        data = events.disclose({"sensitivity": sensitivity, "title": "Clash"})
        assert data == {
            "sensitivity": Clearance(sensitivity),
            "title": "Clash" if shown else None,
        }


class TestSnapshot:
    def test_a_stored_incident_and_its_row_give_the_same_event(self) -> None:
        row = new_row()
        from_row = events.snapshot(incident_events.IncidentReported, row)
        from_model = events.snapshot(incident_events.IncidentReported, Incident(**row))
        assert from_model == from_row
        assert from_row.acled_event_type == row["event_type"]

    def test_casualties_travel_with_a_single_create(self) -> None:
        row = new_row(casualties={"best": 3, "low": 2, "high": 5})
        event = events.snapshot(incident_events.IncidentReported, row)
        assert event.casualties_best == 3
        unknown = events.snapshot(incident_events.IncidentReported, new_row(casualties=None))
        assert unknown.casualties_best is None

    def test_the_body_serializer_writes_what_the_model_writes(self) -> None:
        data = events.snapshot_data(new_row())
        write = events.body_serializer(incident_events.IncidentReported)
        expected = json.loads(incident_events.IncidentReported(**data).model_dump_json())
        for name in events.IDENTITY:
            del expected[name]
        assert json.loads(write(data)) == expected
