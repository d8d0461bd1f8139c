"""Fetch one claimed feed through the SSRF-safe client and take its items as the partner's push.

The request goes to the registered URL only (its host is the only one allowed, redirects to
another host are refused, every resolved address is checked) with the validators of the last
answer (``If-None-Match``, ``If-Modified-Since``). A 304 changes nothing. A 2xx body is read by
the inbound feed's readers (the registered format, or the answer's Content-Type) and taken by
:func:`incidents.feeds.inbound.service.receive_items` as the partner organization, so that an item
pulled and the same item pushed are one incident. The items, the fetch record and the feed's new
schedule are committed together; a failure is recorded and the feed backs off exponentially.
The fetch record is ended only if it is still ``running``: a fetch cancelled while its feed was
being read or its items taken rolls back and stores nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx
import structlog
from pdp_common.db import Database, utcnow
from pdp_common.errors import AppError
from pdp_common.identity import Clearance, Principal, Role
from pdp_common.outbound import OutboundClient, OutboundPolicy

from incidents.feeds.inbound import parsing
from incidents.feeds.inbound.permissions import require_partner
from incidents.feeds.inbound.schemas import FeedItemOutcome, FeedItemResult
from incidents.feeds.inbound.service import receive_items
from incidents.feeds.pull import store
from incidents.feeds.pull.models import PulledFetch
from incidents.feeds.pull.store import Claim
from incidents.settings import IncidentsSettings

log = structlog.get_logger(__name__)

ACCEPT = ", ".join([*parsing.MEDIA_TYPES, "application/xml;q=0.5", "*/*;q=0.1"])


def partner_principal(claim: Claim) -> Principal:
    """Return the caller a pulled feed's items are taken as: the partner organization."""
    return Principal(
        subject=f"feed-pull:{claim.id}",
        org=claim.partner_org,
        roles=frozenset({Role.PARTNER}),
        clearance=Clearance.CONFIDENTIAL,
        credential=f"feed-pull:{claim.id}",
        name=f"Pulled feed of {claim.partner_org}",
    )


def policy_for(settings: IncidentsSettings, url: str) -> OutboundPolicy:
    """Return the outbound policy of a feed: the platform's, its own host only."""
    policy = OutboundPolicy.from_settings(
        settings, max_response_bytes=settings.feed_pull_max_response_bytes
    )
    return policy.with_hosts([httpx.URL(url).host])


def backoff(settings: IncidentsSettings, claim: Claim, failed: bool, now: datetime) -> datetime:
    """Return when the feed is next due: its interval, doubled per consecutive failure."""
    seconds = claim.interval_seconds
    if failed:
        seconds = min(seconds * 2 ** (claim.consecutive_failures + 1),
                      settings.feed_pull_max_backoff_seconds)  # fmt: skip
    return now + timedelta(seconds=max(seconds, claim.interval_seconds))


REPORT_KEEP = 1000
"""At most this many items' outcomes are kept in a fetch's report (rejected ones first)."""


def bounded_report(items: list[FeedItemResult]) -> dict[str, Any]:
    """Return the per-item outcomes a fetch keeps: rejected items first, at most REPORT_KEEP."""
    ordered = sorted(items, key=lambda item: item.outcome != FeedItemOutcome.REJECTED)
    kept = sorted(ordered[:REPORT_KEEP], key=lambda item: item.index)
    return {
        "items": [item.model_dump(mode="json") for item in kept],
        "truncated": len(items) > len(kept),
    }


class Fetcher:
    """Fetch claimed feeds for one lease owner."""

    def __init__(
        self, db: Database, settings: IncidentsSettings, owner: str, client: OutboundClient
    ) -> None:
        self.db = db
        self.settings = settings
        self.owner = owner
        self.client = client

    def _fetch(self, status: str, **fields: Any) -> dict[str, Any]:
        return {"status": status, "finished_at": utcnow(), "http_status": None, "media": None,
                "size_bytes": 0, "counts": {}, "error": None, "report": None} | fields  # fmt: skip

    async def run(self, claim: Claim) -> PulledFetch:
        """Fetch ``claim`` once and end its fetch record; return the record."""
        await self._run(claim)
        async with self.db.transaction() as session:
            fetch = await session.get(PulledFetch, claim.fetch_id)
        assert fetch is not None
        return fetch

    async def _run(self, claim: Claim) -> None:
        headers = {"Accept": ACCEPT}
        if claim.etag:
            headers["If-None-Match"] = claim.etag
        if claim.last_modified:
            headers["If-Modified-Since"] = claim.last_modified
        try:
            response = await self.client.get(
                claim.url, headers=headers, policy=policy_for(self.settings, claim.url)
            )
        except AppError as exc:
            return await self._failed(claim, _describe(exc), None)
        if response.status_code == 304:
            return await self._record(claim, self._fetch("not_modified", http_status=304), None)
        if not response.is_success:
            error = f"The feed answered HTTP {response.status_code}."
            return await self._failed(claim, error, response.status_code)
        principal = partner_principal(claim)
        try:
            media = claim.media or parsing.media_type_of(response.headers.get("content-type", ""))
            items = parsing.parse_items(
                response.content, media=media, partner_org=claim.partner_org,
                limits=self.settings.json_limits(), max_items=self.settings.feed_inbound_max_items,
            )  # fmt: skip
            async with self.db.transaction() as session:
                await require_partner(session, principal)
                report = await receive_items(
                    session, principal=principal, items=items, settings=self.settings
                )
                counts = report.model_dump(exclude={"items"}) | {"read": len(report.items)}
                fetch = self._fetch(
                    "succeeded", http_status=response.status_code, media=media,
                    size_bytes=len(response.content), counts=counts,
                    report=bounded_report(report.items),
                )  # fmt: skip
                validators = (response.headers.get("etag"), response.headers.get("last-modified"))
                next_due = backoff(self.settings, claim, False, fetch["finished_at"])
                ended = await store.release(
                    session, claim, self.owner, fetch, next_due_at=next_due, validators=validators
                )
                if ended != "recorded":
                    raise _NotStored(ended)
                await store.prune(session, claim.id, self.settings.feed_pull_log_keep)
        except _NotStored as stop:
            return await self._not_stored(claim, stop.why)
        except AppError as exc:
            return await self._failed(claim, _describe(exc), response.status_code)
        log.info("pulled feed fetched", source_id=str(claim.id), **counts)
        return None

    async def _failed(self, claim: Claim, error: str, http_status: int | None) -> None:
        log.warning("pulled feed failed", source_id=str(claim.id), error=error)
        fetch = self._fetch("failed", http_status=http_status, error=error)
        await self._record(claim, fetch, None)

    async def _record(
        self,
        claim: Claim,
        fetch: dict[str, Any],
        validators: tuple[str | None, str | None] | None,
    ) -> None:
        failed = fetch["status"] == "failed"
        async with self.db.transaction() as session:
            next_due = backoff(self.settings, claim, failed, fetch["finished_at"])
            ended = await store.release(
                session, claim, self.owner, fetch, next_due_at=next_due, validators=validators
            )
            if ended == "recorded":
                await store.prune(session, claim.id, self.settings.feed_pull_log_keep)
        if ended != "recorded":
            await self._not_stored(claim, ended)

    async def _not_stored(self, claim: Claim, why: str) -> None:
        """The fetch was cancelled (free the feed until its next interval) or its lease lost."""
        if why == "lost":
            log.warning("pulled feed lease lost", source_id=str(claim.id))
            return
        log.info("pulled feed fetch cancelled", source_id=str(claim.id))
        next_due = backoff(self.settings, claim, False, utcnow())
        async with self.db.transaction() as session:
            await store.free(session, claim, self.owner, next_due_at=next_due)


def _describe(exc: AppError) -> str:
    """Return a refusal as the fetch log keeps it: its problem title, then its detail."""
    return f"{exc.title}: {exc.detail}" if exc.detail else exc.title


class _NotStored(Exception):
    """The fetch was cancelled, or the feed taken over, while its items were being taken;
    roll back."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why
