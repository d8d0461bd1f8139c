"""Who sees which briefing: Centre staff by clearance; others only what was released to them."""

from __future__ import annotations

import httpx
from pdp_common.identity import Clearance, Role
from pdp_common.testing.apps import Identities

from tests.briefings.conftest import Headers
from tests.briefings.factories import BRIEFINGS, create_briefing, released
from tests.country_teams.factories import assert_problem


async def listed_ids(client: httpx.AsyncClient, headers: Headers) -> set[str]:
    response = await client.get(BRIEFINGS, headers=headers)
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["items"]}


class TestCentreStaffAccess:
    async def test_staff_see_up_to_their_clearance(
        self, client: httpx.AsyncClient, head: Headers, identities: Identities
    ) -> None:
        secret = await create_briefing(client, head, classification="strictly_confidential")
        internal = await create_briefing(client, head, classification="internal")
        analyst = identities.headers(roles=(Role.ANALYST,), clearance=Clearance.CONFIDENTIAL)
        assert_problem(await client.get(f"{BRIEFINGS}/{secret['id']}", headers=analyst), 404)
        assert await listed_ids(client, analyst) == {internal["id"]}
        assert await listed_ids(client, head) == {secret["id"], internal["id"]}


class TestPartnerAccess:
    async def test_partner_sees_released_briefings_addressed_to_it(
        self,
        client: httpx.AsyncClient,
        analyst: Headers,
        officer: Headers,
        head: Headers,
        osce: Headers,
    ) -> None:
        shared = await released(
            client, analyst=analyst, officer=officer, head=head, audience=["UNRCCA", "OSCE"]
        )
        response = await client.get(f"{BRIEFINGS}/{shared['id']}?format=markdown", headers=osce)
        assert response.status_code == 200, response.text
        assert await listed_ids(client, osce) == {shared["id"]}

    async def test_partner_never_sees_drafts_even_when_addressed(
        self, client: httpx.AsyncClient, analyst: Headers, osce: Headers
    ) -> None:
        draft = await create_briefing(client, analyst, audience=["OSCE"])
        assert_problem(await client.get(f"{BRIEFINGS}/{draft['id']}", headers=osce), 404)
        assert await listed_ids(client, osce) == set()

    async def test_partner_never_sees_briefings_addressed_to_others(
        self,
        client: httpx.AsyncClient,
        analyst: Headers,
        officer: Headers,
        head: Headers,
        osce: Headers,
    ) -> None:
        other = await released(
            client, analyst=analyst, officer=officer, head=head, audience=["UNAMA"]
        )
        assert_problem(await client.get(f"{BRIEFINGS}/{other['id']}", headers=osce), 404)
        assert await listed_ids(client, osce) == set()

    async def test_partner_never_sees_a_classification_above_its_clearance(
        self,
        client: httpx.AsyncClient,
        analyst: Headers,
        officer: Headers,
        head: Headers,
        osce: Headers,
    ) -> None:
        confidential = await released(
            client,
            analyst=analyst,
            officer=officer,
            head=head,
            audience=["OSCE"],
            classification="confidential",
        )
        assert_problem(await client.get(f"{BRIEFINGS}/{confidential['id']}", headers=osce), 404)
        assert await listed_ids(client, osce) == set()

    async def test_partner_may_not_read_versions_or_act(
        self,
        client: httpx.AsyncClient,
        analyst: Headers,
        officer: Headers,
        head: Headers,
        osce: Headers,
    ) -> None:
        shared = await released(
            client, analyst=analyst, officer=officer, head=head, audience=["OSCE"]
        )
        versions = await client.get(f"{BRIEFINGS}/{shared['id']}/versions", headers=osce)
        assert_problem(versions, 403, "briefing-action-forbidden")
