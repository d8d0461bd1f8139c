"""``pdp`` against a broker with users, as under ``make run`` and in production: it connects as
the operator's user, reads events and is told clearly when its credentials are refused."""

from __future__ import annotations

from datetime import UTC, datetime

from pdp_cli.failures import EXIT_UNREACHABLE
from pdp_common.events.envelope import Envelope, encode

from tests.cli.invoking import invoke, json_lines
from tests.deploy.nats_auth import ADMIN, AuthServer, auth_server, platform_streams

__all__ = ["auth_server", "platform_streams"]

SUBJECT = "pdp.incidents.incident.verified.v1.UZB.organized_crime"


async def publish_one(server: AuthServer) -> str:
    event_id = f"evt-{datetime.now(UTC).timestamp()}"
    envelope = Envelope[dict[str, str]](
        id=event_id,
        source="/pdp/incidents",
        type="pdp.incidents.incident.verified.v1",
        time=datetime.now(UTC),
        data={"country": "UZB", "category": "organized_crime"},
    )
    async with server.connect(ADMIN) as admin:
        await admin.nc.jetstream().publish(SUBJECT, encode(envelope))
    return event_id


class TestOperatorUser:
    async def test_tails_as_the_operator(self, platform_streams: AuthServer) -> None:
        event_id = await publish_one(platform_streams)
        env = {
            "PDP_NATS_URL": platform_streams.server.url,
            "PDP_NATS_USER": "operator",
            "PDP_NATS_PASSWORD": platform_streams.passwords["operator"],
        }
        args = ["events", "tail", "--country", "UZB", "--category", "organized_crime", "--json"]
        lines = json_lines(await invoke(args, env))
        assert event_id in [line["event"]["id"] for line in lines]

    async def test_a_refused_password_is_said(self, platform_streams: AuthServer) -> None:
        env = {
            "PDP_NATS_URL": platform_streams.server.url,
            "PDP_NATS_USER": "operator",
            "PDP_NATS_PASSWORD": "not-the-password",
        }
        result = await invoke(["events", "tail", "--country", "UZB", "--json"], env)
        assert result.exit_code == EXIT_UNREACHABLE
        assert "cannot reach NATS" in result.stderr
