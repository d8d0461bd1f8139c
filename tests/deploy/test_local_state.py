"""Local state under var/: the admin key and the demo-data markers."""

from __future__ import annotations

import stat
from pathlib import Path

from deploy.local.settings import SERVICES
from deploy.local.state import SeedMarkers, VarLayout, database_url_of, ensure_admin_key

INCIDENTS = SERVICES[0]
BRIEFINGS = SERVICES[-1]


class TestVarLayout:
    def test_create_makes_every_directory(self, tmp_path: Path) -> None:
        layout = VarLayout(tmp_path / "var")
        layout.create()
        for directory in (layout.keys, layout.nats_store, layout.logs, layout.markers):
            assert directory.is_dir()
        assert layout.log_file("gateway") == tmp_path / "var/log/gateway.log"

    def test_create_twice_is_harmless(self, tmp_path: Path) -> None:
        layout = VarLayout(tmp_path / "var")
        layout.create()
        layout.create()
        assert layout.root.is_dir()


class TestEnsureAdminKey:
    def test_generated_once_and_kept(self, tmp_path: Path) -> None:
        layout = VarLayout(tmp_path)
        first = ensure_admin_key(layout, {})
        second = ensure_admin_key(layout, {})
        assert first == second
        assert len(first) > 40
        assert layout.admin_key_file.read_text().strip() == first

    def test_file_is_private(self, tmp_path: Path) -> None:
        layout = VarLayout(tmp_path)
        ensure_admin_key(layout, {})
        assert stat.S_IMODE(layout.admin_key_file.stat().st_mode) == 0o600

    def test_configured_key_wins_and_nothing_is_written(self, tmp_path: Path) -> None:
        layout = VarLayout(tmp_path)
        key = ensure_admin_key(layout, {"PDP_BOOTSTRAP_ADMIN_KEY": "configured"})
        assert key == "configured"
        assert not layout.admin_key_file.exists()

    def test_empty_file_is_replaced(self, tmp_path: Path) -> None:
        layout = VarLayout(tmp_path)
        layout.admin_key_file.write_text("\n")
        assert ensure_admin_key(layout, {}) != ""


class TestDatabaseUrlOf:
    def test_sqlite_default_per_service(self) -> None:
        assert database_url_of(SERVICES[2], {}) == "sqlite+aiosqlite:///var/country_teams.db"

    def test_sqlite_follows_the_var_directory(self) -> None:
        env = {"PDP_INCIDENTS_VAR_DIR": "/srv/pdp/var"}
        assert database_url_of(INCIDENTS, env) == "sqlite+aiosqlite:////srv/pdp/var/incidents.db"

    def test_own_setting_beats_platform_setting(self) -> None:
        settings = {
            "PDP_DATABASE_URL": "postgresql+asyncpg://p@h/pdp",
            "PDP_INCIDENTS_DATABASE_URL": "postgresql+asyncpg://i@h/pdp",
        }
        assert database_url_of(INCIDENTS, settings) == "postgresql+asyncpg://i@h/pdp"
        assert database_url_of(BRIEFINGS, settings) == "postgresql+asyncpg://p@h/pdp"


class TestSeedMarkers:
    def test_not_seeded_at_first(self, tmp_path: Path) -> None:
        markers = SeedMarkers(VarLayout(tmp_path))
        assert not markers.is_seeded(INCIDENTS, "sqlite+aiosqlite:///var/incidents.db")

    def test_marked_database_stays_seeded(self, tmp_path: Path) -> None:
        layout = VarLayout(tmp_path)
        SeedMarkers(layout).mark_seeded(INCIDENTS, "sqlite+aiosqlite:///var/incidents.db")
        assert SeedMarkers(layout).is_seeded(INCIDENTS, "sqlite+aiosqlite:///var/incidents.db")

    def test_another_database_needs_its_own_seed(self, tmp_path: Path) -> None:
        markers = SeedMarkers(VarLayout(tmp_path))
        markers.mark_seeded(INCIDENTS, "sqlite+aiosqlite:///var/incidents.db")
        assert not markers.is_seeded(INCIDENTS, "postgresql+asyncpg://postgres@h/pdp")
        assert not markers.is_seeded(BRIEFINGS, "sqlite+aiosqlite:///var/incidents.db")

    def test_marker_does_not_store_the_url(self, tmp_path: Path) -> None:
        markers = SeedMarkers(VarLayout(tmp_path))
        url = "postgresql+asyncpg://incidents:secret@h/pdp"
        markers.mark_seeded(INCIDENTS, url)
        assert "secret" not in markers.path_for(INCIDENTS, url).read_text()
        assert "secret" not in markers.path_for(INCIDENTS, url).name
