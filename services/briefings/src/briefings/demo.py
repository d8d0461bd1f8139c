"""Synthetic demo data: a few briefings at different steps of the workflow (idempotent)."""

from __future__ import annotations

from pdp_common.concurrency import etag
from pdp_common.db import Database
from pdp_common.identity import CENTRE_ORG, Clearance, Principal, Role
from pdp_common.settings import ServiceSettings
from sqlalchemy.ext.asyncio import AsyncSession

from briefings import drafting, workflow
from briefings.repository import BriefingRepository
from briefings.schemas import BriefingCreate, BriefingTransitionCreate
from briefings.vocabulary import BriefingAction, BriefingKind


def _staff(subject: str, role: Role) -> Principal:
    return Principal(
        subject=subject,
        org=CENTRE_ORG,
        roles=frozenset({role}),
        clearance=Clearance.STRICTLY_CONFIDENTIAL,
        credential="seed",
    )


ANALYST = _staff("demo-analyst", Role.ANALYST)
OFFICER = _staff("demo-officer", Role.OFFICER)
HEAD = _staff("demo-head-of-centre", Role.HEAD_OF_CENTRE)

DEMO = [
    (
        BriefingCreate(
            kind=BriefingKind.DAILY_SITUATION_BRIEF,
            title="Daily situation brief (demonstration)",
        ),
        [],
    ),
    (
        BriefingCreate(
            kind=BriefingKind.WEEKLY_REGIONAL_ANALYSIS,
            title="Weekly regional analysis (demonstration)",
            audience=[CENTRE_ORG, "OSCE", "UNAMA"],
        ),
        [
            (OFFICER, BriefingAction.REVIEW),
            (HEAD, BriefingAction.CLEAR),
            (OFFICER, BriefingAction.RELEASE),
        ],
    ),
    (
        BriefingCreate(
            kind=BriefingKind.THEMATIC_NOTE,
            title="Thematic note: water and energy in the Ferghana valley (demonstration)",
            theme="water_energy_dispute",
            countries=["KGZ", "TJK", "UZB"],
            classification=Clearance.CONFIDENTIAL,
        ),
        [(OFFICER, BriefingAction.REVIEW)],
    ),
    (
        BriefingCreate(
            kind=BriefingKind.THEMATIC_NOTE,
            title="Thematic note: trafficking across the Tajik-Afghan border (demonstration)",
            theme="drug_trafficking",
            countries=["AFG", "TJK"],
            audience=[CENTRE_ORG, "UNAMA"],
        ),
        [
            (OFFICER, BriefingAction.REVIEW),
            (HEAD, BriefingAction.CLEAR),
            (OFFICER, BriefingAction.RELEASE),
        ],
    ),
]
"""The demo briefings and the workflow steps each takes. UNAMA reads the trafficking note (its
agreement lists briefings, AFG and TJK, drug trafficking; Tajikistan consents); the weekly
analysis, addressed to the OSCE and UNAMA too, stays hidden from both, whose agreements cover
neither the whole region nor every threat."""


async def _seed(session: AsyncSession) -> int:
    repository = BriefingRepository(session)
    added = 0
    for data, steps in DEMO:
        assert data.title is not None
        if await repository.by_title(data.title) is not None:
            continue
        briefing = await drafting.create_briefing(session, principal=ANALYST, data=data)
        for principal, action in steps:
            await workflow.transition(
                session,
                principal=principal,
                briefing_id=briefing.id,
                data=BriefingTransitionCreate(action=action, comment="Demonstration workflow."),
                if_match=etag(briefing.version),
            )
        added += 1
    return added


async def seed_demo(settings: ServiceSettings) -> int:
    """Load the demo briefings that are not there yet; return how many."""
    async with Database.for_service(settings) as db, db.transaction() as session:
        return await _seed(session)
