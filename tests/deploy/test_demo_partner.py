"""The demo partner of a local run: a feed the platform can read, a receiver that checks
signatures and keeps what it received."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import feedparser  # type: ignore[import-untyped]
import httpx
import pytest
from incidents.feeds.inbound.markup import parse_atom
from pdp_common.webhook_signing import generate_secret, sign_headers

from deploy.local.demo_feeds import SECRET_FILE
from deploy.local.demo_partner import ITEMS, create_app, situation_feed

NOW = datetime(2026, 12, 6, 9, 30, tzinfo=UTC)


def client(state: Path) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=create_app(state))
    return httpx.AsyncClient(transport=transport, base_url="http://partner")


class TestSituationFeed:
    def test_a_feed_reader_reads_every_item(self) -> None:
        parsed = feedparser.parse(situation_feed(NOW))
        assert (parsed.bozo, [e.id for e in parsed.entries]) == (False, [i["id"] for i in ITEMS])

    def test_the_platform_reads_every_item(self) -> None:
        items = parse_atom(situation_feed(NOW), max_items=100)
        assert [(item.item_id, item.errors) for item in items] == [(i["id"], []) for i in ITEMS]

    async def test_a_conditional_fetch_of_the_same_feed_answers_304(self, tmp_path: Path) -> None:
        async with client(tmp_path) as partner:
            first = await partner.get("/unama/situation.atom")
            again = await partner.get(
                "/unama/situation.atom", headers={"If-None-Match": first.headers["etag"]}
            )
        assert (first.status_code, again.status_code) == (200, 304)


class TestWebhookReceiver:
    async def post(self, partner: httpx.AsyncClient, secret: str, body: bytes) -> int:
        headers = sign_headers([secret], message_id="msg_1", body=body)
        response = await partner.post("/osce/webhook", content=body, headers=headers)
        return response.status_code

    async def deliveries(self, partner: httpx.AsyncClient) -> list[str]:
        return [d["signature"] for d in (await partner.get("/osce/deliveries")).json()]

    async def test_a_delivery_signed_with_the_stored_secret_is_valid(self, tmp_path: Path) -> None:
        secret = generate_secret()
        (tmp_path / SECRET_FILE).write_text(secret + "\n")
        async with client(tmp_path) as partner:
            assert await self.post(partner, secret, b'{"id": 1}') == 204
            assert await self.deliveries(partner) == ["valid"]

    async def test_a_delivery_signed_with_another_secret_is_kept_as_invalid(
        self, tmp_path: Path
    ) -> None:
        (tmp_path / SECRET_FILE).write_text(generate_secret())
        async with client(tmp_path) as partner:
            await self.post(partner, generate_secret(), b"{}")
            [verdict] = await self.deliveries(partner)
        assert verdict.startswith("invalid")

    async def test_without_a_stored_secret_nothing_is_checked(self, tmp_path: Path) -> None:
        async with client(tmp_path) as partner:
            await self.post(partner, generate_secret(), b"{}")
            assert await self.deliveries(partner) == ["unchecked (no secret stored)"]

    async def test_deliveries_are_kept_on_disk(self, tmp_path: Path) -> None:
        async with client(tmp_path) as partner:
            await self.post(partner, generate_secret(), b'{"id": 2}')
        [line] = (tmp_path / "osce-deliveries.jsonl").read_text().splitlines()
        assert json.loads(line)["body"] == '{"id": 2}'


@pytest.mark.parametrize("value", ["0", "off", "false"])
def test_a_run_can_go_without_the_demo_partner(value: str) -> None:
    from deploy.local.settings import demo_partner_port

    assert demo_partner_port({"PDP_LOCAL_DEMO_PARTNER": value}) is None


def test_a_run_without_incidents_has_no_demo_partner() -> None:
    from deploy.local.settings import demo_partner_port

    assert demo_partner_port({"PDP_LOCAL_COMPONENTS": "organizations,gateway"}) is None


def test_a_run_without_organizations_has_no_demo_partner() -> None:
    from deploy.local.settings import demo_partner_port

    # partners' agreements come from organizations; without them no feed can be registered
    assert demo_partner_port({"PDP_LOCAL_COMPONENTS": "incidents,gateway"}) is None


def test_a_bad_port_is_refused() -> None:
    from deploy.local.settings import demo_partner_port

    with pytest.raises(ValueError, match="PDP_LOCAL_DEMO_PARTNER_PORT"):
        demo_partner_port({"PDP_LOCAL_DEMO_PARTNER_PORT": "http"})
