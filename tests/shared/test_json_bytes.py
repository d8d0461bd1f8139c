"""Pre-serialized JSON: the same text meaning as pydantic's JSON dump of the same values."""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import orjson
import pytest
from pdp_common.json_bytes import JSONBytesResponse, dump_json, json_response
from pydantic import BaseModel


class Colour(enum.StrEnum):
    RED = "red"


class Grade(enum.IntEnum):
    TWO = 2


class Sample(BaseModel):
    id: uuid.UUID
    at: datetime
    colour: Colour
    grade: Grade
    ratio: float
    note: str | None
    tags: list[str]


class OtherUUID(uuid.UUID):
    """A UUID of another class, as asyncpg returns them."""


SAMPLE_TIMES = [
    datetime(2026, 12, 5, 13, 0, tzinfo=UTC),
    datetime(2026, 12, 5, 13, 0, 0, 120000, tzinfo=UTC),
    datetime(2026, 12, 5, 13, 0, 0, 1, tzinfo=timezone(timedelta(hours=5))),
    datetime(2026, 12, 5, 13, 0, tzinfo=timezone(timedelta(hours=-3, minutes=-30))),
]


class TestDumpJson:
    @pytest.mark.parametrize("at", SAMPLE_TIMES)
    def test_matches_the_model_dump(self, at: datetime) -> None:
        values: dict[str, Any] = {
            "id": uuid.UUID("01a2464b-adbb-74ee-b0a6-45c1d2b9bc80"),
            "at": at,
            "colour": Colour.RED,
            "grade": Grade.TWO,
            "ratio": 0.1 + 0.2,
            "note": None,
            "tags": ["Тараз", 'a"b'],
        }
        assert dump_json(values) == Sample(**values).model_dump_json().encode()

    def test_a_uuid_of_another_class_is_its_text(self) -> None:
        value = OtherUUID("01a2464b-adbb-74ee-b0a6-45c1d2b9bc80")
        assert orjson.loads(dump_json({"id": value})) == {"id": str(value)}

    def test_an_unknown_type_is_refused(self) -> None:
        with pytest.raises(TypeError):
            dump_json({"x": object()})


class TestJsonResponse:
    def test_sends_the_bytes_as_json_with_headers(self) -> None:
        response = json_response({"a": 1}, status_code=201, headers={"ETag": '"1"'})
        assert isinstance(response, JSONBytesResponse)
        assert response.body == b'{"a":1}'
        assert response.status_code == 201
        assert response.headers["content-type"] == "application/json"
        assert response.headers["etag"] == '"1"'
        assert response.headers["content-length"] == "7"


class TestModels:
    def test_a_model_inside_plain_data_is_dumped_by_its_serializer(self) -> None:
        sample = Sample(
            id=uuid.UUID("01a2464b-adbb-74ee-b0a6-45c1d2b9bc80"),
            at=SAMPLE_TIMES[1],
            colour=Colour.RED,
            grade=Grade.TWO,
            ratio=1.5,
            note="n",
            tags=[],
        )
        body = dump_json({"items": [sample, sample], "next_cursor": None})
        expected = {"items": [sample.model_dump(mode="json")] * 2, "next_cursor": None}
        assert orjson.loads(body) == expected
        assert dump_json(sample) == sample.model_dump_json().encode()
