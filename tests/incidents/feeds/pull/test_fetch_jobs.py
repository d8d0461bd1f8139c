"""Pulled fetches as jobs: fetch-now queues (202 + Location), the worker runs it, a fetch can be
read, cancelled (queued or running) and reported per item; scheduled fetches share the log."""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
from fastapi import FastAPI
from incidents.feeds.pull import store
from incidents.feeds.pull.worker import PullWorker
from pdp_common.db import Database, utcnow

from tests.incidents.factories import Callers
from tests.incidents.feeds.inbound import samples
from tests.incidents.feeds.pull.conftest import pull_settings
from tests.incidents.feeds.pull.feed_server import FeedServer
from tests.incidents.feeds.pull.helpers import URL, incident_count, queue_fetch, register


def worker(app: FastAPI) -> PullWorker:
    """Return a worker of the app's database."""
    return PullWorker(app.state.platform.db, pull_settings(app), owner="replica-jobs")


async def run_once(app: FastAPI) -> bool:
    """Let a worker run one queued or due fetch; True when there was one."""
    replica = worker(app)
    try:
        return await replica.run_once() is not None
    finally:
        await replica.client.aclose()


def mixed_batch() -> bytes:
    """Return a feed of one good item and one outside the map."""
    return samples.json_batch(samples.json_item("job-1"), samples.json_item("job-2", latitude=95))


class TestFetchNow:
    async def test_queued_then_run_by_the_worker_with_counts_and_report(
        self, app: FastAPI, client: httpx.AsyncClient, callers: Callers, server: FeedServer,
        partner: str,
    ) -> None:  # fmt: skip
        source = await register(
            client, callers, server.publish("j", mixed_batch(), "application/json")
        )
        queued, location = await queue_fetch(client, callers, source["id"])
        assert location == f"{URL}/{source['id']}/fetches/{queued['id']}"
        assert queued["trigger"] == "requested"
        assert queued["started_at"] is None
        waiting = await client.get(location, headers=callers.officer)
        assert waiting.json()["status"] == "queued"
        assert server.requests == []

        assert await run_once(app)
        done = (await client.get(location, headers=callers.officer)).json()
        assert done["status"] == "succeeded", done
        assert done["counts"]["read"] == 2
        assert done["counts"]["created"] == 1
        assert done["counts"]["rejected"] == 1
        assert done["started_at"] is not None
        assert done["finished_at"] is not None
        assert done["error"] is None
        assert await incident_count(client, callers) == 1

        report = await client.get(f"{location}/report", headers=callers.officer)
        assert report.status_code == 200, report.text
        items = report.json()["items"]
        assert report.json()["truncated"] is False
        assert [item["outcome"] for item in items] == ["created", "rejected"]
        rejected = items[1]
        assert rejected["item_id"] == "job-2"
        assert rejected["problem"]["detail"], rejected
        assert rejected["problem"]["pointer"].startswith("/items/1"), rejected

    async def test_a_second_fetch_now_while_one_is_queued_is_refused(
        self, app: FastAPI, client: httpx.AsyncClient, callers: Callers, server: FeedServer,
        partner: str,
    ) -> None:  # fmt: skip
        source = await register(
            client, callers, server.publish("b", mixed_batch(), "application/json")
        )
        queued, _ = await queue_fetch(client, callers, source["id"])
        busy = await client.post(f"{URL}/{source['id']}/fetch", headers=callers.officer)
        assert busy.status_code == 409, busy.text
        assert busy.json()["type"].endswith("/pulled-feed-busy")
        log = await client.get(f"{URL}/{source['id']}/fetches", headers=callers.officer)
        assert [f["id"] for f in log.json()] == [queued["id"]]
        assert await run_once(app)
        again, _ = await queue_fetch(client, callers, source["id"])
        assert again["id"] != queued["id"]


class TestCancel:
    async def test_a_queued_fetch_cancelled_never_runs(
        self, app: FastAPI, client: httpx.AsyncClient, callers: Callers, server: FeedServer,
        partner: str,
    ) -> None:  # fmt: skip
        source = await register(
            client, callers, server.publish("c", mixed_batch(), "application/json")
        )
        _queued, location = await queue_fetch(client, callers, source["id"])
        cancelled = await client.post(f"{location}/cancel", headers=callers.officer)
        assert cancelled.status_code == 200, cancelled.text
        assert cancelled.json()["status"] == "cancelled"
        assert cancelled.json()["finished_at"] is not None
        again = await client.post(f"{location}/cancel", headers=callers.officer)
        assert again.status_code == 409, again.text
        assert again.json()["type"].endswith("/pulled-fetch-finished")

        # The worker only finds the feed due by its schedule, as a new scheduled fetch.
        db: Database = app.state.platform.db
        async with db.transaction() as session:
            assert await store.claim_queued(
                session, "replica-x", now=utcnow(), lease=timedelta(seconds=60)
            ) is None  # fmt: skip
        assert server.requests == []
        assert (await client.get(location, headers=callers.officer)).json()["status"] == "cancelled"
        assert await incident_count(client, callers) == 0

    async def test_a_running_fetch_cancelled_stores_nothing(
        self, app: FastAPI, client: httpx.AsyncClient, callers: Callers, server: FeedServer,
        partner: str,
    ) -> None:  # fmt: skip
        source = await register(
            client, callers, server.publish("r", mixed_batch(), "application/json")
        )
        _queued, location = await queue_fetch(client, callers, source["id"])
        replica = worker(app)
        db: Database = app.state.platform.db
        async with db.transaction() as session:
            claim = await store.claim_queued(
                session, replica.owner, now=utcnow(), lease=replica.lease
            )
        assert claim is not None
        running = await client.get(location, headers=callers.officer)
        assert running.json()["status"] == "running"
        cancelled = await client.post(f"{location}/cancel", headers=callers.officer)
        assert cancelled.status_code == 200, cancelled.text
        try:
            ended = await replica.fetcher.run(claim)
        finally:
            await replica.client.aclose()
        assert ended.status == "cancelled"
        assert len(server.requests) == 1  # it was read, then rolled back
        assert await incident_count(client, callers) == 0
        feed = (await client.get(f"{URL}/{source['id']}", headers=callers.officer)).json()
        assert feed["etag"] is None
        assert feed["last_status"] is None
        # The lease is free again: a new fetch can be asked for and runs.
        await queue_fetch(client, callers, source["id"])
        assert await run_once(app)
        assert await incident_count(client, callers) == 1


class TestScheduled:
    async def test_scheduled_fetches_share_the_log(
        self, app: FastAPI, client: httpx.AsyncClient, callers: Callers, server: FeedServer,
        partner: str,
    ) -> None:  # fmt: skip
        source = await register(
            client, callers, server.publish("s", mixed_batch(), "application/json")
        )
        assert await run_once(app)
        log = (await client.get(f"{URL}/{source['id']}/fetches", headers=callers.officer)).json()
        assert [(f["trigger"], f["status"]) for f in log] == [("scheduled", "succeeded")]
        one = await client.get(
            f"{URL}/{source['id']}/fetches/{log[0]['id']}", headers=callers.officer
        )
        assert one.json()["counts"]["created"] == 1
        report = await client.get(
            f"{URL}/{source['id']}/fetches/{log[0]['id']}/report", headers=callers.officer
        )
        assert report.json()["counts"]["rejected"] == 1

    async def test_a_fetch_whose_worker_stopped_is_failed_on_the_next_claim(
        self, app: FastAPI, client: httpx.AsyncClient, callers: Callers, server: FeedServer,
        partner: str,
    ) -> None:  # fmt: skip
        source = await register(
            client, callers, server.publish("o", mixed_batch(), "application/json")
        )
        db: Database = app.state.platform.db
        lease = timedelta(seconds=60)
        async with db.transaction() as session:
            dead = await store.claim_due(session, "replica-dead", now=utcnow(), lease=lease)
        assert dead is not None
        later = utcnow() + lease + timedelta(seconds=1)
        async with db.transaction() as session:
            taken = await store.claim_now(session, dead.id, "replica-b", now=later, lease=lease)
        assert taken is not None
        path = f"{URL}/{source['id']}/fetches/{dead.fetch_id}"
        orphan = (await client.get(path, headers=callers.officer)).json()
        assert orphan["status"] == "failed"
        assert "stopped" in orphan["error"]


class TestPermissions:
    async def test_only_centre_officers_see_and_cancel_fetches(
        self, client: httpx.AsyncClient, callers: Callers, server: FeedServer, partner: str
    ) -> None:
        source = await register(
            client, callers, server.publish("p", mixed_batch(), "application/json")
        )
        queued, location = await queue_fetch(client, callers, source["id"])
        for headers in (callers.analyst, callers.partner(partner)):
            for method, path in (
                ("POST", f"{URL}/{source['id']}/fetch"),
                ("GET", location),
                ("GET", f"{location}/report"),
                ("POST", f"{location}/cancel"),
            ):
                refused = await client.request(method, path, headers=headers)
                assert refused.status_code == 403, (method, path, refused.text)
                assert refused.json()["type"].endswith("/pulled-feed-forbidden")
        assert (await client.get(location, headers=callers.officer)).json()["status"] == "queued"

        other = await register(client, callers, server.url("/feed/none"))
        for path in (
            f"{URL}/{other['id']}/fetches/{queued['id']}",
            f"{URL}/{source['id']}/fetches/{uuid.uuid4()}",
            f"{URL}/{source['id']}/fetches/{uuid.uuid4()}/report",
        ):
            missing = await client.get(path, headers=callers.officer)
            assert missing.status_code == 404, missing.text
            assert missing.json()["type"].endswith("/pulled-fetch-not-found")
        unknown = await client.post(f"{URL}/{uuid.uuid4()}/fetch", headers=callers.officer)
        assert unknown.status_code == 404
        assert unknown.json()["type"].endswith("/pulled-feed-not-found")
