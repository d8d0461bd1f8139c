"""Service settings: prefixed variables, platform-wide fallbacks, derived defaults."""

from __future__ import annotations

import pytest
from pdp_common.nats_servers import display_server
from pydantic import ValidationError

from tests.shared.sample.service import SampleSettings


class TestServiceSettings:
    def test_defaults(self, monkeypatch: pytest.MonkeyPatch) -> None:
        for name in ("PDP_DATABASE_URL", "PDP_NATS_URL", "PDP_SAMPLE_DATABASE_URL"):
            monkeypatch.delenv(name, raising=False)
        settings = SampleSettings()
        assert settings.database_url == "sqlite+aiosqlite:///var/sample.db"
        assert settings.database_schema is None
        assert settings.stream_name == "PDP_SAMPLE"

    def test_platform_fallback_and_prefixed_override(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("PDP_DATABASE_URL", "postgresql+asyncpg://db/pdp")
        monkeypatch.setenv("PDP_NATS_URL", "nats://shared:4222")
        monkeypatch.setenv("PDP_SAMPLE_NATS_URL", "nats://own:4222")
        settings = SampleSettings()
        assert settings.database_url == "postgresql+asyncpg://db/pdp"
        assert settings.database_schema == "sample"
        assert settings.nats_url == "nats://own:4222"

    def test_explicit_values_win(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("PDP_DATABASE_URL", "postgresql+asyncpg://db/pdp")
        settings = SampleSettings(database_url="sqlite+aiosqlite:///x.db")
        assert settings.database_url == "sqlite+aiosqlite:///x.db"


class TestNatsServers:
    def test_one_url_is_one_server(self) -> None:
        settings = SampleSettings(nats_url="nats://127.0.0.1:4222")
        assert settings.nats_url == "nats://127.0.0.1:4222"
        assert settings.nats_servers == ("nats://127.0.0.1:4222",)

    def test_a_comma_separated_list_from_the_platform_variable(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.delenv("PDP_SAMPLE_NATS_URL", raising=False)
        monkeypatch.setenv("PDP_NATS_URL", "nats://a:4222, nats://b:4222 ,tls://c:4443")
        settings = SampleSettings()
        assert settings.nats_servers == ("nats://a:4222", "nats://b:4222", "tls://c:4443")
        assert settings.nats_url == "nats://a:4222,nats://b:4222,tls://c:4443"

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("", "no NATS server given"),
            ("nats://a:4222,,nats://b:4222", "empty entry"),
            ("http://a:4222", "must start with one of"),
            ("a:4222", "must start with one of"),
            ("nats://:4222", "names no host"),
            ("nats://a:notaport", "invalid port"),
            ("nats://a:99999", "invalid port"),
            ("nats://a:4222/path", "host\\[:port\\] only"),
            ("nats://a:4222,nats://a:4222", "listed twice"),
        ],
    )
    def test_a_bad_url_is_refused_at_startup(self, value: str, message: str) -> None:
        with pytest.raises(ValidationError, match=message):
            SampleSettings(nats_url=value)


class TestDisplayServer:
    def test_drops_credentials(self) -> None:
        assert display_server("nats://user:secret@a:4222") == "nats://a:4222"

    def test_keeps_a_url_without_port(self) -> None:
        assert display_server("tls://nats.example.org") == "tls://nats.example.org"
