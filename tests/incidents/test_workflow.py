"""The verification workflow: legal and illegal transitions, roles, timeline, concurrency."""

from __future__ import annotations

import httpx
import pytest

from tests.incidents.factories import Callers
from tests.incidents.helpers import create, move, verified


class TestTransitions:
    async def test_full_path_is_recorded_on_the_timeline(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        incident = await verified(client, callers)
        response = await move(client, callers.officer, incident["id"], "corrected")
        assert response.status_code == 200, response.text
        response = await move(client, callers.officer, incident["id"], "retracted")
        assert response.status_code == 200, response.text
        timeline = await client.get(
            f"/api/v1/incidents/{incident['id']}/timeline", headers=callers.analyst
        )
        assert timeline.status_code == 200, timeline.text
        steps = [(e["action"], e["from_status"], e["to_status"]) for e in timeline.json()]
        assert steps == [
            ("reported", None, "reported"),
            ("transition", "reported", "under_review"),
            ("transition", "under_review", "verified"),
            ("transition", "verified", "corrected"),
            ("transition", "corrected", "retracted"),
        ]
        assert all(e["actor"] and e["at"] for e in timeline.json())
        assert timeline.json()[2]["reason"] == "moving to verified"

    @pytest.mark.parametrize(
        ("path", "target", "allowed"),
        [
            ([], "verified", ["under_review"]),
            (["under_review"], "corrected", ["verified", "rejected"]),
            (["under_review", "rejected"], "under_review", []),
            (["under_review", "verified"], "rejected", ["corrected", "retracted"]),
        ],
    )
    async def test_illegal_transition_names_the_allowed_ones(
        self,
        client: httpx.AsyncClient,
        callers: Callers,
        path: list[str],
        target: str,
        allowed: list[str],
    ) -> None:
        incident = await create(client, callers.analyst)
        for status in path:
            assert (await move(client, callers.officer, incident["id"], status)).status_code == 200
        response = await move(client, callers.officer, incident["id"], target)
        assert response.status_code == 409, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["allowed_transitions"] == allowed

    async def test_analyst_cannot_verify(self, client: httpx.AsyncClient, callers: Callers) -> None:
        incident = await create(client, callers.analyst)
        assert (
            await move(client, callers.analyst, incident["id"], "under_review")
        ).status_code == 200
        response = await move(client, callers.analyst, incident["id"], "verified")
        assert response.status_code == 403, response.text

    async def test_viewer_cannot_create(self, client: httpx.AsyncClient, callers: Callers) -> None:
        response = await client.post(
            "/api/v1/incidents", json={"title": "x"}, headers=callers.viewer
        )
        assert response.status_code in (403, 422), response.text

    async def test_correction_carries_changes(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        incident = await verified(client, callers)
        response = await client.post(
            f"/api/v1/incidents/{incident['id']}/transitions",
            json={"status": "corrected", "reason": "casualties revised",
                  "changes": {"casualties": {"best": 4, "low": 3, "high": 6}}},
            headers=callers.officer,
        )  # fmt: skip
        assert response.status_code == 200, response.text
        assert response.json()["casualties"] == {"best": 4, "low": 3, "high": 6}
        assert response.json()["status"] == "corrected"


class TestUpdates:
    async def test_update_needs_if_match(self, client: httpx.AsyncClient, callers: Callers) -> None:
        incident = await create(client, callers.analyst)
        url = f"/api/v1/incidents/{incident['id']}"
        missing = await client.patch(url, json={"severity": 4}, headers=callers.analyst)
        assert missing.status_code == 428, missing.text
        stale = await client.patch(
            url, json={"severity": 4}, headers=callers.analyst | {"If-Match": '"7"'}
        )
        assert stale.status_code == 412, stale.text
        ok = await client.patch(
            url, json={"severity": 4}, headers=callers.analyst | {"If-Match": '"1"'}
        )
        assert ok.status_code == 200, ok.text
        assert ok.headers["etag"] == '"2"'
        assert ok.json()["severity"] == 4

    async def test_verified_incident_is_locked(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        incident = await verified(client, callers)
        response = await client.patch(
            f"/api/v1/incidents/{incident['id']}",
            json={"severity": 1},
            headers=callers.officer | {"If-Match": f'"{incident["version"]}"'},
        )
        assert response.status_code == 409, response.text
        assert response.json()["allowed_transitions"] == ["corrected"]

    async def test_null_for_a_required_field_is_refused(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        incident = await create(client, callers.analyst)
        response = await client.patch(
            f"/api/v1/incidents/{incident['id']}",
            json={"title": None},
            headers=callers.analyst | {"If-Match": '"1"'},
        )
        assert response.status_code == 422, response.text
