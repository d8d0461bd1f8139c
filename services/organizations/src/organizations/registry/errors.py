"""Errors of the registry."""

from __future__ import annotations

from pdp_common.errors import ConflictError, NotFoundError, ValidationFailedError


class OrganizationNotFound(NotFoundError):
    code = "organization-not-found"
    title = "Organization not found"


class OrganizationCodeTaken(ConflictError):
    code = "organization-code-taken"
    title = "Organization code already registered"


class OrganizationParentInvalid(ValidationFailedError):
    code = "organization-parent-invalid"
    title = "Invalid parent organization"


class ContactNotFound(NotFoundError):
    code = "contact-not-found"
    title = "Contact not found"
