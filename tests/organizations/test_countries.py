"""Unknown country codes in the organizations API answer 422 naming the field."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from organizations.registry.models import Organization
from sqlalchemy import update

from tests.organizations.conftest import Callers, register


def assert_country_refused(response: httpx.Response, loc: list[str]) -> None:
    """Assert a 422 problem whose only error is an unknown country at ``loc``."""
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    errors: list[dict[str, Any]] = response.json()["errors"]
    assert [(e["loc"], e["type"]) for e in errors] == [(loc, "country_code")], errors


class TestFilters:
    @pytest.mark.parametrize(
        ("path", "name"),
        [
            ("/api/v1/organizations", "country"),
            ("/api/v1/agreements", "country"),
            ("/api/v1/consents", "government"),
            ("/api/v1/engagements", "country"),
            ("/api/v1/initiatives", "country"),
            ("/api/v1/initiatives/overlaps", "country"),
        ],
    )
    async def test_unknown_country_filter_is_422(
        self, client: httpx.AsyncClient, callers: Callers, path: str, name: str
    ) -> None:
        response = await client.get(path, params={name: "XXX"}, headers=callers.head)
        assert_country_refused(response, ["query", name])

    async def test_sharing_decision_about_an_unknown_country_is_422(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        params = {
            "partner_org": "OSCE",
            "country": "QQQ",
            "category": "border_incident",
            "sensitivity": "public",
            "available_at": "2026-01-01T00:00:00+00:00",
        }
        response = await client.get(
            "/api/v1/sharing/decision", params=params, headers=callers.analyst
        )
        assert_country_refused(response, ["query", "country"])

    async def test_lower_case_known_country_is_still_taken(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        await register(client, callers.officer, "OSCE", countries=["KGZ"])
        listed = await client.get(
            "/api/v1/organizations", params={"country": "kgz"}, headers=callers.officer
        )
        assert listed.status_code == 200, listed.text
        assert [o["code"] for o in listed.json()["items"]] == ["OSCE"]


class TestBodies:
    async def test_registration_with_an_unknown_country_is_422(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        body = {"code": "OSCE", "kind": "regional_organization", "name": "OSCE"}
        listed = await client.post(
            "/api/v1/organizations",
            json=body | {"countries": ["KGZ", "XXX"]},
            headers=callers.officer,
        )
        office = await client.post(
            "/api/v1/organizations",
            json=body | {"offices": [{"city": "Nowhere", "country": "QQQ"}]},
            headers=callers.officer,
        )
        read = await client.get("/api/v1/organizations/OSCE", headers=callers.officer)
        assert_country_refused(listed, ["body", "countries", "1"])
        assert_country_refused(office, ["body", "offices", "0", "country"])
        assert read.status_code == 404

    async def test_consent_of_an_unknown_government_is_422(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        await register(client, callers.officer, "OSCE")
        body = {
            "government": "XXX",
            "party_org": "OSCE",
            "kind": "information_sharing",
            "countries": ["KGZ"],
            "valid_from": "2026-01-01T00:00:00+00:00",
        }
        response = await client.post("/api/v1/consents", json=body, headers=callers.head)
        assert_country_refused(response, ["body", "government"])

    async def test_offices_recorded_earlier_are_still_read_as_stored(
        self, app: FastAPI, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        await register(client, callers.officer, "OSCE")
        legacy = [{"city": "Somewhere", "country": "QQQ", "is_headquarters": True}]
        async with app.state.platform.db.transaction() as session:
            await session.execute(
                update(Organization).where(Organization.code == "OSCE").values(offices=legacy)
            )
        read = await client.get("/api/v1/organizations/OSCE", headers=callers.officer)
        assert read.status_code == 200, read.text
        assert read.json()["offices"][0]["country"] == "QQQ"
