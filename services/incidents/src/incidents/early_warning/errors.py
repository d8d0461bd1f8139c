"""Errors of the early-warning API, each rendered as RFC 9457 problem+json."""

from __future__ import annotations

from pdp_common.errors import ForbiddenError, NotFoundError


class EarlyWarningForbidden(ForbiddenError):
    code = "early-warning-forbidden"
    title = "Early warning is for the Centre's staff"


class AlertNotFound(NotFoundError):
    code = "early-warning-alert-not-found"
    title = "Alert not found"
