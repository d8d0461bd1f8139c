"""Reading the signed-in person from the token (for display only)."""

from __future__ import annotations

import base64
import json
from typing import Any

from console.session import viewer_from_token
from pdp_common.identity import Clearance, Role


def _token(claims: dict[str, Any]) -> str:
    payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"header.{payload}.signature"


CLAIMS = {
    "sub": "a@unrcca.org",
    "org": "UNRCCA",
    "roles": ["officer", "unknown"],
    "clearance": "internal",
    "exp": 2_000,
}


class TestViewerFromToken:
    def test_reads_the_claims(self) -> None:
        viewer = viewer_from_token(_token(CLAIMS), now=1_000)
        assert viewer is not None
        assert (viewer.subject, viewer.org, viewer.roles) == (
            "a@unrcca.org",
            "UNRCCA",
            frozenset({Role.OFFICER}),
        )
        assert viewer.clearances == [Clearance.PUBLIC, Clearance.INTERNAL]

    def test_expired_token_is_no_session(self) -> None:
        assert viewer_from_token(_token(CLAIMS), now=2_000) is None

    def test_garbage_is_no_session(self) -> None:
        assert viewer_from_token("not-a-token") is None
        assert viewer_from_token("a.!!!.c") is None
        assert viewer_from_token(_token({"exp": 5_000}), now=1) is None
