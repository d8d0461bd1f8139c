"""The record of shares for the Centre's staff: every briefing served through the feed is listed,
newest first, filtered by reader, briefing and time, page by page; partners may not read it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from pdp_common.identity import Clearance, Role
from pdp_common.testing.apps import Identities

from tests.briefings.conftest import Headers
from tests.briefings.feed.helpers import read_page
from tests.briefings.test_access import Release, osce_terms, release

__all__ = ["osce_terms", "release"]

SHARES = "/api/v1/briefings/feed/shares"


async def list_shares(
    client: httpx.AsyncClient, headers: Headers, **params: Any
) -> list[dict[str, Any]]:
    """Follow the share list page by page; return every record in the order served."""
    shares: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        response = await client.get(SHARES, params=query, headers=headers)
        assert response.status_code == 200, response.text
        page = response.json()
        shares += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return shares


def served_at(share: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(share["served_at"])


@pytest.mark.usefixtures("osce_terms")
class TestRecordsListed:
    async def test_each_briefing_served_to_a_reader_is_listed_newest_first(
        self, client: httpx.AsyncClient, release: Release, head: Headers, osce: Headers
    ) -> None:
        assert await list_shares(client, head) == []
        first, second = await release(), await release()
        page = (await read_page(client, osce, limit=1)).json()
        later = (await read_page(client, osce, fmt="atom", cursor=page["next_cursor"])).text
        assert second["id"] in later
        shares = await list_shares(client, head)
        assert [(s["briefing_id"], s["format"], s["partner_org"]) for s in shares] == [
            (second["id"], "atom", "OSCE"),
            (first["id"], "json", "OSCE"),
        ]
        assert [s["version"] for s in shares] == [second["version"], first["version"]]
        assert [s["cursor"] for s in shares] == [page["next_cursor"], None]
        assert served_at(shares[1]) == datetime.fromisoformat(page["served_at"])

    async def test_a_page_with_nothing_new_records_nothing(
        self, client: httpx.AsyncClient, release: Release, head: Headers, osce: Headers
    ) -> None:
        await release()
        page = (await read_page(client, osce)).json()
        await read_page(client, osce, cursor=page["next_cursor"])
        assert len(await list_shares(client, head)) == 1


@pytest.mark.usefixtures("osce_terms")
class TestFilters:
    async def test_by_reader_briefing_and_time(
        self,
        client: httpx.AsyncClient,
        release: Release,
        head: Headers,
        osce: Headers,
    ) -> None:
        first, second = await release(), await release()
        await read_page(client, osce)
        await read_page(client, head)
        everything = await list_shares(client, head)
        assert len(everything) == 4
        osce_only = await list_shares(client, head, partner="OSCE")
        assert {s["briefing_id"] for s in osce_only} == {first["id"], second["id"]}
        assert {s["partner_org"] for s in osce_only} == {"OSCE"}
        assert await list_shares(client, head, partner="UNAMA") == []
        one = await list_shares(client, head, briefing_id=first["id"])
        assert {s["briefing_id"] for s in one} == {first["id"]}
        assert len(one) == 2
        both = await list_shares(client, head, partner="OSCE", briefing_id=second["id"])
        assert [(s["partner_org"], s["briefing_id"]) for s in both] == [("OSCE", second["id"])]

        latest = max(served_at(s) for s in everything)
        since_latest = await list_shares(client, head, since=latest.isoformat())
        assert since_latest == [s for s in everything if served_at(s) >= latest]
        assert since_latest
        earliest = min(served_at(s) for s in everything)
        assert await list_shares(client, head, since=earliest.isoformat()) == everything
        future = (datetime.now(UTC) + timedelta(days=1)).isoformat()
        assert await list_shares(client, head, since=future) == []


@pytest.mark.usefixtures("osce_terms")
class TestPaging:
    async def test_pages_follow_each_other_newest_first_without_gaps(
        self, client: httpx.AsyncClient, release: Release, head: Headers, osce: Headers
    ) -> None:
        released = [await release() for _ in range(5)]
        cursor: str | None = None
        for _ in released:
            page = (await read_page(client, osce, cursor=cursor, limit=1)).json()
            cursor = page["next_cursor"]
        all_at_once = await list_shares(client, head)
        assert [s["briefing_id"] for s in all_at_once] == [b["id"] for b in reversed(released)]
        paged = await list_shares(client, head, limit=2)
        assert paged == all_at_once
        first = await client.get(SHARES, params={"limit": 2}, headers=head)
        assert len(first.json()["items"]) == 2
        assert 'rel="next"' in first.headers["link"]

    async def test_a_forged_cursor_is_refused(
        self, client: httpx.AsyncClient, head: Headers
    ) -> None:
        response = await client.get(SHARES, params={"cursor": "not-a-cursor"}, headers=head)
        assert response.status_code == 400, response.text
        assert response.headers["content-type"].startswith("application/problem+json")


class TestRefusals:
    async def test_a_partner_gets_a_403_problem(
        self, client: httpx.AsyncClient, osce: Headers
    ) -> None:
        response = await client.get(SHARES, headers=osce)
        assert response.status_code == 403, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["type"].endswith("briefing-feed-shares-forbidden")

    async def test_centre_staff_of_any_role_may_read(
        self, client: httpx.AsyncClient, identities: Identities
    ) -> None:
        analyst = identities.headers(roles=(Role.ANALYST,), clearance=Clearance.INTERNAL)
        response = await client.get(SHARES, headers=analyst)
        assert response.status_code == 200, response.text

    @pytest.mark.parametrize(
        "since", ["yesterday", "2026-03-12T09:15:00", "1700000000", "2026-13-40T00:00:00Z"]
    )
    async def test_a_bad_since_is_a_422_problem(
        self, client: httpx.AsyncClient, head: Headers, since: str
    ) -> None:
        response = await client.get(SHARES, params={"since": since}, headers=head)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "since" in response.text

    async def test_a_bad_briefing_id_is_a_422_problem(
        self, client: httpx.AsyncClient, head: Headers
    ) -> None:
        response = await client.get(SHARES, params={"briefing_id": "feed"}, headers=head)
        assert response.status_code == 422, response.text
