"""The AsyncAPI 3.0 document of every event the platform publishes, built from the registry.

It lists each event type as a channel on its parameterized subject
(``<type>.{country}.{category}``), the service that publishes it, every service's durable
consumers as ``receive`` operations (from the services' own subscription lists), and the
dead-letter subjects. ``python -m pdp_common.events.asyncapi`` writes it to ``docs/asyncapi.yaml``;
a contract test checks that the committed document is current and valid against the official
AsyncAPI schema.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path
from typing import Any

import yaml
from pydantic.json_schema import models_json_schema

from pdp_common.events import asyncapi_parts as parts
from pdp_common.events.envelope import CLOUDEVENTS_JSON, EventData, producer_of
from pdp_common.events.registry import registered
from pdp_common.events.service_subscriptions import ServiceSubscription, service_subscriptions
from pdp_common.events.streams import stream_name

CONTRACTS_PACKAGE = "pdp_common.contracts."
TITLE = "Preventive Diplomacy Platform events"
VERSION = "1.1.0"
DESCRIPTION = (
    "Business facts published by the platform's services on NATS JetStream, one stream per "
    "producing service (`PDP_<PRODUCER>`, subjects `pdp.<producer>.>`). Each event is published "
    "on `<type>.<country>.<category>`: its type, the ISO 3166-1 alpha-3 code of the one country "
    "it is about and its one threat category, `_` for none or several (events published before "
    "version 1.1.0 of this document have the bare type as subject: subscribe to `<type>` and "
    "`<type>.>` to receive both). Each message is a CloudEvents 1.0 event in structured mode; "
    "its `subject` is the id of the entity it is about and its `dataschema` the URI of the JSON "
    "Schema of its `data`, served by the gateway at `/events/schemas/<type>`. Messages carry "
    "`Nats-Msg-Id` (the event id, for broker-side de-duplication) and W3C trace context "
    "headers. Delivery is at least once: consumers de-duplicate by event id. Event types are "
    "versioned (`.v1`); changes within a version only add optional fields. Messages a consumer "
    "gives up on are copied to `pdp.deadletter.<consumer>` (stream `PDP_DEAD_LETTERS`). See "
    "docs/events.md."
)


def _summary(model: type[EventData]) -> str:
    doc = inspect.getdoc(model) or model.__name__
    return doc.splitlines()[0]


def _contract_events() -> dict[str, type[EventData]]:
    return {
        event_type: model
        for event_type, model in registered().items()
        if model.__module__.startswith(CONTRACTS_PACKAGE)
    }


def _event_parts(
    events: dict[str, type[EventData]],
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Return the channels, publish operations and messages of the event types."""
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for event_type, model in events.items():
        name = model.__name__
        messages[name] = {
            "name": event_type,
            "title": name,
            "summary": _summary(model),
            "contentType": CLOUDEVENTS_JSON,
            "headers": parts.HEADERS_SCHEMA,
            "payload": parts.envelope_schema(event_type, f"#/components/schemas/{name}"),
        }
        channels[event_type] = parts.event_channel(event_type, model)
        operations[f"publish.{event_type}"] = {
            "action": "send",
            "title": f"{producer_of(event_type)} publishes {name}",
            "description": f"Published to stream `{stream_name(producer_of(event_type))}`.",
            "channel": {"$ref": f"#/channels/{event_type}"},
            "messages": [{"$ref": f"#/channels/{event_type}/messages/{name}"}],
        }
    return channels, operations, messages


def _receive_operations(
    consumers: list[ServiceSubscription], events: dict[str, type[EventData]]
) -> dict[str, Any]:
    """Return one ``receive`` operation per durable consumer and event type it applies."""
    operations: dict[str, Any] = {}
    for consumer in consumers:
        sub = consumer.subscription
        for event_type in sorted(e.event.event_type for e in sub.handlers):
            model = events.get(event_type)
            if model is None:
                continue  # a consumer of an event outside the contracts (tests only)
            operations[f"receive.{sub.durable}.{event_type}"] = parts.receive_operation(
                consumer, event_type, model.__name__
            )
    return operations


def build_document(consumers: list[ServiceSubscription] | None = None) -> dict[str, Any]:
    """Return the AsyncAPI 3.0 document of every registered event type, with the durable
    consumers of the services (by default every service's own subscriptions)."""
    events = _contract_events()
    consumers = service_subscriptions() if consumers is None else consumers
    _, defs = models_json_schema(
        [(m, "validation") for m in events.values()],
        ref_template="#/components/schemas/{model}",
    )
    schemas: dict[str, Any] = dict(sorted(defs.get("$defs", {}).items()))
    channels, operations, messages = _event_parts(events)
    operations |= _receive_operations(consumers, events)
    durables = sorted(c.subscription.durable for c in consumers)
    channels[parts.DEAD_LETTER_CHANNEL] = parts.dead_letter_channel(durables)
    operations |= parts.dead_letter_operations()
    messages[parts.DEAD_LETTER_MESSAGE] = parts.dead_letter_message()
    return {
        "asyncapi": "3.0.0",
        "info": {"title": TITLE, "version": VERSION, "description": DESCRIPTION},
        "defaultContentType": CLOUDEVENTS_JSON,
        "servers": parts.SERVERS,
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": schemas},
    }


def render() -> str:
    """Return the document as YAML."""
    return yaml.safe_dump(build_document(), sort_keys=False, allow_unicode=True, width=100)


def main(argv: list[str]) -> None:
    """Write the document to the path given (default ``docs/asyncapi.yaml``)."""
    target = Path(argv[1] if len(argv) > 1 else "docs/asyncapi.yaml")
    target.write_text(render(), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv)
