"""Errors of information-sharing agreements."""

from __future__ import annotations

from pdp_common.errors import NotFoundError, ValidationFailedError


class AgreementNotFound(NotFoundError):
    code = "agreement-not-found"
    title = "Agreement not found"


class AgreementPartnerUnknown(ValidationFailedError):
    code = "agreement-partner-unknown"
    title = "Agreement names an unregistered partner"


class AgreementPeriodInvalid(ValidationFailedError):
    code = "agreement-period-invalid"
    title = "Agreement period is invalid"
