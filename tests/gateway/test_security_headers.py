from __future__ import annotations

from gateway.security_headers import secured_headers


class TestSecuredHeaders:
    def test_a_json_answer_gets_every_header(self) -> None:
        headers = dict(secured_headers([(b"content-type", b"application/json")]))
        assert headers[b"x-content-type-options"] == b"nosniff"
        assert headers[b"x-frame-options"] == b"DENY"
        assert headers[b"referrer-policy"] == b"no-referrer"
        assert headers[b"content-security-policy"] == b"default-src 'none'; frame-ancestors 'none'"
        assert headers[b"cache-control"] == b"no-store"

    def test_an_html_page_keeps_its_own_scripts(self) -> None:
        headers = dict(secured_headers([(b"content-type", b"text/html; charset=utf-8")]))
        assert b"content-security-policy" not in headers
        assert headers[b"x-frame-options"] == b"DENY"

    def test_headers_the_answer_sets_are_kept(self) -> None:
        given = [(b"cache-control", b"public, max-age=86400"), (b"content-type", b"text/css")]
        headers = secured_headers(given)
        assert [v for n, v in headers if n == b"cache-control"] == [b"public, max-age=86400"]
