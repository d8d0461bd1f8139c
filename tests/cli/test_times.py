"""Points in time as typed on the command line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import typer
from pdp_cli.times import parse_since

NOW = datetime(2026, 12, 6, 3, 0, tzinfo=UTC)


class TestParseSince:
    @pytest.mark.parametrize(
        ("text", "delta"),
        [("30s", timedelta(seconds=30)), ("15m", timedelta(minutes=15)),
         ("2h", timedelta(hours=2)), ("3d", timedelta(days=3)), ("1w", timedelta(weeks=1))],
    )  # fmt: skip
    def test_a_duration_counts_back_from_now(self, text: str, delta: timedelta) -> None:
        assert parse_since(text, now=NOW) == NOW - delta

    def test_an_iso_time_without_a_zone_is_utc(self) -> None:
        assert parse_since("2026-12-05T10:00:00") == datetime(2026, 12, 5, 10, tzinfo=UTC)

    def test_an_iso_time_with_a_zone_is_converted_to_utc(self) -> None:
        expected = datetime(2026, 12, 5, 5, tzinfo=UTC)
        assert parse_since("2026-12-05T10:00:00+05:00") == expected

    def test_anything_else_is_refused(self) -> None:
        with pytest.raises(typer.BadParameter):
            parse_since("yesterday")
