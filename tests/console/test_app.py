"""The console app without a platform behind it: sign-in redirects, CSRF, headers, assets."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator

import httpx
import pytest
from console.main import create_app
from console.settings import ConsoleSettings


def _session_token() -> str:
    claims = {"sub": "a", "org": "UNRCCA", "roles": ["analyst"], "exp": 4_000_000_000}
    payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"h.{payload}.s"


# Nothing listens here: these requests never need the gateway.
UNREACHABLE = "http://127.0.0.1:9"


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(ConsoleSettings(gateway_url=UNREACHABLE))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://console") as http:
            yield http


class TestConsoleApp:
    async def test_pages_need_sign_in(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/queue?x=1")
        assert response.status_code == 303, response.text
        assert response.headers["location"] == "/sign-in?next=%2Fqueue%3Fx%3D1"

    async def test_sign_in_form_sets_a_strict_csrf_cookie(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/sign-in")
        assert response.status_code == 200, response.text
        cookie = response.headers["set-cookie"]
        assert "pdp_console_csrf=" in cookie
        assert "HttpOnly" in cookie
        assert "SameSite=strict" in cookie
        assert "Development sign-in" in response.text
        assert "default-src 'self'" in response.headers["content-security-policy"]

    async def test_post_without_csrf_token_is_refused(self, client: httpx.AsyncClient) -> None:
        await client.get("/sign-in")
        body = {"subject": "a", "org": "UNRCCA", "roles": "analyst", "clearance": "public"}
        response = await client.post("/sign-in", data=body)
        assert response.status_code == 403, response.text
        assert "This form has expired" in response.text
        assert "pdp_console_session" not in response.headers.get("set-cookie", "")

    async def test_unreachable_gateway_is_said_plainly(self, client: httpx.AsyncClient) -> None:
        page = await client.get("/sign-in")
        token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        body = {
            "csrf_token": token,
            "subject": "a",
            "org": "UNRCCA",
            "roles": "analyst",
            "clearance": "public",
        }
        response = await client.post("/sign-in", data=body)
        assert response.status_code == 503, response.text
        assert "Gateway unreachable" in response.text

    async def test_assets_are_served_locally(self, client: httpx.AsyncClient) -> None:
        for path in (
            "/static/vendor/leaflet/leaflet.js",
            "/static/vendor/leaflet/leaflet.css",
            "/static/geo/central-asia.geojson",
            "/static/js/map.js",
        ):
            response = await client.get(path)
            assert response.status_code == 200, path
        outline = (await client.get("/static/geo/central-asia.geojson")).json()
        codes = {f["properties"]["iso_a3"] for f in outline["features"]}
        assert codes == {"KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG"}

    async def test_open_redirects_are_refused(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/sign-in?next=//evil.example/")
        assert 'name="next" value="/"' in response.text

    async def test_malformed_incident_address_is_not_found(self, client: httpx.AsyncClient) -> None:
        token = _session_token()
        client.cookies.set("pdp_console_session", token)
        response = await client.get("/incidents/not-an-id")
        assert response.status_code == 404, response.text
        assert "Not found, or not yours to see." in response.text

    async def test_sign_out_needs_the_form_token(self, client: httpx.AsyncClient) -> None:
        page = await client.get("/sign-in")
        token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        client.cookies.set("pdp_console_session", _session_token())
        refused = await client.post("/sign-out", data={})
        assert refused.status_code == 403, refused.text
        response = await client.post("/sign-out", data={"csrf_token": token})
        assert response.status_code == 303, response.text
        assert response.headers["location"] == "/sign-in"
        assert 'pdp_console_session=""' in response.headers["set-cookie"]
