"""Who may do what with incidents: record and change them, and speak for an origin."""

from __future__ import annotations

from pdp_common.identity import Principal

from incidents.errors import IncidentActionForbidden
from incidents.status import EDITORS


def require_editor(principal: Principal) -> None:
    """Refuse callers whose roles do not allow recording or changing incidents."""
    if not principal.has_any(*EDITORS):
        raise IncidentActionForbidden(
            "Recording and changing incidents needs the analyst, officer, head_of_centre or "
            "system role."
        )


def require_origin(principal: Principal, origin_org: str) -> None:
    """Refuse a caller outside the Centre claiming another organization's record."""
    if origin_org != principal.org and not principal.is_centre_staff:
        raise IncidentActionForbidden(
            f"Only the Centre may record an incident on behalf of {origin_org}; "
            f"your organization is {principal.org}."
        )
