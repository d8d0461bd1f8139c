"""Incident events travel on ``<type>.<country>.<category>``, so a tool can follow one country."""

from __future__ import annotations

import json
from typing import Any

import httpx
import nats
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from pdp_common.contracts import incidents as incident_events
from pdp_common.events.dataschema import SCHEMA_PATH
from pdp_common.events.subjects import filter_subjects

from tests.incidents.factories import Callers
from tests.incidents.helpers import create, eventually, move

REPORTED = incident_events.IncidentReported.event_type


async def last_event_on(url: str, subject: str) -> dict[str, Any] | None:
    """Return the last event of the incidents stream on ``subject``, if there is one."""
    nc = await nats.connect(url)
    try:
        message = await nc.jetstream().get_last_msg(incident_events.STREAM, subject)
    except nats.js.errors.NotFoundError:
        return None
    finally:
        await nc.close()
    event: dict[str, Any] = json.loads(message.data or b"{}")
    return event


async def received_by(url: str, subjects: list[str]) -> list[tuple[str, dict[str, Any]]]:
    """Return every message a consumer filtering on ``subjects`` receives, with its subject."""
    nc = await nats.connect(url)
    received: list[tuple[str, dict[str, Any]]] = []
    try:
        js = nc.jetstream()
        config = ConsumerConfig(
            deliver_policy=DeliverPolicy.ALL,
            ack_policy=AckPolicy.NONE,
            filter_subjects=subjects,
            inactive_threshold=30.0,
        )
        psub = await js.pull_subscribe("", stream=incident_events.STREAM, config=config)
        for _ in range(100):  # bounded: a few events per test
            try:
                messages = await psub.fetch(64, timeout=0.5)
            except TimeoutError:
                break
            received += [(m.subject, json.loads(m.data)) for m in messages]
            if messages[-1].metadata.num_pending == 0:
                break
        await psub.unsubscribe()
    finally:
        await nc.close()
    return received


class TestIncidentEventSubjects:
    async def test_a_change_is_published_on_its_country_and_category(
        self, client: httpx.AsyncClient, callers: Callers, service_settings: dict[str, Any]
    ) -> None:
        incident = await create(client, callers.analyst, "KGZ", category="border_incident")
        subject = f"{REPORTED}.KGZ.border_incident"
        event = await eventually(lambda: last_event_on(service_settings["nats_url"], subject))
        assert event["type"] == REPORTED
        assert event["subject"] == incident["id"]  # the CloudEvents subject: the incident
        assert event["dataschema"].endswith(f"{SCHEMA_PATH}/{REPORTED}")

    async def test_a_consumer_of_one_country_receives_that_country_only(
        self, client: httpx.AsyncClient, callers: Callers, service_settings: dict[str, Any]
    ) -> None:
        url = service_settings["nats_url"]
        kgz = await create(client, callers.analyst, "KGZ")
        tjk = await create(client, callers.analyst, "TJK")
        response = await move(client, callers.officer, kgz["id"], "under_review")
        assert response.status_code == 200, response.text
        updated = incident_events.IncidentUpdated.event_type
        await eventually(lambda: last_event_on(url, f"{REPORTED}.TJK.water_energy_dispute"))
        await eventually(lambda: last_event_on(url, f"{updated}.KGZ.water_energy_dispute"))

        received = await received_by(url, filter_subjects(countries=["KGZ"]))

        assert received
        assert all(subject.split(".")[5] == "KGZ" for subject, _ in received)
        assert all(event["data"]["country"] == "KGZ" for _, event in received)
        about = {event["data"].get("incident_id") for _, event in received}
        assert kgz["id"] in about
        assert tjk["id"] not in about
        types = {event["type"] for _, event in received}
        assert {REPORTED, updated} <= types
