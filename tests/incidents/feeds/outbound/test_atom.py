"""Atom output: a feed feedparser reads, with tombstones and the next page's link."""

from __future__ import annotations

import feedparser  # type: ignore[import-untyped]
import httpx
from fastapi import FastAPI

from tests.incidents.factories import Callers
from tests.incidents.feeds.outbound.helpers import mixed_feed, read_page


class TestAtomFeed:
    async def test_feedparser_reads_items_tombstones_and_next_link(
        self, client: httpx.AsyncClient, callers: Callers, app: FastAPI
    ) -> None:
        corpus = await mixed_feed(client, callers, app)
        response = await read_page(client, callers.partner("OSCE"), fmt="atom")
        assert response.headers["content-type"].startswith("application/atom+xml")
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.version == "atom10"
        entries = {e.id: e for e in parsed.entries}
        assert set(entries) == {f"urn:uuid:{i['id']}" for i in corpus.values()}
        fresh = entries[f"urn:uuid:{corpus['fresh']['id']}"]
        assert fresh.title.endswith("Crowd at <the> border & gate")
        assert {t.term for t in fresh.tags} >= {"incident", "KGZ"}
        retracted = entries[f"urn:uuid:{corpus['retracted']['id']}"]
        assert {t.term for t in retracted.tags} == {"tombstone", "retracted"}
        next_links = [link.href for link in parsed.feed.links if link.rel == "next"]
        assert len(next_links) == 1
        assert "cursor=" in next_links[0]
        assert response.headers["link"].endswith('rel="next"')
