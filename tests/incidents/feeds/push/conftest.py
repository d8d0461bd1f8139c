"""Fixtures of the push tests: the app allowed to call 127.0.0.1 (tests only), a real receiver,
and a delivery worker the test drives with its own clock."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from incidents.feeds.push.models import DELIVERIES
from incidents.feeds.push.targets import WebhookTargets
from incidents.main import create_app
from incidents.settings import IncidentsSettings
from pdp_common.outbound import OutboundClient, OutboundPolicy, parse_networks
from pdp_common.webhook_delivery import DeliveryWorker, RetrySchedule

from tests.shared.partner_server import PartnerServer, partner_server
from tests.shared.webhook_delivery.endpoints import Clock

LOCAL_NETWORKS = "127.0.0.1/32"
SCHEDULE = RetrySchedule(max_attempts=6, base_seconds=30, jitter=0.2, suspend_after_failures=3)


@pytest.fixture
def app(service_settings: dict[str, Any]) -> FastAPI:
    """Return the incidents app allowed to reach webhooks on 127.0.0.1 over http; the delivery
    worker is driven by the tests."""
    overrides = {
        "outbound_allow_http": True,
        "outbound_allowed_networks": LOCAL_NETWORKS,
        "feed_push_worker_enabled": False,
    }
    return create_app(IncidentsSettings(**service_settings | overrides))


@pytest.fixture
def receiver() -> Iterator[PartnerServer]:
    """Return a running receiver on 127.0.0.1."""
    with partner_server() as server:
        yield server


@pytest.fixture
def clock() -> Clock:
    """Return a clock the test moves by hand."""
    return Clock()


@pytest.fixture
def worker(app: FastAPI, clock: Clock) -> DeliveryWorker:
    """Return a delivery worker of the app's webhooks (call ``deliver_due``)."""
    policy = OutboundPolicy(
        allow_http=True, allowed_networks=parse_networks(LOCAL_NETWORKS), max_redirects=0
    )
    return DeliveryWorker(
        app.state.platform.db,
        DELIVERIES,
        WebhookTargets(),
        client=OutboundClient(policy),
        schedule=SCHEDULE,
        clock=clock,
        rand=lambda: 0.5,
    )
