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
    """A fetch of the feed is queued or running (by this or another replica); see its log."""

    code = "pulled-feed-busy"
    title = "Pulled feed is being fetched"


class PulledFetchNotFound(NotFoundError):
    """No fetch of this feed has this id (or it was pruned from the log)."""

    code = "pulled-fetch-not-found"
    title = "Pulled fetch not found"


class PulledFetchFinished(ConflictError):
    """The fetch has already ended; only a queued or running fetch can be cancelled."""

    code = "pulled-fetch-finished"
    title = "Pulled fetch has already ended"
