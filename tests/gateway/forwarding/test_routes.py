"""The routing allow-list: which paths go where, which are refused, and body limits per route."""

from __future__ import annotations

import pytest
from gateway.forwarding.routes import BodyLimits, family_of, is_safe_path, match_route


class TestRoutes:
    @pytest.mark.parametrize(
        ("path", "service"),
        [
            ("/api/v1/incidents", "incidents"),
            ("/api/v1/incidents/1/sources", "incidents"),
            ("/api/v1/sharing/decisions", "organizations"),
            ("/api/v1/activities", "country-teams"),
            ("/api/v1/briefings/1", "briefings"),
            ("/api/v1/incidentsx", None),
            ("/api/v1/api-keys", None),
            ("/internal/outbox", None),
            ("/api/v1", None),
        ],
    )
    def test_match(self, path: str, service: str | None) -> None:
        route = match_route(path)
        assert (route.service if route else None) == service

    @pytest.mark.parametrize(
        ("path", "raw", "safe"),
        [
            ("/api/v1/incidents/1", None, True),
            ("/api/v1/incidents/../../internal", None, False),
            ("/api/v1/incidents/./1", None, False),
            ("/api/v1/incidents/1", b"/api/v1/incidents/%2e%2e", False),
            ("/api/v1/incidents/a/b", b"/api/v1/incidents/a%2Fb", False),
            ("/api/v1//incidents", None, False),
            ("/api/v1/incidents\\..", None, False),
            ("api/v1/incidents", None, False),
        ],
    )
    def test_safe_paths(self, path: str, raw: bytes | None, safe: bool) -> None:
        assert is_safe_path(path, raw) is safe

    @pytest.mark.parametrize(
        ("path", "family"),
        [
            ("/api/v1/incidents", "incidents"),
            ("/api/v1/incidents/0193a0c4/transitions", "incidents"),
            ("/api/v1/api-keys/1", "api-keys"),
            ("/api/v1/incidentsx", "unrouted"),
            ("/api/v1/", "unrouted"),
            ("/livez", "gateway"),
            ("/api/v2/incidents", "gateway"),
        ],
    )
    def test_families_are_a_closed_set(self, path: str, family: str) -> None:
        assert family_of(path) == family

    @pytest.mark.parametrize(
        ("path", "limit"),
        [
            ("/api/v1/incidents/imports", 16),
            ("/api/v1/incidents/imports/", 16),
            ("/api/v1/incidents/importsx", 1),
            ("/api/v1/incidents", 1),
            ("/api/v1/briefings/imports", 1),
        ],
    )
    def test_import_routes_take_the_import_body_limit(self, path: str, limit: int) -> None:
        assert BodyLimits(default=1, imports=16).limit_for(path) == limit

    @pytest.mark.parametrize(
        ("method", "path", "limit"),
        [
            ("POST", "/api/v1/incidents/imports/jobs", 1024),
            ("PUT", "/api/v1/incidents/imports/jobs", 16),
            ("POST", "/api/v1/incidents/imports/jobs/", 16),
            ("POST", "/api/v1/incidents/imports/jobs/1/cancel", 16),
            ("POST", "/api/v1/incidents/imports", 16),
        ],
    )
    def test_only_a_job_upload_takes_the_streamed_limit(
        self, method: str, path: str, limit: int
    ) -> None:
        limits = BodyLimits(default=1, imports=16, streamed=1024)
        assert limits.limit_for(path, method) == limit

    def test_only_a_job_upload_is_streamed(self) -> None:
        assert BodyLimits.streams("POST", "/api/v1/incidents/imports/jobs")
        assert not BodyLimits.streams("POST", "/api/v1/incidents/imports")
