"""Every service speaks HTTP the same way: problem+json, idempotent creates, ETags, keyset pages."""

from __future__ import annotations

from typing import Any

from pdp_common.identity import (
    IDENTITY_HEADER,
    Clearance,
    IdentitySigner,
    generate_keypair,
    load_private_key,
)
from pdp_common.testing.apps import Identities, running

from tests.shared.sample.service import Note, SampleSettings, count_rows, create_app

PROBLEM = "application/problem+json"


class TestProblemDetails:
    async def test_validation_error_is_422_problem(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        app = create_app(SampleSettings(**service_settings))
        async with running(app) as client:
            r = await client.post("/api/v1/notes", json={"text": ""}, headers=identities.headers())
            assert await count_rows(app, Note) == 0
        assert r.status_code == 422, r.text
        assert r.headers["content-type"] == PROBLEM
        body = r.json()
        assert body["type"] == "/problems/validation-failed"
        assert body["status"] == 422
        assert body["errors"][0]["loc"] == ["body", "text"]
        assert body["request_id"] == r.headers["x-request-id"]

    async def test_a_method_the_route_does_not_serve_is_405_naming_those_it_does(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        app = create_app(SampleSettings(**service_settings))
        async with running(app) as client:
            r = await client.put("/api/v1/notes", json={}, headers=identities.headers())
        assert (r.status_code, r.headers["content-type"]) == (405, PROBLEM)
        assert r.headers["allow"] == "GET, POST"

    async def test_unknown_route_and_entity_are_404_problems(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        app = create_app(SampleSettings(**service_settings))
        async with running(app) as client:
            unknown = await client.get("/api/v1/nowhere", headers=identities.headers())
            missing = await client.get(
                "/api/v1/notes/01890000-0000-7000-8000-000000000000", headers=identities.headers()
            )
        assert unknown.status_code == 404
        assert unknown.headers["content-type"] == PROBLEM
        assert missing.status_code == 404
        assert missing.json()["type"] == "/problems/note-not-found"

    async def test_unexpected_failure_leaks_no_trace(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        app = create_app(SampleSettings(**service_settings))
        async with running(app) as client:
            r = await client.post(
                "/api/v1/notes", json={"text": "fail-after-event"}, headers=identities.headers()
            )
        assert r.status_code == 500
        assert "Traceback" not in r.text
        assert "RuntimeError" not in r.text

    async def test_body_over_limit_is_413(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        app = create_app(SampleSettings(**service_settings, max_body_bytes=64))
        async with running(app) as client:
            r = await client.post(
                "/api/v1/notes", json={"text": "x" * 100}, headers=identities.headers()
            )
            assert await count_rows(app, Note) == 0
        assert r.status_code == 413
        assert r.headers["content-type"] == PROBLEM


class TestIdentity:
    async def test_missing_or_forged_identity_is_401(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        private_pem, _ = generate_keypair()
        forger = IdentitySigner(load_private_key(private_pem))
        forged = {IDENTITY_HEADER: forger.sign(identities.principal())}
        app = create_app(SampleSettings(**service_settings))
        async with running(app) as client:
            missing = await client.get("/api/v1/notes")
            bad = await client.get("/api/v1/notes", headers=forged)
            garbage = await client.get("/api/v1/notes", headers={IDENTITY_HEADER: "not.a.jwt"})
        for r in (missing, bad, garbage):
            assert r.status_code == 401, r.text
            assert (
                r.json()["detail"]
                == "Call the platform through its gateway with valid credentials."
            )

    async def test_expired_identity_is_401(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        token = identities.signer.sign(
            identities.principal(clearance=Clearance.PUBLIC), now=1_000_000
        )
        app = create_app(SampleSettings(**service_settings))
        async with running(app) as client:
            r = await client.get("/api/v1/notes", headers={IDENTITY_HEADER: token})
        assert r.status_code == 401


class TestIdempotentCreate:
    async def test_retry_with_same_key_returns_first_response(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        app = create_app(SampleSettings(**service_settings))
        headers = identities.headers() | {"Idempotency-Key": "k-1"}
        async with running(app) as client:
            first = await client.post("/api/v1/notes", json={"text": "once"}, headers=headers)
            second = await client.post("/api/v1/notes", json={"text": "once"}, headers=headers)
            other = await client.post("/api/v1/notes", json={"text": "different"}, headers=headers)
            rows = await count_rows(app, Note)
        assert first.status_code == 201, first.text
        assert second.status_code == 201
        assert second.json() == first.json()
        assert second.headers["idempotent-replayed"] == "true"
        assert other.status_code == 422
        assert other.json()["type"] == "/problems/idempotency-key-reused"
        assert rows == 1

    async def test_keys_are_scoped_to_the_caller(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        app = create_app(SampleSettings(**service_settings))
        async with running(app) as client:
            for subject in ("alice", "bob"):
                headers = identities.headers(identities.principal(subject=subject)) | {
                    "Idempotency-Key": "same"
                }
                r = await client.post("/api/v1/notes", json={"text": "t"}, headers=headers)
                assert r.status_code == 201, r.text
            assert await count_rows(app, Note) == 2


class TestOptimisticConcurrency:
    async def test_if_match_required_then_checked(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        app = create_app(SampleSettings(**service_settings))
        h = identities.headers()
        async with running(app) as client:
            created = await client.post("/api/v1/notes", json={"text": "v1"}, headers=h)
            url = f"/api/v1/notes/{created.json()['id']}"
            tag = (await client.get(url, headers=h)).headers["etag"]
            no_match = await client.patch(url, json={"text": "v2"}, headers=h)
            ok = await client.patch(url, json={"text": "v2"}, headers=h | {"If-Match": tag})
            stale = await client.patch(url, json={"text": "v3"}, headers=h | {"If-Match": tag})
            final = await client.get(url, headers=h)
        assert no_match.status_code == 428
        assert ok.status_code == 200, ok.text
        assert stale.status_code == 412
        assert stale.json()["current_etag"] == final.headers["etag"]
        assert final.json()["text"] == "v2"


class TestKeysetPagination:
    async def test_pages_are_stable_while_rows_are_inserted(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        app = create_app(SampleSettings(**service_settings))
        h = identities.headers()
        async with running(app) as client:
            for i in range(5):
                await client.post("/api/v1/notes", json={"text": f"n{i}"}, headers=h)
            first = await client.get("/api/v1/notes", params={"limit": 2}, headers=h)
            for i in range(5, 8):
                await client.post("/api/v1/notes", json={"text": f"n{i}"}, headers=h)
            seen = [n["text"] for n in first.json()["items"]]
            cursor = first.json()["next_cursor"]
            while cursor:
                page = await client.get(
                    "/api/v1/notes", params={"limit": 2, "cursor": cursor}, headers=h
                )
                seen += [n["text"] for n in page.json()["items"]]
                cursor = page.json()["next_cursor"]
            bad = await client.get("/api/v1/notes", params={"cursor": "!!!"}, headers=h)
        assert seen == [f"n{i}" for i in range(8)]
        assert bad.status_code == 400
        assert bad.json()["type"] == "/problems/invalid-cursor"


class TestHealth:
    async def test_metrics_are_exposed(self, service_settings: dict[str, Any]) -> None:
        app = create_app(SampleSettings(**service_settings))
        async with running(app) as client:
            await client.get("/livez")
            r = await client.get("/metrics")
        assert r.status_code == 200
        assert "pdp_http_request_duration_seconds" in r.text
