"""Rules of the briefings service: who sees which briefing, drafting from templates, editing."""

from __future__ import annotations

import uuid
from typing import Any

from pdp_common.concurrency import check_if_match
from pdp_common.db import utcnow
from pdp_common.identity import Clearance, Principal
from pdp_common.pagination import PageParams
from sqlalchemy.ext.asyncio import AsyncSession

from briefings import access, errors, permissions
from briefings.early_warning import service as early_warning
from briefings.models import Briefing, BriefingAudience, BriefingVersion
from briefings.repository import BriefingRepository, DigestRepository
from briefings.rows import to_read
from briefings.schemas import (
    BriefingFilters,
    BriefingUpdate,
    SectionsRead,
)
from briefings.vocabulary import (
    BriefingStatus,
)


async def get_visible(
    session: AsyncSession, *, principal: Principal, briefing_id: uuid.UUID
) -> Briefing:
    """Return a briefing the caller may see; any other is not found."""
    briefing = await BriefingRepository(session).get(briefing_id)
    if briefing is None or not (await access.reader_for(session, principal)).may_see(briefing):
        raise errors.BriefingNotFound(f"No briefing {briefing_id}.")
    return briefing


async def list_briefings(
    session: AsyncSession, *, principal: Principal, filters: BriefingFilters, paging: PageParams
) -> tuple[list[Briefing], str | None]:
    """Return a page of the briefings the caller may see, newest first, and the next cursor."""
    reader = await access.reader_for(session, principal)
    return await BriefingRepository(session).page(
        filters, access.visibility(principal), paging=paging, keep=reader.may_see
    )


def record_version(
    session: AsyncSession, *, briefing: Briefing, action: str, by: str, comment: str | None = None
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


async def _check_citations(
    session: AsyncSession, sections: SectionsRead, classification: str
) -> None:
    allowed = {c.value for c in Clearance.up_to(Clearance(classification))}
    digest = DigestRepository(session)
    for development in sections.developments:
        for ref in development.incidents:
            incident = await digest.get(ref.incident_id)
            if incident is not None and incident.sensitivity not in allowed:
                raise errors.BriefingInvalid(
                    f"{ref.reference} is classified above the briefing; raise the classification."
                )
    above = await early_warning.cited_above(session, sections.early_warning, classification)
    if above:
        raise errors.BriefingInvalid(
            f"{above[0]} is classified above the briefing; raise the classification."
        )


def _as_recorded(sections: dict[str, Any]) -> dict[str, Any]:
    """Return stored sections with the fields added since they were stored (``early_warning``)."""
    return SectionsRead.model_validate(sections).model_dump(mode="json")


def _set_audience(briefing: Briefing, audience: list[str]) -> None:
    wanted = set(audience)
    for row in list(briefing.audience_rows):
        if row.org not in wanted:
            briefing.audience_rows.remove(row)
        wanted.discard(row.org)
    briefing.audience_rows.extend(BriefingAudience(org=org) for org in sorted(wanted))


async def _proposed(
    session: AsyncSession, *, principal: Principal, briefing: Briefing, data: BriefingUpdate
) -> tuple[str, str, dict[str, Any], list[str]]:
    changes = data.model_dump(exclude_unset=True)
    if any(changes.get(k, "") is None for k in ("title", "classification", "audience", "sections")):
        raise errors.BriefingInvalid(
            "title, classification, audience and sections cannot be cleared."
        )
    if data.classification and not principal.clearance.allows(data.classification):
        raise errors.BriefingInvalid("The classification is above your clearance.")
    classification = (data.classification or Clearance(briefing.classification)).value
    sections = data.sections or SectionsRead.model_validate(briefing.sections)
    await _check_citations(session, sections, classification)
    audience = sorted(set(data.audience)) if data.audience is not None else briefing.audience
    return (
        data.title or briefing.title,
        classification,
        sections.model_dump(mode="json"),
        audience,
    )


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
    permissions.require_author(principal)
    if briefing.status == BriefingStatus.RELEASED:
        raise errors.BriefingImmutable("A released briefing is final; draft a new one.")
    check_if_match(if_match, briefing.version)
    title, classification, sections, audience = await _proposed(
        session, principal=principal, briefing=briefing, data=data
    )
    unchanged = (
        title == briefing.title
        and classification == briefing.classification
        and sections == _as_recorded(briefing.sections)
        and audience == briefing.audience
    )
    if unchanged:
        return briefing
    briefing.title = title
    briefing.classification = classification
    briefing.sections = sections
    _set_audience(briefing, audience)
    briefing.status = BriefingStatus.DRAFT.value
    briefing.reviewed_by = briefing.cleared_by = None
    briefing.updated_at = utcnow()
    await session.flush()
    record_version(session, briefing=briefing, action="edited", by=principal.subject)
    return briefing
