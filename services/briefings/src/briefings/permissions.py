"""Who may do what in the briefings service: write briefings, and take each workflow action."""

from __future__ import annotations

from pdp_common.identity import Principal

from briefings import errors
from briefings.vocabulary import ACTION_ROLES, AUTHOR_ROLES, BriefingAction


def require_author(principal: Principal) -> None:
    """Refuse callers other than Centre analysts, officers and the Head of Centre."""
    if not (principal.is_centre_staff and principal.has_any(*AUTHOR_ROLES)):
        raise errors.BriefingActionForbidden("Centre analysts and officers write briefings.")


def require_action(principal: Principal, action: BriefingAction) -> None:
    """Refuse callers whose roles do not allow ``action`` on a briefing."""
    roles = ACTION_ROLES[action]
    if not (principal.is_centre_staff and principal.has_any(*roles)):
        who = " or ".join(sorted(r.value for r in roles))
        raise errors.BriefingActionForbidden(f"Only the Centre's {who} may {action.value}.")
