"""Service settings: prefixed variables, platform-wide fallbacks, derived defaults."""

from __future__ import annotations

import pytest

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
