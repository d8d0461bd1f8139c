"""Every event names the schema of its data by a URI under the platform's public address."""

from __future__ import annotations

import pytest
from pdp_common.contracts import incidents as incident_events
from pdp_common.events.dataschema import (
    DEFAULT_PUBLIC_URL,
    JSON_SCHEMA_DIALECT,
    data_schema,
    dataschema_uri,
    public_url,
)

REPORTED = incident_events.IncidentReported.event_type


class TestDataschemaUri:
    def test_is_the_schema_path_under_the_public_address(self) -> None:
        assert dataschema_uri(REPORTED, base="https://pdp.example.org/") == (
            f"https://pdp.example.org/events/schemas/{REPORTED}"
        )

    def test_defaults_to_the_local_gateway(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("PDP_PUBLIC_URL", "")  # as .env.example leaves it
        public_url.cache_clear()
        try:
            assert dataschema_uri(REPORTED).startswith(f"{DEFAULT_PUBLIC_URL}/events/schemas/")
        finally:
            public_url.cache_clear()

    def test_the_public_address_is_read_from_the_environment(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("PDP_PUBLIC_URL", "https://pdp.example.org/")
        public_url.cache_clear()
        try:
            assert dataschema_uri(REPORTED) == f"https://pdp.example.org/events/schemas/{REPORTED}"
        finally:
            public_url.cache_clear()


class TestDataSchema:
    def test_is_the_json_schema_of_the_contract(self) -> None:
        schema = data_schema(REPORTED, base="https://pdp.example.org")
        assert schema is not None
        assert schema["$schema"] == JSON_SCHEMA_DIALECT
        assert schema["$id"] == f"https://pdp.example.org/events/schemas/{REPORTED}"
        assert schema["title"] == "IncidentReported"

    def test_is_none_for_an_unknown_type(self) -> None:
        assert data_schema("pdp.incidents.incident.unknown.v1") is None
