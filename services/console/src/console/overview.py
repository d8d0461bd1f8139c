"""The situation overview: the filters a person chose, the incidents the API gives them for
those filters, and the counts and weekly trend drawn from them."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from console.charts import TrendChart, trend_chart
from console.gateway_client import GatewayClient
from console.session import Viewer
from console.vocabulary import CATEGORIES, COUNTRIES, DEFAULT_PERIOD, PERIODS

INCIDENTS = "/api/v1/incidents"
MAX_WEEKS = 53


@dataclass(frozen=True)
class OverviewFilters:
    """What the person asked to see; anything unknown in the query is dropped."""

    country: list[str] = field(default_factory=list)
    admin1: str = ""
    category: list[str] = field(default_factory=list)
    period: str = DEFAULT_PERIOD
    severity_min: int | None = None
    sensitivity: list[str] = field(default_factory=list)

    @classmethod
    def from_query(cls, query: Mapping[str, Sequence[str]], viewer: Viewer) -> OverviewFilters:
        """Read the filters from the query string, within the viewer's clearance."""
        allowed_sensitivity = {c.value for c in viewer.clearances}
        severity = (query.get("severity_min") or [""])[0]
        period = (query.get("period") or [DEFAULT_PERIOD])[0]
        return cls(
            country=[c for c in query.get("country", []) if c in COUNTRIES],
            admin1=(query.get("admin1") or [""])[0].strip()[:200],
            category=[c for c in query.get("category", []) if c in CATEGORIES],
            period=period if period in PERIODS else DEFAULT_PERIOD,
            severity_min=int(severity) if severity in {"1", "2", "3", "4", "5"} else None,
            sensitivity=[s for s in query.get("sensitivity", []) if s in allowed_sensitivity],
        )

    def since(self, now: datetime) -> datetime | None:
        """Return the start of the period, or None for all time."""
        return None if self.period == "all" else now - timedelta(days=int(self.period))

    def api_params(self, now: datetime) -> dict[str, str | int | list[str]]:
        """Return the incidents API's query parameters for these filters."""
        params: dict[str, str | int | list[str]] = {}
        for name in ("country", "category", "sensitivity"):
            values: list[str] = getattr(self, name)
            if values:
                params[name] = values
        if self.admin1:
            params["admin1"] = self.admin1
        if self.severity_min is not None:
            params["severity_min"] = self.severity_min
        since = self.since(now)
        if since is not None:
            params["occurred_from"] = since.isoformat()
        return params


@dataclass(frozen=True)
class Overview:
    """What the overview page shows."""

    incidents: list[dict[str, Any]]
    total: int
    by_country: list[tuple[str, int]]
    by_category: list[tuple[str, int]]
    trend: TrendChart

    @property
    def truncated(self) -> bool:
        """Tell whether more incidents match than the map shows."""
        return self.total > len(self.incidents)


def _occurred(incident: Mapping[str, Any]) -> datetime:
    return datetime.fromisoformat(str(incident["occurred_at"]))


def weekly_counts(
    incidents: Sequence[Mapping[str, Any]], *, since: datetime | None, now: datetime
) -> list[tuple[date, int]]:
    """Count incidents per week (Mondays) from the period's start, or the first one, to now."""
    if not incidents and since is None:
        return []
    first = since or min(_occurred(i) for i in incidents)
    start = first.date() - timedelta(days=first.weekday())
    weeks = min((now.date() - start).days // 7 + 1, MAX_WEEKS)
    start = max(start, now.date() - timedelta(days=now.weekday(), weeks=weeks - 1))
    counts: Counter[date] = Counter()
    for incident in incidents:
        day = _occurred(incident).date()
        monday = day - timedelta(days=day.weekday())
        if monday >= start:
            counts[monday] += 1
    return [(start + timedelta(weeks=w), counts[start + timedelta(weeks=w)]) for w in range(weeks)]


def summarize(
    incidents: list[dict[str, Any]], total: int, *, since: datetime | None, now: datetime
) -> Overview:
    """Count the shown incidents per country and category and per week."""
    countries = Counter(str(i["country"]) for i in incidents)
    categories = Counter(str(i["category"]) for i in incidents)
    return Overview(
        incidents=incidents,
        total=total,
        by_country=[(c, countries[c]) for c in COUNTRIES if countries[c]]
        + [(c, n) for c, n in sorted(countries.items()) if c not in COUNTRIES],
        by_category=categories.most_common(),
        trend=trend_chart(weekly_counts(incidents, since=since, now=now)),
    )


async def load_overview(
    client: GatewayClient, viewer: Viewer, filters: OverviewFilters, *, limit: int
) -> Overview:
    """Ask the API for the incidents and their number under the filters, as the viewer."""
    now = datetime.now(UTC)
    params = filters.api_params(now)
    listed, counted = await asyncio.gather(
        client.get(
            INCIDENTS,
            token=viewer.token,
            params={**params, "limit": limit, "sort": "-occurred_at"},
        ),
        client.get(f"{INCIDENTS}/count", token=viewer.token, params=params),
    )
    incidents: list[dict[str, Any]] = listed.body["items"]
    return summarize(incidents, int(counted.body["count"]), since=filters.since(now), now=now)


def map_points(incidents: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Return what the map script needs of each incident (and nothing more)."""
    return [
        {
            "id": str(i["id"]),
            "reference": i["reference"],
            "title": i["title"],
            "lat": i["latitude"],
            "lon": i["longitude"],
            "severity": i["severity"],
            "status": i["status"],
            "country": i["country"],
            "category": i["category"],
            "occurred_at": str(i["occurred_at"])[:10],
        }
        for i in incidents
    ]
