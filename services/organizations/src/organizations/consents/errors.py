"""Errors of the consent register."""

from __future__ import annotations

from pdp_common.errors import ConflictError, NotFoundError, ValidationFailedError


class ConsentNotFound(NotFoundError):
    code = "consent-not-found"
    title = "Consent not found"


class ConsentWithdrawnAlready(ConflictError):
    code = "consent-withdrawn"
    title = "Consent has been withdrawn"


class ConsentPartyUnknown(ValidationFailedError):
    code = "consent-party-unknown"
    title = "Consent names an unregistered party"


class ConsentPeriodInvalid(ValidationFailedError):
    code = "consent-period-invalid"
    title = "Consent period is invalid"
