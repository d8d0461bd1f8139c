"""Rules of agreements: the Head of Centre and administrators write them; Centre staff read all,
any other caller only its own organization's; every change is announced with the full terms."""

from __future__ import annotations

import uuid

from pdp_common.concurrency import check_if_match
from pdp_common.contracts import organizations as org_events
from pdp_common.contracts.organizations import AgreementStatus
from pdp_common.db import new_id, utcnow
from pdp_common.events.outbox import record_event
from pdp_common.identity import Clearance, Principal
from pdp_common.pagination import PageParams
from pdp_common.sharing import AgreementTerms
from sqlalchemy.ext.asyncio import AsyncSession

from organizations import access, permissions
from organizations.agreements import errors
from organizations.agreements.models import Agreement
from organizations.agreements.repository import AgreementRepository
from organizations.agreements.schemas import (
    AgreementCreate,
    AgreementFilters,
    AgreementRead,
    AgreementUpdate,
)
from organizations.registry.repository import OrganizationRepository


async def create(
    session: AsyncSession, *, data: AgreementCreate, principal: Principal
) -> Agreement:
    """Conclude an agreement with a registered partner and announce it."""
    permissions.require_sharing_admin(principal)
    if not await OrganizationRepository(session).existing_codes([data.partner_org]):
        raise errors.AgreementPartnerUnknown(f"Register {data.partner_org} first.")
    fields = data.model_dump(mode="json", exclude={"valid_from", "valid_until"})
    agreement = Agreement(
        id=new_id(), valid_from=data.valid_from, valid_until=data.valid_until, **fields
    )
    repo = AgreementRepository(session)
    repo.add(agreement)
    await repo.flush()
    await _announce(session, agreement)
    return agreement


async def get(session: AsyncSession, *, agreement_id: uuid.UUID, principal: Principal) -> Agreement:
    """Return an agreement the caller may read, or raise AgreementNotFound."""
    agreement = await AgreementRepository(session).get(agreement_id)
    visible = agreement is not None and (
        access.sees_all_agreements(principal) or agreement.partner_org == principal.org
    )
    if agreement is None or not visible:
        raise errors.AgreementNotFound(f"No agreement {agreement_id}.")
    return agreement


async def update(
    session: AsyncSession,
    *,
    agreement: Agreement,
    data: AgreementUpdate,
    principal: Principal,
    if_match: str | None,
) -> Agreement:
    """Change an agreement (terms or status: suspend, reactivate, expire) and announce it."""
    permissions.require_sharing_admin(principal)
    check_if_match(if_match, agreement.version)
    changes = data.model_dump(exclude_unset=True, mode="json")
    for moment in ("valid_from", "valid_until"):
        if moment in changes:
            changes[moment] = getattr(data, moment)
    for name, value in changes.items():
        setattr(agreement, name, value)
    if agreement.valid_until is not None and agreement.valid_until <= agreement.valid_from:
        raise errors.AgreementPeriodInvalid("valid_until must be after valid_from.")
    agreement.updated_at = utcnow()
    await AgreementRepository(session).flush()
    await _announce(session, agreement)
    return agreement


async def page(
    session: AsyncSession, *, filters: AgreementFilters, paging: PageParams, principal: Principal
) -> tuple[list[AgreementRead], str | None]:
    """Return one page of the agreements the caller may read."""
    only = None if access.sees_all_agreements(principal) else principal.org
    rows, cursor = await AgreementRepository(session).page(filters, only, paging)
    return [AgreementRead.model_validate(r) for r in rows], cursor


async def terms_for(session: AsyncSession, *, partner_org: str) -> list[AgreementTerms]:
    """Return the terms of every agreement with ``partner_org``."""
    return [to_terms(a) for a in await AgreementRepository(session).for_partner(partner_org)]


def to_terms(agreement: Agreement) -> AgreementTerms:
    """Return the sharing-rule terms of a stored agreement."""
    return AgreementTerms.from_stored(agreement, agreement.id)


async def _announce(session: AsyncSession, agreement: Agreement) -> None:
    await record_event(
        session,
        org_events.AgreementUpserted(
            agreement_id=agreement.id,
            partner_org=agreement.partner_org,
            countries=agreement.countries,
            categories=agreement.categories,
            max_sensitivity=Clearance(agreement.max_sensitivity),
            embargo_hours=agreement.embargo_hours,
            formats=agreement.formats,
            status=AgreementStatus(agreement.status),
            valid_from=agreement.valid_from,
            valid_until=agreement.valid_until,
            version=agreement.version,
        ),
    )
