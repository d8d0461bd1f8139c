"""Which releases the feed gives a caller: only what the access rule lets it read, each release
exactly once across pages, oldest release first; and the record of what was served."""

from __future__ import annotations

import json
import uuid

import httpx
import pytest
from briefings.feed.models import BriefingFeedShare
from briefings.feed.service import serve_feed
from briefings.feed.vocabulary import BriefingFeedFormat
from fastapi import FastAPI
from pdp_common.contracts.briefings import BriefingShareRecorded
from pdp_common.identity import Clearance, Principal, Role
from pdp_common.platform_tables import outbox
from pdp_common.testing.apps import Identities
from sqlalchemy import select

from tests.briefings.conftest import Headers
from tests.briefings.factories import create_briefing, released
from tests.briefings.feed.helpers import read_all, read_page
from tests.briefings.test_access import Release, osce_terms, release

__all__ = ["osce_terms", "release"]


@pytest.mark.usefixtures("osce_terms")
class TestWhatACallerGets:
    async def test_a_partner_gets_only_releases_addressed_to_it_that_it_may_read(
        self,
        client: httpx.AsyncClient,
        release: Release,
        analyst: Headers,
        officer: Headers,
        head: Headers,
        osce: Headers,
    ) -> None:
        shared = await release()
        confidential = await release(classification="confidential")
        other = await released(
            client, analyst=analyst, officer=officer, head=head, audience=["UNAMA"]
        )
        await create_briefing(client, analyst, audience=["OSCE"])
        ids, _ = await read_all(client, osce, limit=10)
        assert ids == [shared["id"]]
        staff, _ = await read_all(client, head, limit=10)
        assert staff == [shared["id"], confidential["id"], other["id"]]

    async def test_a_partner_without_agreement_gets_nothing(
        self,
        client: httpx.AsyncClient,
        analyst: Headers,
        officer: Headers,
        head: Headers,
        identities: Identities,
    ) -> None:
        await released(client, analyst=analyst, officer=officer, head=head, audience=["UNAMA"])
        unama = identities.headers(org="UNAMA", roles=(Role.PARTNER,), clearance=Clearance.INTERNAL)
        ids, _ = await read_all(client, unama, limit=10)
        assert ids == []


@pytest.mark.usefixtures("osce_terms")
class TestPaging:
    async def test_every_release_comes_exactly_once_in_release_order(
        self,
        client: httpx.AsyncClient,
        release: Release,
        analyst: Headers,
        officer: Headers,
        head: Headers,
        osce: Headers,
    ) -> None:
        first = [await release() for _ in range(3)]
        await released(client, analyst=analyst, officer=officer, head=head, audience=["UNAMA"])
        first += [await release() for _ in range(2)]
        ids, cursor = await read_all(client, osce, limit=2)
        assert ids == [b["id"] for b in first]
        again = (await read_page(client, osce, cursor=cursor)).json()
        assert again["items"] == []
        assert again["next_cursor"] == cursor
        later = await release()
        ids, _ = await read_all(client, osce, limit=2, cursor=cursor)
        assert ids == [later["id"]]

    async def test_a_forged_cursor_is_refused(
        self, client: httpx.AsyncClient, osce: Headers
    ) -> None:
        response = await client.get(
            "/api/v1/briefings/feed", params={"cursor": "bm90LWEtY3Vyc29y"}, headers=osce
        )
        assert response.status_code == 400, response.text
        assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.usefixtures("osce_terms")
class TestAccounting:
    async def test_each_served_briefing_is_recorded(
        self, client: httpx.AsyncClient, app: FastAPI, release: Release, osce: Headers
    ) -> None:
        a, b = await release(), await release()
        cursor = (await read_page(client, osce, limit=1)).json()["next_cursor"]
        await read_page(client, osce, fmt="atom", cursor=cursor)
        async with app.state.platform.db.transaction() as session:
            shares = (await session.execute(select(BriefingFeedShare))).scalars().all()
        assert sorted((s.partner_org, str(s.briefing_id), s.format, s.cursor) for s in shares) == (
            sorted([("OSCE", a["id"], "json", None), ("OSCE", b["id"], "atom", cursor)])
        )

    async def test_the_share_event_is_written_to_the_outbox_with_the_records(
        self, app: FastAPI, release: Release
    ) -> None:
        a = await release()
        principal = Principal(
            subject="reader@osce.org",
            org="OSCE",
            roles=frozenset({Role.PARTNER}),
            clearance=Clearance.INTERNAL,
            credential="test",
        )
        async with app.state.platform.db.transaction() as session:
            page = await serve_feed(
                session, principal=principal, fmt=BriefingFeedFormat.JSONFEED, cursor=None, limit=5
            )
            stmt = select(outbox.c.payload).where(
                outbox.c.event_type == "pdp.briefings.share.recorded.v1"
            )
            payloads = (await session.execute(stmt)).scalars().all()
            served = [e.briefing.id for e in page.entries]
            await session.rollback()
        assert served == [uuid.UUID(a["id"])]
        assert len(payloads) == 1
        data = BriefingShareRecorded.model_validate(json.loads(payloads[0])["data"])
        assert data.partner_org == "OSCE"
        assert data.format == "json_feed"
        assert [(str(i.briefing_id), i.version) for i in data.items] == [(a["id"], a["version"])]

    async def test_an_empty_page_records_nothing(
        self, client: httpx.AsyncClient, app: FastAPI, osce: Headers
    ) -> None:
        await read_page(client, osce)
        async with app.state.platform.db.transaction() as session:
            assert (await session.execute(select(BriefingFeedShare))).first() is None
