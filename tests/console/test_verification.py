"""The queue's order and the transitions offered to each role."""

from __future__ import annotations

from console.verification import queue_order
from console.vocabulary import offered_transitions
from pdp_common.identity import Role


class TestQueueOrder:
    def test_most_severe_then_newest(self) -> None:
        incidents = [
            {"reference": "a", "severity": 3, "created_at": "2026-12-01T00:00:00Z"},
            {"reference": "b", "severity": 5, "created_at": "2026-11-01T00:00:00Z"},
            {"reference": "c", "severity": 3, "created_at": "2026-12-03T00:00:00Z"},
        ]
        assert [i["reference"] for i in queue_order(incidents)] == ["b", "c", "a"]


class TestOfferedTransitions:
    def test_analyst_takes_under_review_only(self) -> None:
        analyst = frozenset({Role.ANALYST})
        assert offered_transitions("reported", analyst) == ["under_review"]
        assert offered_transitions("under_review", analyst) == []

    def test_officer_decides(self) -> None:
        officer = frozenset({Role.OFFICER})
        assert offered_transitions("under_review", officer) == ["verified", "rejected"]
        assert offered_transitions("rejected", officer) == []

    def test_partner_gets_nothing(self) -> None:
        assert offered_transitions("reported", frozenset({Role.PARTNER})) == []
