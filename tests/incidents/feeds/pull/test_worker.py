"""The worker: due feeds are fetched once, under a lease that keeps other replicas off."""

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
from tests.incidents.feeds.pull.helpers import URL, incident_count, register


def worker(app: FastAPI, owner: str) -> PullWorker:
    """Return a worker of the app's database under its own lease owner."""
    return PullWorker(app.state.platform.db, pull_settings(app), owner=owner)


class TestWorker:
    async def test_due_feeds_are_fetched_then_wait_their_interval(
        self, app: FastAPI, client: httpx.AsyncClient, callers: Callers, server: FeedServer,
        partner: str,
    ) -> None:  # fmt: skip
        body = samples.json_batch(samples.json_item("w-1"))
        source = await register(client, callers, server.publish("w", body, "application/json"))
        off = await register(client, callers, server.url("/feed/w"), enabled=False)
        replica = worker(app, "replica-a")
        try:
            fetched = await replica.run_once()
            assert fetched is not None
            assert str(fetched.source_id) == source["id"]
            assert fetched.status == "succeeded"
            assert fetched.counts["created"] == 1
            assert await replica.run_once() is None  # not due again, and the other is disabled
            later = utcnow() + timedelta(seconds=source["interval_seconds"] + 1)
            again = await replica.run_once(now=later)
            assert again is not None
            assert again.status == "not_modified"
        finally:
            await replica.client.aclose()
        assert await incident_count(client, callers) == 1
        log = await client.get(f"{URL}/{off['id']}/fetches", headers=callers.officer)
        assert log.json() == []

    async def test_a_lease_keeps_a_second_replica_off(
        self, app: FastAPI, client: httpx.AsyncClient, callers: Callers, server: FeedServer,
        partner: str,
    ) -> None:  # fmt: skip
        body = samples.json_batch(samples.json_item("lease-1"))
        source = await register(client, callers, server.publish("l", body, "application/json"))
        db: Database = app.state.platform.db
        lease = timedelta(seconds=120)
        now = utcnow()
        async with db.transaction() as session:
            held = await store.claim_due(session, "replica-a", now=now, lease=lease)
        assert held is not None
        assert str(held.id) == source["id"]
        async with db.transaction() as session:
            assert await store.claim_due(session, "replica-b", now=now, lease=lease) is None
        second = worker(app, "replica-b")
        try:
            assert await second.run_once() is None
            assert await second.fetch_now(uuid.UUID(source["id"])) is None
        finally:
            await second.client.aclose()
        busy = await client.post(f"{URL}/{source['id']}/fetch", headers=callers.officer)
        assert busy.status_code == 409
        assert busy.json()["type"].endswith("/pulled-feed-busy")
        assert server.requests == []

        first = worker(app, "replica-a")
        try:
            done = await first.fetcher.run(held)
        finally:
            await first.client.aclose()
        assert done.status == "succeeded"
        assert len(server.requests) == 1
        # A lease that ran out (its replica died) is taken over.
        async with db.transaction() as session:
            taken = await store.claim_now(session, held.id, "replica-b", now=utcnow(), lease=lease)
        assert taken is not None
        expired = utcnow() + lease + timedelta(seconds=1)
        async with db.transaction() as session:
            over = await store.claim_due(session, "replica-c", now=expired, lease=lease)
        assert over is None  # not due: its interval has not passed
        async with db.transaction() as session:
            assert await store.claim_now(
                session, held.id, "replica-c", now=expired, lease=lease
            ) is not None  # fmt: skip
