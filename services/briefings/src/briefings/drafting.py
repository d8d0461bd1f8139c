"""Drafting: a new briefing from its kind's template and the incident digest."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from pdp_common.contracts import briefings as briefing_events
from pdp_common.db import utcnow
from pdp_common.events.outbox import record_event
from pdp_common.identity import Clearance, Principal
from sqlalchemy.ext.asyncio import AsyncSession

from briefings import errors, permissions, templates
from briefings.early_warning import service as early_warning
from briefings.early_warning.schemas import EarlyWarningSection
from briefings.models import Briefing, BriefingAudience
from briefings.repository import BriefingRepository, DigestRepository
from briefings.schemas import BriefingCreate, Sections
from briefings.service import record_version, snapshot
from briefings.vocabulary import (
    DEFAULT_PERIOD,
    REGION,
    VERIFIED_STATUSES,
    BriefingKind,
    BriefingStatus,
)


@dataclass(frozen=True)
class DraftSpec:
    """Everything a new draft is made from."""

    kind: BriefingKind
    title: str | None
    classification: Clearance
    audience: list[str]
    countries: list[str]
    start: datetime
    end: datetime
    theme: str | None
    incident_id: uuid.UUID | None
    author: str
    regional_picture: bool = False
    """Attach the early-warning section (periodic briefings only)."""


async def _regional_picture_of(session: AsyncSession, spec: DraftSpec) -> EarlyWarningSection:
    return await early_warning.regional_picture(
        session,
        start=spec.start,
        end=spec.end,
        countries=spec.countries,
        classification=spec.classification,
        category=spec.theme,
    )


async def _template(session: AsyncSession, spec: DraftSpec) -> tuple[Sections, list[str], str]:
    digest = DigestRepository(session)
    allowed = [c.value for c in Clearance.up_to(spec.classification)]
    if spec.kind is BriefingKind.FLASH_ALERT:
        assert spec.incident_id is not None
        incident = await digest.get(spec.incident_id)
        if incident is None or incident.status not in VERIFIED_STATUSES:
            raise errors.BriefingInvalid("A flash alert is drafted on a verified incident.")
        if incident.sensitivity not in allowed:
            raise errors.BriefingInvalid("The incident is classified above the flash alert.")
        title = templates.title_for(
            spec.kind, end=spec.end, theme=None, reference=incident.reference
        )
        return templates.draft_flash_sections(incident), [incident.country], title
    incidents = await digest.verified(
        start=spec.start,
        end=spec.end,
        countries=spec.countries,
        sensitivities=allowed,
        category=spec.theme,
    )
    previous = await digest.count_verified(
        start=spec.start - (spec.end - spec.start),
        end=spec.start,
        countries=spec.countries,
        sensitivities=allowed,
        category=spec.theme,
    )
    sections = templates.draft_sections(
        incidents=incidents,
        previous_count=previous,
        countries=spec.countries,
        start=spec.start,
        end=spec.end,
    )
    if spec.regional_picture:
        sections.early_warning = await _regional_picture_of(session, spec)
    title = templates.title_for(spec.kind, end=spec.end, theme=spec.theme, reference=None)
    return sections, spec.countries, title


async def draft_briefing(session: AsyncSession, spec: DraftSpec) -> Briefing | None:
    """Draft a briefing from its template; None when its incident already has a flash alert."""
    sections, countries, title = await _template(session, spec)
    briefing = Briefing(
        kind=spec.kind.value,
        title=spec.title or title,
        status=BriefingStatus.DRAFT.value,
        classification=spec.classification.value,
        countries=countries,
        theme=spec.theme,
        period_start=spec.start,
        period_end=spec.end,
        sections=sections.model_dump(mode="json"),
        source_incident_id=spec.incident_id,
        created_by=spec.author,
        audience_rows=[BriefingAudience(org=org) for org in sorted(set(spec.audience))],
    )
    if not await BriefingRepository(session).insert(briefing):
        return None
    record_version(session, briefing=briefing, action="drafted", by=spec.author)
    await record_event(
        session,
        briefing_events.BriefingDrafted(**snapshot(briefing), source_incident_id=spec.incident_id),
    )
    return briefing


def _regional_picture(data: BriefingCreate) -> bool:
    if data.include_regional_picture is not None:
        return data.include_regional_picture
    return data.kind is BriefingKind.DAILY_SITUATION_BRIEF


async def create_briefing(
    session: AsyncSession, *, principal: Principal, data: BriefingCreate
) -> Briefing:
    """Draft a briefing of a kind from its template and the incident digest."""
    permissions.require_author(principal)
    if not principal.clearance.allows(data.classification):
        raise errors.BriefingInvalid("The classification is above your clearance.")
    end = data.period_end or utcnow()
    spec = DraftSpec(
        kind=data.kind,
        title=data.title,
        classification=data.classification,
        audience=data.audience,
        countries=list(dict.fromkeys(data.countries or REGION)),
        start=data.period_start or end - DEFAULT_PERIOD[data.kind],
        end=end,
        theme=data.theme,
        incident_id=data.incident_id,
        author=principal.subject,
        regional_picture=_regional_picture(data),
    )
    briefing = await draft_briefing(session, spec)
    if briefing is None:
        raise errors.BriefingExists(f"Incident {data.incident_id} already has a flash alert.")
    return briefing
