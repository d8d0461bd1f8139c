"""SQL of the briefings service: briefings, their versions and the incident digest."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from pdp_common.keyset import keyset_page
from pdp_common.pagination import PageParams
from pdp_common.repository import Repository
from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from briefings.models import Briefing, BriefingAudience, BriefingVersion, IncidentDigest
from briefings.schemas import BriefingFilters
from briefings.vocabulary import VERIFIED_STATUSES, BriefingStatus


@dataclass(frozen=True)
class Visibility:
    """Which briefings a caller may see: by classification; outsiders by release and audience."""

    classifications: tuple[str, ...]
    audience_org: str | None
    """None for Centre staff; otherwise only released briefings addressed to this organization."""


class BriefingRepository(Repository[Briefing]):
    """Briefings and their history."""

    model = Briefing

    async def insert(self, briefing: Briefing) -> bool:
        """Insert ``briefing``; return False when its source incident already has one."""
        try:
            async with self.session.begin_nested():
                self.session.add(briefing)
                await self.session.flush()
        except IntegrityError:
            return False
        return True

    async def page(
        self,
        filters: BriefingFilters,
        visibility: Visibility,
        *,
        paging: PageParams,
        keep: Callable[[Briefing], bool],
    ) -> tuple[list[Briefing], str | None]:
        """Return one page of visible briefings that ``keep`` keeps (the sharing terms, checked
        in Python), newest first, and the next cursor."""
        stmt = select(Briefing).where(Briefing.classification.in_(visibility.classifications))
        if visibility.audience_org is not None:
            stmt = stmt.where(
                Briefing.status == BriefingStatus.RELEASED.value,
                exists().where(
                    BriefingAudience.briefing_id == Briefing.id,
                    BriefingAudience.org == visibility.audience_org,
                ),
            )
        if filters.kind:
            stmt = stmt.where(Briefing.kind == filters.kind.value)
        if filters.status:
            stmt = stmt.where(Briefing.status == filters.status.value)
        return await keyset_page(
            self.session, stmt, columns=[Briefing.id], paging=paging, descending=True, keep=keep
        )

    async def by_title(self, title: str) -> Briefing | None:
        """Return the oldest briefing with this title, if any."""
        stmt = select(Briefing).where(Briefing.title == title).order_by(Briefing.id).limit(1)
        return (await self.session.execute(stmt)).scalar_one_or_none()

    def add_version(self, version: BriefingVersion) -> None:
        """Append one entry to a briefing's history."""
        self.session.add(version)

    async def versions(self, briefing_id: uuid.UUID) -> list[BriefingVersion]:
        """Return a briefing's history, oldest first."""
        stmt = (
            select(BriefingVersion)
            .where(BriefingVersion.briefing_id == briefing_id)
            .order_by(BriefingVersion.version)
        )
        return list((await self.session.execute(stmt)).scalars())


class DigestRepository:
    """The incident digest: incidents as learned from events."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, incident_id: uuid.UUID) -> IncidentDigest | None:
        """Return one incident of the digest."""
        return await self.session.get(IncidentDigest, incident_id)

    async def verified(
        self,
        *,
        start: datetime,
        end: datetime,
        countries: Sequence[str],
        sensitivities: Sequence[str],
        category: str | None = None,
    ) -> list[IncidentDigest]:
        """Return verified incidents of the period, gravest first."""
        stmt = (
            select(IncidentDigest)
            .where(
                IncidentDigest.status.in_(VERIFIED_STATUSES),
                IncidentDigest.occurred_at >= start,
                IncidentDigest.occurred_at < end,
                IncidentDigest.country.in_(list(countries)),
                IncidentDigest.sensitivity.in_(list(sensitivities)),
            )
            .order_by(IncidentDigest.severity.desc(), IncidentDigest.occurred_at.desc())
        )
        if category:
            stmt = stmt.where(IncidentDigest.category == category)
        return list((await self.session.execute(stmt)).scalars())

    async def count_verified(
        self,
        *,
        start: datetime,
        end: datetime,
        countries: Sequence[str],
        sensitivities: Sequence[str],
        category: str | None = None,
    ) -> int:
        """Count verified incidents of a period."""
        stmt = select(func.count()).where(
            IncidentDigest.status.in_(VERIFIED_STATUSES),
            IncidentDigest.occurred_at >= start,
            IncidentDigest.occurred_at < end,
            IncidentDigest.country.in_(list(countries)),
            IncidentDigest.sensitivity.in_(list(sensitivities)),
        )
        if category:
            stmt = stmt.where(IncidentDigest.category == category)
        return int((await self.session.execute(stmt)).scalar_one())
