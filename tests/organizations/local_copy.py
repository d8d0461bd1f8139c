"""A local copy of agreements and consents fed by events, as a sharing service keeps one."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from pdp_common.contracts import organizations as org_events
from pdp_common.contracts.organizations import ConsentStatus
from pdp_common.db import UTCDateTime, UUIDPk
from pdp_common.events.consumer import EventHandler, Subscription
from pdp_common.events.envelope import Envelope
from pdp_common.sharing import AgreementTerms, ConsentTerms
from sqlalchemy import JSON, Column, Integer, MetaData, String, Table, select
from sqlalchemy.ext.asyncio import AsyncSession

metadata = MetaData()
agreements = Table(
    "copy_agreements",
    metadata,
    Column("id", UUIDPk, primary_key=True),
    Column("terms", JSON, nullable=False),
    Column("version", Integer, nullable=False),
)
consents = Table(
    "copy_consents",
    metadata,
    Column("id", UUIDPk, primary_key=True),
    Column("terms", JSON, nullable=False),
    Column("status", String(16), nullable=False),
    Column("withdrawn_at", UTCDateTime),
    Column("version", Integer, nullable=False),
)


async def _upsert(
    session: AsyncSession, table: Table, row_id: uuid.UUID, version: int, values: dict[str, Any]
) -> None:
    stored = (await session.execute(select(table.c.version).where(table.c.id == row_id))).scalar()
    if stored is None:
        await session.execute(table.insert().values(id=row_id, version=version, **values))
    elif stored < version:
        await session.execute(
            table.update().where(table.c.id == row_id).values(version=version, **values)
        )


async def on_agreement_upserted(
    session: AsyncSession, envelope: Envelope[org_events.AgreementUpserted]
) -> None:
    data = envelope.data
    await _upsert(
        session,
        agreements,
        data.agreement_id,
        data.version,
        {"terms": data.model_dump(mode="json")},
    )


async def on_consent_recorded(
    session: AsyncSession, envelope: Envelope[org_events.ConsentRecorded]
) -> None:
    data = envelope.data
    values = {"terms": data.model_dump(mode="json"), "status": data.status.value}
    await _upsert(session, consents, data.consent_id, data.version, values)


async def on_consent_withdrawn(
    session: AsyncSession, envelope: Envelope[org_events.ConsentWithdrawn]
) -> None:
    data = envelope.data
    await session.execute(
        consents.update()
        .where(consents.c.id == data.consent_id, consents.c.version < data.version)
        .values(status="withdrawn", withdrawn_at=data.withdrawn_at, version=data.version)
    )


SUBSCRIPTION = Subscription(
    durable="test_sharing_copy",
    stream=org_events.STREAM,
    handlers=[
        EventHandler(org_events.AgreementUpserted, on_agreement_upserted),
        EventHandler(org_events.ConsentRecorded, on_consent_recorded),
        EventHandler(org_events.ConsentWithdrawn, on_consent_withdrawn),
    ],
)


async def load_terms(session: AsyncSession) -> tuple[list[AgreementTerms], list[ConsentTerms]]:
    """Return the copied terms, as a sharing service would decide with them."""
    agreement_terms = [
        AgreementTerms.from_event(org_events.AgreementUpserted.model_validate(row.terms))
        for row in await session.execute(select(agreements))
    ]
    consent_terms = []
    for row in await session.execute(select(consents)):
        terms = ConsentTerms.from_event(org_events.ConsentRecorded.model_validate(row.terms))
        if row.status == "withdrawn":
            terms = replace(terms, status=ConsentStatus.WITHDRAWN, version=row.version)
        consent_terms.append(terms)
    return agreement_terms, consent_terms
