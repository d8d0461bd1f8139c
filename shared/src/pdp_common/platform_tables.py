"""Tables every service has beside its own: outbox, inbox, dead letters and idempotency keys.

Each service creates them in its own schema through its first migration
(:func:`pdp_common.migrations.create_platform_tables`).
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, LargeBinary, String, Table, Text, text

from pdp_common.db import JSONDoc, UTCDateTime, UUIDPk, make_metadata

platform_metadata = make_metadata()

# The events still to publish: the relay deletes a row once the broker has acknowledged its event,
# so every row is unpublished and the relay reads them in id order through the primary key.
outbox = Table(
    "outbox",
    platform_metadata,
    Column("id", UUIDPk, primary_key=True, comment="The event id (UUIDv7), also Nats-Msg-Id."),
    Column("subject", String(200), nullable=False),
    Column("event_type", String(200), nullable=False),
    Column("payload", LargeBinary, nullable=False, comment="The CloudEvent, structured JSON."),
    Column("headers", JSONDoc, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("last_error", Text),
)

inbox = Table(
    "inbox",
    platform_metadata,
    Column("consumer", String(120), primary_key=True),
    Column("event_id", String(120), primary_key=True),
    Column("event_type", String(200), nullable=False),
    Column("stream_sequence", Integer),
    Column("applied_at", UTCDateTime, nullable=False),
)

dead_letters = Table(
    "dead_letters",
    platform_metadata,
    Column("id", UUIDPk, primary_key=True),
    Column("consumer", String(120), nullable=False),
    Column("stream", String(120), nullable=False),
    Column("stream_sequence", Integer),
    Column("subject", String(200), nullable=False),
    Column("event_id", String(120)),
    Column("event_type", String(200)),
    Column("reason", String(40), nullable=False),
    Column("error", Text, nullable=False),
    Column("deliveries", Integer, nullable=False),
    Column("payload", LargeBinary, nullable=False),
    Column("headers", JSONDoc, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("resolved_at", UTCDateTime),
)

idempotency_keys = Table(
    "idempotency_keys",
    platform_metadata,
    Column("scope", String(300), primary_key=True, comment="Caller, method and route."),
    Column("key", String(200), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("status_code", Integer),
    Column("response_body", LargeBinary),
    Column("response_headers", JSONDoc),
    Column("created_at", UTCDateTime, nullable=False),
)
