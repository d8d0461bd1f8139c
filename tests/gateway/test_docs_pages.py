"""The gateway's pages for people: home, Swagger UI, ReDoc and problem types, all offline."""

from __future__ import annotations

import re

import pytest
from pdp_common.problem_types import PROBLEM_TYPES

from tests.gateway.conftest import GatewayHarness

LOCAL_ASSET = re.compile(r"""(?:src|href)=["']([^"']+)["']""")


class TestHome:
    async def test_points_people_to_the_documentation(self, gateway: GatewayHarness) -> None:
        response = await gateway.client.get("/", headers={"Accept": "text/html"})
        assert response.status_code == 200, response.text
        for link in ("/docs", "/redoc", "/openapi.json", "/problems"):
            assert f'href="{link}"' in response.text

    async def test_answers_json_to_programs(self, gateway: GatewayHarness) -> None:
        response = await gateway.client.get("/", headers={"Accept": "application/json"})
        assert response.status_code == 200, response.text
        assert response.json()["links"]["openapi"] == "/openapi.json"


class TestInteractiveDocs:
    @pytest.mark.parametrize("page", ["/docs", "/redoc"])
    async def test_every_asset_is_served_by_the_gateway(
        self, gateway: GatewayHarness, page: str
    ) -> None:
        response = await gateway.client.get(page)
        assert response.status_code == 200, response.text
        assets = LOCAL_ASSET.findall(response.text)
        assert assets
        assert [a for a in assets if "://" in a or a.startswith("//")] == []
        for asset in assets:
            served = await gateway.client.get(asset)
            assert served.status_code == 200, asset
            assert len(served.content) > 1000, asset
        assert "/openapi.json" in response.text

    async def test_unknown_assets_are_404_problems(self, gateway: GatewayHarness) -> None:
        response = await gateway.client.get("/docs/assets/..%2f..%2fsettings.py")
        assert response.status_code == 404
        response = await gateway.client.get("/docs/assets/index.js")
        assert response.status_code == 404
        assert response.json()["type"] == "/problems/asset-not-found"


class TestProblemTypePages:
    async def test_every_type_uri_the_gateway_answers_has_a_page(
        self, gateway: GatewayHarness
    ) -> None:
        refused = await gateway.client.get("/api/v1/incidents")
        assert refused.status_code == 401
        page = await gateway.client.get(refused.json()["type"])
        assert page.status_code == 200, page.text
        assert "Authentication required" in page.text
        assert page.headers["content-type"].startswith("text/html")

    async def test_index_lists_the_platforms_problem_types(self, gateway: GatewayHarness) -> None:
        response = await gateway.client.get("/problems", headers={"Accept": "application/json"})
        assert response.status_code == 200, response.text
        codes = {entry["code"] for entry in response.json()}
        gateway_codes = {
            c for c, t in PROBLEM_TYPES.items() if t.owner in {"gateway", "pdp_common"}
        }
        assert gateway_codes <= codes

    async def test_a_page_reads_as_json_on_request(self, gateway: GatewayHarness) -> None:
        response = await gateway.client.get(
            "/problems/too-many-requests", headers={"Accept": "application/json"}
        )
        assert response.status_code == 200, response.text
        assert response.json()["status"] == 429
        assert response.json()["type"] == "/problems/too-many-requests"

    async def test_an_unknown_type_is_a_404_problem(self, gateway: GatewayHarness) -> None:
        response = await gateway.client.get("/problems/no-such-thing")
        assert response.status_code == 404
        assert response.json()["type"] == "/problems/problem-type-not-found"
