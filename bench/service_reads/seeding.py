"""Records for the other services (organizations, country teams, activities, briefings) and the
incidents the writes edit, created through each service's own API with a signed identity."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from briefings.examples import THEMATIC_NOTE_CREATE
from country_teams.activities.examples import ACTIVITY_CREATE
from country_teams.examples import COUNTRY_TEAM_CREATE
from incidents.examples import INCIDENT_CREATE

COUNTRIES = ("KGZ", "KAZ", "TJK", "UZB", "TKM")
ORGANIZATION_KINDS = ("government", "ministry", "regional_organization", "un_entity", "ngo")


def incident_body(n: int) -> dict[str, Any]:
    """Return the n-th incident to create: the API's complete example, under another title."""
    body = {k: v for k, v in copy.deepcopy(INCIDENT_CREATE).items() if k != "origin"}
    body["title"] = f"{body['title']} ({n})"
    return body


def organization_body(n: int) -> dict[str, Any]:
    """Return the n-th organization to register."""
    return {
        "code": f"BENCH-{n:04d}",
        "kind": ORGANIZATION_KINDS[n % len(ORGANIZATION_KINDS)],
        "name": f"Benchmark partner organization number {n}",
        "acronym": f"BP{n}",
        "countries": list(COUNTRIES[: 1 + n % len(COUNTRIES)]),
        "mandate_summary": "Conflict prevention, early warning and dialogue in Central Asia.",
        "website": f"https://partner-{n}.example.org",
    }


def country_team_body(country: str) -> dict[str, Any]:
    """Return the country team of ``country``, as in the API's example."""
    return COUNTRY_TEAM_CREATE | {"country": country, "name": f"UN Country Team in {country}"}


def activity_body(n: int) -> dict[str, Any]:
    """Return the n-th activity, in one of the five countries."""
    country = COUNTRIES[n % len(COUNTRIES)]
    return copy.deepcopy(ACTIVITY_CREATE) | {
        "iati_identifier": f"XM-DAC-41114-{country}-{n:08d}",
        "title": f"{ACTIVITY_CREATE['title']} ({n})",
        "country": country,
        "admin1": None,
    }


def briefing_body(n: int) -> dict[str, Any]:
    """Return the n-th thematic note."""
    return THEMATIC_NOTE_CREATE | {"title": f"{THEMATIC_NOTE_CREATE['title']} ({n})"}


@dataclass
class Seeded:
    """What was created, by kind: the ids (or codes) to read back."""

    ids: dict[str, list[str]] = field(default_factory=dict)


async def _create(
    session: aiohttp.ClientSession, url: str, body: dict[str, Any], key: str = "id"
) -> str:
    async with session.post(url, json=body) as response:
        if response.status != 201:
            raise RuntimeError(f"POST {url} answered {response.status}: {await response.text()}")
        return str((await response.json())[key])


async def seed_services(urls: dict[str, str], identity: str, count: int) -> Seeded:
    """Create ``count`` organizations, activities, briefings (and the five country teams)."""
    seeded = Seeded()
    async with aiohttp.ClientSession(headers={"X-PDP-Identity": identity}) as session:
        organizations = urls["organizations"] + "/api/v1/organizations"
        seeded.ids["organizations"] = [
            await _create(session, organizations, organization_body(n), key="code")
            for n in range(count)
        ]
        teams = urls["country-teams"] + "/api/v1/country-teams"
        seeded.ids["country-teams"] = [
            await _create(session, teams, country_team_body(c)) for c in COUNTRIES
        ]
        activities = urls["country-teams"] + "/api/v1/activities"
        seeded.ids["activities"] = [
            await _create(session, activities, activity_body(n)) for n in range(count)
        ]
        briefings = urls["briefings"] + "/api/v1/briefings"
        seeded.ids["briefings"] = [
            await _create(session, briefings, briefing_body(n)) for n in range(count)
        ]
    return seeded


async def create_incidents(base_url: str, identity: str, count: int) -> list[str]:
    """Create ``count`` incidents through the API and return their paths."""
    url = base_url + "/api/v1/incidents"
    async with aiohttp.ClientSession(headers={"X-PDP-Identity": identity}) as session:
        ids = [await _create(session, url, incident_body(10_000 + n)) for n in range(count)]
    return [f"/api/v1/incidents/{incident_id}" for incident_id in ids]


async def etags(base_url: str, headers: dict[str, str], paths: list[str]) -> dict[str, str]:
    """Return the current ETag of each path (read just before a load of changes)."""
    found = {}
    async with aiohttp.ClientSession(headers=headers) as session:
        for path in paths:
            async with session.get(base_url + path) as response:
                if response.status != 200:
                    raise RuntimeError(f"GET {path} answered {response.status}")
                found[path] = response.headers["ETag"]
    return found
