"""Errors common to every part of the organizations service."""

from __future__ import annotations

from pdp_common.errors import ForbiddenError


class OperationForbidden(ForbiddenError):
    code = "operation-forbidden"
    title = "Operation not allowed for this caller"
