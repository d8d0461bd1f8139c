"""The strict base of API schemas."""

from __future__ import annotations

import pytest
from pdp_common.schemas import Strict
from pydantic import ConfigDict, ValidationError


class Note(Strict):
    text: str


class NoteWithExample(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"text": "x"}]})

    text: str


class TestStrict:
    def test_known_fields_are_taken(self) -> None:
        assert Note.model_validate({"text": "hello"}).text == "hello"

    def test_an_unknown_field_is_refused(self) -> None:
        with pytest.raises(ValidationError) as caught:
            Note.model_validate({"text": "hello", "txet": "typo"})
        assert caught.value.errors()[0]["type"] == "extra_forbidden"

    def test_a_subclass_config_keeps_the_refusal(self) -> None:
        with pytest.raises(ValidationError):
            NoteWithExample.model_validate({"text": "hello", "other": 1})
        assert NoteWithExample.model_json_schema()["examples"] == [{"text": "x"}]
        assert NoteWithExample.model_json_schema()["additionalProperties"] is False
