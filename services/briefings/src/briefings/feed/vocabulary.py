"""The briefings feed's formats and their media types."""

from __future__ import annotations

from enum import StrEnum

from briefings.feed.errors import BriefingFeedFormatNotAcceptable


class BriefingFeedFormat(StrEnum):
    """How a reader reads the feed."""

    JSON = "json"
    ATOM = "atom"
    JSONFEED = "jsonfeed"


MEDIA_TYPES: dict[BriefingFeedFormat, str] = {
    BriefingFeedFormat.JSON: "application/json",
    BriefingFeedFormat.ATOM: "application/atom+xml",
    BriefingFeedFormat.JSONFEED: "application/feed+json",
}

RECORDED_AS: dict[BriefingFeedFormat, str] = {
    BriefingFeedFormat.JSON: "json",
    BriefingFeedFormat.ATOM: "atom",
    BriefingFeedFormat.JSONFEED: "json_feed",
}
"""How each format is named in the record of shares (as the incidents feed names them)."""

_BY_MEDIA_TYPE = {media: fmt for fmt, media in MEDIA_TYPES.items()}


def negotiate(requested: BriefingFeedFormat | None, accept: str | None) -> BriefingFeedFormat:
    """Return the format of ``format=``, else the first known type of ``Accept``, else JSON."""
    if requested is not None:
        return requested
    if not accept:
        return BriefingFeedFormat.JSON
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        if media in _BY_MEDIA_TYPE:
            return _BY_MEDIA_TYPE[media]
        if media in {"*/*", "application/*"}:
            return BriefingFeedFormat.JSON
    raise BriefingFeedFormatNotAcceptable(
        f"No feed format matches Accept: {accept[:200]}; use one of "
        + ", ".join(MEDIA_TYPES.values())
        + " or the format query parameter."
    )
