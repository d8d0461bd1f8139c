"""The demo data, fed through the early-warning consumer, shows an open escalation alert."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from incidents.early_warning import subscribers
from incidents.early_warning.models import EarlyWarningAlert
from incidents.seed import seed_demo
from incidents.settings import IncidentsSettings
from pdp_common.db import Database
from pdp_common.events.envelope import decode
from pdp_common.platform_tables import outbox
from sqlalchemy import delete, select

DEMO_DAY = datetime(2026, 12, 6, 9, tzinfo=UTC)
"""A week after the demo's history ends (2026-06-01 to 2026-11-28)."""


@pytest.mark.backends("sqlite")
async def test_the_demo_shows_an_open_escalation_alert(
    service_settings: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = IncidentsSettings(**service_settings | {"nats_enabled": False})
    await seed_demo(settings)
    monkeypatch.setattr(subscribers, "utcnow", lambda: DEMO_DAY)
    subscription = subscribers.subscription(lambda: settings)
    handlers = {h.event.event_type: h for h in subscription.handlers}
    async with Database.for_service(settings) as db:
        async with db.transaction() as session:
            rows = list(await session.execute(select(outbox).order_by(outbox.c.id)))
            await session.execute(delete(outbox))
        for row in rows:
            handler = handlers.get(row.event_type)
            if handler is None:
                continue
            envelope = decode(row.payload)
            async with db.transaction() as session:
                await handler.handler(session, handler.typed(envelope))
        async with db.transaction() as session:
            alerts = list(
                await session.scalars(
                    select(EarlyWarningAlert).where(EarlyWarningAlert.status == "open")
                )
            )
    assert alerts, "the demo data raises no escalation alert"
    assert all(a.factors and a.contributing_incident_ids for a in alerts)
    # the late-autumn border escalation in Batken (storyline "border-escalation")
    assert "KGZ|Batken|border_incident" in {a.place for a in alerts}
