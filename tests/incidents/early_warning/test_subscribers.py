"""The early-warning consumer: incident events keep its copy, indicators and alerts up to date."""

from __future__ import annotations

import json
from typing import Any

import httpx
import nats
import pytest
from incidents.early_warning.models import (
    EarlyWarningAlert,
    EarlyWarningIncident,
    EarlyWarningIndicator,
)
from incidents.settings import IncidentsSettings
from incidents.subscribers import SUBSCRIPTIONS
from pdp_common.contracts import early_warning as alert_events
from pdp_common.contracts import incidents as incident_events
from pdp_common.db import Database
from sqlalchemy import select

from tests.incidents.early_warning.helpers import deliver, outbox_types, snapshot
from tests.incidents.factories import Callers
from tests.incidents.helpers import create, move
from tests.shared.polling import eventually

RAISED = alert_events.AlertRaised.event_type
UPDATED = alert_events.AlertUpdated.event_type
BATKEN = "KGZ|Batken|border_incident"


@pytest.fixture
def settings(service_settings: dict[str, Any]) -> IncidentsSettings:
    return IncidentsSettings(**service_settings | {"nats_enabled": False})


async def indicator(db: Database, place: str = BATKEN, window: int = 7) -> EarlyWarningIndicator:
    async with db.transaction() as session:
        row = await session.scalar(
            select(EarlyWarningIndicator).where(
                EarlyWarningIndicator.place == place, EarlyWarningIndicator.window_days == window
            )
        )
        assert row is not None
        return row


async def alerts(db: Database, place: str = BATKEN, window: int = 7) -> list[EarlyWarningAlert]:
    async with db.transaction() as session:
        return list(
            await session.scalars(
                select(EarlyWarningAlert).where(
                    EarlyWarningAlert.place == place, EarlyWarningAlert.window_days == window
                )
            )
        )


class TestSubscription:
    def test_is_registered_with_its_own_durable_on_the_incident_stream(self) -> None:
        (sub,) = [s for s in SUBSCRIPTIONS if s.durable == "incidents_early_warning"]
        assert sub.stream == incident_events.STREAM
        assert {h.event for h in sub.handlers} == set(incident_events.SNAPSHOT_EVENTS)


class TestEscalation:
    async def test_a_series_raises_one_alert_then_updates_it(
        self, db: Database, settings: IncidentsSettings
    ) -> None:
        for days_ago in (3, 2, 1):
            await deliver(db, snapshot(days_ago=days_ago), settings)
        (alert,) = await alerts(db)
        assert alert.status == "open"
        assert len(alert.contributing_incident_ids) == 3
        types = await outbox_types(db)
        raised_here = [t for t in types if t == RAISED]
        # one alert per place and window that departs: four places, two windows at most
        assert 1 <= len(raised_here) <= 8
        row = await indicator(db)
        assert row.open
        assert row.alert_id == alert.id
        assert row.incidents == 3
        assert alert.factors
        assert alert.version >= 1
        assert alert.sensitivity == "internal"

    async def test_redelivered_and_older_events_change_nothing(
        self, db: Database, settings: IncidentsSettings
    ) -> None:
        events = [snapshot(days_ago=d, version=2) for d in (3, 2, 1)]
        for data in events:
            await deliver(db, data, settings)
        before = await outbox_types(db)
        (alert,) = await alerts(db)
        for data in events:
            await deliver(db, data, settings)
        older = snapshot(incident_id=events[0].incident_id, version=1, casualties_best=50)
        await deliver(db, older, settings)
        assert await outbox_types(db) == before
        (again,) = await alerts(db)
        assert (again.version, again.observed) == (alert.version, alert.observed)

    async def test_a_retraction_lowers_the_indicator(
        self, db: Database, settings: IncidentsSettings
    ) -> None:
        first, second = snapshot(days_ago=2), snapshot(days_ago=1)
        await deliver(db, first, settings)
        await deliver(db, second, settings)
        before = (await indicator(db)).observed
        retracted = snapshot(
            incident_id=second.incident_id, status="retracted", version=3, days_ago=1
        )
        await deliver(db, incident_events.IncidentRetracted(**retracted.model_dump()), settings)
        after = await indicator(db)
        assert after.observed == pytest.approx(before / 2)
        assert after.incidents == 1

    async def test_a_merge_weighs_the_duplicates_zero(
        self, db: Database, settings: IncidentsSettings
    ) -> None:
        survivor, duplicate = snapshot(days_ago=2), snapshot(days_ago=1)
        await deliver(db, survivor, settings)
        await deliver(db, duplicate, settings)
        merged = incident_events.IncidentMerged(
            **survivor.model_dump() | {"version": 2},
            merged_ids=[duplicate.incident_id],
            merged_references=["INC-KGZ-2026-000002"],
        )
        await deliver(db, merged, settings)
        async with db.transaction() as session:
            copy = await session.get(EarlyWarningIncident, duplicate.incident_id)
        assert copy is not None
        assert (copy.status, copy.weight) == ("merged", 0.0)
        assert (await indicator(db)).incidents == 1
        await deliver(db, duplicate, settings)
        assert (await indicator(db)).incidents == 1

    async def test_a_move_recomputes_the_old_place(
        self, db: Database, settings: IncidentsSettings
    ) -> None:
        data = snapshot()
        await deliver(db, data, settings)
        assert (await indicator(db)).incidents == 1
        moved = incident_events.IncidentUpdated(
            **data.model_dump() | {"admin1": "Osh", "version": 2}
        )
        await deliver(db, moved, settings)
        assert (await indicator(db)).incidents == 0
        assert (await indicator(db, "KGZ|Osh|border_incident")).incidents == 1


async def alert_events_in_stream(url: str) -> list[dict[str, Any]]:
    nc = await nats.connect(url)
    try:
        js = nc.jetstream()
        try:
            info = await js.stream_info(alert_events.STREAM)
        except nats.js.errors.NotFoundError:
            return []
        found = []
        for seq in range(info.state.first_seq, info.state.last_seq + 1):
            message = await js.get_msg(alert_events.STREAM, seq)
            assert message.data is not None
            event = json.loads(message.data)
            if event["type"].startswith("pdp.incidents.alert."):
                found.append(event)
        return found
    finally:
        await nc.close()


class TestOverNats:
    async def test_incident_events_raise_one_alert_event(
        self, client: httpx.AsyncClient, callers: Callers, service_settings: dict[str, Any]
    ) -> None:
        created = []
        for _ in range(3):
            created.append(
                await create(
                    client,
                    callers.analyst,
                    category="border_incident",
                    casualties={"best": 5},
                    severity=5,
                )
            )
        place: dict[str, str | int] = {
            "country": "KGZ",
            "admin1": "Osh",
            "category": "border_incident",
            "window": 7,
        }

        async def indicator_of_three() -> list[dict[str, Any]]:
            listed = await client.get(
                "/api/v1/early-warning/indicators", params=place, headers=callers.analyst
            )
            return [i for i in listed.json()["items"] if i["incidents"] == 3]

        (row,) = await eventually(indicator_of_three)
        assert row["open"] is True
        events = await eventually(
            lambda: alert_events_in_stream(service_settings["nats_url"]),
            until=lambda found: any(e["subject"] == row["alert_id"] for e in found),
        )
        mine = [e for e in events if e["subject"] == row["alert_id"]]
        assert [e["type"] for e in mine].count(RAISED) == 1
        assert mine[0]["data"]["status"] == "open"

        for status in ("under_review", "rejected"):
            response = await move(client, callers.officer, created[0]["id"], status)
            assert response.status_code == 200, response.text

        async def two_left() -> list[dict[str, Any]]:
            listed = await client.get(
                "/api/v1/early-warning/indicators", params=place, headers=callers.analyst
            )
            return [i for i in listed.json()["items"] if i["incidents"] == 2]

        await eventually(two_left)
