"""Activities over HTTP: create, read, update, list with filters and pages, and the 3W."""

from __future__ import annotations

import httpx

from tests.country_teams.factories import (
    activity_body,
    assert_problem,
    create_activity,
    create_team,
)

ACTIVITIES = "/api/v1/activities"
V1 = {"If-Match": '"1"'}


class TestCreateActivity:
    async def test_creates_an_activity_of_the_country_team(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        team = await create_team(client, staff)
        response = await client.post(ACTIVITIES, json=activity_body(), headers=staff)
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["country_team_id"] == team["id"]
        assert body["participating_agencies"] == ["UN-WOMEN"]
        assert body["budget"] == {"amount": "250000.00", "currency": "USD"}
        assert body["results"][0]["target"] == "6"
        assert body["version"] == 1
        assert response.headers["etag"] == '"1"'

    async def test_country_without_team_is_422(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        response = await client.post(ACTIVITIES, json=activity_body("TJK"), headers=staff)
        assert_problem(response, 422, "country-team-missing")

    async def test_taken_iati_identifier_is_409(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        await create_team(client, staff)
        await create_activity(client, staff, iati_identifier="XM-DAC-41114-1")
        response = await client.post(
            ACTIVITIES, json=activity_body(iati_identifier="XM-DAC-41114-1"), headers=staff
        )
        assert_problem(response, 409, "activity-identifier-taken")

    async def test_unknown_category_and_reversed_dates_are_422(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        await create_team(client, staff)
        body = activity_body(categories=["piracy"], start_on="2027-01-01", end_on="2026-01-01")
        response = await client.post(ACTIVITIES, json=body, headers=staff)
        assert_problem(response, 422, "validation-failed")
        assert (await client.get(ACTIVITIES, headers=staff)).json()["items"] == []

    async def test_agency_system_records_what_it_leads(
        self, client: httpx.AsyncClient, staff: dict[str, str], undp_system: dict[str, str]
    ) -> None:
        await create_team(client, staff)
        own = await client.post(ACTIVITIES, json=activity_body(), headers=undp_system)
        assert own.status_code == 201, own.text
        other = await client.post(
            ACTIVITIES, json=activity_body(lead_agency="UNODC"), headers=undp_system
        )
        assert_problem(other, 403, "activity-edit-forbidden")

    async def test_viewer_may_not_record(
        self, client: httpx.AsyncClient, staff: dict[str, str], viewer: dict[str, str]
    ) -> None:
        await create_team(client, staff)
        response = await client.post(ACTIVITIES, json=activity_body(), headers=viewer)
        assert_problem(response, 403, "activity-edit-forbidden")


class TestUpdateActivity:
    async def test_changes_categories_and_agencies_and_bumps_version(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        await create_team(client, staff)
        activity = await create_activity(client, staff)
        response = await client.patch(
            f"{ACTIVITIES}/{activity['id']}",
            json={
                "categories": ["water_energy_dispute", "border_incident"],
                "participating_agencies": ["FAO", "UNDP"],
                "admin1": None,
            },
            headers=staff | V1,
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["categories"] == ["border_incident", "water_energy_dispute"]
        assert body["participating_agencies"] == ["FAO"]
        assert body["admin1"] is None
        assert body["version"] == 2
        assert response.headers["etag"] == '"2"'

    async def test_update_without_if_match_is_428(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        await create_team(client, staff)
        activity = await create_activity(client, staff)
        response = await client.patch(
            f"{ACTIVITIES}/{activity['id']}", json={"status": "closed"}, headers=staff
        )
        assert_problem(response, 428, "if-match-required")

    async def test_stale_if_match_is_412(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        await create_team(client, staff)
        activity = await create_activity(client, staff)
        url = f"{ACTIVITIES}/{activity['id']}"
        first = await client.patch(url, json={"status": "closed"}, headers=staff | V1)
        assert first.status_code == 200, first.text
        response = await client.patch(url, json={"status": "suspended"}, headers=staff | V1)
        assert_problem(response, 412, "version-mismatch")
        assert (await client.get(url, headers=staff)).json()["status"] == "closed"

    async def test_clearing_the_title_is_422(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        await create_team(client, staff)
        activity = await create_activity(client, staff)
        response = await client.patch(
            f"{ACTIVITIES}/{activity['id']}",
            json={"title": None},
            headers=staff | V1,
        )
        assert_problem(response, 422, "activity-invalid")

    async def test_unknown_field_is_422(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        await create_team(client, staff)
        activity = await create_activity(client, staff)
        response = await client.patch(
            f"{ACTIVITIES}/{activity['id']}",
            json={"lead_agency": "WFP"},
            headers=staff | V1,
        )
        assert_problem(response, 422, "validation-failed")

    async def test_unknown_activity_is_404(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        response = await client.patch(
            f"{ACTIVITIES}/0190f1a0-0000-7000-8000-000000000000",
            json={"status": "closed"},
            headers=staff | V1,
        )
        assert_problem(response, 404, "activity-not-found")


class TestListActivities:
    async def test_filters_combine(self, client: httpx.AsyncClient, staff: dict[str, str]) -> None:
        await create_team(client, staff, "KGZ")
        await create_team(client, staff, "TJK")
        a = await create_activity(client, staff, "KGZ", admin1="Batken")
        b = await create_activity(
            client, staff, "KGZ", admin1="Osh", lead_agency="UNICEF", participating_agencies=[]
        )
        c = await create_activity(
            client,
            staff,
            "TJK",
            admin1="Sughd",
            categories=["water_energy_dispute"],
            status="pipeline",
        )
        cases = {
            "country=KGZ": [b, a],
            "admin1=batken": [a],
            "agency=UN-WOMEN": [c, a],
            "agency=UNICEF": [b],
            "status=pipeline": [c],
            "category=water_energy_dispute": [c],
            "country=KGZ&category=border_incident&agency=UNDP": [a],
        }
        for query, expected in cases.items():
            response = await client.get(f"{ACTIVITIES}?{query}", headers=staff)
            assert response.status_code == 200, response.text
            assert [i["id"] for i in response.json()["items"]] == [e["id"] for e in expected], query

    async def test_pages_newest_first_without_overlap(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        await create_team(client, staff)
        created = [(await create_activity(client, staff, title=f"A{n}"))["id"] for n in range(5)]
        first = await client.get(f"{ACTIVITIES}?limit=3", headers=staff)
        cursor = first.json()["next_cursor"]
        assert 'rel="next"' in first.headers["link"]
        second = await client.get(f"{ACTIVITIES}?limit=3&cursor={cursor}", headers=staff)
        ids = [i["id"] for i in first.json()["items"] + second.json()["items"]]
        assert ids == list(reversed(created))
        assert second.json()["next_cursor"] is None
        assert "link" not in second.headers

    async def test_bad_filter_is_422(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        response = await client.get(f"{ACTIVITIES}?status=ongoing", headers=staff)
        assert_problem(response, 422, "validation-failed")

    async def test_partner_reads_activities(
        self, client: httpx.AsyncClient, staff: dict[str, str], partner: dict[str, str]
    ) -> None:
        await create_team(client, staff)
        activity = await create_activity(client, staff)
        response = await client.get(f"{ACTIVITIES}/{activity['id']}", headers=partner)
        assert response.status_code == 200, response.text
        assert response.headers["etag"] == '"1"'


class TestWhoWhatWhere:
    async def test_counts_by_area_category_and_agency(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        await create_team(client, staff, "KGZ")
        await create_team(client, staff, "TJK")
        await create_activity(client, staff, "KGZ", categories=["border_incident", "other"])
        await create_activity(client, staff, "KGZ", participating_agencies=[])
        await create_activity(
            client,
            staff,
            "TJK",
            admin1=None,
            lead_agency="UNODC",
            participating_agencies=[],
            categories=["drug_trafficking"],
        )
        response = await client.get(f"{ACTIVITIES}/3w", headers=staff)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["total_activities"] == 3
        cells = {
            (c["country"], c["admin1"], c["category"], c["agency"]): c["activities"]
            for c in body["cells"]
        }
        assert cells == {
            ("KGZ", "Batken", "border_incident", "UN-WOMEN"): 1,
            ("KGZ", "Batken", "border_incident", "UNDP"): 2,
            ("KGZ", "Batken", "other", "UN-WOMEN"): 1,
            ("KGZ", "Batken", "other", "UNDP"): 1,
            ("TJK", None, "drug_trafficking", "UNODC"): 1,
        }

    async def test_filters_apply(self, client: httpx.AsyncClient, staff: dict[str, str]) -> None:
        await create_team(client, staff, "KGZ")
        await create_activity(client, staff, "KGZ")
        await create_activity(client, staff, "KGZ", status="closed")
        response = await client.get(f"{ACTIVITIES}/3w?status=closed", headers=staff)
        assert response.json()["total_activities"] == 1

    async def test_agency_and_category_filters_select_whole_activities(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        await create_team(client, staff, "KGZ")
        await create_team(client, staff, "TJK")
        await create_activity(client, staff, "KGZ", categories=["border_incident", "other"])
        await create_activity(
            client,
            staff,
            "TJK",
            admin1=None,
            lead_agency="UNODC",
            participating_agencies=["UNDP"],
            categories=["drug_trafficking"],
        )
        query = "agency=UNODC&category=drug_trafficking"
        response = await client.get(f"{ACTIVITIES}/3w?{query}", headers=staff)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["total_activities"] == 1
        assert {(c["country"], c["agency"]) for c in body["cells"]} == {
            ("TJK", "UNODC"),
            ("TJK", "UNDP"),
        }
