"""Rules of the consent register: only the Head of Centre and administrators record, change or
withdraw consents; a withdrawal takes effect at once; every change is announced."""

from __future__ import annotations

import uuid

from pdp_common.concurrency import check_if_match
from pdp_common.contracts import organizations as org_events
from pdp_common.contracts.organizations import ConsentKind, ConsentStatus
from pdp_common.db import new_id, utcnow
from pdp_common.events.outbox import record_event
from pdp_common.identity import Principal
from pdp_common.pagination import PageParams
from pdp_common.sharing import ConsentTerms
from sqlalchemy.ext.asyncio import AsyncSession

from organizations import permissions
from organizations.consents import errors
from organizations.consents.models import Consent
from organizations.consents.repository import ConsentRepository
from organizations.consents.schemas import (
    ConsentCreate,
    ConsentFilters,
    ConsentRead,
    ConsentUpdate,
    ConsentWithdrawal,
)
from organizations.registry.repository import OrganizationRepository


async def record(session: AsyncSession, *, data: ConsentCreate, principal: Principal) -> Consent:
    """Record a government's consent and announce it."""
    permissions.require_sharing_admin(principal)
    if not await OrganizationRepository(session).existing_codes([data.party_org]):
        raise errors.ConsentPartyUnknown(f"Register {data.party_org} before recording consent.")
    consent = Consent(
        id=new_id(),
        status=ConsentStatus.ACTIVE.value,
        recorded_by=principal.subject,
        **data.model_dump(mode="json", exclude={"valid_from", "valid_until"}),
        valid_from=data.valid_from,
        valid_until=data.valid_until,
    )
    repo = ConsentRepository(session)
    repo.add(consent)
    await repo.flush()
    await _announce(session, consent)
    return consent


async def get(session: AsyncSession, *, consent_id: uuid.UUID, principal: Principal) -> Consent:
    """Return a consent (Centre staff), or raise ConsentNotFound."""
    permissions.require_centre_reader(principal)
    consent = await ConsentRepository(session).get(consent_id)
    if consent is None:
        raise errors.ConsentNotFound(f"No consent {consent_id}.")
    return consent


async def update(
    session: AsyncSession,
    *,
    consent: Consent,
    data: ConsentUpdate,
    principal: Principal,
    if_match: str | None,
) -> Consent:
    """Change the scope or period of an active consent and announce it."""
    permissions.require_sharing_admin(principal)
    check_if_match(if_match, consent.version)
    if consent.status == ConsentStatus.WITHDRAWN.value:
        raise errors.ConsentWithdrawnAlready("A withdrawn consent cannot change; record a new one.")
    changes = data.model_dump(exclude_unset=True)
    for name, value in changes.items():
        setattr(consent, name, value)
    if consent.valid_until is not None and consent.valid_until <= consent.valid_from:
        raise errors.ConsentPeriodInvalid("valid_until must be after valid_from.")
    await ConsentRepository(session).flush()
    await _announce(session, consent)
    return consent


async def withdraw(
    session: AsyncSession,
    *,
    consent: Consent,
    data: ConsentWithdrawal,
    principal: Principal,
    if_match: str | None,
) -> Consent:
    """Withdraw a consent with immediate effect and announce the withdrawal."""
    permissions.require_sharing_admin(principal)
    if if_match:
        check_if_match(if_match, consent.version)
    if consent.status == ConsentStatus.WITHDRAWN.value:
        raise errors.ConsentWithdrawnAlready(f"Consent {consent.id} was already withdrawn.")
    consent.status = ConsentStatus.WITHDRAWN.value
    consent.withdrawn_at = utcnow()
    consent.withdrawal_reason = data.reason
    await ConsentRepository(session).flush()
    await record_event(
        session,
        org_events.ConsentWithdrawn(
            consent_id=consent.id,
            government=consent.government,
            party_org=consent.party_org,
            withdrawn_at=consent.withdrawn_at,
            reason=data.reason,
            version=consent.version,
        ),
    )
    return consent


async def page(
    session: AsyncSession, *, filters: ConsentFilters, paging: PageParams, principal: Principal
) -> tuple[list[ConsentRead], str | None]:
    """Return one page of the consent register (Centre staff)."""
    permissions.require_centre_reader(principal)
    rows, cursor = await ConsentRepository(session).page(filters, paging)
    return [ConsentRead.model_validate(r) for r in rows], cursor


async def terms_for(session: AsyncSession, *, party_org: str) -> list[ConsentTerms]:
    """Return the terms of every consent given to ``party_org``."""
    return [to_terms(c) for c in await ConsentRepository(session).for_party(party_org)]


def to_terms(consent: Consent) -> ConsentTerms:
    """Return the sharing-rule terms of a stored consent."""
    return ConsentTerms.from_stored(consent, consent.id)


async def _announce(session: AsyncSession, consent: Consent) -> None:
    await record_event(
        session,
        org_events.ConsentRecorded(
            consent_id=consent.id,
            government=consent.government,
            party_org=consent.party_org,
            kind=ConsentKind(consent.kind),
            countries=consent.countries,
            topics=consent.topics,
            valid_from=consent.valid_from,
            valid_until=consent.valid_until,
            status=ConsentStatus(consent.status),
            version=consent.version,
        ),
    )
