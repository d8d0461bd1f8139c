"""Errors of pulled feeds, each rendered as RFC 9457 problem+json."""

from __future__ import annotations

from pdp_common.errors import ConflictError, ForbiddenError, NotFoundError, ValidationFailedError


class PulledFeedNotFound(NotFoundError):
    """No registered pulled feed has this id."""

    code = "pulled-feed-not-found"
    title = "Pulled feed not found"


class PulledFeedForbidden(ForbiddenError):
    """Registering and managing pulled feeds needs a Centre officer, head of centre or admin."""

    code = "pulled-feed-forbidden"
    title = "Pulled feeds are managed by Centre officers"


class PulledFeedInvalid(ValidationFailedError):
    """The feed cannot be registered as given: an unknown format, a too short interval, or a
    partner organization with no sharing agreement in force."""

    code = "pulled-feed-invalid"
    title = "Pulled feed cannot be registered"


class PulledFeedBusy(ConflictError):
    """The feed is being fetched right now (by this or another replica); try again shortly."""

    code = "pulled-feed-busy"
    title = "Pulled feed is being fetched"
