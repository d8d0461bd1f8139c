"""The clearance workflow: legal and illegal steps, roles, versions and events."""

from __future__ import annotations

import json
from typing import Any

import httpx
import nats
from pdp_common.contracts import briefings as briefing_events

from tests.briefings.conftest import Headers
from tests.briefings.factories import BRIEFINGS, create_briefing, released, step
from tests.country_teams.factories import assert_problem
from tests.shared.polling import eventually


async def attempt(
    client: httpx.AsyncClient, headers: Headers, briefing: dict[str, Any], action: str
) -> httpx.Response:
    return await client.post(
        f"{BRIEFINGS}/{briefing['id']}/transitions",
        json={"action": action},
        headers=headers | {"If-Match": f'"{briefing["version"]}"'},
    )


async def stream_types(url: str) -> list[str]:
    nc = await nats.connect(url)
    try:
        js = nc.jetstream()
        try:
            info = await js.stream_info(briefing_events.STREAM)
        except nats.js.errors.NotFoundError:
            return []
        types = []
        for seq in range(1, int(info.state.messages) + 1):
            message = await js.get_msg(briefing_events.STREAM, seq)
            assert message.data is not None
            types.append(str(json.loads(message.data)["type"]))
        return types
    finally:
        await nc.close()


class TestWorkflow:
    async def test_draft_review_clear_release(
        self,
        client: httpx.AsyncClient,
        analyst: Headers,
        officer: Headers,
        head: Headers,
        service_settings: dict[str, Any],
    ) -> None:
        briefing = await released(client, analyst=analyst, officer=officer, head=head)
        assert briefing["status"] == "released"
        assert briefing["reviewed_by"] == "unrcca-officer"
        assert briefing["cleared_by"] == "unrcca-head_of_centre"
        assert briefing["released_at"] is not None
        assert briefing["version"] == 4
        types = await eventually(
            lambda: stream_types(service_settings["nats_url"]), until=lambda t: len(t) == 3
        )
        assert types == [
            "pdp.briefings.briefing.drafted.v1",
            "pdp.briefings.briefing.cleared.v1",
            "pdp.briefings.briefing.released.v1",
        ]

    async def test_versions_record_every_step(
        self, client: httpx.AsyncClient, analyst: Headers, officer: Headers, head: Headers
    ) -> None:
        briefing = await released(client, analyst=analyst, officer=officer, head=head)
        response = await client.get(f"{BRIEFINGS}/{briefing['id']}/versions", headers=analyst)
        assert response.status_code == 200, response.text
        versions = response.json()
        assert [(v["version"], v["action"], v["status"]) for v in versions] == [
            (1, "drafted", "draft"),
            (2, "review", "reviewed"),
            (3, "clear", "cleared"),
            (4, "release", "released"),
        ]
        assert versions[0]["snapshot"]["sections"] == briefing["sections"]

    async def test_only_the_head_of_centre_clears(
        self, client: httpx.AsyncClient, analyst: Headers, officer: Headers
    ) -> None:
        briefing = await step(client, officer, await create_briefing(client, analyst), "review")
        response = await attempt(client, officer, briefing, "clear")
        assert_problem(response, 403, "briefing-action-forbidden")

    async def test_analyst_may_not_review(
        self, client: httpx.AsyncClient, analyst: Headers
    ) -> None:
        briefing = await create_briefing(client, analyst)
        assert_problem(
            await attempt(client, analyst, briefing, "review"), 403, "briefing-action-forbidden"
        )

    async def test_release_of_a_draft_is_409(
        self, client: httpx.AsyncClient, analyst: Headers, officer: Headers
    ) -> None:
        briefing = await create_briefing(client, analyst)
        response = await attempt(client, officer, briefing, "release")
        assert_problem(response, 409, "briefing-transition-invalid")
        assert response.json()["current_status"] == "draft"

    async def test_clear_of_a_draft_is_409(
        self, client: httpx.AsyncClient, analyst: Headers, head: Headers
    ) -> None:
        briefing = await create_briefing(client, analyst)
        assert_problem(
            await attempt(client, head, briefing, "clear"), 409, "briefing-transition-invalid"
        )

    async def test_return_sends_a_cleared_briefing_back_to_draft(
        self, client: httpx.AsyncClient, analyst: Headers, officer: Headers, head: Headers
    ) -> None:
        briefing = await step(client, officer, await create_briefing(client, analyst), "review")
        briefing = await step(client, head, briefing, "clear")
        returned = await step(client, officer, briefing, "return")
        assert returned["status"] == "draft"
        assert returned["cleared_by"] is None

    async def test_nothing_happens_to_a_released_briefing(
        self, client: httpx.AsyncClient, analyst: Headers, officer: Headers, head: Headers
    ) -> None:
        briefing = await released(client, analyst=analyst, officer=officer, head=head)
        for action in ("review", "clear", "release", "return"):
            response = await attempt(client, head, briefing, action)
            assert_problem(response, 409, "briefing-immutable")

    async def test_step_without_if_match_is_428_and_stale_is_412(
        self, client: httpx.AsyncClient, analyst: Headers, officer: Headers
    ) -> None:
        briefing = await create_briefing(client, analyst)
        url = f"{BRIEFINGS}/{briefing['id']}/transitions"
        missing = await client.post(url, json={"action": "review"}, headers=officer)
        assert_problem(missing, 428, "if-match-required")
        stale = await client.post(
            url, json={"action": "review"}, headers=officer | {"If-Match": '"7"'}
        )
        assert_problem(stale, 412, "version-mismatch")

    async def test_unknown_action_is_422(
        self, client: httpx.AsyncClient, analyst: Headers, officer: Headers
    ) -> None:
        briefing = await create_briefing(client, analyst)
        assert_problem(
            await attempt(client, officer, briefing, "publish"), 422, "validation-failed"
        )
