"""Errors of the briefings feed, each rendered as RFC 9457 problem+json."""

from __future__ import annotations

from pdp_common.errors import AppError, ForbiddenError


class BriefingFeedFormatNotAcceptable(AppError):
    """The briefings feed has no format matching the request's `format` or `Accept`: ask for
    json, atom or jsonfeed (`application/json`, `application/atom+xml`,
    `application/feed+json`)."""

    status = 406
    code = "briefing-feed-format-not-acceptable"
    title = "Briefings feed format not acceptable"


class BriefingFeedSharesForbidden(ForbiddenError):
    """Only the Centre's staff may read the record of the briefings served through the feed."""

    code = "briefing-feed-shares-forbidden"
    title = "Briefing share records are for the Centre's staff"
