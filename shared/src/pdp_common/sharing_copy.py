"""A service's local copy of information-sharing terms, kept from the organizations events.

Services that share data (incidents, briefings) decide with :func:`pdp_common.sharing.decide` on
the agreements and consents of their own copy: two tables in the service's schema
(:func:`sharing_tables`), kept by the handlers of :func:`sharing_subscription`. Every upsert is
keyed by id and ignores an event older than the stored version; a withdrawal takes effect at once,
even when it arrives before the consent it withdraws.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Column, Integer, MetaData, String, Table, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from pdp_common.contracts import organizations as org_events
from pdp_common.contracts.organizations import ConsentKind, ConsentStatus
from pdp_common.db import JSONDoc, UTCDateTime, UUIDPk
from pdp_common.events.envelope import Envelope
from pdp_common.events.subscription import EventHandler, Subscription
from pdp_common.sharing import AgreementTerms, ConsentTerms


class SharingTables(NamedTuple):
    """The two tables of a local copy."""

    agreements: Table
    consents: Table


def sharing_tables(metadata: MetaData) -> SharingTables:
    """Define the local copy's tables (``sharing_agreements``, ``sharing_consents``) in
    ``metadata``; a service's migration creates them in its own schema."""
    agreements = Table(
        "sharing_agreements",
        metadata,
        Column("agreement_id", UUIDPk, primary_key=True),
        Column("partner_org", String(32), nullable=False, index=True),
        Column("countries", JSONDoc, nullable=False),
        Column("categories", JSONDoc, nullable=False),
        Column("max_sensitivity", String(24), nullable=False),
        Column("embargo_hours", Integer, nullable=False),
        Column("formats", JSONDoc, nullable=False),
        Column("status", String(16), nullable=False),
        Column("valid_from", UTCDateTime, nullable=False),
        Column("valid_until", UTCDateTime),
        Column("version", Integer, nullable=False),
    )
    consents = Table(
        "sharing_consents",
        metadata,
        Column("consent_id", UUIDPk, primary_key=True),
        Column("government", String(3), nullable=False),
        Column("party_org", String(32), nullable=False, index=True),
        Column("kind", String(24), nullable=False),
        Column("countries", JSONDoc, nullable=False),
        Column("topics", JSONDoc, nullable=False),
        Column("status", String(16), nullable=False),
        Column("valid_from", UTCDateTime, nullable=False),
        Column("valid_until", UTCDateTime),
        Column("withdrawn_at", UTCDateTime),
        Column("version", Integer, nullable=False),
    )
    return SharingTables(agreements, consents)


class SharingCopy:
    """Read and keep the local copy of sharing terms in the caller's session (never commits)."""

    def __init__(self, session: AsyncSession, tables: SharingTables) -> None:
        self.session = session
        self.tables = tables

    async def agreements_of(self, org: str) -> list[AgreementTerms]:
        """Return every stored agreement of ``org``."""
        table = self.tables.agreements
        rows = await self.session.execute(select(table).where(table.c.partner_org == org))
        return [AgreementTerms.from_stored(r, r.agreement_id) for r in rows]

    async def consents_for(self, org: str) -> list[ConsentTerms]:
        """Return every stored consent given to ``org``."""
        table = self.tables.consents
        rows = await self.session.execute(select(table).where(table.c.party_org == org))
        return [ConsentTerms.from_stored(r, r.consent_id) for r in rows]

    async def upsert_agreement(self, data: org_events.AgreementUpserted) -> None:
        """Store an agreement's terms unless the stored copy is newer."""
        values = data.model_dump(mode="python")
        values["max_sensitivity"] = data.max_sensitivity.value
        values["status"] = data.status.value
        await self._upsert(self.tables.agreements, "agreement_id", values)

    async def upsert_consent(self, data: org_events.ConsentRecorded) -> None:
        """Store a consent's terms unless the stored copy is newer."""
        values = data.model_dump(mode="python") | {"withdrawn_at": None}
        values["kind"] = data.kind.value
        values["status"] = data.status.value
        await self._upsert(self.tables.consents, "consent_id", values)

    async def withdraw_consent(self, data: org_events.ConsentWithdrawn) -> None:
        """Mark a consent withdrawn unless the stored copy is newer; a withdrawal of a consent not
        yet known is kept as a withdrawn consent, so the consent's own event cannot revive it."""
        withdrawn = await self._withdraw(
            data.consent_id, at=data.withdrawn_at, version=data.version
        )
        if not withdrawn:
            await self._upsert(
                self.tables.consents,
                "consent_id",
                {
                    "consent_id": data.consent_id,
                    "government": data.government,
                    "party_org": data.party_org,
                    "kind": ConsentKind.INFORMATION_SHARING.value,
                    "countries": [],
                    "topics": [],
                    "status": ConsentStatus.WITHDRAWN.value,
                    "valid_from": data.withdrawn_at,
                    "valid_until": data.withdrawn_at,
                    "withdrawn_at": data.withdrawn_at,
                    "version": data.version,
                },
            )

    async def _withdraw(self, consent_id: uuid.UUID, *, at: datetime, version: int) -> bool:
        """Withdraw a stored consent unless it is newer; return False when it is unknown."""
        table = self.tables.consents
        stored = (
            await self.session.execute(
                select(table.c.version).where(table.c.consent_id == consent_id).with_for_update()
            )
        ).scalar()
        if stored is None:
            return False
        if stored <= version:
            await self.session.execute(
                table.update()
                .where(table.c.consent_id == consent_id)
                .values(status=ConsentStatus.WITHDRAWN.value, withdrawn_at=at, version=version)
            )
        return True

    async def _upsert(self, table: Table, key: str, values: dict[str, Any]) -> None:
        dialect = self.session.get_bind().dialect.name
        dialect_insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = dialect_insert(table).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=[table.c[key]],
            set_={name: stmt.excluded[name] for name in values if name != key},
            where=table.c.version <= stmt.excluded.version,
        )
        await self.session.execute(stmt)


def sharing_handlers(tables: SharingTables) -> list[EventHandler[Any]]:
    """Return the handlers that keep a local copy in ``tables`` from the organizations events."""

    async def on_agreement_upserted(
        session: AsyncSession, event: Envelope[org_events.AgreementUpserted]
    ) -> None:
        await SharingCopy(session, tables).upsert_agreement(event.data)

    async def on_consent_recorded(
        session: AsyncSession, event: Envelope[org_events.ConsentRecorded]
    ) -> None:
        await SharingCopy(session, tables).upsert_consent(event.data)

    async def on_consent_withdrawn(
        session: AsyncSession, event: Envelope[org_events.ConsentWithdrawn]
    ) -> None:
        await SharingCopy(session, tables).withdraw_consent(event.data)

    return [
        EventHandler(org_events.AgreementUpserted, on_agreement_upserted),
        EventHandler(org_events.ConsentRecorded, on_consent_recorded),
        EventHandler(org_events.ConsentWithdrawn, on_consent_withdrawn),
    ]


def sharing_subscription(tables: SharingTables, *, durable: str) -> Subscription:
    """Return the subscription to the organizations stream that keeps a local copy."""
    return Subscription(
        durable=durable,
        stream=org_events.STREAM,
        description="Local copy of information-sharing agreements and consents",
        handlers=sharing_handlers(tables),
    )
