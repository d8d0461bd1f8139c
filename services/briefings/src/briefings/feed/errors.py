"""Errors of the briefings feed, each rendered as RFC 9457 problem+json."""

from __future__ import annotations

from pdp_common.errors import AppError


class BriefingFeedFormatNotAcceptable(AppError):
    """The briefings feed has no format matching the request's `format` or `Accept`: ask for
    json, atom or jsonfeed (`application/json`, `application/atom+xml`,
    `application/feed+json`)."""

    status = 406
    code = "briefing-feed-format-not-acceptable"
    title = "Briefings feed format not acceptable"
