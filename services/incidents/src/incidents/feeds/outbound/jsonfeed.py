"""The feed as JSON Feed 1.1 (https://jsonfeed.org/version/1.1); feed data under ``_pdp``."""

from __future__ import annotations

from typing import Any

from pdp_common.feeds.jsonfeed import JSONFeed, JSONFeedAuthor, JSONFeedItem

from incidents.feeds.outbound.redaction import changed_at, entry_document
from incidents.feeds.outbound.service import FeedEntry, FeedPage
from incidents.feeds.outbound.vocabulary import EntryKind


def feed_item(entry: FeedEntry, page: FeedPage) -> JSONFeedItem:
    """Return one entry as a JSON Feed item; its id is the incident id and version."""
    incident = entry.incident
    document = entry_document(entry, page)
    if entry.kind is EntryKind.INCIDENT:
        return JSONFeedItem(
            id=f"urn:uuid:{incident.id}#v{incident.version}",
            title=f"{incident.reference}: {incident.title}",
            content_text=incident.summary or incident.title,
            date_published=incident.created_at.isoformat(),
            date_modified=incident.updated_at.isoformat(),
            tags=[incident.country, incident.category, *incident.tags],
            language=incident.language,
            pdp=document,
        )
    reason = entry.reason.value if entry.reason else "withdrawn"
    return JSONFeedItem(
        id=f"urn:uuid:{incident.id}#v{incident.version}",
        title=f"{incident.reference}: {reason}",
        content_text=f"Incident {incident.reference} is {reason}; remove it from your copy.",
        date_modified=changed_at(entry, page),
        tags=["tombstone", reason],
        pdp=document,
    )


def json_feed(page: FeedPage, *, feed_url: str, next_url: str) -> dict[str, Any]:
    """Return a page as a JSON Feed 1.1 document."""
    feed = JSONFeed(
        title=f"UNRCCA incidents shared with {page.partner}",
        feed_url=feed_url,
        next_url=next_url,
        description="Incidents changed since your cursor, as your sharing agreement allows.",
        authors=[JSONFeedAuthor(name="UNRCCA")],
        items=[feed_item(e, page) for e in page.entries],
        pdp={"next_cursor": page.next_cursor, "has_more": page.has_more},
    )
    return feed.document()
