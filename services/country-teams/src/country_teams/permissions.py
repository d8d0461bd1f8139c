"""Who may do what in the country-teams service: change country teams, record activities."""

from __future__ import annotations

from pdp_common.identity import Principal, Role

from country_teams import errors

EDITOR_ROLES = (Role.ANALYST, Role.OFFICER, Role.HEAD_OF_CENTRE, Role.ADMIN)


def require_country_team_editor(principal: Principal) -> None:
    """Refuse callers other than Centre staff who edit."""
    if not (principal.is_centre_staff and principal.has_any(*EDITOR_ROLES)):
        raise errors.CountryTeamEditForbidden(
            "Only Centre analysts and officers change country teams."
        )


def require_activity_editor(principal: Principal, lead_agency: str) -> None:
    """Refuse callers who may not record activities led by ``lead_agency``."""
    if principal.is_centre_staff and principal.has_any(*EDITOR_ROLES):
        return
    if principal.has_any(Role.SYSTEM) and principal.org == lead_agency:
        return
    raise errors.ActivityEditForbidden(
        "Centre staff record any activity; an agency's system records only those it leads."
    )


def require_gaps_reader(principal: Principal) -> None:
    """Refuse callers outside the Centre: the gaps draw on incident data."""
    if not principal.is_centre_staff:
        raise errors.GapsForbidden("The gaps draw on incident data; they are for Centre staff.")
