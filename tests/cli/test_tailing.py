"""Reading events with ``pdp events tail`` from a stream of this test, whose messages carry the
country and category in their subjects: the broker selects by type, country and category."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import nats
import pytest
from nats.js.api import StreamConfig
from pdp_cli.failures import EXIT_NOT_FOUND, EXIT_USAGE
from pdp_common.events.envelope import Envelope, encode

from tests.cli.invoking import invoke, json_lines

STREAM = "PDP_CLITEST"
TYPE = "pdp.clitest.thing.happened.v1"
OTHER_TYPE = "pdp.clitest.thing.undone.v1"
MESSAGES = [
    (TYPE, "KGZ", "border_incident"),
    (TYPE, "TJK", "water_energy_dispute"),
    (OTHER_TYPE, "KGZ", "water_energy_dispute"),
    (TYPE, "_", "_"),
]


async def publish(nats_url: str, messages: list[tuple[str, str, str]]) -> None:
    """Publish one CloudEvent per (type, country, category) on its seven-token subject."""
    client = await nats.connect(nats_url)
    try:
        js = client.jetstream()
        await js.add_stream(StreamConfig(name=STREAM, subjects=["pdp.clitest.>"]))
        for n, (event_type, country, category) in enumerate(messages):
            envelope = Envelope[dict[str, str]](
                id=f"evt-{n}-{country}",
                source="/pdp/clitest",
                type=event_type,
                time=datetime.now(UTC),
                data={"country": country, "category": category},
            )
            await js.publish(f"{event_type}.{country}.{category}", encode(envelope))
    finally:
        await client.close()


def ids(lines: list[dict[str, object]]) -> list[object]:
    """Return the event ids of tailed lines."""
    return [line["event"]["id"] for line in lines]  # type: ignore[index]


@pytest.fixture
async def stream(nats_url: str) -> str:
    """Fill the test stream; return the NATS URL."""
    await publish(nats_url, MESSAGES)
    return nats_url


class TestTail:
    async def test_the_whole_stream_in_order(self, stream: str) -> None:
        lines = json_lines(
            await invoke(["--nats-url", stream, "events", "tail", "--stream", STREAM, "--json"])
        )
        assert [line["sequence"] for line in lines] == [1, 2, 3, 4]
        assert ids(lines) == ["evt-0-KGZ", "evt-1-TJK", "evt-2-KGZ", "evt-3-_"]
        assert lines[0]["subject"] == f"{TYPE}.KGZ.border_incident"
        assert lines[0]["stream"] == STREAM
        assert lines[0]["event"]["data"] == {"country": "KGZ", "category": "border_incident"}

    async def test_by_country(self, stream: str) -> None:
        args = ["--nats-url", stream, "events", "tail", "--stream", STREAM, "--country", "KGZ"]
        assert ids(json_lines(await invoke([*args, "--json"]))) == ["evt-0-KGZ", "evt-2-KGZ"]

    async def test_by_category(self, stream: str) -> None:
        args = ["--nats-url", stream, "events", "tail", "--category", "water_energy_dispute"]
        lines = json_lines(await invoke([*args, "--stream", STREAM, "--json"]))
        assert ids(lines) == ["evt-1-TJK", "evt-2-KGZ"]

    async def test_by_type_and_country_finds_the_stream_of_the_type(self, stream: str) -> None:
        args = ["--nats-url", stream, "events", "tail", "--type", TYPE, "--country", "KGZ"]
        assert ids(json_lines(await invoke([*args, "--json"]))) == ["evt-0-KGZ"]

    async def test_several_countries(self, stream: str) -> None:
        args = ["--nats-url", stream, "events", "tail", "--type", TYPE, "-c", "KGZ", "-c", "TJK"]
        assert ids(json_lines(await invoke([*args, "--json"]))) == ["evt-0-KGZ", "evt-1-TJK"]

    async def test_from_a_sequence_with_a_limit(self, stream: str) -> None:
        args = ["--nats-url", stream, "events", "tail", "--stream", STREAM, "--from-seq", "2"]
        lines = json_lines(await invoke([*args, "--limit", "2", "--json"]))
        assert [line["sequence"] for line in lines] == [2, 3]

    async def test_since_a_time_after_the_last_event_prints_nothing(self, stream: str) -> None:
        later = (datetime.now(UTC) + timedelta(minutes=5)).isoformat()
        args = ["--nats-url", stream, "events", "tail", "--stream", STREAM, "--since", later]
        assert json_lines(await invoke([*args, "--json"])) == []

    async def test_following_stops_at_the_limit(self, stream: str) -> None:
        args = ["--nats-url", stream, "events", "tail", "--type", TYPE, "--follow"]
        lines = json_lines(await invoke([*args, "--since", "1h", "--limit", "3", "--json"]))
        assert ids(lines) == ["evt-0-KGZ", "evt-1-TJK", "evt-3-_"]

    async def test_following_sees_what_comes_later(self, stream: str) -> None:
        args = ["--nats-url", stream, "events", "tail", "--stream", STREAM, "--follow"]
        pending = asyncio.create_task(invoke([*args, "--from-seq", "5", "--limit", "1", "--json"]))
        await publish(stream, [(TYPE, "UZB", "border_incident")])
        assert ids(json_lines(await asyncio.wait_for(pending, timeout=60))) == ["evt-0-UZB"]

    async def test_lines_for_people(self, stream: str) -> None:
        args = ["--nats-url", stream, "events", "tail", "--stream", STREAM, "--country", "TJK"]
        result = await invoke(args)
        assert result.exit_code == 0, result.output
        assert f"{STREAM}#2" in result.stdout
        assert "evt-1-TJK" in result.stdout

    async def test_a_type_of_no_stream_prints_nothing(self, stream: str) -> None:
        args = ["--nats-url", stream, "events", "tail", "--type", "pdp.nowhere.thing.done.v1"]
        assert json_lines(await invoke([*args, "--json"])) == []

    async def test_an_unknown_stream_is_not_found(self, stream: str) -> None:
        result = await invoke(["--nats-url", stream, "events", "tail", "--stream", "PDP_NONE"])
        assert result.exit_code == EXIT_NOT_FOUND
        assert "no stream PDP_NONE" in result.stderr

    async def test_a_bad_country_is_a_usage_error(self, stream: str) -> None:
        result = await invoke(["--nats-url", stream, "events", "tail", "--country", "Kyrgyzstan"])
        assert result.exit_code == EXIT_USAGE
        assert "ISO 3166-1" in result.stderr

    async def test_since_and_from_seq_exclude_each_other(self, stream: str) -> None:
        args = ["--nats-url", stream, "events", "tail", "--since", "1h", "--from-seq", "1"]
        result = await invoke(args)
        assert result.exit_code == EXIT_USAGE
