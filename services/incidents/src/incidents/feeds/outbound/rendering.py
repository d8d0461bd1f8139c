"""Render a feed page in the format asked for: bytes and media type."""

from __future__ import annotations

from pdp_common.json_bytes import dump_json

from incidents.feeds.outbound import atom, cap, geojson, jsonfeed, redaction
from incidents.feeds.outbound.service import FeedPage
from incidents.feeds.outbound.vocabulary import MEDIA_TYPES, FeedFormat


def render(
    page: FeedPage, fmt: FeedFormat, *, feed_url: str, next_url: str, cap_sender: str
) -> tuple[bytes, str]:
    """Return the document of ``page`` in ``fmt`` and its media type."""
    media_type = MEDIA_TYPES[fmt]
    if fmt is FeedFormat.GEOJSON:
        return dump_json(geojson.feature_collection(page)), media_type
    if fmt is FeedFormat.JSONFEED:
        return dump_json(jsonfeed.json_feed(page, feed_url=feed_url, next_url=next_url)), media_type
    if fmt is FeedFormat.ATOM:
        return atom.atom_feed(page, feed_url=feed_url, next_url=next_url), media_type
    if fmt is FeedFormat.CAP:
        document = cap.cap_feed(page, sender=cap_sender, feed_url=feed_url, next_url=next_url)
        return document, "application/atom+xml"
    return dump_json(redaction.page_document(page)), media_type
