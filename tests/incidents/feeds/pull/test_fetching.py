"""Fetching partner feeds from a real local server: every format, replays, conditional GET,
versions, retractions, and SSRF or oversize answers refused at fetch time."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from incidents.feeds.pull.worker import PullWorker

from tests.incidents.factories import Callers
from tests.incidents.feeds.inbound import samples
from tests.incidents.feeds.pull.conftest import MAX_BYTES, pull_settings
from tests.incidents.feeds.pull.feed_server import FeedServer
from tests.incidents.feeds.pull.helpers import URL, fetch, incident_count, register

FORMATS = {
    "application/json": samples.json_batch(samples.json_item("f-1"), samples.json_item("f-2")),
    "application/geo+json": samples.geojson_batch(samples.json_item("g-1")),
    "application/cap+xml": samples.cap_alert("cap-1", sent=samples.when(0.5)).encode(),
    "application/atom+xml": samples.atom_feed(
        samples.atom_entry("urn:unama:item:1", updated=samples.when(0.3))
    ),
    "text/csv": samples.acled_csv(samples.acled_row("AFG7001")),
}


async def incident(client: httpx.AsyncClient, callers: Callers, incident_id: str) -> Any:
    """Return an incident as the Centre sees it."""
    response = await client.get(f"/api/v1/incidents/{incident_id}", headers=callers.officer)
    assert response.status_code == 200, response.text
    return response.json()


class TestFormats:
    @pytest.mark.parametrize("media", list(FORMATS))
    async def test_each_format_pulled_creates_incidents_once(
        self,
        app: FastAPI,
        client: httpx.AsyncClient,
        callers: Callers,
        server: FeedServer,
        partner: str,
        media: str,
    ) -> None:
        url = server.publish("f", FORMATS[media], media)
        source = await register(client, callers, url)
        first = await fetch(app, client, callers, source["id"])
        assert first["status"] == "succeeded", first
        assert first["media"] == media
        created = first["counts"]["created"]
        assert created >= 1, first
        assert first["counts"]["rejected"] == 0, first
        assert await incident_count(client, callers) == created

        again = await fetch(app, client, callers, source["id"])
        assert again["status"] == "not_modified"
        _path, headers, status = server.requests[-1]
        assert status == 304
        assert headers["If-None-Match"] == server.feeds["f"].etag
        assert await incident_count(client, callers) == created

    async def test_a_replay_without_validators_changes_nothing(
        self,
        app: FastAPI,
        client: httpx.AsyncClient,
        callers: Callers,
        server: FeedServer,
        partner: str,
    ) -> None:
        url = server.publish("r", FORMATS["application/json"], "application/json")
        source = await register(client, callers, url)
        first = await fetch(app, client, callers, source["id"])
        before = await incident_count(client, callers)
        # The partner's server forgets its validators: the items come again, as a replay.
        server.feeds["r"].body += b"\n"
        replay = await fetch(app, client, callers, source["id"])
        assert replay["status"] == "succeeded"
        assert replay["counts"]["unchanged"] == 2
        assert replay["counts"]["created"] == 0
        assert first["counts"]["created"] + first["counts"]["duplicate_of"] == 2
        assert await incident_count(client, callers) == before

    async def test_registered_format_overrides_content_type(
        self,
        app: FastAPI,
        client: httpx.AsyncClient,
        callers: Callers,
        server: FeedServer,
        partner: str,
    ) -> None:
        url = server.publish("t", FORMATS["text/csv"], "text/plain")
        unknown = await register(client, callers, url)
        failed = await fetch(app, client, callers, unknown["id"])
        assert failed["status"] == "failed"
        assert "text/plain" in failed["error"]
        known = await register(client, callers, url, media="text/csv")
        pulled = await fetch(app, client, callers, known["id"])
        assert pulled["counts"]["created"] == 1


class TestVersions:
    async def test_newer_version_updates_and_retraction_retracts(
        self,
        app: FastAPI,
        client: httpx.AsyncClient,
        callers: Callers,
        server: FeedServer,
        partner: str,
    ) -> None:
        item = samples.json_item("v-1", version=1)
        url = server.publish("v", samples.json_batch(item), "application/json")
        source = await register(client, callers, url)
        first = await fetch(app, client, callers, source["id"])
        assert first["counts"]["created"] == 1

        newer = samples.json_item("v-1", version=2, title="Armed clash, two wounded")
        server.publish("v", samples.json_batch(newer), "application/json")
        updated = await fetch(app, client, callers, source["id"])
        assert updated["counts"]["updated"] == 1

        retraction = {"id": "v-1", "version": 3, "retracted": True}
        server.publish("v", samples.json_batch(retraction), "application/json")
        retracted = await fetch(app, client, callers, source["id"])
        assert retracted["counts"]["retracted"] == 1
        report = await client.get(f"{URL}/{source['id']}/fetches", headers=callers.officer)
        assert [f["status"] for f in report.json()] == ["succeeded"] * 3

        found = await client.get(
            "/api/v1/incidents", params={"q": "two wounded"}, headers=callers.officer
        )
        assert found.status_code == 200

    async def test_pushed_and_pulled_copies_are_one_incident(
        self,
        app: FastAPI,
        client: httpx.AsyncClient,
        callers: Callers,
        server: FeedServer,
        partner: str,
    ) -> None:
        item = samples.json_item("both-1", version=1)
        pushed = await client.post(
            "/api/v1/incidents/feeds/items", content=samples.json_batch(item),
            headers=callers.partner(partner) | {"content-type": "application/json"},
        )  # fmt: skip
        assert pushed.json()["items"][0]["outcome"] == "created"
        incident_id = pushed.json()["items"][0]["incident_id"]
        newer = samples.json_item("both-1", version=2, title="Pulled newer text")
        url = server.publish("both", samples.json_batch(newer), "application/json")
        source = await register(client, callers, url)
        pulled = await fetch(app, client, callers, source["id"])
        assert pulled["counts"] | {"updated": 1} == pulled["counts"]
        assert await incident_count(client, callers) == 1
        assert (await incident(client, callers, incident_id))["title"] == "Pulled newer text"


class TestRefusedAtFetch:
    async def test_loopback_refused_when_not_allowed(
        self, app: FastAPI, client: httpx.AsyncClient, callers: Callers, server: FeedServer,
        partner: str,
    ) -> None:  # fmt: skip
        url = server.publish("l", FORMATS["application/json"], "application/json")
        source = await register(client, callers, url)
        settings = pull_settings(app, outbound_allowed_networks="")
        worker = PullWorker(app.state.platform.db, settings)
        try:
            record = await worker.fetch_now(uuid.UUID(source["id"]))
        finally:
            await worker.client.aclose()
        assert record is not None
        assert record.status == "failed"
        assert record.error is not None
        assert "loopback" in record.error
        assert server.requests == []
        assert await incident_count(client, callers) == 0

    @pytest.mark.parametrize(
        "target",
        [
            "http://localhost:{port}/feed/x",
            "http://10.1.2.3/feed",
            "http://169.254.169.254/latest/meta-data/",
            "file:///etc/passwd",
        ],
    )
    async def test_redirects_elsewhere_are_refused(
        self, app: FastAPI, client: httpx.AsyncClient, callers: Callers, server: FeedServer,
        partner: str,
        target: str,
    ) -> None:  # fmt: skip
        server.publish("x", FORMATS["application/json"], "application/json")
        to = target.format(port=server.port)
        source = await register(client, callers, server.url("/redirect?to=" + to))
        record = await fetch(app, client, callers, source["id"])
        assert record["status"] == "failed", record
        assert record["error"].startswith("Outbound redirect refused"), record
        assert [path for path, _, _ in server.requests] == ["/redirect?to=" + to]
        assert await incident_count(client, callers) == 0

    async def test_oversize_answer_is_refused(
        self,
        app: FastAPI,
        client: httpx.AsyncClient,
        callers: Callers,
        server: FeedServer,
        partner: str,
    ) -> None:
        source = await register(client, callers, server.url(f"/big?size={MAX_BYTES * 2}"))
        record = await fetch(app, client, callers, source["id"])
        assert record["status"] == "failed"
        assert record["error"].startswith("Outbound response too large"), record
        assert await incident_count(client, callers) == 0

    async def test_failures_back_off(
        self,
        app: FastAPI,
        client: httpx.AsyncClient,
        callers: Callers,
        server: FeedServer,
        partner: str,
    ) -> None:
        source = await register(client, callers, server.url("/feed/missing"), interval_seconds=600)
        for failures in (1, 2):
            record = await fetch(app, client, callers, source["id"])
            assert record["status"] == "failed"
            assert record["http_status"] == 404
            read = await client.get(f"{URL}/{source['id']}", headers=callers.officer)
            after = read.json()
            assert after["consecutive_failures"] == failures
            assert "404" in after["last_error"]
        server.publish("missing", FORMATS["application/json"], "application/json")
        record = await fetch(app, client, callers, source["id"])
        assert record["status"] == "succeeded"
        read = await client.get(f"{URL}/{source['id']}", headers=callers.officer)
        assert read.json()["consecutive_failures"] == 0

    @pytest.mark.parametrize(
        ("body", "media"),
        [
            (
                b'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa">'
                b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
                b'<feed xmlns="http://www.w3.org/2005/Atom"><title>&b;</title></feed>',
                "application/atom+xml",
            ),
            (
                b'<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                b'<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">&x;</alert>',
                "application/cap+xml",
            ),
            (b'{"items": ' + b"[" * 200 + b"]" * 200 + b"}", "application/json"),
        ],
    )
    async def test_hostile_feeds_store_nothing(
        self, app: FastAPI, client: httpx.AsyncClient, callers: Callers, server: FeedServer,
        partner: str,
        body: bytes, media: str,
    ) -> None:  # fmt: skip
        source = await register(client, callers, server.publish("h", body, media))
        record = await fetch(app, client, callers, source["id"])
        assert record["status"] == "failed", record
        assert record["counts"] == {}
        assert await incident_count(client, callers) == 0
        read = await client.get(f"{URL}/{source['id']}", headers=callers.officer)
        assert read.json()["etag"] is None
