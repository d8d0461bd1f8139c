"""Rules of the inbound feed: take each partner item once, in version order, into an incident.

For each item, keyed by (partner organization, the partner's item id):

* never seen: validated as a create (:mod:`.checks`); matched against the incidents the partner
  may see (:mod:`.linking`) or already recorded under the same origin, and linked as a duplicate;
  otherwise stored through the bulk import's storing path (reference, timeline, ``reported`` event);
* seen with the same content: ``unchanged`` (a replay); with an older version: ``unchanged``;
* a newer version: the incident's fields are updated (while it is ``reported`` or
  ``under_review``; later the Centre owns it and the item is refused as locked), or, for a
  retraction, the incident is retracted through the workflow (:mod:`.retraction`).

Every change writes its events to the outbox in the request's transaction; a refused item changes
nothing. Refusals are reported per item with an RFC 9457 problem pointing into the batch.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from pdp_common.contracts import incidents as incident_events
from pdp_common.db import utcnow
from pdp_common.events.outbox import record_event
from pdp_common.identity import Principal
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from incidents import events
from incidents.access.service import viewer_for
from incidents.errors import IncidentLocked
from incidents.feeds.inbound import checks, linking, repository, retraction
from incidents.feeds.inbound.errors import (
    FeedItemNotFound,
    FeedItemRetracted,
    FeedItemsConcurrent,
    FeedItemVersionConflict,
)
from incidents.feeds.inbound.items import ParsedItem
from incidents.feeds.inbound.models import InboundItem
from incidents.feeds.inbound.schemas import FeedItemOutcome, FeedItemResult, FeedItemsReport
from incidents.imports.storing import store_new
from incidents.repository import IncidentRepository
from incidents.schemas import IncidentUpdate
from incidents.service import apply_changes, timeline_row
from incidents.settings import IncidentsSettings
from incidents.status import EDITABLE, Status


def grading_of(settings: IncidentsSettings, org: str) -> tuple[str, int]:
    """Return the (reliability, credibility) a partner's items are graded with, e.g. B3."""
    grade = settings.feed_inbound_grading.get(org, settings.feed_inbound_default_grading)
    return grade[0], int(grade[1:])


class _Intake:
    """One batch of one partner in the request's transaction."""

    def __init__(
        self, session: AsyncSession, principal: Principal, settings: IncidentsSettings
    ) -> None:
        self.session = session
        self.principal = principal
        self.settings = settings
        self.now = utcnow()
        reliability, credibility = grading_of(settings, principal.org)
        self.source = {
            "name": principal.org, "type": "partner_feed", "reliability": reliability,
            "credibility": credibility, "url": None, "published_at": None,
            "reported_by_org": principal.org,
        }  # fmt: skip

    def result(self, item: ParsedItem, outcome: FeedItemOutcome, **fields: Any) -> FeedItemResult:
        """Return the report line of ``item``."""
        return FeedItemResult(
            index=item.index,
            pointer=item.pointer,
            item_id=item.item_id,
            version=item.version,
            outcome=outcome,
            **fields,
        )

    def payload(self, item: ParsedItem) -> dict[str, Any]:
        """Return the item's payload with the partner as origin and graded source."""
        payload = dict(item.payload or {})
        given = payload.get("sources")
        extra: list[Any] = given if isinstance(given, list) else []
        payload["sources"] = [self.source, *extra]
        payload["origin"] = {"org": self.principal.org, "external_id": item.item_id}
        return payload

    async def take(self, item: ParsedItem) -> FeedItemResult:
        """Take one item; return its outcome."""
        try:
            if item.errors or item.item_id is None:
                raise checks.from_parse_errors(item)
            key = await repository.get_key(self.session, self.principal.org, item.item_id)
            if key is None:
                return await self.first(item)
            return await self.again(item, key)
        except checks.ItemRefused as refusal:
            return self.result(item, FeedItemOutcome.REJECTED, problem=refusal.problem)

    async def first(self, item: ParsedItem) -> FeedItemResult:
        """Take an item never seen before."""
        assert item.item_id is not None
        if item.is_retraction:
            unknown = f"No item {item.item_id} of {self.principal.org} to retract."
            raise checks.from_app_error(item, FeedItemNotFound(unknown))
        create = checks.checked_create(item, self.payload(item), self.principal, self.now)
        origin = (self.principal.org, item.item_id)
        known = await IncidentRepository(self.session).find_by_origin([origin])
        match_id = known[origin][0] if origin in known else None
        if match_id is None:
            viewer = await viewer_for(self.session, principal=self.principal)
            match = await linking.find_match(
                self.session, viewer=viewer, create=create,
                window_hours=self.settings.duplicate_window_hours,
                radius_km=self.settings.duplicate_radius_km,
            )  # fmt: skip
            if match is not None:
                incident = await linking.link(
                    self.session, principal=self.principal, incident_id=match.id,
                    item_id=item.item_id, source=self.source, now=self.now,
                )  # fmt: skip
                await self.remember(item, incident.id, is_duplicate=True)
                return self.result(
                    item, FeedItemOutcome.DUPLICATE_OF, incident_id=incident.id,
                    reference=incident.reference,
                )  # fmt: skip
        if match_id is not None:
            await self.remember(item, match_id, is_duplicate=True)
            return self.result(
                item, FeedItemOutcome.DUPLICATE_OF, incident_id=match_id,
                reference=known[origin][1], note="already recorded under this origin",
            )  # fmt: skip
        (stored,) = await store_new(self.session, self.principal, [create], now=self.now)
        await self.remember(item, stored.incident_id, is_duplicate=False)
        return self.result(
            item,
            FeedItemOutcome.CREATED,
            incident_id=stored.incident_id,
            reference=stored.reference,
        )

    async def remember(self, item: ParsedItem, incident_id: Any, *, is_duplicate: bool) -> None:
        """Store the key of a first-seen item."""
        content = item.content_hash()
        await repository.add_key(
            self.session, partner_org=self.principal.org, item_id=item.item_id,
            incident_id=incident_id, version=item.version,
            version_key=item.version_key or f"h{content}", payload_hash=content,
            is_duplicate=is_duplicate, is_retracted=False, first_seen_at=self.now,
            last_seen_at=self.now,
        )  # fmt: skip

    def order(self, item: ParsedItem, key: InboundItem, content: str) -> str | None:
        """Return why the item is not newer than ``key`` (None when it is newer)."""
        if content == key.payload_hash:
            return "the same content was received before"
        marker = item.version_key
        if marker is None or key.version_key.startswith("h"):
            return None  # arrival order: changed content is a newer version
        if marker[0] != key.version_key[0]:
            raise checks.from_app_error(
                item,
                FeedItemVersionConflict(
                    "Items keep one kind of version marker (a number or an instant)."
                ),
            )
        if marker < key.version_key:
            return f"version {item.version} is older than {key.version}"
        if marker == key.version_key:
            raise checks.from_app_error(
                item,
                FeedItemVersionConflict(
                    f"Version {item.version} was received with other content; send changes "
                    "under a newer version."
                ),
            )
        return None

    async def again(self, item: ParsedItem, key: InboundItem) -> FeedItemResult:
        """Take an item seen before: a replay, an older or a newer version."""
        content = item.content_hash()
        key.last_seen_at = self.now
        incident = await IncidentRepository(self.session).get_for_update(key.incident_id)
        assert incident is not None
        named = {"incident_id": incident.id, "reference": incident.reference}
        stale = self.order(item, key, content)
        if stale is not None or (key.is_retracted and item.is_retraction):
            return self.result(item, FeedItemOutcome.UNCHANGED, note=stale, **named)
        if key.is_retracted:
            raise checks.from_app_error(
                item,
                FeedItemRetracted(
                    f"Item {item.item_id} was retracted; send new reports under a new id."
                ),
            )
        outcome = FeedItemOutcome.DUPLICATE_OF if key.is_duplicate else FeedItemOutcome.UPDATED
        if item.is_retraction:
            outcome = FeedItemOutcome.RETRACTED
            if not key.is_duplicate:
                await retraction.retract(
                    self.session, partner=self.principal, incident_id=incident.id,
                    status=incident.status, now=self.now,
                    reason=f"Retracted by {self.principal.org} (item {item.item_id}).",
                )  # fmt: skip
        elif not key.is_duplicate:
            await self.update(item, incident)
        key.version, key.version_key = item.version, item.version_key or f"h{content}"
        key.payload_hash, key.is_retracted = content, item.is_retraction
        await self.session.flush()
        return self.result(item, outcome, **named)

    async def update(self, item: ParsedItem, incident: Any) -> None:
        """Apply a newer version to the partner's own incident while it is still editable."""
        create = checks.checked_create(item, self.payload(item), self.principal, self.now)
        if Status(incident.status) not in EDITABLE or incident.merged_into_id is not None:
            raise checks.from_app_error(
                item,
                IncidentLocked(
                    f"Incident {incident.reference} is {incident.status}; the Centre now keeps "
                    "it. Retract the item or tell the Centre."
                ),
            )
        fields = create.model_dump(mode="json", exclude={"origin"})
        changes = IncidentUpdate.model_validate(fields)
        changed = apply_changes(incident, self.principal, changes, self.now)
        await self.session.flush()
        entry = timeline_row(
            incident, action="updated", principal=self.principal, at=self.now, changes=changed
        )
        await IncidentRepository(self.session).insert_timeline([entry])
        await record_event(self.session, events.snapshot(incident_events.IncidentUpdated, incident))


async def receive_items(
    session: AsyncSession,
    *,
    principal: Principal,
    items: list[ParsedItem],
    settings: IncidentsSettings,
) -> FeedItemsReport:
    """Take a partner's batch item by item; return the outcome of each."""
    intake = _Intake(session, principal, settings)
    try:
        results = [await intake.take(item) for item in items]
    except IntegrityError as exc:
        raise FeedItemsConcurrent(
            "Another batch recorded some of these items meanwhile; send this batch again."
        ) from exc
    counts = Counter(r.outcome.value for r in results)
    return FeedItemsReport(**counts, items=results)
