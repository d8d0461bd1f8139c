"""The service runs the webhook delivery worker itself: a change reaches the partner's receiver
with no test driving the worker, verified by the receiver with standardwebhooks."""

from __future__ import annotations

from typing import Any

from incidents.main import create_app
from incidents.settings import IncidentsSettings
from pdp_common.testing.apps import running

from tests.incidents.factories import Callers
from tests.incidents.feeds.outbound.helpers import share_with
from tests.incidents.feeds.push.conftest import LOCAL_NETWORKS
from tests.incidents.feeds.push.helpers import register
from tests.incidents.helpers import create
from tests.shared.partner_server import PartnerServer
from tests.shared.polling import eventually


class TestWorkerRegistration:
    async def test_the_app_delivers_with_its_own_worker(
        self, service_settings: dict[str, Any], callers: Callers, receiver: PartnerServer
    ) -> None:
        settings = IncidentsSettings(
            **service_settings
            | {
                "outbound_allow_http": True,
                "outbound_allowed_networks": LOCAL_NETWORKS,
                "webhook_poll_seconds": 0.1,
            }
        )
        app = create_app(settings)
        async with running(app) as client:
            await share_with(app, "OSCE")
            hook = await register(client, callers, receiver.url("/verified-hook"))
            receiver.webhook_secret = hook["secret"]
            incident = await create(client, callers.analyst, "KGZ")
            request = (await eventually(lambda: _verified(receiver)))[0]
        assert incident["reference"].encode() in request.body
        assert request.headers["webhook-signature"].startswith("v1,")


async def _verified(receiver: PartnerServer) -> list[Any]:
    return list(receiver.verified)
