"""What an idempotent create answers (the replay itself: tests/shared/test_http_conventions.py)."""

from __future__ import annotations

from pdp_common.concurrency import etag
from pdp_common.idempotency import Created


class TestCreated:
    def test_headers_carry_the_version_as_etag(self) -> None:
        assert Created({"id": 1}, version=3).headers() == {"ETag": etag(3)}

    def test_headers_carry_the_location_when_known(self) -> None:
        created = Created(b"{}", version=1, location="/api/v1/notes/1")
        assert created.headers() == {"ETag": etag(1), "Location": "/api/v1/notes/1"}
