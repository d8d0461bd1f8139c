"""Errors of the briefings service."""

from __future__ import annotations

from pdp_common.errors import ConflictError, ForbiddenError, NotFoundError, ValidationFailedError


class BriefingNotFound(NotFoundError):
    code = "briefing-not-found"
    title = "Briefing not found"


class BriefingImmutable(ConflictError):
    code = "briefing-immutable"
    title = "A released briefing does not change"


class BriefingTransitionInvalid(ConflictError):
    code = "briefing-transition-invalid"
    title = "This step does not apply to the briefing's status"


class BriefingActionForbidden(ForbiddenError):
    code = "briefing-action-forbidden"
    title = "Not allowed to take this step"


class BriefingInvalid(ValidationFailedError):
    code = "briefing-invalid"
    title = "Briefing is not valid"


class BriefingExists(ConflictError):
    code = "briefing-exists"
    title = "A flash alert for this incident exists"
