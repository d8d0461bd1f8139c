"""The registry: organizations, idempotent creates, ETags, filters and contacts' need-to-know."""

from __future__ import annotations

import httpx
from pdp_common.identity import Role

from tests.organizations.conftest import Callers, register

ORGS = "/api/v1/organizations"


class TestOrganizations:
    async def test_create_and_read(self, client: httpx.AsyncClient, callers: Callers) -> None:
        await register(client, callers.officer, "OSCE")
        created = await register(
            client,
            callers.officer,
            "OSCE-BISHKEK",
            kind="other",
            parent_code="OSCE",
            names=[{"lang": "ru", "value": "Программный офис ОБСЕ в Бишкеке"}],
            countries=["KGZ"],
            offices=[{"city": "Bishkek", "country": "KGZ"}],
        )
        assert created["parent_code"] == "OSCE"
        response = await client.get(f"{ORGS}/osce-bishkek", headers=callers.partner("SCO"))
        assert response.status_code == 200, response.text
        assert response.headers["ETag"] == '"1"'
        assert response.json()["names"][0]["value"].startswith("Программный")

    async def test_idempotent_create_replays(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        body = {"code": "CIS", "kind": "regional_organization", "name": "Commonwealth"}
        headers = callers.officer | {"Idempotency-Key": "cis-1"}
        first = await client.post(ORGS, json=body, headers=headers)
        second = await client.post(ORGS, json=body, headers=headers)
        assert first.status_code == 201, first.text
        assert second.status_code == 201, second.text
        assert second.headers["Idempotent-Replayed"] == "true"
        assert second.json()["id"] == first.json()["id"]
        listed = await client.get(ORGS, params={"q": "cis"}, headers=callers.analyst)
        assert [o["code"] for o in listed.json()["items"]] == ["CIS"]

    async def test_duplicate_code_conflicts(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        await register(client, callers.officer, "SCO")
        response = await client.post(
            ORGS, json={"code": "SCO", "kind": "ngo", "name": "x"}, headers=callers.officer
        )
        assert response.status_code == 409, response.text
        assert response.headers["content-type"] == "application/problem+json"

    async def test_bad_input_is_refused(self, client: httpx.AsyncClient, callers: Callers) -> None:
        body = {"code": "X", "kind": "alliance", "name": "x", "countries": ["kazakhstan"]}
        response = await client.post(ORGS, json=body, headers=callers.officer)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert (await client.get(ORGS, headers=callers.officer)).json()["items"] == []

    async def test_writes_need_a_writer_role(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        body = {"code": "EU", "kind": "regional_organization", "name": "European Union"}
        for headers in (callers.analyst, callers.partner("EU")):
            response = await client.post(ORGS, json=body, headers=headers)
            assert response.status_code == 403, response.text

    async def test_update_needs_current_etag(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        await register(client, callers.officer, "CSTO")
        url = f"{ORGS}/CSTO"
        missing = await client.patch(url, json={"name": "CSTO"}, headers=callers.officer)
        assert missing.status_code == 428, missing.text
        ok = await client.patch(
            url,
            json={"name": "Collective Security Treaty Organization"},
            headers=callers.officer | {"If-Match": '"1"'},
        )
        assert ok.status_code == 200, ok.text
        assert ok.headers["ETag"] == '"2"'
        stale = await client.patch(
            url, json={"name": "x"}, headers=callers.officer | {"If-Match": '"1"'}
        )
        assert stale.status_code == 412, stale.text

    async def test_parent_cycle_is_refused(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        await register(client, callers.officer, "UN")
        await register(client, callers.officer, "DPPA", parent_code="UN")
        response = await client.patch(
            f"{ORGS}/UN",
            json={"parent_code": "DPPA"},
            headers=callers.officer | {"If-Match": '"1"'},
        )
        assert response.status_code == 422, response.text

    async def test_filters_and_pages(self, client: httpx.AsyncClient, callers: Callers) -> None:
        for code in ("A1", "A2", "A3"):
            await register(client, callers.officer, code, countries=["TJK"])
        await register(client, callers.officer, "B1", kind="ngo", countries=["UZB"])
        first = await client.get(
            ORGS, params={"country": "TJK", "limit": 2}, headers=callers.analyst
        )
        assert [o["code"] for o in first.json()["items"]] == ["A1", "A2"]
        assert 'rel="next"' in first.headers["Link"]
        rest = await client.get(
            ORGS,
            params={"country": "TJK", "cursor": first.json()["next_cursor"]},
            headers=callers.analyst,
        )
        assert [o["code"] for o in rest.json()["items"]] == ["A3"]
        ngos = await client.get(ORGS, params={"kind": "ngo"}, headers=callers.analyst)
        assert [o["code"] for o in ngos.json()["items"]] == ["B1"]

    async def test_search_finds_cyrillic_names(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        await register(
            client,
            callers.officer,
            "MFA-KGZ",
            kind="ministry",
            names=[{"lang": "ru", "value": "Министерство иностранных дел"}],
        )
        response = await client.get(ORGS, params={"q": "МИНИСТЕРСТВО"}, headers=callers.analyst)
        assert [o["code"] for o in response.json()["items"]] == ["MFA-KGZ"]


class TestContacts:
    async def _contact(self, client: httpx.AsyncClient, callers: Callers) -> str:
        await register(client, callers.officer, "OSCE")
        body = {
            "full_name": "A. Person",
            "function": "Focal point",
            "roles": ["focal_point"],
            "email": "a.person@example.org",
            "phone": "+43 1 234",
        }
        response = await client.post(f"{ORGS}/OSCE/contacts", json=body, headers=callers.officer)
        assert response.status_code == 201, response.text
        assert response.json()["details"]["email"] == "a.person@example.org"
        contact_id: str = response.json()["id"]
        return contact_id

    async def test_names_fit_their_columns_or_are_refused(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        await register(client, callers.officer, "OSCE")
        for field in ("full_name", "function"):
            body = {"full_name": "A. Person", field: "\u0416" * 200}
            fits = await client.post(f"{ORGS}/OSCE/contacts", json=body, headers=callers.officer)
            assert fits.status_code == 201, fits.text
            assert fits.json()[field] == body[field]
            body[field] += "x"
            long = await client.post(f"{ORGS}/OSCE/contacts", json=body, headers=callers.officer)
            assert long.status_code == 422, long.text
            assert long.headers["content-type"] == "application/problem+json"

    async def test_need_to_know_callers_see_details(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        contact_id = await self._contact(client, callers)
        for headers in (callers.officer, callers.head, callers.admin, callers.partner("OSCE")):
            response = await client.get(f"{ORGS}/OSCE/contacts/{contact_id}", headers=headers)
            assert response.status_code == 200, response.text
            assert response.json()["details"]["phone"] == "+43 1 234"
            assert response.json()["details_hidden"] is False

    async def test_others_get_contacts_without_details(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        contact_id = await self._contact(client, callers)
        viewer = callers.as_("UNRCCA", Role.VIEWER)
        for headers in (callers.analyst, viewer, callers.partner("SCO")):
            one = await client.get(f"{ORGS}/OSCE/contacts/{contact_id}", headers=headers)
            listed = await client.get(f"{ORGS}/OSCE/contacts", headers=headers)
            assert one.status_code == 200, one.text
            assert one.json()["details"] is None
            assert one.json()["details_hidden"] is True
            assert listed.json()["items"][0]["full_name"] == "A. Person"
            assert listed.json()["items"][0]["details"] is None
            assert "a.person@example.org" not in listed.text
            assert "+43 1 234" not in one.text
