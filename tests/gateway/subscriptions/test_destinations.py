"""Server-side request forgery: a webhook URL that could reach inside the platform's network is
refused at registration (and on change) with 422 naming why; a local receiver is reachable only
where an operator allowed its network; at delivery a redirect is never followed."""

from __future__ import annotations

from typing import Any

from pdp_common.identity import Clearance, Role
from pdp_common.testing.databases import DatabaseTarget

from tests.gateway.conftest import GatewayFactory, GatewayHarness
from tests.gateway.subscriptions.conftest import delivering
from tests.gateway.subscriptions.helpers import SUBSCRIPTIONS, incident, logged, publish, subscribe
from tests.shared.partner_server import PartnerServer
from tests.shared.polling import eventually

ADDRESS = "outbound-address-refused"
URL = "outbound-url-refused"

REFUSED = [
    ("https://127.0.0.1/hook", ADDRESS, "loopback"),
    ("https://127.1.2.3:8443/hook", ADDRESS, "loopback"),
    ("https://10.0.0.5/hook", ADDRESS, "private"),
    ("https://172.16.9.1/hook", ADDRESS, "private"),
    ("https://172.31.255.254/hook", ADDRESS, "private"),
    ("https://192.168.1.10/hook", ADDRESS, "private"),
    ("https://169.254.169.254/latest/meta-data/", ADDRESS, "metadata"),
    ("https://100.64.0.1/hook", ADDRESS, "CGNAT"),
    ("https://0.0.0.0/hook", ADDRESS, "unspecified"),
    ("https://[::1]/hook", ADDRESS, "loopback"),
    ("https://[fc00::1]/hook", ADDRESS, "unique-local"),
    ("https://[fd12:3456:789a::1]/hook", ADDRESS, "unique-local"),
    ("https://[fe80::1]/hook", ADDRESS, "link-local"),
    ("https://[::ffff:127.0.0.1]/hook", ADDRESS, "IPv4-mapped"),
    ("https://[::ffff:a9fe:a9fe]/hook", ADDRESS, "IPv4-mapped"),
    ("https://2130706433/hook", URL, "non-standard"),
    ("https://0x7f000001/hook", URL, "non-standard"),
    ("https://0x7f.0.0.1/hook", URL, ""),
    ("https://0177.0.0.1/hook", URL, ""),
    ("https://017700000001/hook", URL, "non-standard"),
    ("https://127.1/hook", URL, "non-standard"),
    ("https://localhost/hook", ADDRESS, "loopback"),
    ("http://93.184.215.14/hook", URL, "scheme"),
    ("ftp://93.184.215.14/hook", URL, "scheme"),
    ("file:///etc/passwd", URL, "scheme"),
    ("gopher://93.184.215.14:70/_hook", URL, "scheme"),
    ("https://user:secret@93.184.215.14/hook", URL, "credentials"),
    ("https://admin@93.184.215.14/hook", URL, "credentials"),
]


async def _system(gateway: GatewayHarness) -> dict[str, str]:
    secret, _ = await gateway.issue_key(Role.SYSTEM, clearance=Clearance.CONFIDENTIAL)
    return {"X-API-Key": secret}


class TestRefusedAtRegistration:
    async def test_every_shape_is_refused_with_its_reason(self, gateway: GatewayHarness) -> None:
        system = await _system(gateway)
        for url, reason, named in REFUSED:
            response = await gateway.client.post(SUBSCRIPTIONS, json={"url": url}, headers=system)
            assert response.status_code == 422, f"{url}: {response.text}"
            assert response.headers["content-type"] == "application/problem+json"
            problem = response.json()
            assert problem["type"].endswith("event-subscription-destination-refused"), url
            assert problem["reason"] == reason, f"{url}: {problem}"
            assert named.lower() in problem["detail"].lower(), f"{url}: {problem}"
        listed = await gateway.client.get(SUBSCRIPTIONS, headers=system)
        assert listed.json()["items"] == []

    async def test_a_change_of_url_is_checked_too(self, gateway: GatewayHarness) -> None:
        system = await _system(gateway)
        created = await subscribe(gateway, system, "https://93.184.215.14/hook")
        response = await gateway.client.patch(
            f"{SUBSCRIPTIONS}/{created['id']}",
            json={"url": "https://169.254.169.254/latest/meta-data/"},
            headers=system | {"If-Match": '"1"'},
        )
        assert response.status_code == 422, response.text
        assert response.json()["reason"] == ADDRESS


class TestLocalReceiver:
    async def test_allowed_only_where_the_operator_allowed_its_network(
        self,
        make_gateway: GatewayFactory,
        database: DatabaseTarget,
        nats_url: str,
        receiver: PartnerServer,
    ) -> None:
        async with make_gateway(database, **delivering(nats_url)) as gateway:
            system = await _system(gateway)
            await subscribe(gateway, system, receiver.url("/hook"))
            other_loopback = receiver.url("/hook", host="127.0.0.2")
            refused = await gateway.client.post(
                SUBSCRIPTIONS, json={"url": other_loopback}, headers=system
            )
            assert refused.status_code == 422, refused.text


class TestRedirects:
    async def test_a_redirect_is_not_followed_at_delivery(
        self, live_gateway: GatewayHarness, nats_url: str, receiver: PartnerServer
    ) -> None:
        system = await _system(live_gateway)
        target = receiver.url("/hook")
        created = await subscribe(
            live_gateway, system, receiver.url(f"/redirect?status=307&to={target}")
        )
        event_id = await publish(nats_url, incident())

        async def attempted() -> dict[str, Any]:
            return await logged(live_gateway, system, created["id"], event_id)

        entry = await eventually(attempted, until=lambda e: int(e["attempts"]) >= 1)
        assert "redirect" in str(entry["last_error"]).lower()
        assert entry["status"] in ("pending", "held")
        assert entry["attempt_log"][0]["status_code"] is None
        assert [r.path for r in receiver.received if r.path.startswith("/hook")] == []
