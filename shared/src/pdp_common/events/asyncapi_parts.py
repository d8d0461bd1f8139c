"""The pieces of the AsyncAPI document: servers, envelope and header schemas, the channel of an
event type with its subject parameters, consumers' ``receive`` operations, and the dead letters.
"""

from __future__ import annotations

from typing import Any

from pdp_common.events.dataschema import DEFAULT_PUBLIC_URL, SCHEMA_PATH, dataschema_uri
from pdp_common.events.envelope import CLOUDEVENTS_JSON, EventData, producer_of
from pdp_common.events.service_subscriptions import ServiceSubscription
from pdp_common.events.streams import DEAD_LETTER_PREFIX, DEAD_LETTER_STREAM, stream_name
from pdp_common.events.subjects import NOT_ONE, type_filters

NATS_BINDING_VERSION = "0.1.0"
DEAD_LETTER_CHANNEL = "deadletters"
DEAD_LETTER_MESSAGE = "DeadLetter"
DEAD_LETTER_REASONS = ["undecodable", "invalid", "poison", "max_deliveries", "terminated"]

SERVERS: dict[str, Any] = {
    "local": {
        "host": "127.0.0.1:14222",
        "protocol": "nats",
        "description": "The nats-server (JetStream) that `make run` starts.",
        "bindings": {"nats": {}},
    },
    "deployment": {
        "host": "nats:4222",
        "protocol": "nats",
        "description": (
            "The platform's NATS with JetStream inside Docker Compose or the Kubernetes namespace "
            "(on Kubernetes a three-node cluster, streams replicated three times)."
        ),
        "bindings": {"nats": {}},
    },
}

HEADERS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "Nats-Msg-Id": {
            "type": "string",
            "description": "The event id: the broker stores an event published twice once.",
        },
        "traceparent": {"type": "string", "description": "W3C trace context of the change."},
        "tracestate": {"type": "string"},
        "Content-Type": {"type": "string", "const": CLOUDEVENTS_JSON},
    },
}


def envelope_schema(event_type: str, data_ref: str) -> dict[str, Any]:
    """Return the schema of the CloudEvents envelope of ``event_type`` with data ``data_ref``."""
    example = dataschema_uri(event_type, base=DEFAULT_PUBLIC_URL)
    return {
        "type": "object",
        "required": ["specversion", "id", "source", "type", "time", "data"],
        "properties": {
            "specversion": {"type": "string", "const": "1.0"},
            "id": {"type": "string", "description": "Event id (UUIDv7); also Nats-Msg-Id."},
            "source": {"type": "string", "description": "`/pdp/<producer>`."},
            "type": {
                "type": "string",
                "const": event_type,
                "description": "Event type: the first five tokens of the NATS subject.",
            },
            "subject": {"type": "string", "description": "Id of the entity the event is about."},
            "time": {"type": "string", "format": "date-time"},
            "datacontenttype": {"type": "string", "const": "application/json"},
            "dataschema": {
                "type": "string",
                "format": "uri",
                "description": (
                    f"URI of the JSON Schema of `data`: `<PDP_PUBLIC_URL>{SCHEMA_PATH}/"
                    f"{event_type}`, served by the gateway (absent from events published "
                    "before this document's version 1.1.0)."
                ),
                "examples": [example],
            },
            "traceparent": {"type": "string", "description": "W3C trace context."},
            "tracestate": {"type": "string"},
            "data": {"$ref": data_ref},
        },
    }


def _token_parameter(
    model: type[EventData], field: str, plural: str, what: str, examples: list[str]
) -> dict[str, Any]:
    fields = model.model_fields
    if field in fields:
        required = fields[field].is_required()
        when = "" if required else f", or `{NOT_ONE}` when it is null"
        return {
            "description": f"{what} of the event (`data.{field}`){when}.",
            "examples": examples if required else [*examples, NOT_ONE],
        }
    if plural in fields:
        return {
            "description": (
                f"{what} of the event when `data.{plural}` names exactly one, else `{NOT_ONE}`."
            ),
            "examples": [*examples, NOT_ONE],
        }
    return {
        "description": f"Always `{NOT_ONE}`: these events are not about one {field}.",
        "enum": [NOT_ONE],
    }


def event_channel(event_type: str, model: type[EventData]) -> dict[str, Any]:
    """Return the channel of an event type: its parameterized subject and its message."""
    name = model.__name__
    stream = stream_name(producer_of(event_type))
    return {
        "address": f"{event_type}.{{country}}.{{category}}",
        "title": name,
        "description": (
            f"Stream `{stream}`. Published on `{event_type}.<country>.<category>`; events "
            f"published before this subject scheme have `{event_type}` as subject. Subscribe to "
            f"`{event_type}.>` and `{event_type}` to receive them all."
        ),
        "parameters": {
            "country": _token_parameter(
                model, "country", "countries", "ISO 3166-1 alpha-3 code of the country", ["KGZ"]
            ),
            "category": _token_parameter(
                model, "category", "categories", "Threat category", ["border_incident"]
            ),
        },
        "messages": {name: {"$ref": f"#/components/messages/{name}"}},
    }


def receive_operation(consumer: ServiceSubscription, event_type: str, name: str) -> dict[str, Any]:
    """Return the ``receive`` operation of one durable consumer for one event type."""
    sub = consumer.subscription
    jetstream: dict[str, Any] = {
        "stream": sub.stream,
        "durable": sub.durable,
        "filter_subjects": type_filters(event_type),
        "deliver_policy": "all",
        "ack_policy": "explicit",
    }
    if sub.max_deliver is not None:
        jetstream["max_deliver"] = sub.max_deliver
    operation: dict[str, Any] = {
        "action": "receive",
        "title": f"{consumer.service} applies {name}",
        "summary": f"Durable pull consumer `{sub.durable}` of stream `{sub.stream}`.",
        "channel": {"$ref": f"#/channels/{event_type}"},
        "messages": [{"$ref": f"#/channels/{event_type}/messages/{name}"}],
        "bindings": {"nats": {"queue": sub.durable, "bindingVersion": NATS_BINDING_VERSION}},
        "x-jetstream-consumer": jetstream,
    }
    if sub.description:
        operation["description"] = sub.description
    return operation


def dead_letter_channel(durables: list[str]) -> dict[str, Any]:
    """Return the channel of dead letters, one subject per consumer."""
    return {
        "address": f"{DEAD_LETTER_PREFIX}.{{consumer}}",
        "title": "Dead letters",
        "description": (
            f"Stream `{DEAD_LETTER_STREAM}` (kept 90 days): a copy of each message a consumer "
            "gave up on (undecodable, invalid data, a handler that failed for good, or the "
            "delivery limit reached), with the reason in headers. The consumer's service also "
            "records it in its `dead_letters` table (`python -m <service> dead-letters`)."
        ),
        "parameters": {
            "consumer": {
                "description": "Durable name of the consumer that gave up on the message.",
                "examples": durables,
            }
        },
        "messages": {DEAD_LETTER_MESSAGE: {"$ref": f"#/components/messages/{DEAD_LETTER_MESSAGE}"}},
    }


def dead_letter_operations() -> dict[str, Any]:
    """Return the operation of services copying dead letters to their subject."""
    channel = f"#/channels/{DEAD_LETTER_CHANNEL}"
    return {
        "publish.deadletter": {
            "action": "send",
            "title": "A consumer dead-letters a message",
            "channel": {"$ref": channel},
            "messages": [{"$ref": f"{channel}/messages/{DEAD_LETTER_MESSAGE}"}],
        }
    }


def dead_letter_message() -> dict[str, Any]:
    """Return the message of a dead letter: the original body, the reason in headers."""
    text = {"type": "string"}
    return {
        "name": "dead-letter",
        "title": "Dead letter",
        "summary": "A message a consumer gave up on, as it was received.",
        "contentType": CLOUDEVENTS_JSON,
        "headers": {
            "type": "object",
            "properties": {
                "Nats-Msg-Id": text | {"description": "Id of the dead letter (not the event)."},
                "Pdp-Dead-Letter-Reason": {"type": "string", "enum": DEAD_LETTER_REASONS},
                "Pdp-Dead-Letter-Consumer": text | {"description": "Durable name."},
                "Pdp-Original-Subject": text | {"description": "Subject it was published on."},
                "Pdp-Original-Stream": text,
                "Pdp-Original-Sequence": text | {"description": "Sequence in that stream."},
                "Pdp-Error": text | {"description": "The error, at most 500 characters."},
            },
        },
        "payload": {
            "description": (
                "The original message's body as received: normally the CloudEvent, or bytes "
                "that are not one (reason `undecodable`). Its other headers are kept too."
            )
        },
    }
