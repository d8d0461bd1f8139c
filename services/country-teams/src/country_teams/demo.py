"""Synthetic demo data: the five country teams and a dozen preventive activities (idempotent)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pdp_common.db import Database
from pdp_common.identity import CENTRE_ORG, Clearance, Principal, Role
from pdp_common.settings import ServiceSettings
from sqlalchemy.ext.asyncio import AsyncSession

from country_teams import service
from country_teams.activities import service as activity_service
from country_teams.activities.repository import ActivityRepository
from country_teams.activities.schemas import ActivityCreate
from country_teams.repository import CountryTeamRepository
from country_teams.schemas import CountryTeamCreate

SEED_PRINCIPAL = Principal(
    subject="demo-seed",
    org=CENTRE_ORG,
    roles=frozenset({Role.ADMIN}),
    clearance=Clearance.STRICTLY_CONFIDENTIAL,
    credential="seed",
)

CORE = ["UNDP", "UNICEF", "UNHCR", "UNODC", "WFP", "WHO", "UNFPA", "UN-WOMEN", "FAO", "WB", "IMF"]
TEAMS = [
    ("KAZ", "UN Country Team in Kazakhstan", "Astana", [*CORE, "IOM", "UNESCO"]),
    ("KGZ", "UN Country Team in the Kyrgyz Republic", "Bishkek", [*CORE, "IOM", "OHCHR"]),
    ("TJK", "UN Country Team in Tajikistan", "Dushanbe", [*CORE, "IOM", "UNOPS"]),
    ("TKM", "UN Country Team in Turkmenistan", "Ashgabat", [*CORE, "UNECE"]),
    ("UZB", "UN Country Team in Uzbekistan", "Tashkent", [*CORE, "IOM", "UNESCO"]),
]


def _activity(
    n: int, country: str, admin1: str | None, lead: str, title: str, **extra: Any
) -> ActivityCreate:
    return ActivityCreate.model_validate(
        {
            "iati_identifier": f"XM-DEMO-{country}-{n:03d}",
            "title": title,
            "country": country,
            "admin1": admin1,
            "lead_agency": lead,
            "status": "implementation",
            "start_on": date(2026, 1, 15),
            "end_on": date(2027, 12, 31),
            "sectors": ["15220"],
            "categories": ["intercommunal_tension"],
        }
        | extra
    )


ACTIVITIES = [
    _activity(
        1,
        "KGZ",
        "Batken",
        "UNDP",
        "Cross-border community dialogue in the Ferghana valley",
        participating_agencies=["UN-WOMEN", "FAO"],
        categories=["border_incident", "water_energy_dispute", "intercommunal_tension"],
        budget={"amount": Decimal("1850000"), "currency": "USD"},
        results=[
            {
                "title": "Joint water committees active",
                "unit": "committees",
                "baseline": 0,
                "target": 12,
                "actual": 7,
            }
        ],
    ),
    _activity(
        2,
        "TJK",
        "Sughd",
        "UNDP",
        "Shared irrigation infrastructure on the Isfara river",
        participating_agencies=["FAO", "WB"],
        sectors=["14010", "15220"],
        categories=["water_energy_dispute", "border_incident"],
        budget={"amount": Decimal("2400000"), "currency": "USD"},
    ),
    _activity(
        3,
        "TJK",
        "Khatlon",
        "UNODC",
        "Border liaison offices on the Tajik-Afghan border",
        sectors=["15210"],
        categories=["drug_trafficking", "organized_crime"],
        budget={"amount": Decimal("3100000"), "currency": "USD"},
    ),
    _activity(
        4,
        "TJK",
        "Gorno-Badakhshan",
        "UNHCR",
        "Contingency preparedness for arrivals from Afghanistan",
        participating_agencies=["WFP", "UNICEF"],
        sectors=["72010"],
        categories=["border_incident"],
        status="pipeline",
    ),
    _activity(
        5,
        "UZB",
        "Surkhandarya",
        "UNODC",
        "Container control programme at Termez",
        sectors=["15210"],
        categories=["drug_trafficking", "organized_crime"],
    ),
    _activity(
        6,
        "UZB",
        "Karakalpakstan",
        "UNDP",
        "Resilience of Aral Sea communities",
        participating_agencies=["UNFPA", "WHO"],
        sectors=["41010", "43040"],
        categories=["environmental_degradation"],
        budget={"amount": Decimal("1200000"), "currency": "USD"},
    ),
    _activity(
        7,
        "KAZ",
        "Mangystau",
        "UNDP",
        "Local dialogue platforms in oil-producing districts",
        categories=["political_unrest", "intercommunal_tension"],
        sectors=["15150"],
    ),
    _activity(
        8,
        "KAZ",
        None,
        "UNODC",
        "Preventing violent extremism in prisons",
        sectors=["15130"],
        categories=["violent_extremism", "terrorism"],
    ),
    _activity(
        9,
        "KGZ",
        "Osh",
        "UNICEF",
        "Youth for peace: schools in southern Kyrgyzstan",
        participating_agencies=["UNESCO"],
        sectors=["11130", "15220"],
        categories=["violent_extremism", "intercommunal_tension"],
    ),
    _activity(
        10,
        "KGZ",
        "Jalal-Abad",
        "WFP",
        "Food assistance for assets in border villages",
        sectors=["52010"],
        categories=["water_energy_dispute"],
        status="finalisation",
    ),
    _activity(
        11,
        "TKM",
        "Lebap",
        "UNODC",
        "Border management along the Amu Darya",
        sectors=["15210"],
        categories=["drug_trafficking", "border_incident"],
    ),
    _activity(
        12,
        "UZB",
        "Fergana",
        "UN-WOMEN",
        "Women mediators' network in the Ferghana valley",
        participating_agencies=["UNDP"],
        sectors=["15170", "15220"],
        categories=["intercommunal_tension"],
    ),
]


async def _seed_teams(session: AsyncSession) -> int:
    repository = CountryTeamRepository(session)
    added = 0
    for country, name, office, agencies in TEAMS:
        if await repository.by_country(country) is not None:
            continue
        data = CountryTeamCreate(
            country=country,
            name=name,
            resident_coordinator=f"Resident Coordinator, {office} (demo)",
            office=office,
            agencies=agencies,
        )
        await service.create_country_team(session, principal=SEED_PRINCIPAL, data=data)
        added += 1
    return added


async def _seed_activities(session: AsyncSession) -> int:
    repository = ActivityRepository(session)
    added = 0
    for data in ACTIVITIES:
        assert data.iati_identifier is not None
        if await repository.by_identifier(data.iati_identifier) is not None:
            continue
        await activity_service.create_activity(session, principal=SEED_PRINCIPAL, data=data)
        added += 1
    return added


async def seed_demo(settings: ServiceSettings) -> int:
    """Load the demo country teams and activities that are not there yet; return how many."""
    async with Database.for_service(settings) as db, db.transaction() as session:
        return await _seed_teams(session) + await _seed_activities(session)
