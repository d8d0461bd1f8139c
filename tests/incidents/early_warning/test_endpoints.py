"""The early-warning API: indicators, alerts and the regional picture, for the Centre's staff."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from incidents.demo.environment import load_demo_environment
from pdp_common.db import Database

from tests.incidents.factories import Callers
from tests.incidents.helpers import create
from tests.shared.polling import eventually

BASE = "/api/v1/early-warning"
OSH = {"country": "KGZ", "admin1": "Osh", "category": "border_incident"}


@pytest.fixture
async def escalation(client: httpx.AsyncClient, callers: Callers) -> dict[str, Any]:
    """Record three severe border incidents in Osh (one confidential); return the 7-day
    indicator once the early-warning consumer has counted them all."""
    for sensitivity in ("internal", "internal", "confidential"):
        await create(
            client,
            callers.analyst,
            category="border_incident",
            casualties={"best": 5},
            severity=5,
            sensitivity=sensitivity,
        )

    async def counted() -> list[dict[str, Any]]:
        response = await client.get(
            f"{BASE}/indicators", params=OSH | {"window": 7}, headers=callers.analyst
        )
        return [i for i in response.json()["items"] if i["incidents"] == 3]

    (indicator,) = await eventually(counted)
    return indicator


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    return body


class TestAccess:
    @pytest.mark.parametrize(
        "path",
        ["/indicators", "/alerts", "/alerts/0193f6a4-7c2e-7d51-9a3b-2f1e8c4d5a61", "/picture"],
    )
    async def test_partners_are_refused(
        self, client: httpx.AsyncClient, callers: Callers, path: str
    ) -> None:
        response = await client.get(BASE + path, headers=callers.partner("OSCE"))
        body = assert_problem(response, 403)
        assert "Centre" in body["detail"]


class TestIndicators:
    async def test_filters_and_paging(
        self, client: httpx.AsyncClient, callers: Callers, escalation: dict[str, Any]
    ) -> None:
        assert escalation["open"] is True
        assert escalation["observed"] > escalation["expected"]
        assert {f["name"] for f in escalation["factors"]}
        monthly = await client.get(
            f"{BASE}/indicators", params=OSH | {"window": 30}, headers=callers.analyst
        )
        assert [i["window_days"] for i in monthly.json()["items"]] == [30]
        country = await client.get(
            f"{BASE}/indicators", params={"country": "KGZ"}, headers=callers.analyst
        )
        # four places (country, country+category, admin1, admin1+category) by two windows
        assert len(country.json()["items"]) == 8
        other = await client.get(
            f"{BASE}/indicators", params={"country": "KAZ"}, headers=callers.analyst
        )
        assert other.json()["items"] == []
        seen: list[str] = []
        cursor = None
        while True:
            params: dict[str, Any] = {"country": "KGZ", "limit": 3}
            if cursor:
                params["cursor"] = cursor
            page = (
                await client.get(f"{BASE}/indicators", params=params, headers=callers.analyst)
            ).json()
            seen += [i["id"] for i in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert sorted(seen) == sorted(i["id"] for i in country.json()["items"])
        assert len(set(seen)) == 8

    @pytest.mark.parametrize(
        "params",
        [{"window": 0}, {"country": "XXX"}, {"category": "weather"}, {"limit": 0}],
    )
    async def test_bad_filters_are_problems(
        self, client: httpx.AsyncClient, callers: Callers, params: dict[str, Any]
    ) -> None:
        response = await client.get(f"{BASE}/indicators", params=params, headers=callers.analyst)
        assert_problem(response, 422)

    async def test_a_foreign_cursor_is_a_problem(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        response = await client.get(
            f"{BASE}/indicators", params={"cursor": "not-a-cursor"}, headers=callers.analyst
        )
        assert_problem(response, 400)


class TestAlerts:
    async def test_open_alerts_with_factors_and_contributing_incidents(
        self, client: httpx.AsyncClient, callers: Callers, escalation: dict[str, Any]
    ) -> None:
        listed = await client.get(
            f"{BASE}/alerts",
            params={"status": "open", "country": "KGZ", "category": "border_incident"},
            headers=callers.analyst,
        )
        items = listed.json()["items"]
        assert escalation["alert_id"] in {a["id"] for a in items}
        raised = [a["raised_at"] for a in items]
        assert raised == sorted(raised, reverse=True)
        assert {a["status"] for a in items} == {"open"}
        subsided = await client.get(
            f"{BASE}/alerts", params={"status": "subsided"}, headers=callers.analyst
        )
        assert subsided.json()["items"] == []
        detail = await client.get(
            f"{BASE}/alerts/{escalation['alert_id']}", headers=callers.analyst
        )
        assert detail.status_code == 200, detail.text
        body = detail.json()
        assert body["sensitivity"] == "confidential"
        assert body["factors"]
        assert len(body["contributing_incidents"]) == 3
        assert {i["severity"] for i in body["contributing_incidents"]} == {5}

    async def test_an_alert_above_the_callers_clearance_is_hidden(
        self, client: httpx.AsyncClient, callers: Callers, escalation: dict[str, Any]
    ) -> None:
        detail = await client.get(f"{BASE}/alerts/{escalation['alert_id']}", headers=callers.viewer)
        assert_problem(detail, 404)
        listed = await client.get(f"{BASE}/alerts", headers=callers.viewer)
        assert escalation["alert_id"] not in {a["id"] for a in listed.json()["items"]}
        picture = await client.get(f"{BASE}/picture", headers=callers.viewer)
        assert all(p["open_alert"] is None for p in picture.json()["items"])
        indicators = await client.get(f"{BASE}/indicators", headers=callers.viewer)
        assert indicators.json()["items"]
        assert all(i["alert_id"] is None for i in indicators.json()["items"])

    async def test_unknown_alert_and_bad_status_are_problems(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        assert_problem(
            await client.get(f"{BASE}/alerts/{uuid.uuid4()}", headers=callers.analyst), 404
        )
        assert_problem(
            await client.get(f"{BASE}/alerts", params={"status": "gone"}, headers=callers.analyst),
            422,
        )


class TestPicture:
    async def test_places_ranked_by_risk_with_their_open_alert(
        self, client: httpx.AsyncClient, callers: Callers, escalation: dict[str, Any]
    ) -> None:
        response = await client.get(f"{BASE}/picture", headers=callers.analyst)
        assert response.status_code == 200, response.text
        items = response.json()["items"]
        risks = [p["risk"] for p in items]
        assert risks == sorted(risks, reverse=True)
        assert len(items) == 4
        osh = next(p for p in items if (p["admin1"], p["category"]) == ("Osh", "border_incident"))
        assert osh["open_alert"] is not None
        assert osh["trend"] > 0
        limited = await client.get(f"{BASE}/picture", params={"limit": 1}, headers=callers.analyst)
        assert len(limited.json()["items"]) == 1

    async def test_departing_environmental_series_join_the_picture(
        self, client: httpx.AsyncClient, callers: Callers, db: Database
    ) -> None:
        async with db.transaction() as session:
            await load_demo_environment(session, today=datetime.now(UTC).date())
        response = await client.get(f"{BASE}/picture", headers=callers.analyst)
        assert response.status_code == 200, response.text
        environment = response.json()["environment"]
        assert {s["site"] for s in environment} == {"Amu Darya at Kerki", "Dashoguz oasis"}
        scores = [s["score"] for s in environment]
        assert scores == sorted(scores, reverse=True)
        kgz = await client.get(
            f"{BASE}/picture", params={"country": "KGZ"}, headers=callers.analyst
        )
        assert kgz.json()["environment"] == []
