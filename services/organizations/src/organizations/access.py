"""Which records a caller of the organizations service sees.

- Partners and every other organization: the public registry, and their own organization's
  agreements (other agreements answer 404 and never appear in lists).
- Contact details (email, phone, notes) are personal data, shown on a need-to-know basis only: to
  Centre staff holding officer, head_of_centre or admin, and to callers of the contact's own
  organization. Everyone else gets the contact's name and function without details.
"""

from __future__ import annotations

from pdp_common.identity import Principal, Role

NEED_TO_KNOW_ROLES = (Role.OFFICER, Role.HEAD_OF_CENTRE, Role.ADMIN)


def sees_all_agreements(principal: Principal) -> bool:
    """Tell whether the caller reads every partner's agreements (else only its own)."""
    return principal.is_centre_staff


def may_see_contact_details(principal: Principal, organization_code: str) -> bool:
    """Tell whether the caller has need-to-know for contacts of ``organization_code``."""
    if principal.is_centre_staff and principal.has_any(*NEED_TO_KNOW_ROLES):
        return True
    return principal.org == organization_code
