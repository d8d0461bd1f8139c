"""How the gateway summarises each service's /readyz answer."""

from __future__ import annotations

import json

import pytest
from gateway.system.readiness import upstream_state


def _body(content: object) -> bytes:
    return json.dumps(content).encode()


class TestUpstreamState:
    def test_ready_service_is_ok(self) -> None:
        body = _body({"status": "ok", "checks": {"database": "ok", "nats": "ok"}})
        assert upstream_state(200, body) == "ok"

    def test_service_without_the_broker_is_degraded_with_its_backlog(self) -> None:
        body = _body(
            {
                "status": "degraded",
                "checks": {"database": "ok", "nats": "unavailable: disconnected"},
                "outbox": {"backlog": 5},
            }
        )
        assert upstream_state(200, body) == (
            "degraded: nats unavailable: disconnected; outbox backlog 5"
        )

    def test_degraded_without_details_still_says_degraded(self) -> None:
        assert upstream_state(200, _body({"status": "degraded"})) == ("degraded: no reason given")

    @pytest.mark.parametrize("body", [b"", b"not json", b"[1, 2]", _body({"status": "ok"})])
    def test_any_other_200_is_ok(self, body: bytes) -> None:
        assert upstream_state(200, body) == "ok"

    def test_not_ready_service_is_failing(self) -> None:
        assert upstream_state(503, _body({"status": 503})) == "failing: status 503"
