"""Fixtures of the subscription tests: a gateway consuming the test nats-server, allowed to
deliver to a receiver on 127.0.0.1 over http (tests only), with a short retry schedule."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
import pytest_asyncio
from pdp_common.testing.databases import DatabaseTarget

from tests.gateway.conftest import GatewayFactory, GatewayHarness
from tests.gateway.subscriptions.helpers import create_streams
from tests.shared.partner_server import PartnerServer, partner_server

LOCAL_NETWORKS = "127.0.0.1/32"
SUSPEND_AFTER = 3


def delivering(nats_url: str, **overrides: Any) -> dict[str, Any]:
    """Return gateway settings that consume ``nats_url`` and deliver to 127.0.0.1 at once,
    retrying within a fraction of a second and suspending after three failures in a row."""
    return {
        "nats_enabled": True,
        "nats_url": nats_url,
        "outbound_allow_http": True,
        "outbound_allowed_networks": LOCAL_NETWORKS,
        "webhook_poll_seconds": 0.05,
        "webhook_backoff_base_seconds": 0.05,
        "webhook_backoff_max_seconds": 0.2,
        "webhook_backoff_jitter": 0.0,
        "webhook_max_attempts": 10,
        "webhook_suspend_after_failures": SUSPEND_AFTER,
        "consumer_ack_wait_seconds": 5.0,
    } | overrides


@pytest.fixture
def receiver() -> Iterator[PartnerServer]:
    """Return a running webhook receiver on 127.0.0.1."""
    with partner_server() as server:
        yield server


@pytest_asyncio.fixture
async def live_gateway(
    make_gateway: GatewayFactory, database: DatabaseTarget, nats_url: str
) -> AsyncIterator[GatewayHarness]:
    """Run a gateway that consumes events and delivers webhooks, on each database backend."""
    await create_streams(nats_url)
    async with make_gateway(database, **delivering(nats_url)) as harness:
        yield harness
