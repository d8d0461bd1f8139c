"""JSON Feed output: valid JSON Feed 1.1, with tombstones and the next page's URL."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
from fastapi import FastAPI
from jsonschema import Draft7Validator, FormatChecker

from tests.incidents.factories import Callers
from tests.incidents.feeds.outbound.helpers import mixed_feed, read_page

SCHEMA = json.loads(
    (Path(__file__).parents[3] / "contract" / "schemas" / "jsonfeed-1.1.schema.json").read_text()
)


class TestJSONFeed:
    async def test_validates_against_json_feed_1_1(
        self, client: httpx.AsyncClient, callers: Callers, app: FastAPI
    ) -> None:
        corpus = await mixed_feed(client, callers, app)
        response = await read_page(client, callers.partner("OSCE"), fmt="jsonfeed")
        assert response.headers["content-type"].startswith("application/feed+json")
        document = response.json()
        validator = Draft7Validator(SCHEMA, format_checker=FormatChecker())
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(document)]
        assert not errors, errors
        items = {i["_pdp"]["id"]: i for i in document["items"]}
        assert set(items) == {i["id"] for i in corpus.values()}
        assert items[corpus["duplicate"]["id"]]["_pdp"]["reason"] == "merged"
        assert items[corpus["duplicate"]["id"]]["_pdp"]["merged_into"] == corpus["survivor"]["id"]
        assert "cursor=" in document["next_url"]
        assert document["_pdp"]["next_cursor"] in document["next_url"]

    async def test_the_accept_header_chooses_the_format(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        response = await client.get(
            "/api/v1/incidents/feeds/outbound",
            headers=callers.partner("OSCE") | {"Accept": "application/feed+json"},
        )
        assert response.status_code == 200, response.text
        assert response.json()["version"] == "https://jsonfeed.org/version/1.1"
        refused = await client.get(
            "/api/v1/incidents/feeds/outbound",
            headers=callers.partner("OSCE") | {"Accept": "text/csv"},
        )
        assert refused.status_code == 406, refused.text
        assert refused.headers["content-type"] == "application/problem+json"
