"""Load the demo data once, through the service layer so that every record is announced."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from pdp_common.db import Database
from pdp_common.identity import CENTRE_ORG, Clearance, Principal, Role
from pdp_common.migrations import upgrade
from pdp_common.settings import ServiceSettings
from sqlalchemy.ext.asyncio import AsyncSession

from organizations.agreements import service as agreements
from organizations.agreements.schemas import AgreementCreate
from organizations.consents import service as consents
from organizations.consents.schemas import ConsentCreate
from organizations.demo_data import MINISTRIES, PARTNERS
from organizations.engagements import service as engagements
from organizations.engagements.schemas import EngagementCreate
from organizations.initiatives import service as initiatives
from organizations.initiatives.schemas import InitiativeCreate
from organizations.main import MIGRATIONS_DIR
from organizations.registry import service as registry
from organizations.registry.repository import OrganizationRepository
from organizations.registry.schemas import ContactCreate, OrganizationCreate

SEEDER = Principal(
    subject="demo-seed",
    org=CENTRE_ORG,
    roles=frozenset({Role.ADMIN}),
    clearance=Clearance.STRICTLY_CONFIDENTIAL,
    credential="seed",
)
START = datetime(2026, 1, 1, tzinfo=UTC)


async def seed_demo(settings: ServiceSettings) -> int:
    """Load the demo records unless they are already there; return how many were added."""
    await upgrade(MIGRATIONS_DIR, settings)
    async with Database.for_service(settings) as db, db.transaction() as session:
        if await OrganizationRepository(session).by_code("MFA-KAZ") is not None:
            return 0
        return await seed(session)


async def seed(session: AsyncSession) -> int:
    """Add the demo records in ``session``; return how many were added."""
    count = await _registry(session)
    count += await _sharing(session)
    count += await _engagements(session)
    return count + await _initiatives(session)


async def _registry(session: AsyncSession) -> int:
    for p in PARTNERS:
        names = [{"lang": "ru", "value": p["ru"]}] if "ru" in p else []
        await _organization(session, {**p, "names": names})
    for m in MINISTRIES:
        await _organization(session, {**m, "kind": "ministry", "countries": [m["country"]]})
    osce = await registry.get_by_code(session, code="OSCE")
    contact = ContactCreate(
        full_name="Aliya Demo-Contact",
        function="Senior Political Officer (fictitious demo contact)",
        roles=["focal_point"],
        email="focal.point@example.org",
        phone="+43 1 000 0000",
    )
    await registry.add_contact(session, organization=osce, data=contact, principal=SEEDER)
    return len(PARTNERS) + len(MINISTRIES) + 1


async def _organization(session: AsyncSession, spec: dict[str, Any]) -> None:
    data = OrganizationCreate.model_validate(
        {
            "code": spec["code"],
            "kind": spec["kind"],
            "name": spec["name"],
            "acronym": spec["code"] if spec["kind"] != "ministry" else None,
            "names": spec["names"],
            "countries": spec["countries"],
            "offices": [
                {"city": spec["city"], "country": spec["country"], "is_headquarters": True}
            ],
        }
    )
    await registry.create(session, data=data, principal=SEEDER)


async def _sharing(session: AsyncSession) -> int:
    terms: list[dict[str, Any]] = [
        {
            "partner_org": "UNAMA",
            "title": "UNAMA cross-border situation feed",
            "countries": ["AFG", "TJK", "UZB", "TKM"],
            "categories": ["terrorism", "violent_extremism", "drug_trafficking", "border_incident"],
            "max_sensitivity": "confidential",
            "embargo_hours": 0,
            "formats": ["json", "geojson", "cap", "briefing"],
        },
        {
            "partner_org": "OSCE",
            "title": "OSCE early-warning exchange",
            "countries": ["KGZ", "TJK", "UZB"],
            "categories": ["water_energy_dispute", "border_incident", "intercommunal_tension"],
            "max_sensitivity": "internal",
            "embargo_hours": 24,
            "formats": ["json", "atom"],
        },
        {
            "partner_org": "EU",
            "title": "EU regional analysis sharing",
            "status": "suspended",
            "countries": ["KAZ", "KGZ", "TJK", "TKM", "UZB"],
            "categories": ["political_unrest"],
            "max_sensitivity": "public",
            "embargo_hours": 72,
            "formats": ["briefing"],
        },
    ]
    for t in terms:
        await agreements.create(
            session,
            data=AgreementCreate.model_validate({**t, "valid_from": START}),
            principal=SEEDER,
        )
    grants = [
        ("TJK", "UNAMA", []),
        ("UZB", "UNAMA", []),
        ("KGZ", "OSCE", ["water_energy_dispute", "border_incident"]),
        ("TJK", "OSCE", []),
    ]
    for government, party, topics in grants:
        data = ConsentCreate.model_validate(
            {
                "government": government,
                "party_org": party,
                "kind": "information_sharing",
                "countries": [government],
                "topics": topics,
                "valid_from": START,
            }
        )
        await consents.record(session, data=data, principal=SEEDER)
    contact = ConsentCreate.model_validate(
        {"government": "TKM", "party_org": "OSCE", "kind": "contact", "valid_from": START}
    )
    await consents.record(session, data=contact, principal=SEEDER)
    return len(terms) + len(grants) + 1


async def _engagements(session: AsyncSession) -> int:
    today = date.today()
    records: list[dict[str, Any]] = [
        {
            "kind": "consultation",
            "title": "Regional consultation on transboundary water management",
            "occurred_at": START + timedelta(days=40),
            "place": "Almaty",
            "countries": ["KAZ", "KGZ", "TJK", "TKM", "UZB"],
            "topics": ["water_energy_dispute"],
            "organizations": ["MFA-KAZ", "MFA-KGZ", "MFA-TJK", "MFA-UZB", "OSCE"],
            "summary": "Deputy ministers reviewed the summer water allocation.",
            "sensitivity": "internal",
            "participants": [
                {"name": "Head of Centre", "side": "ours"},
                {"name": "Deputy Minister", "side": "theirs", "organization_code": "MFA-KGZ"},
            ],
            "follow_ups": [
                {
                    "action": "Circulate the draft allocation schedule",
                    "owner": "Political Affairs Officer",
                    "due_on": today - timedelta(days=3),
                },
                {
                    "action": "Prepare the autumn technical meeting",
                    "owner": "Head of Centre",
                    "due_on": today + timedelta(days=30),
                },
            ],
        },
        {
            "kind": "demarche",
            "title": "Demarche on the Batken border section",
            "occurred_at": START + timedelta(days=75),
            "place": "Bishkek",
            "countries": ["KGZ", "TJK"],
            "topics": ["border_incident"],
            "organizations": ["MFA-KGZ", "MFA-TJK"],
            "sensitivity": "confidential",
            "participants": [{"name": "Head of Centre", "side": "ours"}],
            "follow_ups": [
                {
                    "action": "Report to DPPA on the response",
                    "owner": "Head of Centre",
                    "due_on": today + timedelta(days=7),
                }
            ],
        },
        {
            "kind": "visit",
            "title": "Visit to Termez border crossing",
            "occurred_at": START + timedelta(days=90),
            "place": "Termez",
            "countries": ["UZB", "AFG"],
            "topics": ["drug_trafficking"],
            "organizations": ["MFA-UZB", "UNODC", "UNAMA"],
            "sensitivity": "internal",
            "participants": [{"name": "Political Affairs Officer", "side": "ours"}],
        },
    ]
    for record in records:
        await engagements.create(
            session, data=EngagementCreate.model_validate(record), principal=SEEDER
        )
    return len(records)


async def _initiatives(session: AsyncSession) -> int:
    records: list[dict[str, Any]] = [
        {
            "organization_code": "OSCE",
            "title": "Water diplomacy dialogue in the Ferghana Valley",
            "kind": "dialogue",
            "countries": ["KGZ", "TJK", "UZB"],
            "themes": ["water_energy_dispute"],
            "status": "ongoing",
            "starts_on": "2025-03-01",
        },
        {
            "organization_code": "CIS",
            "title": "Border delimitation working group support",
            "kind": "coordination",
            "countries": ["KGZ", "TJK"],
            "themes": ["border_incident"],
            "status": "ongoing",
            "starts_on": "2025-09-01",
        },
        {
            "organization_code": "SCO",
            "title": "Regional water-energy consortium talks",
            "kind": "coordination",
            "countries": ["KGZ", "TJK", "KAZ"],
            "themes": ["water_energy_dispute"],
            "status": "planned",
            "starts_on": "2026-06-01",
        },
        {
            "organization_code": "CSTO",
            "title": "Border security confidence-building measures",
            "kind": "confidence_building",
            "countries": ["KGZ", "TJK"],
            "themes": ["border_incident"],
            "status": "ongoing",
            "starts_on": "2024-01-01",
        },
    ]
    for record in records:
        await initiatives.create(
            session, data=InitiativeCreate.model_validate(record), principal=SEEDER
        )
    return len(records)
