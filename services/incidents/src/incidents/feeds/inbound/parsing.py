"""Choose the reader of a batch by its Content-Type and read it into items."""

from __future__ import annotations

from pdp_common.json_limits import JsonLimits

from incidents.feeds.inbound import documents, markup
from incidents.feeds.inbound.errors import FeedItemsMediaType
from incidents.feeds.inbound.items import ParsedItem

MEDIA_TYPES = (
    "application/json",
    "application/geo+json",
    "application/cap+xml",
    "application/atom+xml",
    "text/csv",
)


def media_type_of(content_type: str) -> str:
    """Return the bare media type of a Content-Type header, refusing those not accepted."""
    media = content_type.split(";", maxsplit=1)[0].strip().lower()
    if media not in MEDIA_TYPES:
        raise FeedItemsMediaType(
            f"Send one of {', '.join(MEDIA_TYPES)}; got {media or 'no Content-Type'}.",
            accepted=list(MEDIA_TYPES),
        )
    return media


def parse_items(
    body: bytes, *, media: str, partner_org: str, limits: JsonLimits, max_items: int
) -> list[ParsedItem]:
    """Read a batch of ``media`` into items (raises for a batch that cannot be read whole)."""
    if media == "application/json":
        return documents.parse_json(body, limits=limits, max_items=max_items)
    if media == "application/geo+json":
        return documents.parse_geojson(body, limits=limits, max_items=max_items)
    if media == "text/csv":
        return documents.parse_csv(body, partner_org=partner_org, max_items=max_items)
    if media == "application/cap+xml":
        return markup.parse_cap(body, max_items=max_items)
    return markup.parse_atom(body, max_items=max_items)
