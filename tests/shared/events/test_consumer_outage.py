"""A database outage longer than a message's delivery budget dead-letters nothing: the consumer
holds the messages it fetched and waits for the database instead of giving them back."""

from __future__ import annotations

from typing import Any

import nats
import pytest
from pdp_common.db import new_id
from pdp_common.events.envelope import encode
from pdp_common.events.outbox import build_envelope
from pdp_common.testing.apps import running
from pdp_common.testing.databases import DatabaseTarget
from sqlalchemy.engine import make_url

from tests.shared.events.test_consumer import dead_letter_rows, publish_raw
from tests.shared.polling import eventually
from tests.shared.sample.service import NoteCreated, SampleSettings, applied_texts, create_app
from tests.shared.tcp_gate import TcpGate

OUTAGE_SECONDS = 3.0
"""Longer than two deliveries with their nak delays take (0.25 s), the budget set below."""


async def _delivered(nats_url: str) -> int:
    nc = await nats.connect(nats_url)
    try:
        info = await nc.jetstream().consumer_info("PDP_SAMPLE", "sample_notes")
        return int(info.delivered.consumer_seq or 0)
    finally:
        await nc.close()


@pytest.mark.backends("postgres")  # a TCP outage; SQLite has no connection to cut
class TestDatabaseOutage:
    async def test_an_event_arriving_during_an_outage_is_applied_once_it_ends(
        self, service_settings: dict[str, Any], database: DatabaseTarget
    ) -> None:
        upstream = make_url(database.url)
        async with TcpGate(upstream.host or "127.0.0.1", upstream.port or 5432) as gate:
            through_gate = upstream.set(host="127.0.0.1", port=gate.port)
            settings = SampleSettings(
                **service_settings | {"database_url": through_gate.render_as_string(False)},
                consumer_max_deliver=2,
            )
            app = create_app(settings)
            nats_url = service_settings["nats_url"]
            async with running(app):
                await eventually(lambda: _ready(app), timeout=30)
                gate.shut()
                envelope = build_envelope(NoteCreated(note_id=new_id(), text="during-outage"))
                await publish_raw(
                    nats_url, "pdp.sample.note.created.v1", encode(envelope), str(envelope.id)
                )
                await eventually(lambda: _delivered(nats_url))
                await eventually(gate.shut_for, until=lambda s: s >= OUTAGE_SECONDS, timeout=30)
                delivered_during_outage = await _delivered(nats_url)
                gate.open()

                assert await eventually(lambda: applied_texts(app), timeout=30) == ["during-outage"]
                assert await dead_letter_rows(app) == []
            assert delivered_during_outage == 1


async def _ready(app: Any) -> bool:
    return all(c.ready.is_set() for c in app.state.platform.consumers)
