"""API input fields take what their schema says: RFC 3339 text, JSON booleans."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pdp_common.input_fields import Day, Flag, Timestamp
from pydantic import BaseModel, ValidationError


class Input(BaseModel):
    at: Timestamp | None = None
    on: Day | None = None
    flag: Flag | None = None


class TestTimestamp:
    @pytest.mark.parametrize("value", ["2026-12-05T08:00:00Z", "2026-12-05T11:00:00+03:00"])
    def test_rfc_3339_text_is_taken(self, value: str) -> None:
        assert Input(at=value).at == datetime(2026, 12, 5, 8, tzinfo=UTC)

    @pytest.mark.parametrize("value", [0, 0.5, "0", "0.5", "1733385600", " 12e3 ", True])
    def test_numbers_are_refused(self, value: object) -> None:
        with pytest.raises(ValidationError, match="RFC 3339"):
            Input(at=value)

    def test_a_time_without_offset_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="timezone"):
            Input(at="2026-12-05T08:00:00")


class TestDay:
    def test_a_full_date_is_taken(self) -> None:
        assert Input(on="2026-12-05").on == date(2026, 12, 5)

    @pytest.mark.parametrize("value", [0, "0", "20261205"])
    def test_numbers_are_refused(self, value: object) -> None:
        with pytest.raises(ValidationError, match="RFC 3339"):
            Input(on=value)


class TestFlag:
    @pytest.mark.parametrize("value", ["true", "yes", 1, 0])
    def test_only_json_booleans_are_taken(self, value: object) -> None:
        with pytest.raises(ValidationError):
            Input(flag=value)
        assert Input(flag=True).flag is True
