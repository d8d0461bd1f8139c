"""A synthetic incident record for the early-warning benchmark, generated in memory.

Incidents fall on ``days`` days across countries, admin1 regions and categories; each place has
its own steady rate, and a few places have an escalation (several times their rate for a month),
so a replay does the work of raising, updating and subsiding alerts as well as of quiet days.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from incidents.early_warning.backtest import Record

START = date(2021, 1, 1)
DAYS = 1826
COUNTRIES = ("KAZ", "KGZ", "TJK", "TKM", "UZB")
ADMIN1 = tuple(f"Region {n}" for n in range(1, 11))
CATEGORIES = (
    "armed_conflict",
    "political_violence",
    "unrest",
    "organized_crime",
    "terrorism",
    "border_incident",
    "intercommunal",
    "environmental",
)
STATUSES = ("reported",) * 5 + ("verified",) * 3 + ("under_review", "corrected", "retracted")


def records(count: int, *, days: int = DAYS, seed: int = 16) -> Iterator[Record]:
    """Yield ``count`` synthetic incidents over ``days`` days from ``START`` (bounded, seeded)."""
    rng = random.Random(seed)
    places = [(c, a, k) for c in COUNTRIES for a in ADMIN1 for k in CATEGORIES]
    weights = [rng.uniform(0.2, 3.0) for _ in places]
    escalations = {
        index: rng.randrange(400, days - 40) for index in rng.sample(range(len(places)), 12)
    }
    chosen = rng.choices(range(len(places)), weights=weights, k=count)
    for index in chosen:
        offset = rng.randrange(days)
        onset = escalations.get(index)
        if onset is not None and rng.random() < 0.3:
            offset = onset + rng.randrange(30)
        country, admin1, category = places[index]
        casualties = 0 if rng.random() < 0.7 else rng.randrange(1, 40)
        yield Record(
            occurred_on=START + timedelta(days=offset),
            country=country,
            admin1=admin1,
            category=category,
            severity=rng.randint(1, 5),
            casualties_best=casualties if rng.random() < 0.9 else None,
            confidence_score=rng.random() if rng.random() < 0.8 else None,
            status=rng.choice(STATUSES),
        )
