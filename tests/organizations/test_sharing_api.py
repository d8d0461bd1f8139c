"""Agreements, consents and the sharing decision through the API, with partners' visibility."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.organizations.conftest import Callers, register

START = "2026-01-01T00:00:00+00:00"
NOW = datetime.now(UTC)


async def setup_partners(client: httpx.AsyncClient, callers: Callers) -> None:
    for code in ("OSCE", "UNAMA", "SCO"):
        await register(client, callers.officer, code)


async def agreement(client: httpx.AsyncClient, callers: Callers, **terms: Any) -> dict[str, Any]:
    body = {
        "partner_org": "OSCE",
        "title": "Early-warning exchange",
        "countries": ["KGZ", "TJK", "AFG"],
        "categories": ["border_incident", "water_energy_dispute"],
        "max_sensitivity": "internal",
        "embargo_hours": 24,
        "formats": ["json"],
        "valid_from": START,
    } | terms
    response = await client.post("/api/v1/agreements", json=body, headers=callers.head)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


async def consent(client: httpx.AsyncClient, callers: Callers, **terms: Any) -> dict[str, Any]:
    body = {
        "government": "KGZ",
        "party_org": "OSCE",
        "kind": "information_sharing",
        "countries": ["KGZ"],
        "valid_from": START,
    } | terms
    response = await client.post("/api/v1/consents", json=body, headers=callers.head)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


async def decision(
    client: httpx.AsyncClient, headers: dict[str, str], **item: Any
) -> dict[str, Any]:
    params = {
        "partner_org": "OSCE",
        "country": "KGZ",
        "category": "border_incident",
        "sensitivity": "public",
        "available_at": (NOW - timedelta(hours=48)).isoformat(),
    } | item
    response = await client.get("/api/v1/sharing/decision", params=params, headers=headers)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def reasons(result: dict[str, Any]) -> dict[str, bool]:
    return {r["code"]: r["ok"] for r in result["reasons"]}


class TestDecision:
    async def test_decisions_across_cases(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        await setup_partners(client, callers)
        await agreement(client, callers)
        await consent(client, callers)
        ask = callers.analyst
        assert (await decision(client, ask))["allowed"] is True
        assert reasons(await decision(client, ask, country="UZB")) == {
            "agreement": False,
            "sensitivity": False,
            "embargo": False,
            "consent": False,
        }
        assert (await decision(client, ask, category="terrorism"))["allowed"] is False
        assert (
            reasons(await decision(client, ask, sensitivity="confidential"))["sensitivity"] is False
        )
        fresh = await decision(client, ask, available_at=(NOW - timedelta(hours=2)).isoformat())
        assert reasons(fresh) == {
            "agreement": True,
            "sensitivity": True,
            "embargo": False,
            "consent": True,
        }
        no_consent = await decision(client, ask, country="TJK")
        assert reasons(no_consent)["consent"] is False
        assert reasons(await decision(client, ask, country="AFG"))["consent"] is True
        assert (await decision(client, ask, partner_org="SCO"))["allowed"] is False

    async def test_suspension_and_withdrawal_take_effect_at_once(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        await setup_partners(client, callers)
        terms = await agreement(client, callers)
        given = await consent(client, callers)
        assert (await decision(client, callers.analyst))["allowed"] is True
        url = f"/api/v1/consents/{given['id']}/withdrawal"
        withdrawn = await client.post(
            url, json={"reason": "Government letter"}, headers=callers.head
        )
        assert withdrawn.status_code == 200, withdrawn.text
        assert withdrawn.json()["status"] == "withdrawn"
        assert reasons(await decision(client, callers.analyst))["consent"] is False
        again = await client.post(url, json={"reason": "twice"}, headers=callers.head)
        assert again.status_code == 409, again.text
        await consent(client, callers)
        assert (await decision(client, callers.analyst))["allowed"] is True
        suspend = await client.patch(
            f"/api/v1/agreements/{terms['id']}",
            json={"status": "suspended"},
            headers=callers.head | {"If-Match": '"1"'},
        )
        assert suspend.status_code == 200, suspend.text
        assert reasons(await decision(client, callers.analyst))["agreement"] is False

    async def test_expired_agreement_denies(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        await setup_partners(client, callers)
        await agreement(client, callers, valid_until=(NOW - timedelta(days=1)).isoformat())
        await consent(client, callers)
        assert (await decision(client, callers.analyst))["allowed"] is False

    async def test_partner_asks_only_about_itself(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        await setup_partners(client, callers)
        await agreement(client, callers)
        await consent(client, callers)
        assert (await decision(client, callers.partner("OSCE")))["allowed"] is True
        other = await client.get(
            "/api/v1/sharing/decision",
            params={
                "partner_org": "OSCE",
                "country": "KGZ",
                "category": "border_incident",
                "sensitivity": "public",
                "available_at": START,
            },
            headers=callers.partner("SCO"),
        )
        assert other.status_code == 403, other.text


class TestVisibility:
    async def test_partners_see_only_their_own_agreements(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        await setup_partners(client, callers)
        osce = await agreement(client, callers)
        unama = await agreement(client, callers, partner_org="UNAMA", countries=["AFG"])
        listed = await client.get("/api/v1/agreements", headers=callers.partner("OSCE"))
        assert [a["id"] for a in listed.json()["items"]] == [osce["id"]]
        hidden = await client.get(
            f"/api/v1/agreements/{unama['id']}", headers=callers.partner("OSCE")
        )
        assert hidden.status_code == 404, hidden.text
        own = await client.get(f"/api/v1/agreements/{osce['id']}", headers=callers.partner("OSCE"))
        assert own.status_code == 200, own.text
        everything = await client.get("/api/v1/agreements", headers=callers.analyst)
        assert len(everything.json()["items"]) == 2

    async def test_consents_are_for_centre_staff(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        await setup_partners(client, callers)
        given = await consent(client, callers)
        assert (
            await client.get("/api/v1/consents", headers=callers.partner("OSCE"))
        ).status_code == 403
        assert (
            await client.get(f"/api/v1/consents/{given['id']}", headers=callers.partner("OSCE"))
        ).status_code == 403
        listed = await client.get(
            "/api/v1/consents",
            params={"government": "KGZ", "in_force_at": NOW.isoformat()},
            headers=callers.analyst,
        )
        assert [c["id"] for c in listed.json()["items"]] == [given["id"]]

    async def test_only_head_and_admin_write_sharing_terms(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        await setup_partners(client, callers)
        body = {"government": "KGZ", "party_org": "OSCE", "kind": "contact", "valid_from": START}
        for headers in (callers.officer, callers.analyst, callers.partner("OSCE")):
            response = await client.post("/api/v1/consents", json=body, headers=headers)
            assert response.status_code == 403, response.text
        admin = await client.post("/api/v1/consents", json=body, headers=callers.admin)
        assert admin.status_code == 201, admin.text

    async def test_unknown_partner_is_refused(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        body = {
            "partner_org": "NOPE",
            "title": "x",
            "countries": ["KGZ"],
            "categories": ["other"],
            "max_sensitivity": "public",
            "embargo_hours": 0,
            "valid_from": START,
        }
        response = await client.post("/api/v1/agreements", json=body, headers=callers.head)
        assert response.status_code == 422, response.text
        assert (await client.get("/api/v1/agreements", headers=callers.head)).json()["items"] == []
