"""Who may do what in the organizations service.

- Reads of engagements, consents, initiatives and the sharing decision: Centre staff (organization
  ``UNRCCA`` without the partner role), any role.
- Writes of the registry, engagements and initiatives: Centre staff holding officer, head_of_centre
  or admin.
- Writes of agreements and consents: Centre staff holding head_of_centre or admin.

Which records a caller sees (agreements, contact details) is in :mod:`organizations.access`.
"""

from __future__ import annotations

from pdp_common.identity import Principal, Role

from organizations.errors import OperationForbidden

WRITER_ROLES = (Role.OFFICER, Role.HEAD_OF_CENTRE, Role.ADMIN)
SHARING_ADMIN_ROLES = (Role.HEAD_OF_CENTRE, Role.ADMIN)


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
