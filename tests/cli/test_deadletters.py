"""``pdp deadletters`` against the running platform: a poison message on the incidents stream is
dead-lettered by the consumers of two services, listed, shown, and refused when re-driven; a
dead letter holding a good event is re-driven and resolved."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import nats
from pdp_cli.failures import EXIT_FAILED, EXIT_NOT_FOUND
from pdp_cli.tailing import EventFilter, TailedEvent, connect, tail
from pdp_common.db import Database
from pdp_common.events import deadletters
from pdp_common.events.bus import Bus
from pdp_common.testing.databases import DatabaseTarget

from tests.cli.invoking import invoke, json_of, platform_env
from tests.cli.test_events import REPORTED, record_incident
from tests.e2e.gateway_platform import Platform, platform
from tests.shared.polling import eventually

POISON = b"this is no CloudEvent"


async def publish_poison(nats_url: str) -> None:
    """Publish a message no consumer can read on a subject the incidents' consumers follow."""
    client = await nats.connect(nats_url)
    try:
        await client.jetstream().publish(REPORTED, POISON, stream="PDP_INCIDENTS")
    finally:
        await client.close()


async def open_letters(env: dict[str, str], *args: str) -> list[dict[str, Any]]:
    """Return what ``pdp deadletters list --json`` prints."""
    letters: list[dict[str, Any]] = json_of(
        await invoke(["deadletters", "list", *args, "--json"], env)
    )
    return letters


async def dead_letter_of_a_good_event(running: Platform, nats_url: str) -> uuid.UUID:
    """Store, in the briefings database, a dead letter holding a valid event (a copy of the
    incident just reported, under a new id) as if its handler had failed on it once."""
    await record_incident(running)

    async def reported() -> list[TailedEvent]:
        client = await connect(nats_url)
        try:
            return [event async for event in tail(client, EventFilter(types=(REPORTED,)))]
        finally:
            await client.close()

    found = await eventually(reported, timeout=30, interval=0.2)
    event = dict(found[-1].event or {}) | {"id": str(uuid.uuid4())}
    settings = running.settings["briefings"]
    bus = Bus(nats_url, name="test")
    bus.start()
    await bus.wait_connected(timeout=5)
    try:
        async with Database.for_service(settings) as db:
            return await deadletters.record(
                db,
                bus,
                deadletters.DeadLetter(
                    consumer="briefings_incidents",
                    stream="PDP_INCIDENTS",
                    stream_sequence=None,
                    subject=REPORTED,
                    event_id=event["id"],
                    event_type=REPORTED,
                    reason="poison",
                    error="RuntimeError: the digest was down",
                    deliveries=1,
                    payload=json.dumps(event).encode(),
                    headers={},
                ),
            )
    finally:
        await bus.close()


class TestDeadLetters:
    async def test_list_show_and_refuse_to_redrive_a_poison_message(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path) as running:
            env = platform_env(running, nats_url)
            await publish_poison(nats_url)
            letters = await eventually(
                lambda: open_letters(env),
                until=lambda found: (
                    {"briefings", "country-teams", "gateway"} <= {x["service"] for x in found}
                ),
                timeout=60,
            )
            assert {x["reason"] for x in letters} == {"undecodable"}
            assert {x["subject"] for x in letters} == {REPORTED}
            only = await open_letters(env, "--service", "briefings")
            assert [x["consumer"] for x in only] == ["briefings_incidents"]
            assert await open_letters(env, "--consumer", "nobody") == []
            # the gateway's webhook fan-out reads every incident event, and gave up on it too
            gateway = await open_letters(env, "--service", "gateway")
            assert [x["consumer"] for x in gateway] == ["gateway_webhooks_incidents"]

            letter_id = only[0]["id"]
            shown = json_of(await invoke(["deadletters", "show", letter_id, "--json"], env))
            assert shown["payload"] == POISON.decode()
            assert shown["subject"] == REPORTED
            assert shown["resolved_at"] is None
            text = await invoke(["deadletters", "show", letter_id], env)
            assert text.exit_code == 0, text.output
            assert "undecodable" in text.stdout

            refused = await invoke(["deadletters", "redrive", letter_id, "--json"], env)
            assert refused.exit_code == EXIT_FAILED
            assert "1 of 1 dead letters not re-driven" in refused.stderr
            assert letter_id in [x["id"] for x in await open_letters(env)]

    async def test_redrive_applies_a_good_event_and_resolves_it(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path) as running:
            env = platform_env(running, nats_url)
            letter_id = str(await dead_letter_of_a_good_event(running, nats_url))
            assert [x["id"] for x in await open_letters(env)] == [letter_id]

            table = await invoke(["deadletters", "list"], env)
            assert table.exit_code == 0, table.output
            assert "1 open dead letter" in table.stdout

            args = ["deadletters", "redrive", "--all", "--consumer", "briefings_incidents"]
            outcomes = json_of(await invoke([*args, "--json"], env))
            assert outcomes == [{"service": "briefings", "id": letter_id, "outcome": "applied"}]
            assert await open_letters(env) == []
            shown = json_of(await invoke(["deadletters", "show", letter_id, "--json"], env))
            assert shown["resolved_at"] is not None

            again = await invoke(["deadletters", "redrive", letter_id], env)
            assert again.exit_code == EXIT_FAILED
            assert "already resolved" in again.stdout + again.stderr

    async def test_an_unknown_dead_letter_is_not_found(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path) as running:
            env = platform_env(running, nats_url)
            unknown = str(uuid.uuid4())
            for command in ("show", "redrive"):
                result = await invoke(["deadletters", command, unknown], env)
                assert result.exit_code == EXIT_NOT_FOUND, (command, result.output)
                assert f"no dead letter {unknown}" in result.stderr

    async def test_redrive_wants_ids_or_all(self) -> None:
        result = await invoke(["deadletters", "redrive"])
        assert result.exit_code != 0
        assert "--all" in result.stderr
