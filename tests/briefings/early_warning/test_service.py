"""The copy of alerts kept from events (version-guarded), and the regional picture drawn from it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest_asyncio
from briefings.early_warning import service
from briefings.early_warning.repository import AlertRepository
from briefings.early_warning.vocabulary import AlertTrend
from briefings.models import Base, EarlyWarningAlert
from pdp_common.contracts import early_warning as alert_events
from pdp_common.db import Database, utcnow
from pdp_common.identity import Clearance
from pdp_common.testing.databases import DatabaseTarget, create_tables

from tests.briefings.early_warning.factories import alert, followed


@pytest_asyncio.fixture
async def db(database: DatabaseTarget) -> AsyncIterator[Database]:
    db = Database(database.url, schema=database.schema)
    async with db:
        await create_tables(db, Base.metadata, database)
        yield db


async def apply(db: Database, *events: alert_events.EscalationAlert) -> None:
    for data in events:
        async with db.transaction() as session:
            await service.apply_alert(session, data)


async def stored(db: Database, data: alert_events.EscalationAlert) -> EarlyWarningAlert:
    async with db.read_sessions() as session:
        row = await AlertRepository(session).get(data.alert_id)
        assert row is not None
        return row


class TestApplyAlert:
    async def test_raise_update_subside_keep_the_latest_state(self, db: Database) -> None:
        raised = alert()
        updated = followed(raised, observed=20.0, score=4.1, peak_score=4.1)
        subsided_at = utcnow()
        subsided = followed(
            updated,
            alert_events.AlertSubsided,
            status="subsided",
            score=1.0,
            subsided_at=subsided_at,
        )
        await apply(db, raised)
        row = await stored(db, raised)
        assert (row.status, row.score, row.source_version) == ("open", 3.2, 1)
        assert row.factors[0]["description"].startswith("6 verified incidents")
        assert row.contributing_incident_ids == [str(i) for i in raised.contributing_incident_ids]
        await apply(db, updated)
        row = await stored(db, raised)
        assert (row.observed, row.score, row.peak_score) == (20.0, 4.1, 4.1)
        await apply(db, subsided)
        row = await stored(db, raised)
        assert (row.status, row.score, row.peak_score, row.source_version) == (
            "subsided",
            1.0,
            4.1,
            3,
        )
        assert row.subsided_at == subsided_at

    async def test_redelivered_or_older_events_change_nothing(self, db: Database) -> None:
        raised = alert()
        updated = followed(raised, score=4.0, peak_score=4.0)
        newest = followed(updated, score=4.5, peak_score=4.5)
        await apply(db, raised, newest, updated, newest, raised)
        row = await stored(db, raised)
        assert (row.score, row.peak_score, row.source_version) == (4.5, 4.5, 3)


class TestRegionalPicture:
    async def test_open_alerts_ranked_by_score_within_the_classification(
        self, db: Database
    ) -> None:
        low = alert(score=2.6, admin1="Osh")
        high = alert(score=5.0, peak_score=5.0, country="TJK", admin1="Sughd")
        secret = alert(score=9.0, peak_score=9.0, sensitivity=Clearance.CONFIDENTIAL)
        elsewhere = alert(score=7.0, peak_score=7.0, country="KAZ", admin1=None)
        await apply(db, low, high, secret, elsewhere, followed(low, score=2.8, peak_score=2.8))
        end = utcnow()
        async with db.transaction() as session:
            section = await service.regional_picture(
                session,
                start=end - timedelta(days=1),
                end=end,
                countries=["KGZ", "TJK"],
                classification=Clearance.INTERNAL,
            )
        assert [a.alert_id for a in section.open_alerts] == [high.alert_id, low.alert_id]
        assert [a.trend for a in section.open_alerts] == [AlertTrend.NEW, AlertTrend.RISING]
        assert section.open_alerts[0].factors == [f.description for f in high.factors[:3]]
        assert section.subsided_alerts == []
        assert section.summary.startswith("2 escalation alerts open in 2 countries")
        assert "Sughd, Tajikistan" in section.summary

    async def test_subsided_in_the_period_listed_apart(self, db: Database) -> None:
        end = utcnow()
        recent = alert(status="subsided", subsided_at=end - timedelta(hours=2))
        old = alert(status="subsided", subsided_at=end - timedelta(days=3))
        after = alert(
            raised_at=end - timedelta(days=2), status="subsided", subsided_at=end + timedelta(1)
        )
        await apply(db, recent, old, after)
        async with db.transaction() as session:
            section = await service.regional_picture(
                session,
                start=end - timedelta(days=1),
                end=end,
                countries=["KGZ"],
                classification=Clearance.INTERNAL,
            )
        assert [a.alert_id for a in section.subsided_alerts] == [recent.alert_id]
        assert [a.alert_id for a in section.open_alerts] == [after.alert_id]
        assert section.summary.endswith("1 escalation alert subsided in the period.")

    async def test_nothing_to_report(self, db: Database) -> None:
        end = utcnow()
        async with db.transaction() as session:
            section = await service.regional_picture(
                session,
                start=end - timedelta(days=1),
                end=end,
                countries=["KGZ"],
                classification=Clearance.STRICTLY_CONFIDENTIAL,
            )
        assert section.open_alerts == section.subsided_alerts == []
        assert section.summary.startswith("No escalation alert")
