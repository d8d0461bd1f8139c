"""The daily refresh rolls the windows: an episode without new incidents subsides."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from incidents.early_warning.models import EarlyWarningAlert
from incidents.early_warning.refresh import DailyRefresh
from incidents.settings import IncidentsSettings
from pdp_common.contracts import early_warning as alert_events
from pdp_common.db import Database, utcnow
from sqlalchemy import select

from tests.incidents.early_warning.helpers import deliver, outbox_types, snapshot

SUBSIDED = alert_events.AlertSubsided.event_type
BATKEN = "KGZ|Batken|border_incident"


@pytest.fixture
def settings(service_settings: dict[str, Any]) -> IncidentsSettings:
    return IncidentsSettings(
        **service_settings | {"nats_enabled": False, "early_warning_refresh_batch": 3}
    )


async def batken_alert(db: Database) -> EarlyWarningAlert:
    async with db.transaction() as session:
        alert = await session.scalar(
            select(EarlyWarningAlert).where(
                EarlyWarningAlert.place == BATKEN, EarlyWarningAlert.window_days == 7
            )
        )
    assert alert is not None
    return alert


class TestDailyRefresh:
    async def test_an_episode_subsides_once_the_window_has_rolled_past_it(
        self, db: Database, settings: IncidentsSettings
    ) -> None:
        for days_ago in (3, 2, 1):
            await deliver(db, snapshot(days_ago=days_ago), settings)
        assert (await batken_alert(db)).status == "open"
        refresh = DailyRefresh(db, settings)
        today = utcnow().date()
        day = today
        for offset in range(1, 30):
            day = today + timedelta(days=offset)
            assert await refresh.refresh(as_of=day) > 0
            if (await batken_alert(db)).status == "subsided":
                break
        alert = await batken_alert(db)
        assert alert.status == "subsided"
        assert alert.subsided_at is not None
        # the window (7 days) must pass, then release_days calm days
        assert day - today >= timedelta(days=settings.early_warning_release_days)
        subsided = [t for t in await outbox_types(db) if t == SUBSIDED]
        assert subsided

    async def test_a_second_refresh_the_same_day_changes_nothing(
        self, db: Database, settings: IncidentsSettings
    ) -> None:
        for days_ago in (3, 2, 1):
            await deliver(db, snapshot(days_ago=days_ago), settings)
        refresh = DailyRefresh(db, settings)
        tomorrow = utcnow().date() + timedelta(days=1)
        # four places in batches of three: every place once
        assert await refresh.refresh(as_of=tomorrow) == 4
        before = await outbox_types(db)
        assert await refresh.refresh(as_of=tomorrow) == 0
        assert await outbox_types(db) == before

    async def test_nothing_to_refresh_without_indicators(
        self, db: Database, settings: IncidentsSettings
    ) -> None:
        assert await DailyRefresh(db, settings).refresh() == 0
