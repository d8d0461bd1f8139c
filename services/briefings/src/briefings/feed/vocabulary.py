"""The briefings feed's formats and their media types."""

from __future__ import annotations

from enum import StrEnum

from briefings.feed.errors import BriefingFeedFormatNotAcceptable


class FeedFormat(StrEnum):
    """How a reader reads the feed."""

    JSON = "json"
    ATOM = "atom"
    JSONFEED = "jsonfeed"


MEDIA_TYPES: dict[FeedFormat, str] = {
    FeedFormat.JSON: "application/json",
    FeedFormat.ATOM: "application/atom+xml",
    FeedFormat.JSONFEED: "application/feed+json",
}

RECORDED_AS: dict[FeedFormat, str] = {
    FeedFormat.JSON: "json",
    FeedFormat.ATOM: "atom",
    FeedFormat.JSONFEED: "json_feed",
}
"""How each format is named in the record of shares (as the incidents feed names them)."""

_BY_MEDIA_TYPE = {media: fmt for fmt, media in MEDIA_TYPES.items()}


def negotiate(requested: FeedFormat | None, accept: str | None) -> FeedFormat:
    """Return the format of ``format=``, else the first known type of ``Accept``, else JSON."""
    if requested is not None:
        return requested
    if not accept:
        return FeedFormat.JSON
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        if media in _BY_MEDIA_TYPE:
            return _BY_MEDIA_TYPE[media]
        if media in {"*/*", "application/*"}:
            return FeedFormat.JSON
    raise BriefingFeedFormatNotAcceptable(
        f"No feed format matches Accept: {accept[:200]}; use one of "
        + ", ".join(MEDIA_TYPES.values())
        + " or the format query parameter."
    )
