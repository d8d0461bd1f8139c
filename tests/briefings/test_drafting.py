"""Drafting through the API: the early-warning section of a daily brief, fed by alert events
published to a real nats-server, within the brief's classification."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from briefings.models import Briefing
from fastapi import FastAPI
from pdp_common.contracts import early_warning as alert_events
from pdp_common.db import utcnow
from pdp_common.identity import Clearance
from sqlalchemy import update

from tests.briefings.conftest import Headers
from tests.briefings.early_warning.factories import AlertFeed, alert, alert_feed, followed
from tests.briefings.factories import BRIEFINGS, create_briefing
from tests.shared.polling import eventually


@pytest.fixture
async def feed(service_settings: dict[str, Any], tmp_path: Path) -> AsyncIterator[AlertFeed]:
    async with alert_feed(service_settings["nats_url"], tmp_path) as running_feed:
        yield running_feed


def open_ids(briefing: dict[str, Any]) -> list[str]:
    section = briefing["sections"]["early_warning"]
    return [a["alert_id"] for a in section["open_alerts"]] if section else []


class TestRegionalPicture:
    async def test_daily_brief_ranks_open_alerts_within_its_classification(
        self, client: httpx.AsyncClient, analyst: Headers, feed: AlertFeed
    ) -> None:
        low = alert(score=2.7, peak_score=2.7, admin1="Osh")
        high = alert(score=4.4, peak_score=4.9, country="TJK", admin1="Sughd")
        confidential = alert(score=8.0, peak_score=8.0, sensitivity=Clearance.CONFIDENTIAL)
        subsided = alert(status="subsided", subsided_at=utcnow(), score=1.1, admin1="Jalal-Abad")
        await feed.publish(low, high, confidential)
        await feed.publish(followed(subsided, alert_events.AlertSubsided), followed(low, score=3.0))

        async def brief() -> dict[str, Any]:
            return await create_briefing(client, analyst, classification="internal")

        briefing = await eventually(
            brief,
            until=lambda b: (
                open_ids(b) == [str(high.alert_id), str(low.alert_id)]
                and b["sections"]["early_warning"]["open_alerts"][1]["score"] == 3.0
                and len(b["sections"]["early_warning"]["subsided_alerts"]) == 1
            ),
        )
        section = briefing["sections"]["early_warning"]
        first = section["open_alerts"][0]
        assert (first["country"], first["admin1"], first["category"]) == (
            "TJK",
            "Sughd",
            "border_incident",
        )
        assert (first["observed"], first["expected"], first["peak_score"]) == (12.5, 3.0, 4.9)
        assert first["trend"] == "new"
        assert section["open_alerts"][1]["trend"] == "rising"
        assert first["factors"] == [f.description for f in high.factors[:3]]
        assert section["subsided_alerts"][0]["alert_id"] == str(subsided.alert_id)
        assert str(confidential.alert_id) not in str(section)

        confidential_brief = await create_briefing(client, analyst, classification="confidential")
        assert open_ids(confidential_brief)[0] == str(confidential.alert_id)

    async def test_out_of_order_events_keep_the_newest_state(
        self, client: httpx.AsyncClient, analyst: Headers, feed: AlertFeed
    ) -> None:
        raised = alert(score=3.0, peak_score=3.0)
        grown = followed(raised, score=4.0, peak_score=4.0)
        newest = followed(grown, score=3.5)
        marker = alert(country="UZB", admin1="Andijan", score=2.6, peak_score=2.6)
        await feed.publish(raised, newest)
        await feed.publish(grown, raised, marker)

        async def brief() -> dict[str, Any]:
            return await create_briefing(client, analyst)

        briefing = await eventually(brief, until=lambda b: str(marker.alert_id) in open_ids(b))
        (kept,) = [
            a
            for a in briefing["sections"]["early_warning"]["open_alerts"]
            if a["alert_id"] == str(raised.alert_id)
        ]
        assert (kept["score"], kept["peak_score"], kept["trend"]) == (3.5, 4.0, "easing")

    async def test_the_option_chooses_whether_the_section_is_drafted(
        self, client: httpx.AsyncClient, analyst: Headers
    ) -> None:
        daily = await create_briefing(client, analyst)
        assert daily["sections"]["early_warning"]["open_alerts"] == []
        without = await create_briefing(client, analyst, include_regional_picture=False)
        assert without["sections"]["early_warning"] is None
        weekly = await create_briefing(client, analyst, kind="weekly_regional_analysis")
        assert weekly["sections"]["early_warning"] is None
        weekly = await create_briefing(
            client, analyst, kind="weekly_regional_analysis", include_regional_picture=True
        )
        assert weekly["sections"]["early_warning"]["summary"].startswith("No escalation alert")

    @pytest.mark.parametrize("value", [True, "yes"])
    async def test_flash_alert_or_a_non_boolean_option_is_422(
        self, client: httpx.AsyncClient, analyst: Headers, value: object
    ) -> None:
        body = {"kind": "flash_alert", "incident_id": "01a2216d-75fa-7ab0-84a4-eb400276eab4"}
        response = await client.post(
            BRIEFINGS, json=body | {"include_regional_picture": value}, headers=analyst
        )
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert (await client.get(BRIEFINGS, headers=analyst)).json()["items"] == []


class TestEditing:
    async def test_lowering_classification_below_a_cited_alert_is_422(
        self, client: httpx.AsyncClient, analyst: Headers, feed: AlertFeed
    ) -> None:
        cited = alert(sensitivity=Clearance.CONFIDENTIAL)
        await feed.publish(cited)

        async def brief() -> dict[str, Any]:
            return await create_briefing(client, analyst, classification="confidential")

        briefing = await eventually(brief, until=lambda b: open_ids(b) == [str(cited.alert_id)])
        response = await client.patch(
            f"{BRIEFINGS}/{briefing['id']}",
            json={"classification": "internal"},
            headers=analyst | {"If-Match": '"1"'},
        )
        assert response.status_code == 422, response.text
        assert response.json()["type"] == "/problems/briefing-invalid"
        assert "Batken, Kyrgyzstan" in response.json()["detail"]
        unchanged = await client.get(f"{BRIEFINGS}/{briefing['id']}", headers=analyst)
        assert unchanged.json()["classification"] == "confidential"
        assert unchanged.json()["version"] == 1

    async def test_sections_citing_an_alert_above_the_classification_are_422(
        self, client: httpx.AsyncClient, analyst: Headers
    ) -> None:
        briefing = await create_briefing(client, analyst, classification="internal")
        sections = briefing["sections"]
        pasted = alert(sensitivity=Clearance.CONFIDENTIAL, admin1="Osh")
        entry = pasted.model_dump(
            mode="json",
            include={
                "alert_id",
                "country",
                "admin1",
                "category",
                "window_days",
                "observed",
                "expected",
                "score",
                "peak_score",
                "raised_at",
                "sensitivity",
            },
        )
        cited = entry | {"trend": "new"}
        sections["early_warning"]["open_alerts"] = [cited]
        response = await client.patch(
            f"{BRIEFINGS}/{briefing['id']}",
            json={"sections": sections},
            headers=analyst | {"If-Match": '"1"'},
        )
        assert response.status_code == 422, response.text
        assert "Osh, Kyrgyzstan" in response.json()["detail"]
        cited["sensitivity"] = "internal"
        response = await client.patch(
            f"{BRIEFINGS}/{briefing['id']}",
            json={"sections": sections},
            headers=analyst | {"If-Match": '"1"'},
        )
        assert response.status_code == 200, response.text
        assert response.json()["sections"]["early_warning"]["open_alerts"][0]["admin1"] == "Osh"

    async def test_sections_stored_before_the_section_existed_are_unchanged_by_a_no_op(
        self, app: FastAPI, client: httpx.AsyncClient, analyst: Headers
    ) -> None:
        briefing = await create_briefing(client, analyst, include_regional_picture=False)
        stored = {k: v for k, v in briefing["sections"].items() if k != "early_warning"}
        async with app.state.platform.db.transaction() as session:
            await session.execute(
                update(Briefing)
                .where(Briefing.id == uuid.UUID(briefing["id"]))
                .values(sections=stored)
            )
        response = await client.patch(
            f"{BRIEFINGS}/{briefing['id']}",
            json={"title": briefing["title"]},
            headers=analyst | {"If-Match": '"1"'},
        )
        assert response.status_code == 200, response.text
        assert response.json()["version"] == 1


class TestRendering:
    async def test_markdown_and_html_show_the_section(
        self, client: httpx.AsyncClient, analyst: Headers, feed: AlertFeed
    ) -> None:
        shown = alert(admin1="Batken <west>")
        await feed.publish(shown)

        async def brief() -> dict[str, Any]:
            return await create_briefing(client, analyst)

        briefing = await eventually(brief, until=lambda b: open_ids(b) == [str(shown.alert_id)])
        url = f"{BRIEFINGS}/{briefing['id']}"
        markdown = (await client.get(url, params={"format": "markdown"}, headers=analyst)).text
        assert "## Early warning" in markdown
        assert (
            "1. Batken <west>, Kyrgyzstan, border incident (7-day window): observed 12.5 against "
            "3.0 expected, score 3.2 (new; peak 3.2), open since"
        ) in markdown
        assert "Factors: 6 verified incidents in 7 days against 1.5 expected;" in markdown
        assert markdown.index("## Early warning") < markdown.index("## Outlook")
        html = (await client.get(url, params={"format": "html"}, headers=analyst)).text
        assert "<h2>Early warning</h2>" in html
        assert "Batken &lt;west&gt;, Kyrgyzstan, border incident" in html
