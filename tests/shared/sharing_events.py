"""Feed a service's local copy of sharing terms, as the organizations service's events would."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import FastAPI
from pdp_common.contracts import organizations as org_events
from pdp_common.events.envelope import EventData
from pdp_common.events.outbox import build_envelope
from pdp_common.sharing_copy import SharingTables, sharing_handlers

LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


def agreement(partner: str, **fields: Any) -> org_events.AgreementUpserted:
    """Return an agreement event with sensible defaults."""
    values: dict[str, Any] = {
        "agreement_id": uuid.uuid4(),
        "partner_org": partner,
        "countries": ["KGZ", "KAZ", "AFG"],
        "categories": ["water_energy_dispute", "border_incident", "terrorism"],
        "max_sensitivity": "internal",
        "embargo_hours": 0,
        "formats": ["json", "geojson", "csv"],
        "status": "active",
        "valid_from": LONG_AGO,
        "valid_until": None,
        "version": 1,
    }
    values.update(fields)
    return org_events.AgreementUpserted.model_validate(values)


def consent(government: str, party: str, **fields: Any) -> org_events.ConsentRecorded:
    """Return an information-sharing consent event with sensible defaults."""
    values: dict[str, Any] = {
        "consent_id": uuid.uuid4(),
        "government": government,
        "party_org": party,
        "kind": "information_sharing",
        "countries": [government],
        "topics": [],
        "valid_from": LONG_AGO,
        "valid_until": None,
        "status": "active",
        "version": 1,
    }
    values.update(fields)
    return org_events.ConsentRecorded.model_validate(values)


def withdrawal(recorded: org_events.ConsentRecorded) -> org_events.ConsentWithdrawn:
    """Return the withdrawal of a consent."""
    return org_events.ConsentWithdrawn(
        consent_id=recorded.consent_id,
        government=recorded.government,
        party_org=recorded.party_org,
        withdrawn_at=datetime.now(UTC) - timedelta(seconds=1),
        reason="withdrawn by the government",
        version=recorded.version + 1,
    )


async def apply(app: FastAPI, tables: SharingTables, *events: EventData) -> None:
    """Apply events to the app's local copy in ``tables`` through the copy's event handlers."""
    handlers = {entry.event: entry.handler for entry in sharing_handlers(tables)}
    for data in events:
        envelope = build_envelope(data)
        typed = envelope.model_copy(update={"data": data})
        async with app.state.platform.db.transaction() as session:
            await handlers[type(data)](session, typed)
