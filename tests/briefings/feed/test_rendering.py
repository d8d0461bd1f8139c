"""The feed in its formats: Atom that feedparser reads without complaint, JSON Feed 1.1 that
validates, JSON with the briefing and its text, the next page in the body and the Link header."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser  # type: ignore[import-untyped]
import httpx
import pytest
from jsonschema import Draft7Validator, FormatChecker

from tests.briefings.conftest import Headers
from tests.briefings.feed.helpers import FEED, read_page
from tests.briefings.test_access import Release, osce_terms, release

__all__ = ["osce_terms", "release"]

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "contract" / "schemas" / "jsonfeed-1.1.schema.json").read_text()
)

pytestmark = pytest.mark.usefixtures("osce_terms")


class TestFormats:
    async def test_json_carries_the_briefing_its_text_and_the_next_page(
        self, client: httpx.AsyncClient, release: Release, osce: Headers
    ) -> None:
        shared = await release()
        response = await read_page(client, osce)
        page = response.json()
        (item,) = page["items"]
        assert item["briefing"]["id"] == shared["id"]
        assert item["briefing"]["released_at"] == shared["released_at"]
        assert shared["title"] in item["content_text"]
        assert item["content_html"].startswith("<!DOCTYPE html>")
        assert item["url"].endswith(f"/api/v1/briefings/{shared['id']}")
        assert f"cursor={page['next_cursor']}" in response.headers["link"]
        assert 'rel="next"' in response.headers["link"]

    async def test_atom_parses_without_bozo(
        self, client: httpx.AsyncClient, release: Release, osce: Headers
    ) -> None:
        first, second = await release(), await release(kind="weekly_regional_analysis")
        response = await read_page(client, osce, fmt="atom")
        assert response.headers["content-type"].startswith("application/atom+xml")
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, parsed.bozo_exception
        assert [e.id for e in parsed.entries] == [
            f"urn:uuid:{first['id']}",
            f"urn:uuid:{second['id']}",
        ]
        assert parsed.entries[1].title == second["title"]
        terms = {t.term for t in parsed.entries[1].tags}
        assert {"weekly_regional_analysis", "internal"} <= terms
        assert any(link.rel == "next" for link in parsed.feed.links)

    async def test_json_feed_validates_against_json_feed_1_1(
        self, client: httpx.AsyncClient, release: Release, osce: Headers
    ) -> None:
        shared = await release()
        response = await client.get(FEED, headers=osce | {"Accept": "application/feed+json"})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/feed+json")
        document = response.json()
        validator = Draft7Validator(SCHEMA, format_checker=FormatChecker())
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(document)]
        assert not errors, errors
        (item,) = document["items"]
        assert item["_pdp"]["id"] == shared["id"]
        assert item["_pdp"]["countries"] == shared["countries"]
        assert document["_pdp"]["next_cursor"] in document["next_url"]

    async def test_an_unknown_accept_is_refused(
        self, client: httpx.AsyncClient, osce: Headers
    ) -> None:
        response = await client.get(FEED, headers=osce | {"Accept": "text/csv"})
        assert response.status_code == 406, response.text
        assert response.headers["content-type"] == "application/problem+json"
