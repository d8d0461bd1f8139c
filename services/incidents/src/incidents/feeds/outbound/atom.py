"""The feed as Atom (RFC 4287, built with feedgen): one entry per incident, tombstones as entries
in the ``tombstone`` category; the next page as ``<link rel="next">``."""

from __future__ import annotations

from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]
from pdp_common.feeds.atom import atom_bytes, atom_generator

from incidents.feeds.outbound.redaction import changed_at
from incidents.feeds.outbound.service import FeedEntry, FeedPage
from incidents.feeds.outbound.vocabulary import EntryKind


def _add_entry(generator: FeedGenerator, entry: FeedEntry, page: FeedPage) -> None:
    incident = entry.incident
    item = generator.add_entry(order="append")
    item.id(f"urn:uuid:{incident.id}")
    item.updated(changed_at(entry, page))
    item.category(term=entry.kind.value)
    if entry.kind is EntryKind.INCIDENT:
        item.title(f"{incident.reference}: {incident.title}")
        item.published(incident.created_at)
        item.content(incident.summary or incident.title, type="text")
        item.category(term=incident.country, label="country")
        item.category(term=incident.category, label="category")
        item.category(term=incident.status, label="status")
        item.category(term=f"version-{incident.version}", label="version")
        return
    reason = entry.reason.value if entry.reason else "withdrawn"
    item.title(f"{incident.reference}: {reason}")
    item.content(
        f"Incident {incident.reference} is {reason}; remove it from your copy.", type="text"
    )
    item.category(term=reason, label="reason")


def atom_feed(page: FeedPage, *, feed_url: str, next_url: str) -> bytes:
    """Return a page as an Atom feed document."""
    generator = atom_generator(
        feed_id=f"urn:pdp:incidents:feed:{page.partner}",
        title=f"UNRCCA incidents shared with {page.partner}",
        subtitle="Incidents changed since your cursor, as your sharing agreement allows.",
        updated=page.served_at,
        feed_url=feed_url,
        next_url=next_url,
    )
    for entry in page.entries:
        _add_entry(generator, entry, page)
    return atom_bytes(generator)
