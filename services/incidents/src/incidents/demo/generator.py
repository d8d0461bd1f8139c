"""Turn the demo storylines into deterministic incident create payloads."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from incidents.demo.places import Place, place
from incidents.demo.sources import NATIONAL, PARTNERS, DemoSource
from incidents.demo.storylines import STORYLINES, Storyline
from incidents.geo.countries import country_by_alpha3

SEED = 20260601
START, END = date(2026, 6, 1), date(2026, 11, 28)
TAG = "synthetic-demo"
CENTRAL_ASIA = frozenset({"KAZ", "KGZ", "TJK", "TKM", "UZB"})
CREDIBILITY = {"A": (1, 2, 2, 3), "B": (2, 2, 3, 3), "C": (2, 3, 3, 4), "D": (3, 4, 4, 5)}


def _country_name(code: str) -> str:
    country = country_by_alpha3(code)
    return country.name if country else code


def _moment(rng: random.Random, months: tuple[int, ...]) -> datetime:
    days = [START + timedelta(d) for d in range((END - START).days + 1)]
    day = rng.choice([d for d in days if d.month in months])
    return datetime(
        day.year, day.month, day.day, rng.randint(3, 20), rng.randrange(0, 60, 5), tzinfo=UTC
    )


def _source(rng: random.Random, source: DemoSource, occurred: datetime) -> dict[str, Any]:
    published = occurred + timedelta(hours=rng.randint(1, 30))
    credibility = 6 if source.reliability == "F" else rng.choice(CREDIBILITY[source.reliability])
    path = f"{published:%Y/%m/%d}/{rng.randrange(10_000, 99_999)}"
    return {
        "name": source.name,
        "type": source.type,
        "reliability": source.reliability,
        "credibility": credibility,
        "url": f"https://{source.slug}.demo.invalid/{path}",
        "published_at": published.isoformat(),
        "reported_by_org": source.reported_by_org,
    }


def _sources(
    rng: random.Random, story: Storyline, where: Place, occurred: datetime
) -> list[dict[str, Any]]:
    pool = list(NATIONAL[where.country])
    chosen = rng.sample(pool, k=min(len(pool), rng.choice((1, 1, 2, 2, 3))))
    if story.partners and rng.random() < 0.45:
        chosen.append(PARTNERS[rng.choice(story.partners)])
    if rng.random() < 0.08:
        chosen.append(PARTNERS["SOCIAL"])
    return [_source(rng, s, occurred) for s in chosen]


def _texts(story: Storyline, where: Place, amount: int) -> dict[str, str]:
    values = {
        "place": where.name,
        "place_ru": where.name_ru,
        "admin1": where.admin1,
        "n": str(amount),
    }
    return {
        "title": story.title.format(**values),
        "summary": story.summary.format(**values),
        "title_ru": story.title_ru.format(**values),
        "summary_ru": story.summary_ru.format(**values),
    }


def _language(rng: random.Random, where: Place, texts: dict[str, str]) -> dict[str, Any]:
    """Choose the original language (Russian for some Central Asian reports) and translations."""
    english = {"title": texts["title"], "summary": texts["summary"]}
    russian = {"title": texts["title_ru"], "summary": texts["summary_ru"]}
    if where.country in CENTRAL_ASIA and rng.random() < 0.3:
        translations = [{"language": "en", **english}] if rng.random() < 0.6 else []
        return {**russian, "language": "ru", "translations": translations}
    translations = [{"language": "ru", **russian}] if rng.random() < 0.2 else []
    return {**english, "language": "en", "translations": translations}


def _casualties(rng: random.Random, story: Storyline) -> dict[str, int]:
    best = rng.randint(*story.fatalities)
    low = max(0, best - rng.randint(0, 1)) if best else 0
    return {"best": best, "low": low, "high": best + (rng.randint(0, 2) if best else 0)}


REVIEW = {"to": "under_review"}
VERIFIED = [REVIEW, {"to": "verified", "reason": "Corroborated by independent sources"}]
# Cumulative odds of each review history for reports more than a week old.
SETTLED: tuple[tuple[float, list[dict[str, str]]], ...] = (
    (0.08, []),
    (0.20, [REVIEW]),
    (0.28, [REVIEW, {"to": "rejected", "reason": "Not corroborated by any independent source"}]),
    (0.33, [*VERIFIED, {"to": "corrected", "reason": "Casualty and location details revised"}]),
    (0.35, [*VERIFIED, {"to": "retracted", "reason": "Source withdrew its report"}]),
    (1.00, VERIFIED),
)


def _workflow(rng: random.Random, occurred: datetime) -> list[dict[str, str]]:
    """Return the review history: recent reports are still open, older ones mostly settled."""
    age = (datetime(END.year, END.month, END.day, tzinfo=UTC) - occurred).days
    roll = rng.random()
    if age < 7:
        return [] if roll < 0.6 else [dict(REVIEW)]
    history = next(steps for odds, steps in SETTLED if roll < odds)
    return [dict(step) for step in history]


def _incident(rng: random.Random, story: Storyline) -> dict[str, Any]:
    where = place(rng.choice(story.places))
    occurred = _moment(rng, story.months)
    country = _country_name(where.country)
    casualties = _casualties(rng, story)
    severity = min(5, rng.randint(*story.severity) + (1 if casualties["best"] >= 3 else 0))
    jitter = 0.0 if story.geo_precision > 1 else 0.002
    precision = (
        "week" if story.geo_precision == 3 else rng.choice(("hour", "hour", "day", "day", "minute"))
    )
    return {
        **_language(rng, where, _texts(story, where, rng.randint(*story.amount))),
        "occurred_at": occurred.isoformat(),
        "time_precision": precision,
        "country": where.country,
        "admin1": where.admin1,
        "admin2": where.admin2,
        "location": where.name,
        "latitude": round(where.latitude + rng.uniform(-jitter, jitter), 4),
        "longitude": round(where.longitude + rng.uniform(-jitter, jitter), 4),
        "geo_precision": story.geo_precision,
        "category": str(story.category),
        "event_type": story.event_type,
        "sub_event_type": story.sub_event_type,
        "actor1": story.actor1.format(country=country),
        "assoc_actor_1": list(story.assoc_actor_1),
        "actor2": story.actor2.format(country=country) if story.actor2 else None,
        "assoc_actor_2": list(story.assoc_actor_2),
        "casualties": casualties,
        "severity": severity,
        "sensitivity": rng.choice(story.sensitivity),
        "tags": [*story.tags, TAG],
        "sources": _sources(rng, story, where, occurred),
        "origin": None,
        "workflow": _workflow(rng, occurred),
    }


def storyline_incidents(rng: random.Random) -> list[dict[str, Any]]:
    """Return the incidents of every storyline, drawn from ``rng``."""
    return [_incident(rng, story) for story in STORYLINES for _ in range(story.count)]
