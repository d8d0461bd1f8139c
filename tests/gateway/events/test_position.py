"""Where a stream starts: after the last event seen, at a time, or with new events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from gateway.events.aggregate import Bounds
from gateway.events.errors import EventPositionExpired, EventPositionInvalid
from gateway.events.position import Start, check_since, parse_event_id, start_of
from nats.js.api import DeliverPolicy

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
WEEK = 7 * 86_400.0


def start(last: int | None = None, since: datetime | None = None, *, first: int, end: int) -> Start:
    return start_of(
        last_event_id=last,
        since=since,
        bounds=Bounds(first=first, last=end),
        retention_seconds=WEEK,
        now=NOW,
    )


class TestParseEventId:
    @pytest.mark.parametrize("value", [None, "", "  "])
    def test_none_is_no_position(self, value: str | None) -> None:
        assert parse_event_id(value) is None

    def test_a_number_is_a_position(self) -> None:
        assert parse_event_id(" 42 ") == 42

    @pytest.mark.parametrize("value", ["-1", "4.2", "latest", "٣", str(2**64)])
    def test_anything_else_is_refused(self, value: str) -> None:
        with pytest.raises(EventPositionInvalid):
            parse_event_id(value)


class TestCheckSince:
    def test_a_time_with_a_zone_is_taken_in_utc(self) -> None:
        local = datetime(2026, 12, 6, 17, 0, tzinfo=UTC).astimezone()
        assert check_since(local) == datetime(2026, 12, 6, 17, 0, tzinfo=UTC)

    def test_a_time_without_a_zone_is_refused(self) -> None:
        with pytest.raises(EventPositionInvalid):
            check_since(datetime(2026, 12, 6, 17, 0))


class TestStartOf:
    def test_without_a_position_new_events(self) -> None:
        assert start(first=1, end=10).policy is DeliverPolicy.NEW

    def test_after_the_last_event_seen(self) -> None:
        begin = start(7, first=1, end=10)
        assert (begin.policy, begin.sequence) == (DeliverPolicy.BY_START_SEQUENCE, 8)

    def test_after_the_last_event_of_the_stream(self) -> None:
        assert start(10, first=1, end=10).sequence == 11

    def test_from_the_start_of_a_new_stream(self) -> None:
        assert start(0, first=0, end=0).sequence == 1

    def test_a_position_whose_successors_were_dropped_is_gone(self) -> None:
        with pytest.raises(EventPositionExpired) as raised:
            start(3, first=5, end=10)
        assert raised.value.extensions["first_event_id"] == 5

    def test_the_position_just_before_the_first_event_is_kept(self) -> None:
        assert start(4, first=5, end=10).sequence == 5

    def test_a_position_beyond_the_stream_is_gone(self) -> None:
        with pytest.raises(EventPositionExpired):
            start(11, first=1, end=10)

    def test_the_last_event_id_wins_over_since(self) -> None:
        assert start(7, NOW, first=1, end=10).policy is DeliverPolicy.BY_START_SEQUENCE

    def test_since_a_time(self) -> None:
        begin = start(since=NOW - timedelta(hours=1), first=1, end=10)
        assert (begin.policy, begin.time) == (DeliverPolicy.BY_START_TIME, NOW - timedelta(hours=1))

    def test_since_before_the_retention_when_events_were_dropped_is_gone(self) -> None:
        with pytest.raises(EventPositionExpired):
            start(since=NOW - timedelta(days=8), first=5, end=10)

    def test_since_before_the_retention_of_a_whole_stream_is_kept(self) -> None:
        assert start(since=NOW - timedelta(days=30), first=1, end=10).time is not None
