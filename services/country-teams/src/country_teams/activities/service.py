"""Rules of preventive activities: recording, changing, listing and the who-does-what-where."""

from __future__ import annotations

import uuid
from typing import Any

from pdp_common.concurrency import check_if_match
from pdp_common.contracts import country_teams as activity_events
from pdp_common.db import utcnow
from pdp_common.events.outbox import record_event
from pdp_common.identity import Principal
from pdp_common.pagination import PageParams
from sqlalchemy.ext.asyncio import AsyncSession

from country_teams import errors, permissions
from country_teams.activities.repository import ActivityRepository
from country_teams.activities.rows import to_read
from country_teams.activities.schemas import (
    ActivityCreate,
    ActivityFilters,
    ActivityUpdate,
    WhoWhatWhere,
    WhoWhatWhereCell,
)
from country_teams.models import Activity, ActivityAgency, ActivityCategory, CountryTeam
from country_teams.repository import CountryTeamRepository


def _snapshot(activity: Activity) -> dict[str, Any]:
    return {
        "activity_id": activity.id,
        "country_team_id": activity.country_team_id,
        "iati_identifier": activity.iati_identifier,
        "title": activity.title,
        "country": activity.country,
        "admin1": activity.admin1,
        "lead_agency": activity.lead_agency,
        "agencies": activity.agencies,
        "status": activity.status,
        "categories": activity.categories,
        "sectors": list(activity.sectors),
        "start_on": activity.start_on,
        "end_on": activity.end_on,
        "budget_amount": activity.budget_amount,
        "budget_currency": activity.budget_currency,
        "version": activity.version,
    }


def _set_agencies(activity: Activity, lead: str, participants: list[str]) -> None:
    wanted = {lead: True} | {a: False for a in participants if a != lead}
    for row in list(activity.agency_rows):
        if row.agency not in wanted:
            activity.agency_rows.remove(row)
        else:
            row.is_lead = wanted.pop(row.agency)
    for agency, is_lead in wanted.items():
        activity.agency_rows.append(ActivityAgency(agency=agency, is_lead=is_lead))


def _set_categories(activity: Activity, categories: list[str]) -> None:
    wanted = set(categories)
    for row in list(activity.category_rows):
        if row.category not in wanted:
            activity.category_rows.remove(row)
        wanted.discard(row.category)
    for category in sorted(wanted):
        activity.category_rows.append(ActivityCategory(category=category))


async def _team_for(session: AsyncSession, country: str) -> CountryTeam:
    team = await CountryTeamRepository(session).by_country(country)
    if team is None:
        raise errors.CountryTeamMissing(f"{country} has no country team; register it first.")
    return team


async def create_activity(
    session: AsyncSession, *, principal: Principal, data: ActivityCreate
) -> Activity:
    """Record a preventive activity and announce it."""
    permissions.require_activity_editor(principal, data.lead_agency)
    team = await _team_for(session, data.country)
    activity = Activity(
        country_team_id=team.id,
        iati_identifier=data.iati_identifier,
        title=data.title,
        description=data.description or "",
        country=data.country,
        admin1=data.admin1,
        lead_agency=data.lead_agency,
        status=data.status.value,
        start_on=data.start_on,
        end_on=data.end_on,
        sectors=list(dict.fromkeys(data.sectors or [])),
        budget_amount=data.budget.amount if data.budget else None,
        budget_currency=data.budget.currency if data.budget else None,
        results=[r.model_dump(mode="json") for r in data.results or []],
        created_by=principal.subject,
        agency_rows=[],
        category_rows=[],
    )
    _set_agencies(activity, data.lead_agency, data.participating_agencies or [])
    _set_categories(activity, [c.value for c in data.categories])
    if not await ActivityRepository(session).insert(activity):
        raise errors.ActivityIdentifierTaken(f"{data.iati_identifier} is already recorded.")
    await record_event(session, activity_events.ActivityCreated(**_snapshot(activity)))
    return activity


async def get_activity(session: AsyncSession, *, activity_id: uuid.UUID) -> Activity:
    """Return an activity or raise ActivityNotFound."""
    activity = await ActivityRepository(session).get(activity_id)
    if activity is None:
        raise errors.ActivityNotFound(f"No activity {activity_id}.")
    return activity


async def list_activities(
    session: AsyncSession, *, filters: ActivityFilters, paging: PageParams
) -> tuple[list[Activity], str | None]:
    """Return a page of matching activities and the next cursor."""
    return await ActivityRepository(session).page(filters, paging=paging)


async def who_what_where(session: AsyncSession, *, filters: ActivityFilters) -> WhoWhatWhere:
    """Count matching activities per country, admin1, category and agency."""
    total, rows = await ActivityRepository(session).who_what_where(filters)
    cells = [
        WhoWhatWhereCell(country=c, admin1=a, category=cat, agency=ag, activities=n)
        for c, a, cat, ag, n in rows
    ]
    return WhoWhatWhere(total_activities=total, cells=cells)


def _updated_fields(activity: Activity, data: ActivityUpdate) -> dict[str, Any]:
    changes = data.model_dump(exclude_unset=True)
    for field in ("title", "status", "categories"):
        if field in changes and changes[field] is None:
            raise errors.ActivityInvalid(f"{field} cannot be cleared.")
    if "start_on" in changes or "end_on" in changes:
        start = changes.get("start_on", activity.start_on)
        end = changes.get("end_on", activity.end_on)
        if start and end and end < start:
            raise errors.ActivityInvalid("end_on is before start_on.")
    current = to_read(activity).model_dump(mode="json")
    proposed = data.model_dump(mode="json", exclude_unset=True)
    for key in ("participating_agencies", "sectors", "results", "categories"):
        if key in proposed and proposed[key] is None:
            proposed[key] = []
    if "categories" in proposed:
        proposed["categories"] = sorted(set(proposed["categories"]))
    if "sectors" in proposed:
        proposed["sectors"] = list(dict.fromkeys(proposed["sectors"]))
    if "participating_agencies" in proposed:
        proposed["participating_agencies"] = sorted(
            set(proposed["participating_agencies"]) - {activity.lead_agency}
        )
        current["participating_agencies"] = sorted(current["participating_agencies"])
    return {k: v for k, v in proposed.items() if current.get(k) != v}


def _apply(activity: Activity, changed: dict[str, Any], data: ActivityUpdate) -> None:
    for field in ("title", "admin1", "start_on", "end_on"):
        if field in changed:
            setattr(activity, field, getattr(data, field))
    if "description" in changed:
        activity.description = data.description or ""
    if "status" in changed and data.status is not None:
        activity.status = data.status.value
    if "sectors" in changed:
        activity.sectors = changed["sectors"]
    if "results" in changed:
        activity.results = changed["results"]
    if "budget" in changed:
        activity.budget_amount = data.budget.amount if data.budget else None
        activity.budget_currency = data.budget.currency if data.budget else None
    if "categories" in changed:
        _set_categories(activity, changed["categories"])
    if "participating_agencies" in changed:
        _set_agencies(activity, activity.lead_agency, changed["participating_agencies"])
    activity.updated_at = utcnow()


async def update_activity(
    session: AsyncSession,
    *,
    principal: Principal,
    activity_id: uuid.UUID,
    data: ActivityUpdate,
    if_match: str | None,
) -> Activity:
    """Change an activity read at the version ``if_match`` names, and announce the change."""
    activity = await get_activity(session, activity_id=activity_id)
    permissions.require_activity_editor(principal, activity.lead_agency)
    check_if_match(if_match, activity.version)
    changed = _updated_fields(activity, data)
    if not changed:
        return activity
    _apply(activity, changed, data)
    await session.flush()
    await record_event(
        session,
        activity_events.ActivityUpdated(**_snapshot(activity), changed=sorted(changed)),
    )
    return activity
