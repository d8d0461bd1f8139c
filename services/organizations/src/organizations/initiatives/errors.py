"""Errors of initiatives."""

from __future__ import annotations

from pdp_common.errors import NotFoundError, ValidationFailedError


class InitiativeNotFound(NotFoundError):
    code = "initiative-not-found"
    title = "Initiative not found"


class InitiativeOrganizationUnknown(ValidationFailedError):
    code = "initiative-organization-unknown"
    title = "Initiative names an unregistered organization"


class InitiativePeriodInvalid(ValidationFailedError):
    code = "initiative-period-invalid"
    title = "Initiative period is invalid"
