"""Atom feeds (RFC 4287, built with feedgen): the head every page of a platform feed carries."""

from __future__ import annotations

from datetime import datetime

from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]

MEDIA_TYPE = "application/atom+xml"


def atom_generator(
    *, feed_id: str, title: str, subtitle: str, updated: datetime, feed_url: str, next_url: str
) -> FeedGenerator:
    """Return a feed generator with the head of one page: id, title, author (UNRCCA), updated,
    ``self`` and ``next`` links; add the entries, then call :func:`atom_bytes`."""
    generator = FeedGenerator()
    generator.id(feed_id)
    generator.title(title)
    generator.author(name="UNRCCA")
    generator.updated(updated)
    generator.link(href=feed_url, rel="self")
    generator.link(href=next_url, rel="next")
    generator.subtitle(subtitle)
    return generator


def atom_bytes(generator: FeedGenerator) -> bytes:
    """Return the Atom document of ``generator``."""
    document: bytes = generator.atom_str(pretty=False)
    return document
