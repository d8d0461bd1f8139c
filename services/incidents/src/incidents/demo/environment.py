"""Synthetic demo environmental series: river flows, a reservoir, a mudflow season and a drought.

Every value is made up; sites and seasons are real-looking. Seven years of history end on the
seeding day, every third day for levels and flows. In the current year the Amu Darya runs low
since late summer and the Dashoguz drought index has fallen, so the regional picture shows both
departing from their seasons; the Syr Darya, Toktogul and the Batken mudflows follow their usual
seasons and are not flagged.

The rows go through the same checks and storing as a CSV import.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from incidents.demo.generator import SEED
from incidents.early_warning.environment import parsing, service
from incidents.early_warning.environment.schemas import ObservationImportReport

YEARS = 7
STEP_DAYS = 3
DRY_SINCE_DAYS = 120
"""The current year's low water and drought began this many days before the seeding day."""

Site = tuple[str, str, str, str, str, float, float, str]
"""country, admin1, site, kind, unit, latitude, longitude, source."""

AMU_DARYA: Site = ("TKM", "Lebap", "Amu Darya at Kerki", "river_flow", "m3/s", 37.83, 65.21,
                   "Demo hydromet service")  # fmt: skip
SYR_DARYA: Site = ("UZB", "Tashkent", "Syr Darya at Chinaz", "river_flow", "m3/s", 40.94, 68.76,
                   "Demo hydromet service")  # fmt: skip
TOKTOGUL: Site = ("KGZ", "Jalal-Abad", "Toktogul reservoir", "reservoir_volume", "km3", 41.68,
                  72.64, "Demo energy ministry bulletin")  # fmt: skip
BATKEN_MUDFLOWS: Site = ("KGZ", "Batken", "Batken foothills", "mudflow_event", "events", 40.06,
                         70.82, "Demo emergencies ministry")  # fmt: skip
DASHOGUZ_DROUGHT: Site = ("TKM", "Dashoguz", "Dashoguz oasis", "drought_index", "index", 41.84,
                          59.97, "Demo drought monitor")  # fmt: skip


def _season(day: date, peak_day: int, width: float) -> float:
    """1 at ``peak_day`` of the year, falling off over ``width`` days (wrapping the year)."""
    distance = min(
        abs(day.timetuple().tm_yday - peak_day), 365 - abs(day.timetuple().tm_yday - peak_day)
    )
    return math.exp(-((distance / width) ** 2))


def _rows(
    site: Site, days: list[date], value: Callable[[date], float | None]
) -> list[dict[str, str]]:
    country, admin1, name, kind, unit, lat, lon, source = site
    rows = []
    for day in days:
        number = value(day)
        if number is None:
            continue
        rows.append({
            "country": country, "admin1": admin1, "site": name, "kind": kind, "unit": unit,
            "observed_on": day.isoformat(), "value": f"{number:.3f}", "latitude": str(lat),
            "longitude": str(lon), "source": source, "quality": "provisional",
        })  # fmt: skip
    return rows


def demo_environment_rows(today: date) -> list[dict[str, str]]:
    """Return the demo observations as CSV rows (column name to cell), oldest first per series."""
    rng = random.Random(f"{SEED}-environment")  # noqa: S311 - reproducible demo data, not a secret
    first = today.replace(year=today.year - YEARS, month=1, day=1)
    days = [today - timedelta(days=n) for n in range(0, (today - first).days + 1, STEP_DAYS)][::-1]
    dry_from = today - timedelta(days=DRY_SINCE_DAYS)

    def noise(scale: float) -> float:
        return 1 + rng.uniform(-scale, scale)

    def amu(day: date) -> float:
        flow = (700 + 3_000 * _season(day, 200, 55)) * noise(0.05)
        return flow * (0.45 if day >= dry_from else 1.0)

    def syr(day: date) -> float:
        return (250 + 900 * _season(day, 170, 45)) * noise(0.05)

    def toktogul(day: date) -> float:
        return (13.5 + 4.5 * math.sin(2 * math.pi * (day.timetuple().tm_yday - 200) / 365)) * noise(
            0.01
        )

    def mudflows(day: date) -> float | None:
        if day == first:
            return 0.0
        chance = 0.12 * _season(day, 120, 30)
        return 1.0 if rng.random() < chance else None

    def drought(day: date) -> float:
        index = rng.gauss(0.1, 0.3)
        return index - 1.7 if day >= dry_from else index

    return [
        *_rows(AMU_DARYA, days, amu),
        *_rows(SYR_DARYA, days, syr),
        *_rows(TOKTOGUL, days, toktogul),
        *_rows(BATKEN_MUDFLOWS, [first + timedelta(n) for n in range((today - first).days + 1)],
               mudflows),
        *_rows(DASHOGUZ_DROUGHT, days, drought),
    ]  # fmt: skip


async def load_demo_environment(session: AsyncSession, *, today: date) -> ObservationImportReport:
    """Check and store the demo observations like a CSV import."""
    raws = demo_environment_rows(today)
    countries = {raw["country"] for raw in raws}
    rows = [
        parsing.check_row(number, raw, countries=countries, today=today)  # type: ignore[arg-type]
        for number, raw in enumerate(raws, start=1)
    ]
    return await service.import_observations(session, rows)
