"""Request bodies and helpers for the country-teams tests."""

from __future__ import annotations

from typing import Any

import httpx

TEAM_NAMES = {
    "KAZ": "UN Country Team in Kazakhstan",
    "KGZ": "UN Country Team in the Kyrgyz Republic",
    "TJK": "UN Country Team in Tajikistan",
    "TKM": "UN Country Team in Turkmenistan",
    "UZB": "UN Country Team in Uzbekistan",
}


def team_body(country: str = "KGZ", **fields: Any) -> dict[str, Any]:
    """Return a country team to create."""
    return {
        "country": country,
        "name": TEAM_NAMES.get(country, "UN Country Team"),
        "resident_coordinator": "A. Resident",
        "office": "Capital",
        "agencies": ["UNDP", "UNICEF", "UNODC"],
    } | fields


def activity_body(country: str = "KGZ", **fields: Any) -> dict[str, Any]:
    """Return an activity to create."""
    return {
        "title": "Cross-border community dialogue",
        "country": country,
        "admin1": "Batken",
        "lead_agency": "UNDP",
        "participating_agencies": ["UN-WOMEN"],
        "status": "implementation",
        "start_on": "2026-01-01",
        "end_on": "2027-06-30",
        "sectors": ["15220"],
        "categories": ["border_incident"],
        "budget": {"amount": "250000.00", "currency": "USD"},
        "results": [{"title": "Dialogue platforms active", "target": 6, "actual": 2}],
    } | fields


async def create_team(
    client: httpx.AsyncClient, headers: dict[str, str], country: str = "KGZ", **fields: Any
) -> dict[str, Any]:
    """Create a country team and return it."""
    response = await client.post(
        "/api/v1/country-teams", json=team_body(country, **fields), headers=headers
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def create_activity(
    client: httpx.AsyncClient, headers: dict[str, str], country: str = "KGZ", **fields: Any
) -> dict[str, Any]:
    """Create an activity and return it."""
    response = await client.post(
        "/api/v1/activities", json=activity_body(country, **fields), headers=headers
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def assert_problem(response: httpx.Response, status: int, code: str | None = None) -> None:
    """Assert that ``response`` is a problem+json error of ``status`` (and ``code``)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json", response.text
    if code is not None:
        assert response.json()["type"] == f"/problems/{code}", response.text
