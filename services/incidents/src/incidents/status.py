"""Where an incident stands in verification, and who may edit it in which statuses.

The verification workflow (``incidents.workflow``) moves incidents between these statuses; plain
updates and the imports only need to know the statuses and the editors.
"""

from __future__ import annotations

from enum import StrEnum

from pdp_common.identity import Role


class Status(StrEnum):
    """Where an incident stands in verification."""

    REPORTED = "reported"
    UNDER_REVIEW = "under_review"
    VERIFIED = "verified"
    REJECTED = "rejected"
    CORRECTED = "corrected"
    RETRACTED = "retracted"


EDITORS = frozenset({Role.ANALYST, Role.OFFICER, Role.HEAD_OF_CENTRE, Role.SYSTEM})
"""Roles that may record incidents, change them and take them under review."""

EDITABLE = frozenset({Status.REPORTED, Status.UNDER_REVIEW})
"""Statuses whose fields a plain update may change; later changes go through ``corrected``."""
