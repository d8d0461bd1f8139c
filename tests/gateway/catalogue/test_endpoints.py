"""The event catalogue: the schema of each event type's data, public, cacheable, at its URI."""

from __future__ import annotations

import json

from gateway.catalogue import service as catalogue_service
from jsonschema import Draft202012Validator
from pdp_common.contracts import incidents as incident_events
from pdp_common.events.dataschema import SCHEMA_PATH, dataschema_uri
from pdp_common.events.outbox import build_envelope
from pdp_common.events.registry import registered

from tests.gateway.conftest import GatewayHarness

REPORTED = incident_events.IncidentReported.event_type
CONTRACTS = sorted(t for t, m in registered().items() if m.__module__.startswith("pdp_common."))


class TestEventSchema:
    async def test_answers_the_schema_of_the_data_without_credentials(
        self, gateway: GatewayHarness
    ) -> None:
        response = await gateway.client.get(f"{SCHEMA_PATH}/{REPORTED}")
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/schema+json"
        assert "public" in response.headers["cache-control"]
        schema = response.json()
        Draft202012Validator.check_schema(schema)
        assert schema["$id"] == dataschema_uri(REPORTED)
        assert {"incident_id", "country", "category"} <= set(schema["required"])

    async def test_the_data_of_an_event_validates_against_its_schema(
        self, gateway: GatewayHarness
    ) -> None:
        envelope = build_envelope(incident_events.IncidentReported.model_validate(SNAPSHOT))
        assert envelope.dataschema == dataschema_uri(REPORTED)
        response = await gateway.client.get(f"{SCHEMA_PATH}/{REPORTED}")
        assert response.status_code == 200, response.text
        validator = Draft202012Validator(response.json())
        assert list(validator.iter_errors(json.loads(json.dumps(envelope.data)))) == []

    async def test_every_contract_event_type_has_its_schema(self, gateway: GatewayHarness) -> None:
        for event_type in CONTRACTS:
            response = await gateway.client.get(f"{SCHEMA_PATH}/{event_type}")
            assert response.status_code == 200, event_type

    async def test_a_known_etag_answers_not_modified(self, gateway: GatewayHarness) -> None:
        first = await gateway.client.get(f"{SCHEMA_PATH}/{REPORTED}")
        again = await gateway.client.get(
            f"{SCHEMA_PATH}/{REPORTED}", headers={"If-None-Match": first.headers["etag"]}
        )
        assert again.status_code == 304, again.text
        assert again.headers["etag"] == first.headers["etag"]

    async def test_an_unknown_type_is_a_not_found_problem(self, gateway: GatewayHarness) -> None:
        response = await gateway.client.get(f"{SCHEMA_PATH}/pdp.incidents.incident.unknown.v1")
        assert response.status_code == 404, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["type"].endswith("event-type-not-found")


SNAPSHOT = {
    "incident_id": "01936f6e-7a00-7b2a-8c11-5d2e3f4a5b6c",
    "reference": "INC-KGZ-2026-000001",
    "country": "KGZ",
    "category": "border_incident",
    "acled_event_type": "Riots",
    "acled_sub_event_type": "Mob violence",
    "severity": 3,
    "sensitivity": "internal",
    "status": "reported",
    "occurred_at": "2026-11-29T08:15:02Z",
    "latitude": 40.5,
    "longitude": 72.8,
    "origin_org": "UNRCCA",
    "version": 1,
}


class TestCache:
    async def test_unknown_types_are_not_kept(self, gateway: GatewayHarness) -> None:
        before = catalogue_service._render.cache_info().currsize
        for n in range(5):
            response = await gateway.client.get(f"{SCHEMA_PATH}/pdp.x.y.z.v{n}")
            assert response.status_code == 404, response.text
        assert catalogue_service._render.cache_info().currsize == before
