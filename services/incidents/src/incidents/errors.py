"""Errors of the incidents service, each rendered as RFC 9457 problem+json."""

from __future__ import annotations

from pdp_common.errors import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    UnsupportedMediaTypeError,
    ValidationFailedError,
)


class IncidentNotFound(NotFoundError):
    code = "incident-not-found"
    title = "Incident not found"


class IncidentTransitionNotAllowed(ConflictError):
    code = "incident-transition-not-allowed"
    title = "Transition not allowed"


class IncidentLocked(ConflictError):
    code = "incident-locked"
    title = "Incident cannot be edited in its status"


class IncidentMergeConflict(ConflictError):
    code = "incident-merge-conflict"
    title = "Incidents cannot be merged"


class IncidentAlreadyMerged(ConflictError):
    code = "incident-already-merged"
    title = "Incident was merged into another"


class IncidentLocationInvalid(ValidationFailedError):
    code = "incident-location-invalid"
    title = "Coordinates do not match the stated country"


class IncidentInvalid(ValidationFailedError):
    code = "incident-invalid"
    title = "Incident is invalid"


class IncidentActionForbidden(ForbiddenError):
    code = "incident-action-forbidden"
    title = "Your role does not allow this action"


class IncidentImportInvalid(ValidationFailedError):
    code = "incident-import-invalid"
    title = "Import batch cannot be read"


class IncidentOriginExists(ConflictError):
    code = "incident-origin-exists"
    title = "This partner record is already an incident"


class IncidentImportMediaType(UnsupportedMediaTypeError):
    code = "incident-import-media-type"
    title = "Import format not supported"
