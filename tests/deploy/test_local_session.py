"""The banner of a local run and the preparation of var/."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from deploy.local.session import install_stop_handlers, prepare, run, summary
from deploy.local.settings import COMPONENTS, GATEWAY, SERVICES
from deploy.local.state import VarLayout


class TestSummary:
    def test_lists_gateway_docs_services_key_and_logs(self, tmp_path: Path) -> None:
        layout = VarLayout(tmp_path / "var")
        text = summary({}, COMPONENTS, layout, "pdp_admin_secret")
        assert "http://127.0.0.1:8000/docs" in text
        assert "http://127.0.0.1:8000/openapi.json" in text
        for port in (8001, 8002, 8003, 8004):
            assert f"http://127.0.0.1:{port}" in text
        assert "console        http://127.0.0.1:8005" in text
        assert "pdp_admin_secret" in text
        assert str(layout.logs) in text

    def test_lists_the_demo_personas_keys(self, tmp_path: Path) -> None:
        layout = VarLayout(tmp_path / "var")
        layout.demo_keys.mkdir(parents=True)
        (layout.demo_keys / "osce").write_text("pdp_osce_secret\n")
        (layout.demo_keys / "analyst").write_text("pdp_analyst_secret\n")
        text = summary({}, COMPONENTS, layout, "pdp_admin_secret")
        assert text.index("analyst      pdp_analyst_secret") < text.index("osce         pdp_osce")
        assert str(layout.demo_keys) in text

    def test_without_gateway(self) -> None:
        text = summary({}, SERVICES[:1], VarLayout(Path("/srv/pdp/var")), "k")
        assert GATEWAY.name not in text
        assert "incidents" in text


class TestPrepare:
    def test_creates_keys_admin_key_and_environment(self, tmp_path: Path) -> None:
        platform = prepare(tmp_path, {"PATH": os.environ["PATH"]}, lambda _: None)
        assert (tmp_path / "var/keys/identity-ed25519.pem").is_file()
        assert (tmp_path / "var/keys/identity-ed25519.pub.pem").is_file()
        key = (tmp_path / "var/admin-api-key").read_text().strip()
        assert platform.env["PDP_BOOTSTRAP_ADMIN_KEY"] == key
        assert platform.env["PDP_GATEWAY_INCIDENTS_URL"] == "http://127.0.0.1:8001"

    def test_second_preparation_keeps_keys(self, tmp_path: Path) -> None:
        prepare(tmp_path, {}, lambda _: None)
        private = (tmp_path / "var/keys/identity-ed25519.pem").read_bytes()
        key = (tmp_path / "var/admin-api-key").read_text()
        prepare(tmp_path, {}, lambda _: None)
        assert (tmp_path / "var/keys/identity-ed25519.pem").read_bytes() == private
        assert (tmp_path / "var/admin-api-key").read_text() == key


class TestRun:
    def test_bad_setting_stops_before_anything_starts(self, tmp_path: Path) -> None:
        messages: list[str] = []
        code = run(tmp_path, {"PDP_INCIDENTS_PORT": "eighty"}, messages.append)
        assert code == 2
        assert messages == [
            "configuration error: PDP_INCIDENTS_PORT must be a number, got 'eighty'"
        ]
        assert not (tmp_path / "var").exists()


@pytest.fixture
def saved_handlers() -> Iterator[None]:
    saved = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for signum, handler in saved.items():
            if handler is not None:
                signal.signal(signum, handler)


@pytest.mark.usefixtures("saved_handlers")
class TestInstallStopHandlers:
    def test_sigterm_and_sighup_interrupt(self) -> None:
        signal.signal(signal.SIGHUP, signal.SIG_DFL)
        previous = install_stop_handlers()
        assert set(previous) == {signal.SIGTERM, signal.SIGHUP}
        assert signal.getsignal(signal.SIGTERM) is signal.default_int_handler
        assert signal.getsignal(signal.SIGHUP) is signal.default_int_handler

    def test_ignored_sighup_stays_ignored(self) -> None:
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        previous = install_stop_handlers()
        assert signal.SIGHUP not in previous
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
