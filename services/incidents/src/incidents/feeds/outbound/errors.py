"""Errors of the outbound feed, each rendered as RFC 9457 problem+json."""

from __future__ import annotations

from pdp_common.errors import AppError, ForbiddenError


class FeedFormatNotAcceptable(AppError):
    """The feed has no format matching the request's `format` or `Accept`: ask for json, geojson,
    atom, jsonfeed or cap (`application/json`, `application/geo+json`, `application/atom+xml`,
    `application/feed+json`, `application/cap+xml`)."""

    status = 406
    code = "feed-format-not-acceptable"
    title = "Feed format not acceptable"


class FeedSharesForbidden(ForbiddenError):
    """Only the Centre's staff may read the record of what was shared with partners."""

    code = "feed-shares-forbidden"
    title = "Share records are for the Centre's staff"
