"""Country teams over HTTP: create, read, update, list, and the refusals."""

from __future__ import annotations

import httpx

from tests.country_teams.factories import assert_problem, create_team, team_body

TEAMS = "/api/v1/country-teams"
V1 = {"If-Match": '"1"'}


class TestCreateCountryTeam:
    async def test_creates_with_etag_and_location(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        response = await client.post(TEAMS, json=team_body("KAZ"), headers=staff)
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["country"] == "KAZ"
        assert body["agencies"] == ["UNDP", "UNICEF", "UNODC"]
        assert response.headers["etag"] == '"1"'
        assert response.headers["location"] == f"{TEAMS}/{body['id']}"

    async def test_same_idempotency_key_replays_first_response(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        headers = staff | {"Idempotency-Key": "team-kgz-1"}
        first = await client.post(TEAMS, json=team_body(), headers=headers)
        again = await client.post(TEAMS, json=team_body(), headers=headers)
        assert first.status_code == 201, first.text
        assert again.status_code == 201, again.text
        assert again.json()["id"] == first.json()["id"]
        assert again.headers["idempotent-replayed"] == "true"

    async def test_idempotency_key_reused_with_other_body_is_422(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        headers = staff | {"Idempotency-Key": "team-1"}
        await client.post(TEAMS, json=team_body("KGZ"), headers=headers)
        response = await client.post(TEAMS, json=team_body("TJK"), headers=headers)
        assert_problem(response, 422, "idempotency-key-reused")

    async def test_second_team_for_a_country_is_409(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        await create_team(client, staff, "UZB")
        response = await client.post(TEAMS, json=team_body("UZB"), headers=staff)
        assert_problem(response, 409, "country-team-exists")

    async def test_country_outside_the_five_is_422(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        response = await client.post(TEAMS, json=team_body("FRA"), headers=staff)
        assert_problem(response, 422, "country-team-missing")

    async def test_malformed_body_is_422_and_creates_nothing(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        response = await client.post(TEAMS, json=team_body("kgz", name=""), headers=staff)
        assert_problem(response, 422, "validation-failed")
        assert {tuple(e["loc"]) for e in response.json()["errors"]} == {
            ("body", "country"),
            ("body", "name"),
        }
        listed = await client.get(TEAMS, headers=staff)
        assert listed.json()["items"] == []

    async def test_partner_may_not_create(
        self, client: httpx.AsyncClient, partner: dict[str, str]
    ) -> None:
        response = await client.post(TEAMS, json=team_body(), headers=partner)
        assert_problem(response, 403, "country-team-edit-forbidden")

    async def test_call_without_identity_is_401(self, client: httpx.AsyncClient) -> None:
        response = await client.post(TEAMS, json=team_body())
        assert_problem(response, 401)


class TestReadCountryTeam:
    async def test_reads_with_etag(self, client: httpx.AsyncClient, staff: dict[str, str]) -> None:
        team = await create_team(client, staff)
        response = await client.get(f"{TEAMS}/{team['id']}", headers=staff)
        assert response.status_code == 200, response.text
        assert response.json() == team
        assert response.headers["etag"] == '"1"'

    async def test_unknown_team_is_404(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        response = await client.get(f"{TEAMS}/0190f1a0-0000-7000-8000-000000000000", headers=staff)
        assert_problem(response, 404, "country-team-not-found")


class TestUpdateCountryTeam:
    async def test_update_with_current_etag_bumps_version(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        team = await create_team(client, staff)
        response = await client.patch(
            f"{TEAMS}/{team['id']}",
            json={"resident_coordinator": "B. Coordinator", "agencies": ["WFP", "UNDP", "WFP"]},
            headers=staff | V1,
        )
        assert response.status_code == 200, response.text
        assert response.json()["resident_coordinator"] == "B. Coordinator"
        assert response.json()["agencies"] == ["UNDP", "WFP"]
        assert response.headers["etag"] == '"2"'

    async def test_update_without_if_match_is_428(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        team = await create_team(client, staff)
        response = await client.patch(f"{TEAMS}/{team['id']}", json={"name": "X"}, headers=staff)
        assert_problem(response, 428, "if-match-required")

    async def test_update_with_stale_etag_is_412_and_changes_nothing(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        team = await create_team(client, staff)
        url = f"{TEAMS}/{team['id']}"
        await client.patch(url, json={"name": "First"}, headers=staff | V1)
        response = await client.patch(url, json={"name": "Second"}, headers=staff | V1)
        assert_problem(response, 412, "version-mismatch")
        assert (await client.get(url, headers=staff)).json()["name"] == "First"

    async def test_clearing_a_required_field_is_422(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        team = await create_team(client, staff)
        response = await client.patch(
            f"{TEAMS}/{team['id']}", json={"name": None}, headers=staff | V1
        )
        assert_problem(response, 422, "country-team-invalid")

    async def test_unchanged_values_keep_the_version(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        team = await create_team(client, staff)
        response = await client.patch(
            f"{TEAMS}/{team['id']}", json={"name": team["name"]}, headers=staff | V1
        )
        assert response.status_code == 200, response.text
        assert response.headers["etag"] == '"1"'


class TestListCountryTeams:
    async def test_pages_through_every_team(
        self, client: httpx.AsyncClient, staff: dict[str, str], viewer: dict[str, str]
    ) -> None:
        for country in ("KAZ", "KGZ", "TJK", "TKM", "UZB"):
            await create_team(client, staff, country)
        seen: list[str] = []
        url: str | None = f"{TEAMS}?limit=2"
        while url:
            response = await client.get(url, headers=viewer)
            assert response.status_code == 200, response.text
            seen += [item["country"] for item in response.json()["items"]]
            link = response.headers.get("link")
            url = link.split(">")[0].lstrip("<") if link else None
        assert seen == ["KAZ", "KGZ", "TJK", "TKM", "UZB"]

    async def test_filters_by_country(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        await create_team(client, staff, "KAZ")
        await create_team(client, staff, "TKM")
        response = await client.get(f"{TEAMS}?country=TKM", headers=staff)
        assert [t["country"] for t in response.json()["items"]] == ["TKM"]

    async def test_garbled_cursor_is_400(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        response = await client.get(f"{TEAMS}?cursor=not-a-cursor", headers=staff)
        assert_problem(response, 400, "invalid-cursor")
