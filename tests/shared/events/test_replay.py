"""A stream can be replayed from a sequence or a time, to read it or to re-apply it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from pdp_common.events.envelope import decode
from pdp_common.events.replay import replay, replay_into
from pdp_common.testing.apps import Identities, running

from tests.shared.polling import eventually
from tests.shared.sample.service import SampleSettings, applied_texts, create_app, post_notes


class TestReplay:
    async def test_replay_from_sequence_yields_the_rest_of_the_stream(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        app = create_app(SampleSettings(**service_settings))
        async with running(app) as client:
            await post_notes(client, identities, ["a", "b", "c", "d"])
            await eventually(lambda: applied_texts(app), until=lambda v: len(v) == 4)
            texts = [
                decode(msg.data).data["text"]
                async for msg in replay(app.state.platform.bus, "PDP_SAMPLE", start_sequence=3)
            ]
        assert texts == ["c", "d"]

    async def test_replay_from_time(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        app = create_app(SampleSettings(**service_settings))
        async with running(app) as client:
            await post_notes(client, identities, ["x", "y"])
            await eventually(lambda: applied_texts(app), until=lambda v: len(v) == 2)
            since = datetime.now(UTC) - timedelta(minutes=5)
            count = 0
            async for _ in replay(app.state.platform.bus, "PDP_SAMPLE", start_time=since):
                count += 1
        assert count == 2

    async def test_replay_into_consumer_skips_applied_events(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        app = create_app(SampleSettings(**service_settings))
        async with running(app) as client:
            await post_notes(client, identities, ["one", "two"])
            await eventually(lambda: applied_texts(app), until=lambda v: len(v) == 2)
            consumer = app.state.platform.consumer("sample_notes")
            report = await replay_into(consumer, start_sequence=1)
            assert (report.applied, report.duplicates) == (0, 2)
            again = await replay_into(consumer, start_sequence=2, reapply=True)
            assert (again.applied, again.duplicates) == (1, 0)
            assert await applied_texts(app) == ["one", "two", "two"]
