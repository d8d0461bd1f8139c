"""Render a page of the briefings feed as JSON, Atom or JSON Feed 1.1: bytes and media type.

Every item carries the briefing as the caller may read it (the whole briefing: the access rule
lets a caller read a briefing entirely or not at all), as Markdown and HTML.
"""

from __future__ import annotations

from dataclasses import dataclass

from pdp_common.feeds.atom import atom_bytes, atom_generator
from pdp_common.feeds.jsonfeed import JSONFeed, JSONFeedAuthor, JSONFeedItem
from pdp_common.json_bytes import dump_json

from briefings import render, rows
from briefings.feed.schemas import BriefingFeedItemRead, BriefingFeedPageRead
from briefings.feed.service import FeedEntry, FeedPage
from briefings.feed.vocabulary import MEDIA_TYPES, BriefingFeedFormat
from briefings.schemas import BriefingRead

SUBTITLE = "Briefings released since your cursor that you may read."


@dataclass(frozen=True)
class Links:
    """The URLs a page points at: itself, its next page, and where briefings are read alone."""

    feed_url: str
    next_url: str
    briefings_url: str

    def briefing(self, read: BriefingRead) -> str:
        """Return the URL of one briefing."""
        return f"{self.briefings_url}/{read.id}"


def _title(page: FeedPage) -> str:
    return f"UNRCCA briefings released to {page.reader_org}"


def _tags(read: BriefingRead) -> list[str]:
    return [read.kind.value, read.classification.value, *read.countries]


def _items(page: FeedPage, links: Links) -> list[BriefingFeedItemRead]:
    items = []
    for entry in page.entries:
        read = rows.to_read(entry.briefing)
        items.append(_item(entry, read, links))
    return items


def _item(entry: FeedEntry, read: BriefingRead, links: Links) -> BriefingFeedItemRead:
    return BriefingFeedItemRead(
        position=entry.position,
        url=links.briefing(read),
        briefing=read,
        content_text=render.to_markdown(read),
        content_html=render.to_html(read),
    )


def _period(read: BriefingRead) -> str:
    return f"{read.period_start.isoformat()}/{read.period_end.isoformat()}"


def json_document(page: FeedPage, links: Links) -> bytes:
    """Return a page as the feed's own JSON."""
    document = BriefingFeedPageRead(
        reader=page.reader_org,
        served_at=page.served_at,
        items=_items(page, links),
        next_cursor=page.next_cursor,
        has_more=page.has_more,
    )
    return document.model_dump_json().encode()


def json_feed(page: FeedPage, links: Links) -> bytes:
    """Return a page as a JSON Feed 1.1 document; briefing data under ``_pdp``."""
    items = [
        JSONFeedItem(
            id=f"urn:uuid:{item.briefing.id}",
            url=item.url,
            title=item.briefing.title,
            content_text=item.content_text,
            content_html=item.content_html,
            date_published=_released(item.briefing),
            date_modified=_released(item.briefing),
            tags=_tags(item.briefing),
            pdp={
                "position": item.position,
                "id": str(item.briefing.id),
                "kind": item.briefing.kind.value,
                "classification": item.briefing.classification.value,
                "countries": item.briefing.countries,
                "period": _period(item.briefing),
                "version": item.briefing.version,
            },
        )
        for item in _items(page, links)
    ]
    feed = JSONFeed(
        title=_title(page),
        feed_url=links.feed_url,
        next_url=links.next_url,
        description=SUBTITLE,
        authors=[JSONFeedAuthor(name="UNRCCA")],
        items=items,
        pdp={"next_cursor": page.next_cursor, "has_more": page.has_more},
    )
    return dump_json(feed.document())


def _released(read: BriefingRead) -> str:
    assert read.released_at is not None
    return read.released_at.isoformat()


def atom_feed(page: FeedPage, links: Links) -> bytes:
    """Return a page as an Atom feed: one entry per briefing, its HTML as the content."""
    generator = atom_generator(
        feed_id=f"urn:pdp:briefings:feed:{page.reader_org}",
        title=_title(page),
        subtitle=SUBTITLE,
        updated=page.served_at,
        feed_url=links.feed_url,
        next_url=links.next_url,
    )
    for item in _items(page, links):
        read = item.briefing
        entry = generator.add_entry(order="append")
        entry.id(f"urn:uuid:{read.id}")
        entry.title(read.title)
        entry.link(href=item.url, rel="alternate", type="text/html")
        entry.published(read.released_at)
        entry.updated(read.released_at)
        entry.summary(f"{read.kind.value.replace('_', ' ')}, {_period(read)}", type="text")
        entry.content(item.content_html, type="html")
        entry.category(term=read.kind.value, label="kind")
        entry.category(term=read.classification.value, label="classification")
        for country in read.countries:
            entry.category(term=country, label="country")
    return atom_bytes(generator)


def render_page(page: FeedPage, fmt: BriefingFeedFormat, links: Links) -> tuple[bytes, str]:
    """Return the document of ``page`` in ``fmt`` and its media type."""
    if fmt is BriefingFeedFormat.ATOM:
        return atom_feed(page, links), MEDIA_TYPES[fmt]
    if fmt is BriefingFeedFormat.JSONFEED:
        return json_feed(page, links), MEDIA_TYPES[fmt]
    return json_document(page, links), MEDIA_TYPES[fmt]
