"""Errors of the audit trail."""

from __future__ import annotations

from pdp_common.errors import ValidationFailedError


class AuditWindowInvalid(ValidationFailedError):
    code = "audit-window-invalid"
    title = "Audit window invalid"
