"""Errors of engagements and follow-up actions."""

from __future__ import annotations

from pdp_common.errors import NotFoundError, ValidationFailedError


class EngagementNotFound(NotFoundError):
    code = "engagement-not-found"
    title = "Engagement not found"


class EngagementOrganizationUnknown(ValidationFailedError):
    code = "engagement-organization-unknown"
    title = "Engagement names an unregistered organization"


class FollowUpNotFound(NotFoundError):
    code = "follow-up-not-found"
    title = "Follow-up action not found"
