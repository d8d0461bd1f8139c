"""Managing partner webhooks: who may, SSRF refused at registration, secret rotation, and a
failing receiver retried with back-off, suspended after failures in a row, then resumed."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from pdp_common.webhook_delivery import DeliveryWorker
from standardwebhooks.webhooks import Webhook

from tests.incidents.factories import Callers
from tests.incidents.feeds.outbound.helpers import share_with
from tests.incidents.feeds.push.conftest import SCHEDULE
from tests.incidents.feeds.push.helpers import (
    WEBHOOKS,
    deliver,
    deliveries_of,
    register,
    stored,
)
from tests.incidents.helpers import create
from tests.shared.partner_server import PartnerServer
from tests.shared.webhook_delivery.endpoints import Clock


class TestRegistration:
    @pytest.mark.parametrize(
        "url",
        [
            "http://169.254.169.254/latest/meta-data",
            "http://10.0.0.5/hook",
            "http://[::1]/hook",
            "ftp://127.0.0.1/hook",
            "http://user:pw@127.0.0.1/hook",
        ],
    )
    async def test_an_unsafe_destination_is_refused_and_nothing_stored(
        self, client: httpx.AsyncClient, callers: Callers, url: str
    ) -> None:
        response = await client.post(
            WEBHOOKS, json={"partner_org": "OSCE", "url": url}, headers=callers.officer
        )
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "refused" in response.json()["detail"]
        listed = await client.get(WEBHOOKS, headers=callers.officer)
        assert listed.json() == []

    async def test_only_centre_officers_manage_webhooks(
        self, client: httpx.AsyncClient, callers: Callers, receiver: PartnerServer
    ) -> None:
        body = {"partner_org": "OSCE", "url": receiver.url("/hook")}
        for headers in (callers.analyst, callers.partner("OSCE")):
            response = await client.post(WEBHOOKS, json=body, headers=headers)
            assert response.status_code == 403, response.text
            assert (await client.get(WEBHOOKS, headers=headers)).status_code == 403

    async def test_read_update_and_delete_never_show_the_secret(
        self, client: httpx.AsyncClient, callers: Callers, receiver: PartnerServer
    ) -> None:
        hook = await register(client, callers, receiver.url("/hook"))
        url = f"{WEBHOOKS}/{hook['id']}"
        read = await client.get(url, headers=callers.officer)
        assert read.status_code == 200, read.text
        assert "secret" not in read.json()
        changed = await client.patch(
            url, json={"format": "cap", "enabled": False}, headers=callers.officer
        )
        assert changed.status_code == 200, changed.text
        assert (changed.json()["format"], changed.json()["is_enabled"]) == ("cap", False)
        refused = await client.patch(
            url, json={"url": "http://10.1.2.3/hook"}, headers=callers.officer
        )
        assert refused.status_code == 422, refused.text
        assert (await client.get(url, headers=callers.officer)).json()["url"] == hook["url"]
        assert (await client.delete(url, headers=callers.officer)).status_code == 204
        assert (await client.get(url, headers=callers.officer)).status_code == 404


class TestSecrets:
    async def test_a_rotated_secret_signs_alongside_the_previous_one(
        self,
        client: httpx.AsyncClient,
        callers: Callers,
        app: FastAPI,
        receiver: PartnerServer,
        worker: DeliveryWorker,
        clock: Clock,
    ) -> None:
        await share_with(app, "OSCE")
        hook = await register(client, callers, receiver.url("/hook"))
        rotated = await client.post(
            f"{WEBHOOKS}/{hook['id']}/rotate-secret", headers=callers.officer
        )
        assert rotated.status_code == 200, rotated.text
        new_secret = rotated.json()["secret"]
        assert new_secret.startswith("whsec_")
        assert new_secret != hook["secret"]
        await create(client, callers.analyst, "KGZ")
        await deliveries_of(app, hook["id"], 1)
        assert await deliver(worker, clock) == 1
        (request,) = receiver.received
        for secret in (new_secret, hook["secret"]):
            Webhook(secret).verify(request.body, request.headers)


class TestFailures:
    async def test_failures_back_off_then_suspend_and_resume_delivers(
        self,
        client: httpx.AsyncClient,
        callers: Callers,
        app: FastAPI,
        receiver: PartnerServer,
        worker: DeliveryWorker,
        clock: Clock,
    ) -> None:
        await share_with(app, "OSCE")
        hook = await register(client, callers, receiver.url("/hook"))
        url = f"{WEBHOOKS}/{hook['id']}"
        await create(client, callers.analyst, "KGZ")
        await deliveries_of(app, hook["id"], 1)
        statuses = [500, 503, 502]
        receiver.hook_statuses = list(statuses)
        waits = []
        for attempt in range(1, SCHEDULE.suspend_after_failures):
            assert await deliver(worker, clock) == 1
            (row,) = await stored(app, hook["id"])
            assert (row.status, row.attempts) == ("pending", attempt)
            assert row.last_status_code == statuses[attempt - 1]
            waits.append(row.next_attempt_at - row.last_attempt_at)
            assert waits[-1] == SCHEDULE.delay(attempt, rand=0.5)
            clock.now = row.next_attempt_at
        assert waits[1] == 2 * waits[0]
        assert await deliver(worker, clock) == 1
        (row,) = await stored(app, hook["id"])
        assert row.status == "held"
        suspended = (await client.get(url, headers=callers.officer)).json()
        assert suspended["is_suspended"] is True
        assert "3 delivery attempts failed" in suspended["suspended_reason"]
        clock.now += timedelta(days=1)
        assert await deliver(worker, clock) == 0
        resumed = await client.post(f"{url}/resume", headers=callers.officer)
        assert resumed.status_code == 200, resumed.text
        assert resumed.json()["is_suspended"] is False
        again = await client.post(f"{url}/resume", headers=callers.officer)
        assert again.status_code == 409, again.text
        assert await deliver(worker, clock) == 1
        (row,) = await stored(app, hook["id"])
        assert (row.status, row.attempts) == ("delivered", 4)
        log = (await client.get(f"{url}/deliveries", headers=callers.officer)).json()
        assert log["items"][0]["status"] == "delivered"
