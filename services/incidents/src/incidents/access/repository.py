"""SQL of access: the local copy of agreements and consents, and the rule as a WHERE clause.

The clause mirrors :func:`pdp_common.sharing.decide` for the caller's organization: the
organization's agreements and consents in force are read from the local copy first, then each
agreement becomes one conjunction over the incident's own columns (country, category,
sensitivity_rank, created_at), so the filter uses the incidents' indexes and no join.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from pdp_common.contracts.organizations import AgreementStatus, ConsentKind, ConsentStatus
from pdp_common.identity import Clearance
from pdp_common.sharing import CONSENT_REQUIRED_COUNTRIES, AgreementTerms, ConsentTerms
from sqlalchemy import ColumnElement, Table, and_, false, or_, select, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.access.rule import Viewer
from incidents.models import (
    Incident,
    SharingAgreement,
    SharingConsent,
    agreements_table,
    consents_table,
)


class AccessRepository:
    """Read and maintain the local copy of sharing terms; build the visibility clause."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def agreements_of(self, org: str) -> list[AgreementTerms]:
        """Return every stored agreement of ``org``."""
        stmt = select(SharingAgreement).where(SharingAgreement.partner_org == org)
        rows = (await self.session.execute(stmt)).scalars()
        return [
            AgreementTerms(
                agreement_id=r.agreement_id,
                partner_org=r.partner_org,
                countries=frozenset(r.countries),
                categories=frozenset(r.categories),
                max_sensitivity=Clearance(r.max_sensitivity),
                embargo_hours=r.embargo_hours,
                status=AgreementStatus(r.status),
                valid_from=r.valid_from,
                valid_until=r.valid_until,
                formats=frozenset(r.formats),
                version=r.version,
            )
            for r in rows
        ]

    async def consents_for(self, org: str) -> list[ConsentTerms]:
        """Return every stored consent given to ``org``."""
        stmt = select(SharingConsent).where(SharingConsent.party_org == org)
        rows = (await self.session.execute(stmt)).scalars()
        return [
            ConsentTerms(
                consent_id=r.consent_id,
                government=r.government,
                party_org=r.party_org,
                kind=ConsentKind(r.kind),
                countries=frozenset(r.countries),
                topics=frozenset(r.topics),
                status=ConsentStatus(r.status),
                valid_from=r.valid_from,
                valid_until=r.valid_until,
                version=r.version,
            )
            for r in rows
        ]

    async def upsert_agreement(self, values: dict[str, Any]) -> None:
        """Store an agreement unless the stored copy is newer."""
        await self._upsert(agreements_table, "agreement_id", values)

    async def upsert_consent(self, values: dict[str, Any]) -> None:
        """Store a consent unless the stored copy is newer."""
        await self._upsert(consents_table, "consent_id", values)

    async def withdraw_consent(self, consent_id: Any, *, at: datetime, version: int) -> bool:
        """Mark a stored consent withdrawn unless it is newer; return False when it is unknown."""
        row = await self.session.get(SharingConsent, consent_id, with_for_update=True)
        if row is None:
            return False
        if row.version <= version:
            row.status = ConsentStatus.WITHDRAWN.value
            row.withdrawn_at = at
            row.version = version
            await self.session.flush()
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


def visible_clause(viewer: Viewer) -> ColumnElement[bool]:
    """Return the condition on ``incidents`` selecting exactly what ``viewer`` may see."""
    cleared = Incident.sensitivity_rank <= viewer.clearance.rank
    if viewer.is_centre:
        return cleared
    return and_(cleared, _agreement_clause(viewer), _consent_clause(viewer))


def _agreement_clause(viewer: Viewer) -> ColumnElement[bool]:
    terms = [
        and_(
            Incident.country.in_(sorted(a.countries)),
            Incident.category.in_(sorted(a.categories)),
            Incident.sensitivity_rank <= a.max_sensitivity.rank,
            Incident.created_at <= viewer.now - timedelta(hours=a.embargo_hours),
        )
        for a in viewer.agreements
        if a.partner_org == viewer.org and a.in_force(viewer.now) and a.countries and a.categories
    ]
    return or_(false(), *terms)


def _consent_clause(viewer: Viewer) -> ColumnElement[bool]:
    terms: list[ColumnElement[bool]] = [Incident.country.not_in(sorted(CONSENT_REQUIRED_COUNTRIES))]
    for consent in _consents_in_force(viewer.consents, viewer):
        if consent.countries and consent.government not in consent.countries:
            continue
        topics = Incident.category.in_(sorted(consent.topics)) if consent.topics else true()
        terms.append(and_(Incident.country == consent.government, topics))
    return or_(*terms)


def _consents_in_force(consents: Sequence[ConsentTerms], viewer: Viewer) -> list[ConsentTerms]:
    now = viewer.now
    return [
        c
        for c in consents
        if c.party_org == viewer.org
        and c.kind is ConsentKind.INFORMATION_SHARING
        and c.status is ConsentStatus.ACTIVE
        and c.valid_from <= now
        and (c.valid_until is None or now < c.valid_until)
    ]
