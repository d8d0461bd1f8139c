"""Rules of the briefings service: who sees which briefing, drafting from templates, editing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from pdp_common.concurrency import check_if_match
from pdp_common.contracts import briefings as briefing_events
from pdp_common.db import utcnow
from pdp_common.events.outbox import record_event
from pdp_common.identity import Clearance, Principal
from pdp_common.pagination import InvalidCursor, PageParams, decode_cursor, encode_cursor
from sqlalchemy.ext.asyncio import AsyncSession

from briefings import errors, templates
from briefings.models import Briefing, BriefingAudience, BriefingVersion
from briefings.repository import BriefingRepository, DigestRepository, Visibility
from briefings.schemas import (
    BriefingCreate,
    BriefingFilters,
    BriefingRead,
    BriefingUpdate,
    Sections,
)
from briefings.vocabulary import (
    AUTHOR_ROLES,
    DEFAULT_PERIOD,
    REGION,
    VERIFIED_STATUSES,
    BriefingKind,
    BriefingStatus,
)


def visibility(principal: Principal) -> Visibility:
    """Return which briefings ``principal`` may see."""
    allowed = tuple(c.value for c in Clearance.up_to(principal.clearance))
    return Visibility(allowed, None if principal.is_centre_staff else principal.org)


def may_see(principal: Principal, briefing: Briefing) -> bool:
    """Tell whether ``principal`` may read ``briefing``."""
    if not principal.clearance.allows(Clearance(briefing.classification)):
        return False
    if principal.is_centre_staff:
        return True
    return briefing.status == BriefingStatus.RELEASED and principal.org in briefing.audience


def ensure_author(principal: Principal) -> None:
    """Refuse callers other than Centre analysts, officers and the Head of Centre."""
    if not (principal.is_centre_staff and principal.has_any(*AUTHOR_ROLES)):
        raise errors.BriefingActionForbidden("Centre analysts and officers write briefings.")


def to_read(briefing: Briefing) -> BriefingRead:
    """Return the API view of a briefing."""
    return BriefingRead.model_validate({c: getattr(briefing, c) for c in BriefingRead.model_fields})


async def get_visible(
    session: AsyncSession, *, principal: Principal, briefing_id: uuid.UUID
) -> Briefing:
    """Return a briefing the caller may see; any other is not found."""
    briefing = await BriefingRepository(session).get(briefing_id)
    if briefing is None or not may_see(principal, briefing):
        raise errors.BriefingNotFound(f"No briefing {briefing_id}.")
    return briefing


async def list_briefings(
    session: AsyncSession, *, principal: Principal, filters: BriefingFilters, paging: PageParams
) -> tuple[list[Briefing], str | None]:
    """Return a page of the briefings the caller may see, newest first, and the next cursor."""
    after = None
    if paging.cursor:
        (after,) = decode_cursor(paging.cursor, length=1)
        if not isinstance(after, uuid.UUID):
            raise InvalidCursor("The cursor is not one this list issued.")
    rows = await BriefingRepository(session).page(
        filters, visibility(principal), after=after, limit=paging.limit + 1
    )
    cursor = encode_cursor([rows[paging.limit - 1].id]) if len(rows) > paging.limit else None
    return rows[: paging.limit], cursor


def record_version(
    session: AsyncSession, briefing: Briefing, *, action: str, by: str, comment: str | None = None
) -> None:
    """Append the briefing's current state to its history."""
    BriefingRepository(session).add_version(
        BriefingVersion(
            briefing_id=briefing.id,
            version=briefing.version,
            action=action,
            status=briefing.status,
            comment=comment,
            snapshot=to_read(briefing).model_dump(mode="json"),
            changed_by=by,
            changed_at=utcnow(),
        )
    )


def snapshot(briefing: Briefing) -> dict[str, object]:
    """Return the event fields describing ``briefing``."""
    return {
        "briefing_id": briefing.id,
        "kind": briefing.kind,
        "classification": briefing.classification,
        "countries": list(briefing.countries),
        "audience": briefing.audience,
        "version": briefing.version,
    }


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
    record_version(session, briefing, action="drafted", by=spec.author)
    await record_event(
        session,
        briefing_events.BriefingDrafted(**snapshot(briefing), source_incident_id=spec.incident_id),
    )
    return briefing


async def create_briefing(
    session: AsyncSession, *, principal: Principal, data: BriefingCreate
) -> Briefing:
    """Draft a briefing of a kind from its template and the incident digest."""
    ensure_author(principal)
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
    )
    briefing = await draft_briefing(session, spec)
    if briefing is None:
        raise errors.BriefingExists(f"Incident {data.incident_id} already has a flash alert.")
    return briefing


async def _check_citations(session: AsyncSession, sections: Sections, classification: str) -> None:
    allowed = {c.value for c in Clearance.up_to(Clearance(classification))}
    digest = DigestRepository(session)
    for development in sections.developments:
        for ref in development.incidents:
            incident = await digest.get(ref.incident_id)
            if incident is not None and incident.sensitivity not in allowed:
                raise errors.BriefingInvalid(
                    f"{ref.reference} is classified above the briefing; raise the classification."
                )


def _set_audience(briefing: Briefing, audience: list[str]) -> None:
    wanted = set(audience)
    for row in list(briefing.audience_rows):
        if row.org not in wanted:
            briefing.audience_rows.remove(row)
        wanted.discard(row.org)
    briefing.audience_rows.extend(BriefingAudience(org=org) for org in sorted(wanted))


async def update_briefing(
    session: AsyncSession,
    *,
    principal: Principal,
    briefing_id: uuid.UUID,
    data: BriefingUpdate,
    if_match: str | None,
) -> Briefing:
    """Edit a briefing before release; an edit after review sends it back to draft."""
    briefing = await get_visible(session, principal=principal, briefing_id=briefing_id)
    ensure_author(principal)
    if briefing.status == BriefingStatus.RELEASED:
        raise errors.BriefingImmutable("A released briefing is final; draft a new one.")
    check_if_match(if_match, briefing.version)
    changes = data.model_dump(exclude_unset=True)
    if any(changes.get(k, "") is None for k in ("title", "classification", "audience", "sections")):
        raise errors.BriefingInvalid(
            "title, classification, audience and sections cannot be cleared."
        )
    if data.classification and not principal.clearance.allows(data.classification):
        raise errors.BriefingInvalid("The classification is above your clearance.")
    classification = (data.classification or Clearance(briefing.classification)).value
    sections = data.sections or Sections.model_validate(briefing.sections)
    await _check_citations(session, sections, classification)
    if data.title is not None:
        briefing.title = data.title
    briefing.classification = classification
    briefing.sections = sections.model_dump(mode="json")
    if data.audience is not None:
        _set_audience(briefing, data.audience)
    briefing.status = BriefingStatus.DRAFT.value
    briefing.reviewed_by = briefing.cleared_by = None
    briefing.updated_at = utcnow()
    await session.flush()
    record_version(session, briefing, action="edited", by=principal.subject)
    return briefing
