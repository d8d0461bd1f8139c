"""Rules of initiatives: Centre staff read, writers record, changes are announced, and overlaps
between organizations on the same country and theme are found."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date

from pdp_common.concurrency import check_if_match
from pdp_common.contracts import organizations as org_events
from pdp_common.db import new_id
from pdp_common.events.outbox import record_event
from pdp_common.identity import Principal
from pdp_common.pagination import PageParams
from sqlalchemy.ext.asyncio import AsyncSession

from organizations import permissions
from organizations.initiatives import errors
from organizations.initiatives.models import Initiative
from organizations.initiatives.repository import InitiativeRepository
from organizations.initiatives.schemas import (
    InitiativeCreate,
    InitiativeFilters,
    InitiativeRead,
    InitiativeUpdate,
    OverlapFilters,
    OverlapRead,
)
from organizations.initiatives.vocabulary import LIVE_STATUSES
from organizations.registry.repository import OrganizationRepository


async def create(
    session: AsyncSession, *, data: InitiativeCreate, principal: Principal
) -> Initiative:
    """Record an initiative of a registered organization and announce it."""
    permissions.require_writer(principal)
    if not await OrganizationRepository(session).existing_codes([data.organization_code]):
        raise errors.InitiativeOrganizationUnknown(f"Register {data.organization_code} first.")
    initiative = Initiative(id=new_id(), **data.model_dump())
    repo = InitiativeRepository(session)
    repo.add(initiative)
    await repo.flush()
    await _announce(session, initiative)
    return initiative


async def get(
    session: AsyncSession, *, initiative_id: uuid.UUID, principal: Principal
) -> Initiative:
    """Return an initiative (Centre staff), or raise InitiativeNotFound."""
    permissions.require_centre_reader(principal)
    initiative = await InitiativeRepository(session).get(initiative_id)
    if initiative is None:
        raise errors.InitiativeNotFound(f"No initiative {initiative_id}.")
    return initiative


async def update(
    session: AsyncSession,
    *,
    initiative: Initiative,
    data: InitiativeUpdate,
    principal: Principal,
    if_match: str | None,
) -> Initiative:
    """Change an initiative and announce it."""
    permissions.require_writer(principal)
    check_if_match(if_match, initiative.version)
    for name, value in data.model_dump(exclude_unset=True).items():
        setattr(initiative, name, value)
    if initiative.starts_on and initiative.ends_on and initiative.ends_on < initiative.starts_on:
        raise errors.InitiativePeriodInvalid("ends_on must not be before starts_on.")
    await InitiativeRepository(session).flush()
    await _announce(session, initiative)
    return initiative


async def page(
    session: AsyncSession, *, filters: InitiativeFilters, paging: PageParams, principal: Principal
) -> tuple[list[InitiativeRead], str | None]:
    """Return one page of initiatives (Centre staff)."""
    permissions.require_centre_reader(principal)
    rows, cursor = await InitiativeRepository(session).page(filters, paging)
    return [InitiativeRead.model_validate(r) for r in rows], cursor


async def overlaps(
    session: AsyncSession, *, filters: OverlapFilters, principal: Principal
) -> list[OverlapRead]:
    """List (country, theme) pairs where live initiatives of different organizations overlap."""
    permissions.require_centre_reader(principal)
    live = await InitiativeRepository(session).live(LIVE_STATUSES, filters.country, filters.theme)
    groups: dict[tuple[str, str], list[Initiative]] = defaultdict(list)
    for initiative in live:
        for country in initiative.countries:
            for theme in initiative.themes:
                if _wanted(country, theme, filters):
                    groups[(country, theme)].append(initiative)
    result = []
    for (country, theme), members in sorted(groups.items()):
        overlapping = _overlapping(members)
        if overlapping:
            result.append(
                OverlapRead(
                    country=country,
                    theme=theme,
                    organizations=sorted({i.organization_code for i in overlapping}),
                    initiatives=[InitiativeRead.model_validate(i) for i in overlapping],
                )
            )
    return result


def _wanted(country: str, theme: str, filters: OverlapFilters) -> bool:
    return (filters.country is None or country == filters.country) and (
        filters.theme is None or theme == filters.theme
    )


def _overlapping(members: list[Initiative]) -> list[Initiative]:
    """Return the members that overlap in time with a member of another organization."""
    chosen: dict[uuid.UUID, Initiative] = {}
    for i, first in enumerate(members):
        for second in members[i + 1 :]:
            if first.organization_code != second.organization_code and _periods_meet(first, second):
                chosen[first.id] = first
                chosen[second.id] = second
    return sorted(chosen.values(), key=lambda x: (x.organization_code, x.id))


def _periods_meet(a: Initiative, b: Initiative) -> bool:
    start_a, end_a = a.starts_on or date.min, a.ends_on or date.max
    start_b, end_b = b.starts_on or date.min, b.ends_on or date.max
    return start_a <= end_b and start_b <= end_a


async def _announce(session: AsyncSession, initiative: Initiative) -> None:
    await record_event(
        session,
        org_events.InitiativeUpserted(
            initiative_id=initiative.id,
            organization_code=initiative.organization_code,
            title=initiative.title,
            countries=initiative.countries,
            themes=initiative.themes,
            status=initiative.status,
            starts_on=initiative.starts_on,
            ends_on=initiative.ends_on,
            version=initiative.version,
        ),
    )
