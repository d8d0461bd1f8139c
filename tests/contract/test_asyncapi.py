"""The event catalogue (docs/asyncapi.yaml) is current and valid AsyncAPI 3.0."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator, Draft202012Validator
from pdp_common.events.asyncapi import build_document, render
from pdp_common.events.asyncapi_parts import DEAD_LETTER_CHANNEL, DEAD_LETTER_MESSAGE
from pdp_common.events.dataschema import DEFAULT_PUBLIC_URL, dataschema_uri
from pdp_common.events.envelope import encode
from pdp_common.events.outbox import build_envelope
from pdp_common.events.registry import registered
from pdp_common.events.service_subscriptions import service_subscriptions
from pdp_common.events.streams import DEAD_LETTER_PREFIX, DEAD_LETTER_STREAM
from pdp_common.events.subjects import publish_subject

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = Path(__file__).parent / "schemas" / "asyncapi-3.0.0.schema.json"
EVENT_TYPE = re.compile(r"^pdp\.[a-z_]+\.[a-z_]+\.[a-z_]+\.v[1-9][0-9]*$")
CONTRACTS = {
    t: m for t, m in registered().items() if m.__module__.startswith("pdp_common.contracts.")
}
REPORTED = "pdp.incidents.incident.reported.v1"
EXAMPLE_INCIDENT = """{
  "incident_id": "01936f6e-7a00-7b2a-8c11-5d2e3f4a5b6c", "reference": "INC-KGZ-2026-000001",
  "country": "KGZ", "admin1": "Osh", "category": "border_incident",
  "acled_event_type": "Riots", "acled_sub_event_type": "Mob violence", "severity": 3,
  "sensitivity": "internal", "status": "reported", "occurred_at": "2026-11-29T08:15:02Z",
  "latitude": 40.5, "longitude": 72.8, "origin_org": "UNRCCA", "version": 1
}"""


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return build_document()


class TestAsyncApiDocument:
    def test_validates_against_the_official_schema(self, document: dict[str, Any]) -> None:
        validator = Draft7Validator(json.loads(SCHEMA.read_text()))
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
        assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])

    def test_committed_document_is_current(self) -> None:
        committed = (ROOT / "docs" / "asyncapi.yaml").read_text(encoding="utf-8")
        assert committed == render(), "run: uv run python -m pdp_common.events.asyncapi"

    def test_every_contract_event_is_listed(self, document: dict[str, Any]) -> None:
        assert set(CONTRACTS) | {DEAD_LETTER_CHANNEL} == set(document["channels"])
        assert len(CONTRACTS) >= 10

    def test_every_message_refers_to_its_schema(self, document: dict[str, Any]) -> None:
        schemas = document["components"]["schemas"]
        for name, message in document["components"]["messages"].items():
            if name == DEAD_LETTER_MESSAGE:
                continue
            ref = message["payload"]["properties"]["data"]["$ref"]
            assert ref == f"#/components/schemas/{name}"
            assert name in schemas
        assert yaml.safe_load(render()) == document

    def test_every_reference_resolves(self, document: dict[str, Any]) -> None:
        refs = re.findall(r"'\$ref': '#/([^']+)'", str(document))
        assert refs
        for ref in refs:
            node: Any = document
            for token in ref.split("/"):
                node = node[token.replace("~1", "/").replace("~0", "~")]

    def test_operations_name_messages_of_their_channel(self, document: dict[str, Any]) -> None:
        for key, operation in document["operations"].items():
            channel = operation["channel"]["$ref"]
            for message in operation["messages"]:
                assert message["$ref"].startswith(f"{channel}/messages/"), key

    def test_servers_speak_nats(self, document: dict[str, Any]) -> None:
        for server in document["servers"].values():
            assert server["protocol"] == "nats"
            assert "nats" in server["bindings"]


class TestSubjects:
    @pytest.mark.parametrize("event_type", sorted(CONTRACTS))
    def test_channel_address_is_the_type_with_country_and_category(
        self, document: dict[str, Any], event_type: str
    ) -> None:
        channel = document["channels"][event_type]
        assert channel["address"] == f"{event_type}.{{country}}.{{category}}"
        assert set(re.findall(r"{(\w+)}", channel["address"])) == set(channel["parameters"])
        for parameter in channel["parameters"].values():
            assert parameter["description"]

    def test_a_published_subject_matches_its_channel(self, document: dict[str, Any]) -> None:
        data = json.loads(EXAMPLE_INCIDENT)
        subject = publish_subject(REPORTED, data)
        address = document["channels"][REPORTED]["address"]
        pattern = re.escape(address).replace(r"\{country\}", "([^.]+)")
        pattern = pattern.replace(r"\{category\}", "([^.]+)")
        assert re.fullmatch(pattern, subject)
        assert subject.endswith(".KGZ.border_incident")

    def test_dead_letters_have_their_channel_per_consumer(self, document: dict[str, Any]) -> None:
        channel = document["channels"][DEAD_LETTER_CHANNEL]
        assert channel["address"] == f"{DEAD_LETTER_PREFIX}.{{consumer}}"
        assert DEAD_LETTER_STREAM in channel["description"]
        durables = {c.subscription.durable for c in service_subscriptions()}
        assert set(channel["parameters"]["consumer"]["examples"]) == durables


class TestConsumers:
    def test_every_durable_consumer_is_a_receive_operation(self, document: dict[str, Any]) -> None:
        consumers = service_subscriptions()
        assert {c.service for c in consumers} >= {"incidents", "country-teams", "briefings"}
        expected = {
            f"receive.{c.subscription.durable}.{h.event.event_type}"
            for c in consumers
            for h in c.subscription.handlers
        }
        received = {k for k, op in document["operations"].items() if op["action"] == "receive"}
        assert received == expected

    def test_a_receive_operation_says_how_the_durable_filters(
        self, document: dict[str, Any]
    ) -> None:
        operation = document["operations"][f"receive.briefings_incidents.{REPORTED}"]
        assert operation["channel"] == {"$ref": f"#/channels/{REPORTED}"}
        assert operation["bindings"]["nats"]["queue"] == "briefings_incidents"
        assert operation["x-jetstream-consumer"]["filter_subjects"] == [REPORTED, f"{REPORTED}.>"]


class TestEnvelope:
    def test_an_envelope_as_published_validates_against_its_message(
        self, document: dict[str, Any]
    ) -> None:
        model = CONTRACTS[REPORTED]
        envelope = build_envelope(model.model_validate_json(EXAMPLE_INCIDENT))
        payload = document["components"]["messages"][model.__name__]["payload"]
        schema = payload | {"components": document["components"]}
        errors = list(Draft202012Validator(schema).iter_errors(json.loads(encode(envelope))))
        assert errors == []
        assert envelope.dataschema == dataschema_uri(REPORTED)
        assert payload["properties"]["dataschema"]["examples"] == [
            dataschema_uri(REPORTED, base=DEFAULT_PUBLIC_URL)
        ]


class TestEventContracts:
    @pytest.mark.parametrize("event_type", sorted(CONTRACTS))
    def test_event_type_is_versioned_and_documented(self, event_type: str) -> None:
        model = CONTRACTS[event_type]
        assert EVENT_TYPE.match(event_type), event_type
        assert model.__doc__, f"{model.__qualname__} needs a docstring"
        assert model.model_config.get("frozen") is True
