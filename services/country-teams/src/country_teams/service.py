"""Rules of the country-teams service: country teams."""

from __future__ import annotations

import uuid

from pdp_common.concurrency import check_if_match
from pdp_common.identity import Principal
from pdp_common.pagination import PageParams
from sqlalchemy.ext.asyncio import AsyncSession

from country_teams import errors, permissions
from country_teams.models import CountryTeam
from country_teams.repository import CountryTeamRepository
from country_teams.schemas import CountryTeamCreate, CountryTeamUpdate
from country_teams.vocabulary import COUNTRY_TEAM_COUNTRIES


async def create_country_team(
    session: AsyncSession, *, principal: Principal, data: CountryTeamCreate
) -> CountryTeam:
    """Register the country team of one of the five states."""
    permissions.require_country_team_editor(principal)
    if data.country not in COUNTRY_TEAM_COUNTRIES:
        states = ", ".join(sorted(COUNTRY_TEAM_COUNTRIES))
        raise errors.CountryTeamMissing(f"{data.country} is not one of the five states: {states}.")
    team = CountryTeam(**data.model_dump() | {"agencies": sorted(set(data.agencies))})
    if not await CountryTeamRepository(session).insert(team):
        raise errors.CountryTeamExists(f"{data.country} already has a country team.")
    return team


async def get_country_team(session: AsyncSession, *, team_id: uuid.UUID) -> CountryTeam:
    """Return a country team or raise CountryTeamNotFound."""
    team = await CountryTeamRepository(session).get(team_id)
    if team is None:
        raise errors.CountryTeamNotFound(f"No country team {team_id}.")
    return team


async def list_country_teams(
    session: AsyncSession, *, country: str | None, paging: PageParams
) -> tuple[list[CountryTeam], str | None]:
    """Return a page of country teams and the next cursor."""
    return await CountryTeamRepository(session).page(country=country, paging=paging)


async def update_country_team(
    session: AsyncSession,
    *,
    principal: Principal,
    team_id: uuid.UUID,
    data: CountryTeamUpdate,
    if_match: str | None,
) -> CountryTeam:
    """Change a country team read at the version ``if_match`` names."""
    permissions.require_country_team_editor(principal)
    team = await get_country_team(session, team_id=team_id)
    check_if_match(if_match, team.version)
    changes = data.model_dump(exclude_unset=True)
    for field in ("name", "resident_coordinator", "agencies"):
        if field in changes and changes[field] is None:
            raise errors.CountryTeamInvalid(f"{field} cannot be cleared.")
    if "agencies" in changes:
        changes["agencies"] = sorted(set(changes["agencies"]))
    changed = {k: v for k, v in changes.items() if getattr(team, k) != v}
    for key, value in changed.items():
        setattr(team, key, value)
    if changed:
        await session.flush()
    return team
