"""Helpers of the subscription tests: events published as a producer would, subscriptions
registered through the gateway, deliveries read back, and a from-the-spec signature check."""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import nats
from gateway.subscriptions.fanout import STREAMS
from pdp_common.contracts import incidents as incident_events
from pdp_common.events.envelope import CLOUDEVENTS_JSON, EventData, encode
from pdp_common.events.outbox import build_envelope
from pdp_common.events.streams import StreamSpec, ensure_stream
from pdp_common.events.subjects import publish_subject
from pdp_common.identity import Clearance

from tests.gateway.conftest import GatewayHarness
from tests.shared.polling import eventually

SUBSCRIPTIONS = "/api/v1/events/subscriptions"
PRODUCERS = ("incidents", "organizations", "country-teams", "briefings")


def incident(
    country: str = "KGZ",
    category: str = "border_incident",
    *,
    sensitivity: Clearance = Clearance.INTERNAL,
    kind: type[incident_events.IncidentSnapshot] = incident_events.IncidentReported,
) -> incident_events.IncidentSnapshot:
    """Return the data of an incident event about ``country`` and ``category``."""
    return kind(
        incident_id=uuid.uuid4(),
        reference=f"INC-{country}-2026-{uuid.uuid4().int % 1_000_000:06d}",
        country=country,
        category=category,
        acled_event_type="Violence against civilians",
        acled_sub_event_type="Attack",
        severity=3,
        sensitivity=sensitivity,
        status="reported",
        occurred_at=datetime.now(UTC) - timedelta(hours=1),
        latitude=40.5,
        longitude=72.8,
        origin_org="UNRCCA",
        version=1,
    )


async def publish(nats_url: str, data: EventData, *, bare_subject: bool = False) -> str:
    """Publish ``data`` as its producer would (on ``<type>.<country>.<category>``, or on the bare
    type as before subjects carried those tokens); return the event id."""
    envelope = build_envelope(data)
    subject = envelope.type if bare_subject else publish_subject(envelope.type, envelope.data)
    nc = await nats.connect(nats_url)
    try:
        js = nc.jetstream()
        for producer in PRODUCERS:
            await ensure_stream(js, StreamSpec.for_producer(producer))
        await js.publish(
            subject,
            encode(envelope),
            headers={"Nats-Msg-Id": envelope.id, "Content-Type": CLOUDEVENTS_JSON},
        )
    finally:
        await nc.close()
    return envelope.id


async def create_streams(nats_url: str) -> None:
    """Create the producers' streams (the services would), so the gateway's consumers start."""
    nc = await nats.connect(nats_url)
    try:
        js = nc.jetstream()
        for producer in PRODUCERS:
            await ensure_stream(js, StreamSpec.for_producer(producer))
    finally:
        await nc.close()
    assert len(STREAMS) == len(PRODUCERS)


async def subscribe(
    gateway: GatewayHarness, headers: dict[str, str], url: str, **fields: Any
) -> dict[str, Any]:
    """Register a subscription; return it with its secret."""
    response = await gateway.client.post(SUBSCRIPTIONS, json={"url": url} | fields, headers=headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def read(gateway: GatewayHarness, headers: dict[str, str], sub_id: str) -> dict[str, Any]:
    """Return a subscription as the API shows it."""
    response = await gateway.client.get(f"{SUBSCRIPTIONS}/{sub_id}", headers=headers)
    assert response.status_code == 200, response.text
    shown: dict[str, Any] = response.json()
    return shown


async def deliveries(
    gateway: GatewayHarness, headers: dict[str, str], sub_id: str
) -> list[dict[str, Any]]:
    """Return the subscription's delivery log (first page, newest first)."""
    response = await gateway.client.get(
        f"{SUBSCRIPTIONS}/{sub_id}/deliveries?limit=500", headers=headers
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def logged(
    gateway: GatewayHarness, headers: dict[str, str], sub_id: str, message_id: str
) -> dict[str, Any]:
    """Wait until the delivery of ``message_id`` is in the subscription's log; return it."""

    async def find() -> dict[str, Any] | None:
        found = await deliveries(gateway, headers, sub_id)
        return next((d for d in found if d["message_id"] == message_id), None)

    entry = await eventually(find)
    assert entry is not None
    return entry


def spec_signature_valid(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """Check ``webhook-signature`` as the Standard Webhooks specification states it, written
    here from the specification: HMAC-SHA256, keyed with the base64 bytes after ``whsec_``, over
    ``"{webhook-id}.{webhook-timestamp}.{body}"``, base64-encoded, one of the space-separated
    ``v1,<signature>`` entries."""
    lowered = {k.lower(): v for k, v in headers.items()}
    key = base64.b64decode(secret.split("_", 1)[1])
    signed = f"{lowered['webhook-id']}.{lowered['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    offered = [s.split(",", 1) for s in lowered["webhook-signature"].split(" ")]
    return any(v == "v1" and hmac.compare_digest(sig, expected) for v, sig in offered)
