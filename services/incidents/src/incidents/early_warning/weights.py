"""How much one incident weighs in the early-warning indicators.

An incident's weight grows with its severity, with the people it killed or injured (on a log scale,
so that one massacre does not drown out a month of clashes) and with the confidence of its sources::

    weight = severity / 5 * (1 + ln(1 + casualties)) * (0.5 + 0.5 * confidence)

``casualties`` is ``casualties_best`` (unknown counts as 0) and ``confidence`` the source
confidence score in [0, 1] (unknown counts as 0.5, so an unscored report weighs 0.75 of a fully
confirmed one and a rumour still weighs half). A reported clash of severity 3 without casualties
and without a score weighs 0.45; a verified (confidence 1) severity-5 attack killing 10 weighs 3.4.

Only incidents in ``COUNTED_STATUSES`` weigh anything: a rejected or retracted incident, or one
merged into another (whose weight the surviving record carries), weighs 0, so recomputing after
such a change removes its contribution.
"""

from __future__ import annotations

import math

COUNTED_STATUSES: frozenset[str] = frozenset({"reported", "under_review", "verified", "corrected"})
"""Statuses whose incidents count; any other (rejected, retracted, merged) weighs 0."""

UNKNOWN_CONFIDENCE = 0.5
"""Confidence assumed for an incident without a confidence score."""

MAX_SEVERITY = 5


def incident_weight(
    *, severity: int, casualties_best: int | None, confidence_score: float | None, status: str
) -> float:
    """Return the weight of one incident in the indicators (0.0 if its status does not count)."""
    if status not in COUNTED_STATUSES:
        return 0.0
    confidence = UNKNOWN_CONFIDENCE if confidence_score is None else confidence_score
    confidence = min(max(confidence, 0.0), 1.0)
    casualties = max(casualties_best or 0, 0)
    severity_share = min(max(severity, 0), MAX_SEVERITY) / MAX_SEVERITY
    return severity_share * (1.0 + math.log1p(casualties)) * (0.5 + 0.5 * confidence)
