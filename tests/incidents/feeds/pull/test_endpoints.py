"""Registering and managing pulled feeds over HTTP; SSRF refused at registration."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from tests.incidents.factories import Callers
from tests.incidents.feeds.inbound import samples
from tests.incidents.feeds.pull.feed_server import FeedServer
from tests.incidents.feeds.pull.helpers import URL, fetch, register


class TestRegistration:
    async def test_register_list_change_delete(
        self, client: httpx.AsyncClient, callers: Callers, server: FeedServer, partner: str
    ) -> None:
        url = server.publish("a", samples.json_batch(), "application/json")
        source = await register(client, callers, url, interval_seconds=600)
        assert source["partner_org"] == partner
        assert source["enabled"] is True
        assert source["interval_seconds"] == 600
        assert source["media"] is None
        assert source["last_status"] is None

        listed = await client.get(URL, headers=callers.officer)
        assert [s["id"] for s in listed.json()] == [source["id"]]
        one = await client.get(f"{URL}/{source['id']}", headers=callers.officer)
        assert one.json()["url"] == url

        changed = await client.patch(
            f"{URL}/{source['id']}", json={"enabled": False, "interval_seconds": 1200},
            headers=callers.officer,
        )  # fmt: skip
        assert changed.status_code == 200, changed.text
        assert changed.json()["enabled"] is False
        assert changed.json()["interval_seconds"] == 1200

        gone = await client.delete(f"{URL}/{source['id']}", headers=callers.officer)
        assert gone.status_code == 204
        missing = await client.get(f"{URL}/{source['id']}", headers=callers.officer)
        assert missing.status_code == 404
        assert missing.json()["type"].endswith("/pulled-feed-not-found")

    async def test_only_centre_officers_manage_feeds(
        self, client: httpx.AsyncClient, callers: Callers, server: FeedServer, partner: str
    ) -> None:
        body = {"partner_org": partner, "url": server.url("/feed/a")}
        for headers in (callers.analyst, callers.partner(partner)):
            refused = await client.post(URL, json=body, headers=headers)
            assert refused.status_code == 403, refused.text
            assert refused.json()["type"].endswith("/pulled-feed-forbidden")
        assert (await client.get(URL, headers=callers.officer)).json() == []

    async def test_invalid_registrations_are_refused(
        self, client: httpx.AsyncClient, callers: Callers, server: FeedServer, partner: str
    ) -> None:
        url = server.url("/feed/a")
        cases = [
            {"partner_org": "NOBODY", "url": url},
            {"partner_org": partner, "url": url, "media": "text/html"},
            {"partner_org": partner, "url": url, "interval_seconds": 5},
        ]
        for body in cases:
            refused = await client.post(URL, json=body, headers=callers.officer)
            assert refused.status_code == 422, refused.text
            assert refused.json()["type"].endswith("/pulled-feed-invalid")
        assert (await client.get(URL, headers=callers.officer)).json() == []

    @pytest.mark.parametrize(
        ("url", "problem"),
        [
            ("http://127.0.0.2:8080/feed", "outbound-address-refused"),
            ("http://10.0.0.5/feed", "outbound-address-refused"),
            ("http://192.168.1.1/feed", "outbound-address-refused"),
            ("http://169.254.169.254/latest/meta-data/", "outbound-address-refused"),
            ("http://[::1]/feed", "outbound-address-refused"),
            ("http://2130706433/feed", "outbound-url-refused"),
            ("file:///etc/passwd", "outbound-url-refused"),
            ("ftp://feeds.example.org/feed", "outbound-url-refused"),
            ("gopher://feeds.example.org/feed", "outbound-url-refused"),
            ("http://user:secret@127.0.0.1/feed", "outbound-url-refused"),
        ],
    )
    async def test_unsafe_urls_are_refused(
        self, client: httpx.AsyncClient, callers: Callers, partner: str, url: str, problem: str
    ) -> None:
        refused = await client.post(
            URL, json={"partner_org": partner, "url": url}, headers=callers.officer
        )
        assert refused.status_code == 422, refused.text
        assert refused.json()["type"].endswith("/" + problem)
        assert (await client.get(URL, headers=callers.officer)).json() == []


class TestFetchLog:
    async def test_fetch_now_is_logged_with_counts(
        self,
        app: FastAPI,
        client: httpx.AsyncClient,
        callers: Callers,
        server: FeedServer,
        partner: str,
    ) -> None:
        body = samples.json_batch(
            samples.json_item("log-1"), samples.json_item("log-2", latitude=95)
        )
        url = server.publish("log", body, "application/json")
        source = await register(client, callers, url)
        first = await fetch(app, client, callers, source["id"])
        assert first["status"] == "succeeded"
        assert first["counts"]["created"] == 1
        assert first["counts"]["rejected"] == 1
        second = await fetch(app, client, callers, source["id"])
        assert second["status"] == "not_modified"

        log = await client.get(f"{URL}/{source['id']}/fetches", headers=callers.officer)
        assert [f["status"] for f in log.json()] == ["not_modified", "succeeded"]
        after = await client.get(f"{URL}/{source['id']}", headers=callers.officer)
        assert after.json()["last_status"] == "not_modified"
        assert after.json()["etag"] == server.feeds["log"].etag
