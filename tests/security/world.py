"""The world the security tests attack: records of every kind owned by the Centre (UNRCCA), at
several sensitivity levels, sharing terms and audiences, and the callers who try to reach them.

Callers:

* ``head``: the Centre's Head of Centre, strictly confidential clearance (owns everything);
* ``partner``: the OSCE, a partner whose agreement covers KGZ water incidents up to ``internal``;
* ``low``: a Centre officer cleared for public material only;
* ``outsider``: a system key of another organization (SCO), strictly confidential clearance: it
  may write incidents and activities at the gateway, but it is not the Centre's staff and has no
  agreement;
* ``stranger``: a person of another organization (SCO) whose bearer token from the identity
  provider claims the officer role and the highest clearance, which only the Centre's staff hold.

Each record says which callers may read it (``readable``) and which may change it
(``writable``); every other caller must find it exactly as if it did not exist (or be refused the
function altogether).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from incidents.imports.jobs_models import FINISHED
from pdp_common.identity import Clearance, Role

from tests.e2e.gateway_platform import ADMIN_KEY, Platform
from tests.incidents.factories import incident_payload
from tests.shared.polling import eventually

ADMIN = {"X-API-Key": ADMIN_KEY}
CALLERS = ("partner", "low", "outsider", "stranger")
LONG_AGO = (datetime.now(UTC) - timedelta(days=365)).isoformat()
# Partner feed and webhook URLs point into the documentation network (RFC 5737), which the
# platform under attack is configured to allow (see conftest.py) and which routes nowhere.
DOCUMENTATION_NETWORK = "192.0.2.0/24"
FEED_HOST = "192.0.2.10"


@dataclass
class Record:
    """One record of the world: the path parameters that name it and the path that reads it."""

    name: str
    params: dict[str, str]
    read_path: str
    readable: frozenset[str] = frozenset()
    writable: frozenset[str] = frozenset()
    etag: str | None = None


@dataclass
class World:
    """The records and the callers' headers."""

    platform: Platform
    head: dict[str, str]
    callers: dict[str, dict[str, str]]
    records: list[Record] = field(default_factory=list)

    def record(self, name: str) -> Record:
        """Return the record called ``name``."""
        return next(r for r in self.records if r.name == name)


async def _post(running: Platform, headers: dict[str, str], path: str, body: Any) -> Any:
    response = await running.client.post(path, json=body, headers=headers)
    assert response.status_code in {200, 201, 202}, f"{path}: {response.text}"
    return response.json()


async def _stranger(running: Platform) -> dict[str, str]:
    body = {"subject": "officer@sco.example", "org": "SCO", "roles": ["officer"],
            "clearance": "strictly_confidential"}  # fmt: skip
    token = await _post(running, {}, "/dev-issuer/token", body)
    return {"Authorization": f"Bearer {token['access_token']}"}


async def _callers(running: Platform) -> dict[str, dict[str, str]]:
    return {
        "stranger": await _stranger(running),
        "partner": await running.key(Role.PARTNER, org="OSCE", clearance=Clearance.CONFIDENTIAL),
        "low": await running.key(Role.OFFICER, org="UNRCCA", clearance=Clearance.PUBLIC),
        "outsider": await running.key(
            Role.SYSTEM, org="SCO", clearance=Clearance.STRICTLY_CONFIDENTIAL
        ),
    }


async def _registry(running: Platform, head: dict[str, str]) -> list[Record]:
    for code in ("OSCE", "SCO", "UNAMA"):
        body = {"code": code, "kind": "regional_organization", "name": f"{code} secretariat"}
        await _post(running, head, "/api/v1/organizations", body)
    contact = await _post(
        running,
        head,
        "/api/v1/organizations/UNAMA/contacts",
        {
            "full_name": "Aizada Toktosunova",
            "function": "Political Officer",
            "email": "a.toktosunova@example.org",
            "phone": "+996 312 000 000",
            "notes": "Covers Batken and Osh provinces.",
        },
    )
    everyone = frozenset(CALLERS)
    return [
        Record("organization", {"code": "UNAMA"}, "/api/v1/organizations/UNAMA", everyone,
               frozenset({"low"})),
        Record("contact", {"code": "UNAMA", "contact_id": contact["id"]},
               f"/api/v1/organizations/UNAMA/contacts/{contact['id']}", everyone,
               frozenset({"low"})),
    ]  # fmt: skip


async def _sharing(running: Platform, head: dict[str, str]) -> list[Record]:
    """The OSCE's agreement and the KGZ consent; UNAMA's agreement and TJK consent."""
    osce = await _post(running, head, "/api/v1/agreements", {
        "partner_org": "OSCE", "title": "OSCE water incidents", "countries": ["KGZ"],
        "categories": ["water_energy_dispute"], "max_sensitivity": "internal",
        "embargo_hours": 0, "formats": ["json", "geojson", "csv", "briefing"],
        "valid_from": LONG_AGO,
    })  # fmt: skip
    await _post(running, head, "/api/v1/consents", {
        "government": "KGZ", "party_org": "OSCE", "kind": "information_sharing",
        "valid_from": LONG_AGO,
    })  # fmt: skip
    unama = await _post(running, head, "/api/v1/agreements", {
        "partner_org": "UNAMA", "title": "UNAMA border feed", "countries": ["TJK"],
        "categories": ["border_incident"], "max_sensitivity": "confidential",
        "embargo_hours": 48, "formats": ["json"], "valid_from": LONG_AGO,
    })  # fmt: skip
    consent = await _post(running, head, "/api/v1/consents", {
        "government": "TJK", "party_org": "UNAMA", "kind": "information_sharing",
        "valid_from": LONG_AGO,
    })  # fmt: skip
    return [
        Record("own agreement", {"agreement_id": osce["id"]},
               f"/api/v1/agreements/{osce['id']}", frozenset({"partner", "low"})),
        Record("agreement", {"agreement_id": unama["id"]},
               f"/api/v1/agreements/{unama['id']}", frozenset({"low"})),
        Record("consent", {"consent_id": consent["id"]},
               f"/api/v1/consents/{consent['id']}", frozenset({"low"})),
    ]  # fmt: skip


async def _centre_work(running: Platform, head: dict[str, str]) -> list[Record]:
    """An engagement with a follow-up, an initiative, a country team and an activity."""
    engagement = await _post(running, head, "/api/v1/engagements", {
        "kind": "consultation", "title": "Consultation on the Toktogul reservoir",
        "occurred_at": LONG_AGO, "countries": ["KGZ"], "sensitivity": "confidential",
        "follow_ups": [{"action": "Circulate the schedule", "owner": "Political Affairs Officer",
                        "due_on": "2026-06-15"}],
    })  # fmt: skip
    engagement_path = f"/api/v1/engagements/{engagement['id']}"
    follow_up = engagement["follow_ups"][0]["id"]
    initiative = await _post(running, head, "/api/v1/initiatives", {
        "organization_code": "OSCE", "title": "Water diplomacy dialogue", "kind": "dialogue",
        "countries": ["KGZ"], "themes": ["water_energy_dispute"],
    })  # fmt: skip
    team = await _post(running, head, "/api/v1/country-teams", {
        "country": "KGZ", "name": "UN Country Team in the Kyrgyz Republic",
        "resident_coordinator": "Elena Marchetti",
    })  # fmt: skip
    activity = await _post(running, head, "/api/v1/activities", {
        "title": "Cross-border community dialogue", "country": "KGZ", "lead_agency": "UNDP",
        "categories": ["water_energy_dispute"],
    })  # fmt: skip
    everyone = frozenset(CALLERS)
    low = frozenset({"low"})
    return [
        Record("engagement", {"engagement_id": engagement["id"]}, engagement_path),
        Record("follow-up", {"engagement_id": engagement["id"], "follow_up_id": follow_up},
               engagement_path),
        Record("initiative", {"initiative_id": initiative["id"]},
               f"/api/v1/initiatives/{initiative['id']}", low, low),
        Record("country team", {"country_team_id": team["id"]},
               f"/api/v1/country-teams/{team['id']}", everyone, low),
        Record("activity", {"activity_id": activity["id"]},
               f"/api/v1/activities/{activity['id']}", everyone, low),
    ]  # fmt: skip


async def _reports(running: Platform, head: dict[str, str]) -> list[Record]:
    """A strictly confidential incident, one shared with the OSCE, and a draft briefing."""
    strict = await _post(
        running, head, "/api/v1/incidents", incident_payload(sensitivity="strictly_confidential")
    )
    shared = await _post(running, head, "/api/v1/incidents", incident_payload())
    briefing = await _post(running, head, "/api/v1/briefings", {
        "kind": "thematic_note", "title": "Water and energy in the Ferghana valley",
        "classification": "strictly_confidential", "countries": ["KGZ"],
        "theme": "water_energy_dispute", "audience": ["UNRCCA", "OSCE"],
    })  # fmt: skip
    return [
        Record("strict incident", {"incident_id": strict["id"]},
               f"/api/v1/incidents/{strict['id']}"),
        Record("shared incident", {"incident_id": shared["id"]},
               f"/api/v1/incidents/{shared['id']}", frozenset({"partner"})),
        Record("briefing", {"briefing_id": briefing["id"]},
               f"/api/v1/briefings/{briefing['id']}"),
    ]  # fmt: skip


async def _early_warning(running: Platform, head: dict[str, str]) -> list[Record]:
    """An escalation alert over confidential border incidents, and an environmental series."""
    severe = {"category": "border_incident", "severity": 5, "casualties": {"best": 5},
              "sensitivity": "confidential"}  # fmt: skip
    for _ in range(3):
        await _post(running, head, "/api/v1/incidents", incident_payload("KGZ", **severe))

    async def alerts() -> list[dict[str, Any]]:
        response = await running.client.get(
            "/api/v1/early-warning/alerts",
            params={"status": "open", "country": "KGZ", "category": "border_incident"},
            headers=head,
        )
        assert response.status_code == 200, response.text
        items: list[dict[str, Any]] = response.json()["items"]
        return items

    alert = (await eventually(alerts, timeout=60))[0]
    alert_path = f"/api/v1/early-warning/alerts/{alert['id']}"

    async def contributions() -> int:
        response = await running.client.get(alert_path, headers=head)
        return len(response.json()["contributing_incidents"])

    await eventually(contributions, until=lambda count: count == 3, timeout=60)  # settled
    csv = (
        "country,admin1,site,kind,unit,observed_on,value,latitude,longitude,source,quality\n"
        "TKM,Lebap,Amu Darya at Kerki,river_flow,m3/s,2026-12-01,512.4,37.83,65.21,Hydromet,"
        "provisional\n"
    )
    response = await running.client.post(
        "/api/v1/early-warning/environment/observations",
        content=csv.encode(),
        headers=head | {"Content-Type": "text/csv"},
    )
    assert response.status_code == 200, response.text
    response = await running.client.get("/api/v1/early-warning/environment/series", headers=head)
    series = response.json()["items"][0]["id"]
    return [
        Record("alert", {"alert_id": alert["id"]}, alert_path),
        Record("series", {"series_id": series},
               f"/api/v1/early-warning/environment/series/{series}", frozenset({"low"})),
    ]  # fmt: skip


async def _import_job(running: Platform, head: dict[str, str]) -> list[Record]:
    """A finished import job of the Centre (its one row is refused, so it imports nothing)."""
    response = await running.client.post(
        "/api/v1/incidents/imports/jobs",
        json={"incidents": [{"title": "A row without the rest of an incident"}]},
        headers=head,
    )
    assert response.status_code == 202, response.text
    job_path = f"/api/v1/incidents/imports/jobs/{response.json()['id']}"

    async def state() -> str:
        answer = await running.client.get(job_path, headers=head)
        assert answer.status_code == 200, answer.text
        return str(answer.json()["state"])

    await eventually(state, until=lambda s: s in FINISHED, timeout=60)
    low = frozenset({"low"})  # the Centre's jobs are its officers' to follow and cancel
    return [Record("import job", {"job_id": response.json()["id"]}, job_path, low, low)]


async def _feeds(running: Platform, head: dict[str, str]) -> list[Record]:
    """A pulled feed of UNAMA's with one (failed) fetch and a webhook of the OSCE's, both
    disabled, at an address of the documentation network (allowed for the platform under
    attack, never reached)."""
    officer = await running.key(
        Role.OFFICER, org="UNRCCA", clearance=Clearance.STRICTLY_CONFIDENTIAL
    )

    async def registered() -> Any:
        response = await running.client.post(
            "/api/v1/incidents/feeds/sources",
            json={"partner_org": "UNAMA", "url": f"https://{FEED_HOST}/unama.atom",
                  "enabled": False},
            headers=head,
        )  # fmt: skip
        assert response.status_code in {201, 422}, response.text
        return response.json() if response.status_code == 201 else None

    source = await eventually(registered, timeout=60)  # once UNAMA's agreement has arrived
    source_path = f"/api/v1/incidents/feeds/sources/{source['id']}"
    fetch = await _post(running, head, f"{source_path}/fetch", None)
    fetch_path = f"{source_path}/fetches/{fetch['id']}"

    async def fetch_status() -> str:
        answer = await running.client.get(fetch_path, headers=head)
        assert answer.status_code == 200, answer.text
        return str(answer.json()["status"])

    # The address routes nowhere: the fetch fails, at the latest after the connect timeout.
    await eventually(fetch_status, until=lambda s: s not in {"queued", "running"}, timeout=90)
    webhook = await _post(running, officer, "/api/v1/incidents/feeds/webhooks", {
        "partner_org": "OSCE", "url": f"https://{FEED_HOST}/osce-hook", "enabled": False,
    })  # fmt: skip
    low = frozenset({"low"})  # Centre officers manage both
    return [
        Record("pulled feed", {"source_id": source["id"]}, source_path, low, low),
        Record("feed fetch", {"source_id": source["id"], "fetch_id": fetch["id"]}, fetch_path,
               low, low),
        Record("webhook", {"webhook_id": webhook["id"]},
               f"/api/v1/incidents/feeds/webhooks/{webhook['id']}", low, low),
    ]  # fmt: skip


async def _subscriptions(running: Platform, head: dict[str, str]) -> list[Record]:
    """A disabled event subscription of the Centre's, at an address of the documentation
    network (allowed for the platform under attack, never reached)."""
    created = await _post(running, head, "/api/v1/events/subscriptions", {
        "url": f"https://{FEED_HOST}/centre-events", "enabled": False,
    })  # fmt: skip
    low = frozenset({"low"})  # the Centre's staff manage the Centre's subscriptions
    path = f"/api/v1/events/subscriptions/{created['id']}"
    return [Record("event subscription", {"subscription_id": created["id"]}, path, low, low)]


async def _keys(running: Platform, head: dict[str, str]) -> list[Record]:
    """A key that has made no record (records may name the keys that made them)."""
    await running.key(Role.ANALYST, org="UNRCCA", clearance=Clearance.PUBLIC)
    response = await running.client.get("/api/v1/api-keys", headers=ADMIN)
    assert response.status_code == 200, response.text
    key_id = response.json()["items"][0]["id"]
    return [Record("api key", {"key_id": key_id}, f"/api/v1/api-keys/{key_id}")]


async def build_world(running: Platform) -> World:
    """Seed the records, issue the callers' keys and wait until the OSCE sees its share."""
    head = await running.key(
        Role.HEAD_OF_CENTRE, org="UNRCCA", clearance=Clearance.STRICTLY_CONFIDENTIAL
    )
    world = World(running, head, await _callers(running))
    parts = (_registry, _sharing, _centre_work, _reports, _early_warning, _import_job, _feeds)
    for part in (*parts, _subscriptions, _keys):
        world.records += await part(running, head)
    shared = world.record("shared incident").read_path

    async def partner_reads() -> int:
        response = await running.client.get(shared, headers=world.callers["partner"])
        return response.status_code

    await eventually(partner_reads, until=lambda status: status == 200, timeout=60)
    return world


def fake_value(name: str, real: str) -> str:
    """Return a value of the same shape as ``real`` that names no record."""
    if name == "code":
        return "Q" * len(real)
    return str(uuid.UUID(int=uuid.UUID(real).int ^ 0xFFFF))
