"""Briefings over HTTP: drafting, editing, refusals and rendering."""

from __future__ import annotations

import httpx

from tests.briefings.conftest import Headers
from tests.briefings.factories import BRIEFINGS, create_briefing, released, step
from tests.country_teams.factories import assert_problem

V1 = {"If-Match": '"1"'}


class TestCreateBriefing:
    async def test_drafts_from_the_template(
        self, client: httpx.AsyncClient, analyst: Headers
    ) -> None:
        response = await client.post(
            BRIEFINGS, json={"kind": "weekly_regional_analysis"}, headers=analyst
        )
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["status"] == "draft"
        assert body["title"].startswith("Weekly regional analysis, week ending")
        assert body["audience"] == ["UNRCCA"]
        assert body["classification"] == "internal"
        assert [d["country"] for d in body["sections"]["developments"]] == [
            "KAZ",
            "KGZ",
            "TJK",
            "TKM",
            "UZB",
            "AFG",
        ]
        assert "no verified incident" in body["sections"]["overview"]
        assert response.headers["etag"] == '"1"'
        assert response.headers["location"] == f"{BRIEFINGS}/{body['id']}"

    async def test_idempotency_key_replays(
        self, client: httpx.AsyncClient, analyst: Headers
    ) -> None:
        headers = analyst | {"Idempotency-Key": "brief-1"}
        first = await client.post(
            BRIEFINGS, json={"kind": "daily_situation_brief"}, headers=headers
        )
        again = await client.post(
            BRIEFINGS, json={"kind": "daily_situation_brief"}, headers=headers
        )
        assert again.status_code == 201, again.text
        assert again.json()["id"] == first.json()["id"]
        listed = await client.get(BRIEFINGS, headers=analyst)
        assert len(listed.json()["items"]) == 1

    async def test_thematic_note_without_theme_is_422(
        self, client: httpx.AsyncClient, analyst: Headers
    ) -> None:
        response = await client.post(BRIEFINGS, json={"kind": "thematic_note"}, headers=analyst)
        assert_problem(response, 422, "validation-failed")

    async def test_classification_above_clearance_is_422(
        self, client: httpx.AsyncClient, analyst: Headers
    ) -> None:
        response = await client.post(
            BRIEFINGS,
            json={"kind": "daily_situation_brief", "classification": "strictly_confidential"},
            headers=analyst,
        )
        assert_problem(response, 422, "briefing-invalid")

    async def test_flash_alert_on_unknown_incident_is_422(
        self, client: httpx.AsyncClient, analyst: Headers
    ) -> None:
        response = await client.post(
            BRIEFINGS,
            json={"kind": "flash_alert", "incident_id": "0190f1a0-0000-7000-8000-000000000000"},
            headers=analyst,
        )
        assert_problem(response, 422, "briefing-invalid")

    async def test_partner_may_not_draft(self, client: httpx.AsyncClient, osce: Headers) -> None:
        response = await client.post(
            BRIEFINGS, json={"kind": "daily_situation_brief"}, headers=osce
        )
        assert_problem(response, 403, "briefing-action-forbidden")


class TestEditBriefing:
    async def test_edits_sections_with_if_match(
        self, client: httpx.AsyncClient, analyst: Headers
    ) -> None:
        briefing = await create_briefing(client, analyst)
        sections = briefing["sections"] | {
            "outlook": "Calm expected.",
            "recommendations": ["Watch."],
        }
        response = await client.patch(
            f"{BRIEFINGS}/{briefing['id']}",
            json={"sections": sections, "title": "Edited"},
            headers=analyst | V1,
        )
        assert response.status_code == 200, response.text
        assert response.json()["sections"]["outlook"] == "Calm expected."
        assert response.json()["title"] == "Edited"
        assert response.headers["etag"] == '"2"'

    async def test_edit_without_if_match_is_428(
        self, client: httpx.AsyncClient, analyst: Headers
    ) -> None:
        briefing = await create_briefing(client, analyst)
        response = await client.patch(
            f"{BRIEFINGS}/{briefing['id']}", json={"title": "X"}, headers=analyst
        )
        assert_problem(response, 428, "if-match-required")

    async def test_stale_edit_is_412(self, client: httpx.AsyncClient, analyst: Headers) -> None:
        briefing = await create_briefing(client, analyst)
        url = f"{BRIEFINGS}/{briefing['id']}"
        await client.patch(url, json={"title": "First"}, headers=analyst | V1)
        response = await client.patch(url, json={"title": "Second"}, headers=analyst | V1)
        assert_problem(response, 412, "version-mismatch")

    async def test_editing_a_reviewed_briefing_returns_it_to_draft(
        self, client: httpx.AsyncClient, analyst: Headers, officer: Headers
    ) -> None:
        briefing = await step(client, officer, await create_briefing(client, analyst), "review")
        assert briefing["reviewed_by"] is not None
        response = await client.patch(
            f"{BRIEFINGS}/{briefing['id']}",
            json={"title": "Changed after review"},
            headers=analyst | {"If-Match": f'"{briefing["version"]}"'},
        )
        assert response.status_code == 200, response.text
        assert response.json()["status"] == "draft"
        assert response.json()["reviewed_by"] is None

    async def test_released_briefing_is_immutable(
        self, client: httpx.AsyncClient, analyst: Headers, officer: Headers, head: Headers
    ) -> None:
        briefing = await released(client, analyst=analyst, officer=officer, head=head)
        response = await client.patch(
            f"{BRIEFINGS}/{briefing['id']}",
            json={"title": "Rewritten"},
            headers=analyst | {"If-Match": f'"{briefing["version"]}"'},
        )
        assert_problem(response, 409, "briefing-immutable")
        read = await client.get(f"{BRIEFINGS}/{briefing['id']}", headers=analyst)
        assert read.json()["title"] == briefing["title"]

    async def test_unknown_section_field_is_422(
        self, client: httpx.AsyncClient, analyst: Headers
    ) -> None:
        briefing = await create_briefing(client, analyst)
        sections = briefing["sections"] | {"annex": "x"}
        response = await client.patch(
            f"{BRIEFINGS}/{briefing['id']}", json={"sections": sections}, headers=analyst | V1
        )
        assert_problem(response, 422, "validation-failed")


class TestRendering:
    async def test_markdown_by_query(self, client: httpx.AsyncClient, analyst: Headers) -> None:
        briefing = await create_briefing(client, analyst, title="Situation <b>now</b>")
        response = await client.get(
            f"{BRIEFINGS}/{briefing['id']}?format=markdown", headers=analyst
        )
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/markdown")
        assert response.text.startswith("**INTERNAL**\n\n# Situation <b>now</b>")
        assert "## Developments by country" in response.text
        assert "### Kyrgyzstan" in response.text

    async def test_html_by_accept_escapes_text(
        self, client: httpx.AsyncClient, analyst: Headers
    ) -> None:
        briefing = await create_briefing(client, analyst, title="<script>alert(1)</script>")
        response = await client.get(
            f"{BRIEFINGS}/{briefing['id']}", headers=analyst | {"Accept": "text/html"}
        )
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/html")
        assert "<script>" not in response.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
        assert response.headers["etag"] == '"1"'

    async def test_unknown_format_is_422(self, client: httpx.AsyncClient, analyst: Headers) -> None:
        briefing = await create_briefing(client, analyst)
        response = await client.get(f"{BRIEFINGS}/{briefing['id']}?format=pdf", headers=analyst)
        assert_problem(response, 422, "validation-failed")


class TestEditWithoutChange:
    async def test_an_edit_that_changes_nothing_keeps_version_and_review(
        self, client: httpx.AsyncClient, analyst: Headers, officer: Headers
    ) -> None:
        briefing = await step(client, officer, await create_briefing(client, analyst), "review")
        response = await client.patch(
            f"{BRIEFINGS}/{briefing['id']}",
            json={"title": briefing["title"], "sections": briefing["sections"]},
            headers=analyst | {"If-Match": f'"{briefing["version"]}"'},
        )
        assert response.status_code == 200, response.text
        assert response.json()["status"] == "reviewed"
        assert response.headers["etag"] == f'"{briefing["version"]}"'
