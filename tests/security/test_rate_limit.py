"""OWASP API4:2023 (unrestricted resource consumption): the rate limit, through the gateway.

* ``TestRateLimit``: a credential that goes past its rate is answered 429 with a problem and a
  ``Retry-After`` in whole seconds, and the other credentials keep working.
"""

from __future__ import annotations

from tests.e2e.gateway_platform import Platform
from tests.security.world import ADMIN

GATEWAY_SETTINGS = {"rate_limit_per_second": 0.5, "rate_limit_burst": 20}


class TestRateLimit:
    async def test_a_credential_past_its_rate_is_told_when_to_come_back(
        self, secured: Platform
    ) -> None:
        response = await secured.client.post(
            "/api/v1/api-keys",
            json={"name": "hasty", "org": "UNRCCA", "roles": ["viewer"], "clearance": "public"},
            headers=ADMIN,
        )
        assert response.status_code == 201, response.text
        hasty = {"X-API-Key": response.json()["key"]}
        statuses = []
        for _ in range(60):
            answer = await secured.client.get("/api/v1/incidents/count", headers=hasty)
            statuses.append(answer.status_code)
            if answer.status_code == 429:
                break
        assert statuses[-1] == 429, statuses
        assert set(statuses[:-1]) == {200}
        assert answer.headers["content-type"] == "application/problem+json"
        assert int(answer.headers["retry-after"]) >= 1
        assert answer.json()["status"] == 429
        other = await secured.client.get("/api/v1/incidents/count", headers=ADMIN)
        assert other.status_code == 200, other.text
