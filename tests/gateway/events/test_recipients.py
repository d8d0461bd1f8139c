"""The recipient behind a caller carries its organization's terms, read from the gateway's copy."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest_asyncio
from gateway.events.recipients import Recipients
from gateway.events.sharing import sharing
from gateway.main import MIGRATIONS_DIR
from gateway.settings import GatewaySettings
from pdp_common.contracts.organizations import AgreementStatus, AgreementUpserted
from pdp_common.db import Database
from pdp_common.identity import CENTRE_ORG, Clearance, Principal, Role
from pdp_common.migrations import upgrade
from pdp_common.sharing_copy import SharingCopy
from pdp_common.testing.databases import DatabaseTarget

NOW = datetime.now(UTC)


def caller(org: str, role: Role) -> Principal:
    return Principal(
        subject="someone",
        org=org,
        roles=frozenset({role}),
        clearance=Clearance.INTERNAL,
        credential="test",
    )


def agreement(version: int = 1, countries: tuple[str, ...] = ("KGZ",)) -> AgreementUpserted:
    return AgreementUpserted(
        agreement_id=uuid.UUID(int=7),
        partner_org="OSCE",
        countries=list(countries),
        categories=["border_incident"],
        max_sensitivity=Clearance.INTERNAL,
        embargo_hours=0,
        formats=["json"],
        status=AgreementStatus.ACTIVE,
        valid_from=NOW - timedelta(days=1),
        valid_until=None,
        version=version,
    )


@pytest_asyncio.fixture
async def db(database: DatabaseTarget, tmp_path: Path) -> AsyncIterator[Database]:
    settings = GatewaySettings(
        database_url=database.url, database_schema=database.schema, var_dir=tmp_path
    )
    await upgrade(MIGRATIONS_DIR, settings)
    async with Database.for_service(settings) as db:
        yield db


async def store(db: Database, data: AgreementUpserted) -> None:
    async with db.transaction() as session:
        await SharingCopy(session, sharing).upsert_agreement(data)


class TestRecipients:
    async def test_a_partner_carries_its_agreements(self, db: Database) -> None:
        await store(db, agreement())
        recipient = await Recipients(db).of(caller("OSCE", Role.PARTNER))
        assert [a.countries for a in recipient.agreements] == [frozenset({"KGZ"})]

    async def test_another_organization_carries_none(self, db: Database) -> None:
        await store(db, agreement())
        recipient = await Recipients(db).of(caller("CSTO", Role.PARTNER))
        assert recipient.agreements == ()

    async def test_the_centre_needs_no_terms(self, db: Database) -> None:
        await store(db, agreement())
        recipient = await Recipients(db).of(caller(CENTRE_ORG, Role.ANALYST))
        assert recipient.agreements == ()

    async def test_terms_are_kept_for_a_while(self, db: Database) -> None:
        recipients = Recipients(db, terms_seconds=3600)
        await recipients.of(caller("OSCE", Role.PARTNER))
        await store(db, agreement())
        assert (await recipients.of(caller("OSCE", Role.PARTNER))).agreements == ()

    async def test_terms_are_read_again_once_stale(self, db: Database) -> None:
        recipients = Recipients(db, terms_seconds=0)
        await recipients.of(caller("OSCE", Role.PARTNER))
        await store(db, agreement())
        assert len((await recipients.of(caller("OSCE", Role.PARTNER))).agreements) == 1
