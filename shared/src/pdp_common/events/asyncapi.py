"""The AsyncAPI 3.0 document of every event the platform publishes, built from the registry.

``python -m pdp_common.events.asyncapi`` writes it to ``docs/asyncapi.yaml``; a contract test checks
that the committed document is current and valid against the official AsyncAPI schema.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path
from typing import Any

import yaml
from pydantic.json_schema import models_json_schema

from pdp_common.events.envelope import CLOUDEVENTS_JSON, EventData, producer_of
from pdp_common.events.registry import registered
from pdp_common.events.streams import stream_name

CONTRACTS_PACKAGE = "pdp_common.contracts."
TITLE = "Preventive Diplomacy Platform events"
VERSION = "1.0.0"
DESCRIPTION = (
    "Business facts published by the platform's services on NATS JetStream, one stream per "
    "producing service (`PDP_<PRODUCER>`, subjects `pdp.<producer>.>`). Each message is a "
    "CloudEvents 1.0 event in structured mode; its `type` equals the NATS subject. Messages carry "
    "`Nats-Msg-Id` (the event id, for broker-side de-duplication) and W3C trace context headers. "
    "Delivery is at least once: consumers de-duplicate by event id. Event types are versioned "
    "(`.v1`); changes within a version only add optional fields."
)


def _envelope_schema(data_ref: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["specversion", "id", "source", "type", "time", "data"],
        "properties": {
            "specversion": {"type": "string", "const": "1.0"},
            "id": {"type": "string", "description": "Event id (UUIDv7); also Nats-Msg-Id."},
            "source": {"type": "string", "description": "`/pdp/<producer>`."},
            "type": {"type": "string", "description": "Event type, equal to the NATS subject."},
            "subject": {"type": "string", "description": "Id of the entity the event is about."},
            "time": {"type": "string", "format": "date-time"},
            "datacontenttype": {"type": "string", "const": "application/json"},
            "traceparent": {"type": "string", "description": "W3C trace context."},
            "tracestate": {"type": "string"},
            "data": {"$ref": data_ref},
        },
    }


HEADERS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "Nats-Msg-Id": {"type": "string", "description": "The event id."},
        "traceparent": {"type": "string", "description": "W3C trace context of the change."},
        "tracestate": {"type": "string"},
        "Content-Type": {"type": "string", "const": CLOUDEVENTS_JSON},
    },
}


def _summary(model: type[EventData]) -> str:
    doc = inspect.getdoc(model) or model.__name__
    return doc.splitlines()[0]


def build_document() -> dict[str, Any]:
    """Return the AsyncAPI 3.0 document of every registered event type."""
    events = {
        event_type: model
        for event_type, model in registered().items()
        if model.__module__.startswith(CONTRACTS_PACKAGE)
    }
    models = list(events.values())
    _, defs = models_json_schema(
        [(m, "validation") for m in models], ref_template="#/components/schemas/{model}"
    )
    schemas: dict[str, Any] = dict(sorted(defs.get("$defs", {}).items()))
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
            "headers": HEADERS_SCHEMA,
            "payload": _envelope_schema(f"#/components/schemas/{name}"),
        }
        channels[event_type] = {
            "address": event_type,
            "title": name,
            "description": f"Stream `{stream_name(producer_of(event_type))}`.",
            "messages": {name: {"$ref": f"#/components/messages/{name}"}},
        }
        operations[f"publish.{event_type}"] = {
            "action": "send",
            "title": f"{producer_of(event_type)} publishes {name}",
            "channel": {"$ref": f"#/channels/{event_type}"},
            "messages": [{"$ref": f"#/channels/{event_type}/messages/{name}"}],
        }
    return {
        "asyncapi": "3.0.0",
        "info": {"title": TITLE, "version": VERSION, "description": DESCRIPTION},
        "defaultContentType": CLOUDEVENTS_JSON,
        "servers": {
            "local": {
                "host": "127.0.0.1:14222",
                "protocol": "nats",
                "description": "The nats-server that `make run` starts.",
            }
        },
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
