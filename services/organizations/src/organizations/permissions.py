"""Who may do what in the organizations service.

- Reads of engagements, consents, initiatives and the sharing decision: Centre staff (organization
  ``UNRCCA`` without the partner role), any role.
- Writes of the registry, engagements and initiatives: Centre staff holding officer, head_of_centre
  or admin.
- Writes of agreements and consents: Centre staff holding head_of_centre or admin.
- Partners and every other organization: the public registry, and their own organization's
  agreements (other agreements answer 404 and never appear in lists).
- Contact details (email, phone, notes) are personal data, shown on a need-to-know basis only: to
  Centre staff holding officer, head_of_centre or admin, and to callers of the contact's own
  organization. Everyone else gets the contact's name and function without details.
"""

from __future__ import annotations

from pdp_common.identity import Principal, Role

from organizations.errors import OperationForbidden

WRITER_ROLES = (Role.OFFICER, Role.HEAD_OF_CENTRE, Role.ADMIN)
SHARING_ADMIN_ROLES = (Role.HEAD_OF_CENTRE, Role.ADMIN)
NEED_TO_KNOW_ROLES = (Role.OFFICER, Role.HEAD_OF_CENTRE, Role.ADMIN)


def require_centre_reader(principal: Principal) -> None:
    """Refuse callers outside the Centre."""
    if not principal.is_centre_staff:
        raise OperationForbidden("Only the Centre's staff may read this.")


def require_writer(principal: Principal) -> None:
    """Refuse callers who may not change the registry, engagements or initiatives."""
    if not (principal.is_centre_staff and principal.has_any(*WRITER_ROLES)):
        raise OperationForbidden("Officers, the Head of Centre and administrators make changes.")


def require_sharing_admin(principal: Principal) -> None:
    """Refuse callers who may not change agreements or consents."""
    if not (principal.is_centre_staff and principal.has_any(*SHARING_ADMIN_ROLES)):
        raise OperationForbidden("Only the Head of Centre and administrators change this.")


def sees_all_agreements(principal: Principal) -> bool:
    """Tell whether the caller reads every partner's agreements (else only its own)."""
    return principal.is_centre_staff


def may_see_contact_details(principal: Principal, organization_code: str) -> bool:
    """Tell whether the caller has need-to-know for contacts of ``organization_code``."""
    if principal.is_centre_staff and principal.has_any(*NEED_TO_KNOW_ROLES):
        return True
    return principal.org == organization_code
