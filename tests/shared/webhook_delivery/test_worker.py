"""The delivery worker on SQLite and PostgreSQL against a real receiver on 127.0.0.1 that
verifies each signature with the standardwebhooks library."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, ClassVar, cast

import pytest
import pytest_asyncio
from pdp_common import webhook_signing
from pdp_common.db import Database
from pdp_common.outbound import OutboundClient, OutboundPolicy, parse_networks
from pdp_common.settings import ServiceSettings
from pdp_common.testing.databases import DatabaseTarget, create_tables
from pdp_common.webhook_delivery import (
    DeliveryStatus,
    DeliveryWorker,
    RetrySchedule,
    delivery_worker,
    enqueue,
    release_target,
)
from pdp_common.webhook_delivery.store import claim_due
from pydantic_settings import SettingsConfigDict
from sqlalchemy import select, update

from tests.shared.partner_server import PartnerServer, partner_server
from tests.shared.polling import eventually
from tests.shared.webhook_delivery.endpoints import (
    TABLES,
    Clock,
    EndpointTargets,
    add_endpoint,
    endpoints,
    metadata,
)

if TYPE_CHECKING:
    from pdp_common.platform import Platform

LOCAL = OutboundPolicy(
    allow_http=True, allowed_networks=parse_networks("127.0.0.1/32"), max_redirects=0
)
SCHEDULE = RetrySchedule(max_attempts=4, base_seconds=30, jitter=0.2, suspend_after_failures=3)
BODY = b'{"type":"incident.verified","id":"0193"}'


@pytest.fixture
def receiver() -> Iterator[PartnerServer]:
    with partner_server() as server:
        server.webhook_secret = webhook_signing.generate_secret()
        yield server


@pytest_asyncio.fixture
async def db(database: DatabaseTarget) -> AsyncIterator[Database]:
    db = Database(database.url, schema=database.schema)
    async with db:
        await create_tables(db, metadata, database)
        yield db


def make_worker(db: Database, clock: Clock, targets: EndpointTargets, **kw: Any) -> DeliveryWorker:
    return DeliveryWorker(
        db,
        TABLES,
        targets,
        client=OutboundClient(LOCAL),
        schedule=kw.pop("schedule", SCHEDULE),
        clock=clock,
        rand=lambda: 0.5,
        **kw,
    )


async def enqueue_one(db: Database, target_id: uuid.UUID, clock: Clock, **kw: Any) -> uuid.UUID:
    async with db.transaction() as session:
        return await enqueue(
            session,
            TABLES,
            target_id=target_id,
            event_type="incident.verified",
            payload=BODY,
            now=clock(),
            **kw,
        )


async def delivery(db: Database, delivery_id: uuid.UUID) -> Any:
    async with db.read_sessions() as session:
        d = TABLES.deliveries
        return (await session.execute(select(d).where(d.c.id == delivery_id))).one()


async def attempts(db: Database, delivery_id: uuid.UUID) -> list[Any]:
    async with db.read_sessions() as session:
        a = TABLES.attempts
        stmt = select(a).where(a.c.delivery_id == delivery_id).order_by(a.c.attempt)
        return list((await session.execute(stmt)).all())


class TestDelivering:
    async def test_a_delivery_is_signed_verified_and_recorded(
        self, db: Database, receiver: PartnerServer
    ) -> None:
        clock, targets = Clock(), EndpointTargets()
        target = await add_endpoint(
            db, url=receiver.url("/verified-hook"), secret=receiver.webhook_secret or ""
        )
        delivery_id = await enqueue_one(db, target, clock, message_id="evt_0193")
        worker = make_worker(db, clock, targets)
        try:
            assert await worker.deliver_due() == 1
        finally:
            await worker.stop()
        assert [r.body for r in receiver.verified] == [BODY]
        sent = receiver.verified[0].headers
        assert sent["webhook-id"] == "evt_0193"
        assert sent["Content-Type"] == "application/json"
        row = await delivery(db, delivery_id)
        assert row.status == DeliveryStatus.DELIVERED
        assert (row.attempts, row.last_status_code, row.last_error) == (1, 204, None)
        assert row.delivered_at is not None
        assert row.last_duration_ms >= 0
        logged = await attempts(db, delivery_id)
        assert [(a.attempt, a.status_code, a.is_success) for a in logged] == [(1, 204, True)]

    @staticmethod
    async def _enqueue_then_fail(transaction: Any, target: uuid.UUID) -> None:
        async with transaction as session:
            await enqueue(session, TABLES, target_id=target, event_type="x", payload=BODY)
            raise RuntimeError("the caller's change failed")

    async def test_nothing_is_sent_for_a_transaction_that_rolled_back(
        self, db: Database, receiver: PartnerServer
    ) -> None:
        clock = Clock()
        target = await add_endpoint(db, url=receiver.url("/hook"), secret="whsec_" + "A" * 44)
        transaction = db.transaction()
        with pytest.raises(RuntimeError, match="change failed"):
            await self._enqueue_then_fail(transaction, target)
        worker = make_worker(db, clock, EndpointTargets())
        try:
            assert await worker.deliver_due() == 0
        finally:
            await worker.stop()
        assert receiver.received == []


class TestRetries:
    async def test_failures_are_retried_on_the_back_off_schedule(
        self, db: Database, receiver: PartnerServer
    ) -> None:
        clock = Clock()
        receiver.hook_statuses.extend([500, 503])
        target = await add_endpoint(db, url=receiver.url("/hook"), secret="whsec_" + "A" * 44)
        delivery_id = await enqueue_one(db, target, clock)
        worker = make_worker(db, clock, EndpointTargets())
        try:
            assert await worker.deliver_due() == 1
            first = await delivery(db, delivery_id)
            assert (first.status, first.attempts, first.last_status_code) == ("pending", 1, 500)
            assert first.next_attempt_at == clock.now + timedelta(
                seconds=27
            )  # 30 * (1 - 0.2 * 0.5)
            assert await worker.deliver_due() == 0  # not due yet
            clock.now = first.next_attempt_at
            assert await worker.deliver_due() == 1
            second = await delivery(db, delivery_id)
            assert second.next_attempt_at == clock.now + timedelta(seconds=54)
            clock.now = second.next_attempt_at
            assert await worker.deliver_due() == 1
        finally:
            await worker.stop()
        row = await delivery(db, delivery_id)
        assert (row.status, row.attempts, row.last_status_code) == ("delivered", 3, 204)
        assert [a.status_code for a in await attempts(db, delivery_id)] == [500, 503, 204]
        assert len({r.headers["webhook-id"] for r in receiver.received}) == 1

    async def test_a_delivery_fails_for_good_after_its_attempts(
        self, db: Database, receiver: PartnerServer
    ) -> None:
        clock = Clock()
        receiver.hook_statuses.extend([500] * 2)
        target = await add_endpoint(db, url=receiver.url("/hook"), secret="whsec_" + "A" * 44)
        delivery_id = await enqueue_one(db, target, clock)
        schedule = RetrySchedule(max_attempts=2, base_seconds=1, suspend_after_failures=10)
        worker = make_worker(db, clock, EndpointTargets(), schedule=schedule)
        try:
            await worker.deliver_due()
            clock.advance(hours=1)
            await worker.deliver_due()
            clock.advance(hours=1)
            assert await worker.deliver_due() == 0
        finally:
            await worker.stop()
        row = await delivery(db, delivery_id)
        assert (row.status, row.attempts) == ("failed", 2)

    async def test_a_refused_address_is_recorded_as_a_failed_attempt(self, db: Database) -> None:
        clock = Clock()
        target = await add_endpoint(db, url="http://10.0.0.1/hook", secret="whsec_" + "A" * 44)
        delivery_id = await enqueue_one(db, target, clock)
        worker = make_worker(db, clock, EndpointTargets())
        try:
            await worker.deliver_due()
        finally:
            await worker.stop()
        row = await delivery(db, delivery_id)
        assert row.status == "pending"
        assert row.last_status_code is None
        assert "10.0.0.1 is private" in row.last_error


class TestSuspension:
    async def test_a_target_is_suspended_after_failures_in_a_row_and_resumed(
        self, db: Database, receiver: PartnerServer
    ) -> None:
        clock, targets = Clock(), EndpointTargets()
        receiver.hook_statuses.extend([500] * 3)
        target = await add_endpoint(
            db, url=receiver.url("/hook"), secret=receiver.webhook_secret or ""
        )
        ids = [await enqueue_one(db, target, clock) for _ in range(3)]
        worker = make_worker(db, clock, targets)
        try:
            assert await worker.deliver_due() == 3
            async with db.read_sessions() as session:
                suspended = (await session.execute(select(endpoints))).one()
            assert suspended.is_suspended
            assert "3 delivery attempts failed in a row" in suspended.suspended_reason
            assert {(await delivery(db, i)).status for i in ids} == {"held"}
            later = await enqueue_one(db, target, clock)
            clock.advance(minutes=1)  # within the receiver's tolerance of signature timestamps
            assert await worker.deliver_due() == 0
            assert (await delivery(db, later)).status == "held"
            # The owner resumes the target: its held deliveries become due at once.
            async with db.transaction() as session:
                await session.execute(
                    update(endpoints).values(is_suspended=False, url=receiver.url("/verified-hook"))
                )
                assert await release_target(session, TABLES, target_id=target, now=clock()) == 4
            assert await worker.deliver_due() == 4
        finally:
            await worker.stop()
        assert {(await delivery(db, i)).status for i in [*ids, later]} == {"delivered"}
        assert len(receiver.verified) == 4

    async def test_a_deleted_target_cancels_its_deliveries(self, db: Database) -> None:
        clock = Clock()
        delivery_id = await enqueue_one(db, uuid.uuid4(), clock)
        worker = make_worker(db, clock, EndpointTargets())
        try:
            assert await worker.deliver_due() == 0
        finally:
            await worker.stop()
        assert (await delivery(db, delivery_id)).status == "cancelled"


class TestLease:
    async def test_a_claimed_delivery_is_not_claimed_again_until_its_lease_ends(
        self, db: Database
    ) -> None:
        clock = Clock()
        await enqueue_one(db, uuid.uuid4(), clock)
        lease = timedelta(seconds=120)
        async with db.transaction() as session:
            assert len(await claim_due(session, TABLES, now=clock(), lease=lease, limit=10)) == 1
        async with db.transaction() as session:
            assert await claim_due(session, TABLES, now=clock(), lease=lease, limit=10) == []
        clock.advance(seconds=120)
        async with db.transaction() as session:
            assert len(await claim_due(session, TABLES, now=clock(), lease=lease, limit=10)) == 1

    async def test_two_workers_never_deliver_the_same_message_twice(
        self, database: DatabaseTarget, db: Database, receiver: PartnerServer
    ) -> None:
        clock = Clock()
        target = await add_endpoint(
            db, url=receiver.url("/verified-hook"), secret=receiver.webhook_secret or ""
        )
        ids = [await enqueue_one(db, target, clock) for _ in range(12)]
        async with Database(database.url, schema=database.schema) as other_db:
            first = make_worker(db, clock, EndpointTargets(), batch_size=5)
            second = make_worker(other_db, clock, EndpointTargets(), batch_size=5)
            try:
                for _ in range(4):
                    await asyncio.gather(first.deliver_due(), second.deliver_due())
            finally:
                await first.stop()
                await second.stop()
        sent = [r.headers["webhook-id"] for r in receiver.verified]
        assert len(sent) == len(set(sent)) == 12
        for delivery_id in ids:
            row = await delivery(db, delivery_id)
            assert (row.status, row.attempts) == ("delivered", 1)
            assert len(await attempts(db, delivery_id)) == 1


class SampleSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PDP_SAMPLE_")
    service_name: ClassVar[str] = "sample"


class TestWorkerFactory:
    async def test_the_factory_runs_a_worker_configured_by_settings(
        self, db: Database, receiver: PartnerServer
    ) -> None:
        settings = SampleSettings(
            outbound_allow_http=True,
            outbound_allowed_networks="127.0.0.1/32",
            webhook_poll_seconds=0.05,
        )
        target = await add_endpoint(
            db, url=receiver.url("/verified-hook"), secret=receiver.webhook_secret or ""
        )
        make = delivery_worker(TABLES, EndpointTargets(), settings)
        worker = make(cast("Platform", SimpleNamespace(db=db)))
        assert isinstance(worker, DeliveryWorker)
        assert worker.client.policy.max_redirects == 0
        worker.start()
        try:
            delivery_id = await enqueue_one(db, target, Clock())
            worker.wake()
            row = await eventually(
                lambda: delivery(db, delivery_id), until=lambda r: r.status == "delivered"
            )
        finally:
            await worker.stop()
        assert row.attempts == 1
        assert len(receiver.verified) == 1
