"""Errors of the country-teams service."""

from __future__ import annotations

from pdp_common.errors import ConflictError, ForbiddenError, NotFoundError, ValidationFailedError


class CountryTeamNotFound(NotFoundError):
    code = "country-team-not-found"
    title = "Country team not found"


class CountryTeamExists(ConflictError):
    code = "country-team-exists"
    title = "A country team for this country exists"


class CountryTeamMissing(ValidationFailedError):
    code = "country-team-missing"
    title = "No country team for this country"


class CountryTeamInvalid(ValidationFailedError):
    code = "country-team-invalid"
    title = "Country team is not valid"


class CountryTeamEditForbidden(ForbiddenError):
    code = "country-team-edit-forbidden"
    title = "Not allowed to change country teams"


class ActivityNotFound(NotFoundError):
    code = "activity-not-found"
    title = "Activity not found"


class ActivityIdentifierTaken(ConflictError):
    code = "activity-identifier-taken"
    title = "IATI identifier already in use"


class ActivityInvalid(ValidationFailedError):
    code = "activity-invalid"
    title = "Activity is not valid"


class ActivityEditForbidden(ForbiddenError):
    code = "activity-edit-forbidden"
    title = "Not allowed to change this activity"


class GapsForbidden(ForbiddenError):
    code = "gaps-forbidden"
    title = "Gaps are for Centre staff"
