"""The outbound feed's formats, their media types and the agreement format each needs."""

from __future__ import annotations

from enum import StrEnum

from pdp_common.sharing import DeliveryFormat

from incidents.feeds.outbound.errors import FeedFormatNotAcceptable


class FeedFormat(StrEnum):
    """How a partner reads the feed."""

    JSON = "json"
    GEOJSON = "geojson"
    ATOM = "atom"
    JSONFEED = "jsonfeed"
    CAP = "cap"


class EntryKind(StrEnum):
    """What one feed entry carries."""

    INCIDENT = "incident"
    TOMBSTONE = "tombstone"


class TombstoneReason(StrEnum):
    """Why an incident left the feed."""

    RETRACTED = "retracted"
    REJECTED = "rejected"
    MERGED = "merged"
    WITHDRAWN = "withdrawn"


MEDIA_TYPES: dict[FeedFormat, str] = {
    FeedFormat.JSON: "application/json",
    FeedFormat.GEOJSON: "application/geo+json",
    FeedFormat.ATOM: "application/atom+xml",
    FeedFormat.JSONFEED: "application/feed+json",
    FeedFormat.CAP: "application/cap+xml",
}
"""The media type each format is served with (CAP: an Atom feed of CAP alerts, see docs)."""

DELIVERY: dict[FeedFormat, DeliveryFormat] = {
    FeedFormat.JSON: DeliveryFormat.JSON,
    FeedFormat.GEOJSON: DeliveryFormat.GEOJSON,
    FeedFormat.ATOM: DeliveryFormat.ATOM,
    FeedFormat.JSONFEED: DeliveryFormat.JSON_FEED,
    FeedFormat.CAP: DeliveryFormat.CAP,
}
"""The format a partner's agreement must list for each feed format."""

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
    raise FeedFormatNotAcceptable(
        f"No feed format matches Accept: {accept[:200]}; use one of "
        + ", ".join(MEDIA_TYPES.values())
        + " or the format query parameter."
    )
