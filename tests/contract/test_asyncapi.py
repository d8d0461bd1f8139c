"""The event catalogue (docs/asyncapi.yaml) is current and valid AsyncAPI 3.0."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator
from pdp_common.events.asyncapi import build_document, render
from pdp_common.events.registry import registered

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = Path(__file__).parent / "schemas" / "asyncapi-3.0.0.schema.json"
EVENT_TYPE = re.compile(r"^pdp\.[a-z_]+\.[a-z_]+\.[a-z_]+\.v[1-9][0-9]*$")
CONTRACTS = {
    t: m for t, m in registered().items() if m.__module__.startswith("pdp_common.contracts.")
}


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
        assert set(CONTRACTS) == set(document["channels"])
        assert len(CONTRACTS) >= 10

    def test_every_message_refers_to_its_schema(self, document: dict[str, Any]) -> None:
        schemas = document["components"]["schemas"]
        for name, message in document["components"]["messages"].items():
            ref = message["payload"]["properties"]["data"]["$ref"]
            assert ref == f"#/components/schemas/{name}"
            assert name in schemas
        assert yaml.safe_load(render()) == document


class TestEventContracts:
    @pytest.mark.parametrize("event_type", sorted(CONTRACTS))
    def test_event_type_is_versioned_and_documented(self, event_type: str) -> None:
        model = CONTRACTS[event_type]
        assert EVENT_TYPE.match(event_type), event_type
        assert model.__doc__, f"{model.__qualname__} needs a docstring"
        assert model.model_config.get("frozen") is True
