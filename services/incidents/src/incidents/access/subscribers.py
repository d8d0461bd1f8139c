"""Keep the local copy of sharing agreements and consents from the organizations events."""

from __future__ import annotations

from typing import Any

from pdp_common.contracts import organizations as organization_events
from pdp_common.events.envelope import Envelope
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.access.repository import AccessRepository


async def on_agreement_upserted(session: AsyncSession, envelope: Envelope[Any]) -> None:
    """Store the agreement's current terms unless a newer version is stored."""
    data: organization_events.AgreementUpserted = envelope.data
    values = data.model_dump(mode="python")
    values["max_sensitivity"] = data.max_sensitivity.value
    values["status"] = data.status.value
    await AccessRepository(session).upsert_agreement(values)


async def on_consent_recorded(session: AsyncSession, envelope: Envelope[Any]) -> None:
    """Store the consent's current terms unless a newer version is stored."""
    data: organization_events.ConsentRecorded = envelope.data
    values = data.model_dump(mode="python") | {"withdrawn_at": None}
    values["kind"] = data.kind.value
    values["status"] = data.status.value
    await AccessRepository(session).upsert_consent(values)


async def on_consent_withdrawn(session: AsyncSession, envelope: Envelope[Any]) -> None:
    """Mark the consent withdrawn at once (a withdrawal of an unknown consent is kept as one)."""
    data: organization_events.ConsentWithdrawn = envelope.data
    access = AccessRepository(session)
    known = await access.withdraw_consent(
        data.consent_id, at=data.withdrawn_at, version=data.version
    )
    if not known:
        await access.upsert_consent(
            {
                "consent_id": data.consent_id,
                "government": data.government,
                "party_org": data.party_org,
                "kind": organization_events.ConsentKind.INFORMATION_SHARING.value,
                "countries": [],
                "topics": [],
                "status": organization_events.ConsentStatus.WITHDRAWN.value,
                "valid_from": data.withdrawn_at,
                "valid_until": data.withdrawn_at,
                "withdrawn_at": data.withdrawn_at,
                "version": data.version,
            }
        )
