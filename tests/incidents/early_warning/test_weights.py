from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from incidents.early_warning.weights import COUNTED_STATUSES, incident_weight


class TestIncidentWeight:
    def test_formula(self) -> None:
        weight = incident_weight(
            severity=5, casualties_best=10, confidence_score=1.0, status="verified"
        )
        assert weight == pytest.approx(1.0 + math.log1p(10))

    def test_unknown_confidence_and_casualties(self) -> None:
        weight = incident_weight(
            severity=3, casualties_best=None, confidence_score=None, status="reported"
        )
        assert weight == pytest.approx(0.6 * 0.75)

    @pytest.mark.parametrize("status", ["rejected", "retracted", "merged", "unknown"])
    def test_uncounted_statuses_weigh_nothing(self, status: str) -> None:
        weight = incident_weight(
            severity=5, casualties_best=100, confidence_score=1.0, status=status
        )
        assert weight == 0.0

    def test_counted_statuses(self) -> None:
        assert {"reported", "under_review", "verified", "corrected"} == COUNTED_STATUSES

    @given(
        severity=st.integers(1, 5),
        casualties=st.integers(0, 10_000),
        confidence=st.floats(0.0, 1.0),
        more=st.integers(1, 1000),
    )
    def test_more_casualties_or_confidence_never_weigh_less(
        self, severity: int, casualties: int, confidence: float, more: int
    ) -> None:
        def weight(casualties: int, confidence: float) -> float:
            return incident_weight(
                severity=severity,
                casualties_best=casualties,
                confidence_score=confidence,
                status="verified",
            )

        base = weight(casualties, confidence)
        assert base > 0
        assert weight(casualties + more, confidence) > base
        assert weight(casualties, min(confidence + 0.1, 1.0)) >= base

    def test_out_of_range_inputs_are_clamped(self) -> None:
        weight = incident_weight(
            severity=9, casualties_best=-3, confidence_score=1.7, status="verified"
        )
        assert weight == pytest.approx(1.0)
