"""Conversions from activity rows to their API views."""

from __future__ import annotations

from country_teams.activities.schemas import ActivityRead, ActivityResult, Budget
from country_teams.models import Activity
from country_teams.vocabulary import ActivityStatus


def to_read(activity: Activity) -> ActivityRead:
    """Return the API view of an activity."""
    budget = (
        Budget(amount=activity.budget_amount, currency=activity.budget_currency)
        if activity.budget_amount is not None and activity.budget_currency
        else None
    )
    return ActivityRead(
        id=activity.id,
        country_team_id=activity.country_team_id,
        iati_identifier=activity.iati_identifier,
        title=activity.title,
        description=activity.description,
        country=activity.country,
        admin1=activity.admin1,
        lead_agency=activity.lead_agency,
        participating_agencies=activity.participating_agencies,
        status=ActivityStatus(activity.status),
        start_on=activity.start_on,
        end_on=activity.end_on,
        sectors=list(activity.sectors),
        categories=activity.categories,
        budget=budget,
        results=[ActivityResult.model_validate(r) for r in activity.results],
        created_by=activity.created_by,
        version=activity.version,
        created_at=activity.created_at,
        updated_at=activity.updated_at,
    )
