"""Who sees which briefing: Centre staff by clearance; others only what was released to them and
what their sharing agreements and the states' consents allow."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from briefings.models import sharing
from fastapi import FastAPI
from pdp_common.identity import Clearance, Role
from pdp_common.sharing import CONSENT_REQUIRED_COUNTRIES, THREAT_CATEGORIES
from pdp_common.testing.apps import Identities

from tests.briefings.conftest import Headers
from tests.briefings.factories import BRIEFINGS, create_briefing, released
from tests.country_teams.factories import assert_problem
from tests.shared.sharing_events import agreement, apply, consent, withdrawal

REGION = ["AFG", "KAZ", "KGZ", "TJK", "TKM", "UZB"]
CONSENTS = {government: consent(government, "OSCE") for government in CONSENT_REQUIRED_COUNTRIES}


def briefings_agreement(**fields: Any) -> Any:
    """Return an OSCE agreement letting every briefing of the region up to internal through."""
    values: dict[str, Any] = {
        "countries": REGION,
        "categories": list(THREAT_CATEGORIES),
        "formats": ["briefing"],
    }
    return agreement("OSCE", **(values | fields))


WATER_NOTE: dict[str, Any] = {"kind": "thematic_note", "theme": "water_energy_dispute"}
Release = Callable[..., Awaitable[dict[str, Any]]]


@pytest.fixture
def release(
    client: httpx.AsyncClient, analyst: Headers, officer: Headers, head: Headers
) -> Release:
    """Return a function that drafts, clears and releases a briefing addressed to the OSCE."""

    async def release_to_osce(**fields: Any) -> dict[str, Any]:
        return await released(
            client, analyst=analyst, officer=officer, head=head, audience=["OSCE"], **fields
        )

    return release_to_osce


@pytest.fixture
async def osce_terms(app: FastAPI, client: httpx.AsyncClient) -> Any:
    """Give the OSCE an agreement for briefings on the whole region and every state's consent."""
    terms = briefings_agreement()
    await apply(app, sharing, terms, *CONSENTS.values())
    return terms


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
    @pytest.mark.usefixtures("osce_terms")
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

    @pytest.mark.usefixtures("osce_terms")
    async def test_partner_never_sees_drafts_even_when_addressed(
        self, client: httpx.AsyncClient, analyst: Headers, osce: Headers
    ) -> None:
        draft = await create_briefing(client, analyst, audience=["OSCE"])
        assert_problem(await client.get(f"{BRIEFINGS}/{draft['id']}", headers=osce), 404)
        assert await listed_ids(client, osce) == set()

    @pytest.mark.usefixtures("osce_terms")
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

    @pytest.mark.usefixtures("osce_terms")
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

    @pytest.mark.usefixtures("osce_terms")
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


class TestPartnerSharingTerms:
    """A briefing released to a partner reaches it only as far as the sharing terms allow."""

    async def test_no_agreement_no_briefing(
        self, app: FastAPI, client: httpx.AsyncClient, osce: Headers, release: Release
    ) -> None:
        await apply(app, sharing, *CONSENTS.values())
        shared = await release()
        assert_problem(await client.get(f"{BRIEFINGS}/{shared['id']}", headers=osce), 404)
        assert await listed_ids(client, osce) == set()

    @pytest.mark.parametrize(
        "terms",
        [
            pytest.param({"formats": ["json", "atom"]}, id="briefings-not-a-format"),
            pytest.param({"countries": ["KGZ", "TJK", "UZB"]}, id="a-country-not-covered"),
            pytest.param({"categories": ["water_energy_dispute"]}, id="a-category-not-covered"),
            pytest.param({"max_sensitivity": "public"}, id="classification-above-ceiling"),
            pytest.param({"embargo_hours": 24}, id="under-embargo"),
            pytest.param({"status": "suspended"}, id="suspended"),
        ],
    )
    async def test_a_region_wide_brief_needs_terms_covering_all_of_it(
        self,
        app: FastAPI,
        client: httpx.AsyncClient,
        osce: Headers,
        release: Release,
        terms: dict[str, Any],
    ) -> None:
        await apply(app, sharing, briefings_agreement(**terms), *CONSENTS.values())
        shared = await release()
        assert_problem(await client.get(f"{BRIEFINGS}/{shared['id']}", headers=osce), 404)
        assert await listed_ids(client, osce) == set()

    async def test_a_thematic_note_needs_only_its_theme_and_countries(
        self, app: FastAPI, client: httpx.AsyncClient, osce: Headers, release: Release
    ) -> None:
        water = briefings_agreement(countries=["KGZ", "TJK"], categories=["water_energy_dispute"])
        await apply(app, sharing, water, CONSENTS["KGZ"], CONSENTS["TJK"])
        note = await release(**WATER_NOTE, countries=["KGZ", "TJK"])
        brief = await release(countries=["KGZ", "TJK"])
        assert (await client.get(f"{BRIEFINGS}/{note['id']}", headers=osce)).status_code == 200
        assert_problem(await client.get(f"{BRIEFINGS}/{brief['id']}", headers=osce), 404)
        assert await listed_ids(client, osce) == {note["id"]}

    async def test_each_state_must_consent(
        self, app: FastAPI, client: httpx.AsyncClient, osce: Headers, release: Release
    ) -> None:
        limited = consent("TJK", "OSCE", topics=["border_incident"])
        await apply(app, sharing, briefings_agreement(), CONSENTS["KGZ"], limited)
        kgz = await release(**WATER_NOTE, countries=["KGZ", "AFG"])
        tjk = await release(**WATER_NOTE, countries=["KGZ", "TJK"])
        assert await listed_ids(client, osce) == {kgz["id"]}
        assert_problem(await client.get(f"{BRIEFINGS}/{tjk['id']}", headers=osce), 404)

    @pytest.mark.usefixtures("osce_terms")
    async def test_a_withdrawn_consent_hides_at_once(
        self, app: FastAPI, client: httpx.AsyncClient, osce: Headers, release: Release
    ) -> None:
        shared = await release(countries=["KGZ"])
        assert await listed_ids(client, osce) == {shared["id"]}
        await apply(app, sharing, withdrawal(CONSENTS["KGZ"]))
        assert_problem(await client.get(f"{BRIEFINGS}/{shared['id']}", headers=osce), 404)
        assert await listed_ids(client, osce) == set()

    async def test_pages_skip_what_the_terms_hide(
        self, app: FastAPI, client: httpx.AsyncClient, osce: Headers, release: Release
    ) -> None:
        water = briefings_agreement(categories=["water_energy_dispute"])
        await apply(app, sharing, water, *CONSENTS.values())
        themes = ("water_energy_dispute", "terrorism", "terrorism", "water_energy_dispute")
        made = [await release(kind="thematic_note", theme=theme) for theme in themes]
        seen: list[str] = []
        params: dict[str, Any] = {"limit": 1}
        while True:
            response = await client.get(BRIEFINGS, params=params, headers=osce)
            assert response.status_code == 200, response.text
            page = response.json()
            seen += [item["id"] for item in page["items"]]
            if page["next_cursor"] is None:
                break
            params["cursor"] = page["next_cursor"]
        assert seen == [made[3]["id"], made[0]["id"]]


class TestReach:
    """Centre staff see which organizations of the audience a briefing will reach, and why not."""

    async def test_a_draft_shows_what_the_terms_hold_back(
        self,
        app: FastAPI,
        client: httpx.AsyncClient,
        analyst: Headers,
        osce: Headers,
    ) -> None:
        water = briefings_agreement(countries=["KGZ"], categories=["water_energy_dispute"])
        await apply(app, sharing, water, CONSENTS["KGZ"])
        draft = await create_briefing(
            client, analyst, audience=["UNRCCA", "OSCE", "SCO"], countries=["KGZ", "TJK"],
            kind="thematic_note", theme="water_energy_dispute",
        )  # fmt: skip
        response = await client.get(f"{BRIEFINGS}/{draft['id']}/reach", headers=analyst)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["briefing_id"] == draft["id"]
        by_org = {entry["org"]: entry for entry in body["audience"]}
        assert by_org["UNRCCA"] == {"org": "UNRCCA", "reaches": True, "held_back": []}
        (tjk,) = by_org["OSCE"]["held_back"]
        assert by_org["OSCE"]["reaches"] is False
        assert (tjk["country"], tjk["category"]) == ("TJK", "water_energy_dispute")
        failed = [condition["condition"] for condition in tjk["failed"]]
        assert failed == ["agreement", "sensitivity", "embargo", "consent"]
        assert "no active agreement with OSCE" in tjk["failed"][0]["detail"]
        assert by_org["SCO"]["reaches"] is False
        assert len(by_org["SCO"]["held_back"]) == 2
        partner = await client.get(f"{BRIEFINGS}/{draft['id']}/reach", headers=osce)
        assert_problem(partner, 404)

    async def test_once_the_terms_cover_it_the_briefing_reaches(
        self,
        app: FastAPI,
        client: httpx.AsyncClient,
        analyst: Headers,
        osce: Headers,
        release: Release,
    ) -> None:
        shared = await release(**WATER_NOTE, countries=["KGZ", "TJK"])
        reach = await client.get(f"{BRIEFINGS}/{shared['id']}/reach", headers=analyst)
        assert {e["org"]: e["reaches"] for e in reach.json()["audience"]} == {"OSCE": False}
        await apply(app, sharing, briefings_agreement(), *CONSENTS.values())
        reach = await client.get(f"{BRIEFINGS}/{shared['id']}/reach", headers=analyst)
        assert reach.json()["audience"] == [{"org": "OSCE", "reaches": True, "held_back": []}]
        assert await listed_ids(client, osce) == {shared["id"]}
