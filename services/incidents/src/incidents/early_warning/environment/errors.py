"""Errors of the environmental series API, each rendered as RFC 9457 problem+json.

A file that cannot be read is refused with the incident import's problem types
(:class:`incidents.errors.IncidentImportInvalid`,
:class:`incidents.errors.IncidentImportMediaType`), since it is read by the same CSV reader under
the same limits.
"""

from __future__ import annotations

from pdp_common.errors import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ValidationFailedError,
)


class EnvironmentalSeriesNotFound(NotFoundError):
    code = "environmental-series-not-found"
    title = "Environmental series not found"


class EnvironmentalAccessForbidden(ForbiddenError):
    code = "environmental-access-forbidden"
    title = "Your role does not allow this on environmental series"


class EnvironmentalImportConflict(ConflictError):
    code = "environmental-import-conflict"
    title = "Another import changed the same series at the same time"


class PeriodInvalid(ValidationFailedError):
    code = "environmental-period-invalid"
    title = "Period of observations is invalid"
