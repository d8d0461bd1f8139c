"""NATS credentials: read from the settings, presented by the bus to a real nats-server that asks
for a user and password, or for TLS with a client certificate."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import structlog.testing
from pdp_common.events.bus import Bus
from pdp_common.nats_credentials import NatsCredentials
from pdp_common.testing.nats_server import NatsServer
from pydantic import ValidationError

from tests.shared.certificate_authority import CertificateAuthority
from tests.shared.sample.service import SampleSettings

USER = "sample"
PASSWORD = "s3cret-for-the-test"
USERS = f'authorization {{\n  users = [\n    {{user: "{USER}", password: "{PASSWORD}"}}\n  ]\n}}\n'
REFUSED_WAIT_SECONDS = 3.0


@pytest.fixture(scope="module")
def password_server() -> Iterator[NatsServer]:
    """Start a nats-server that admits one user with a password."""
    server = NatsServer(extra_config=USERS)
    server.start()
    yield server
    server.close()


@pytest.fixture(scope="module")
def authority(tmp_path_factory: pytest.TempPathFactory) -> CertificateAuthority:
    """Return a throwaway CA for this module."""
    return CertificateAuthority(tmp_path_factory.mktemp("nats-ca"))


@pytest.fixture(scope="module")
def tls_server(authority: CertificateAuthority) -> Iterator[NatsServer]:
    """Start a nats-server that wants TLS and a client certificate signed by ``authority``."""
    cert = authority.issue("nats-server", server=True)
    tls = (
        "tls {\n"
        f'  cert_file: "{cert.cert_file}"\n'
        f'  key_file: "{cert.key_file}"\n'
        f'  ca_file: "{authority.ca_file}"\n'
        "  verify: true\n"
        "}\n"
    )
    server = NatsServer(extra_config=tls + USERS, scheme="tls")
    server.start()
    yield server
    server.close()


async def connects(url: str, credentials: NatsCredentials, timeout: float = 10.0) -> bool:
    """Tell whether a bus with ``credentials`` connects to ``url`` within ``timeout``."""
    bus = Bus(url, name="credentials-test", credentials=credentials)
    bus.start()
    try:
        connected = await bus.wait_connected(timeout=timeout)
        if connected:
            await bus.nc.flush()
        return connected
    finally:
        await bus.close()


class TestSettings:
    def test_nothing_set_means_no_credentials(self, monkeypatch: pytest.MonkeyPatch) -> None:
        for name in ("PDP_SAMPLE_NATS_USER", "PDP_NATS_TLS_CA_FILE", "PDP_SAMPLE_NATS_TLS_CA_FILE"):
            monkeypatch.delenv(name, raising=False)
        credentials = SampleSettings().nats_credentials()
        assert credentials == NatsCredentials()
        assert credentials.connect_options() == {"inbox_prefix": "_INBOX"}

    def test_user_and_password_from_the_prefixed_variables(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("PDP_SAMPLE_NATS_USER", USER)
        monkeypatch.setenv("PDP_SAMPLE_NATS_PASSWORD", PASSWORD)
        settings = SampleSettings()
        credentials = settings.nats_credentials()
        assert credentials.connect_options() == {
            "inbox_prefix": f"_INBOX.{USER}",
            "user": USER,
            "password": PASSWORD,
        }
        assert PASSWORD not in repr(settings)
        assert PASSWORD not in repr(credentials)

    def test_the_ca_applies_platform_wide(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.delenv("PDP_SAMPLE_NATS_TLS_CA_FILE", raising=False)
        monkeypatch.setenv("PDP_NATS_TLS_CA_FILE", "/etc/pdp/nats-ca.pem")
        assert SampleSettings().nats_credentials().ca_file == Path("/etc/pdp/nats-ca.pem")

    def test_empty_values_are_unset(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("PDP_SAMPLE_NATS_USER", "")
        monkeypatch.setenv("PDP_SAMPLE_NATS_TLS_CA_FILE", "")
        assert SampleSettings().nats_credentials() == NatsCredentials()

    def test_a_certificate_without_its_key_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="needs its key"):
            SampleSettings(nats_tls_cert_file=Path("client.pem"))

    def test_a_password_without_a_user_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="needs a NATS user"):
            SampleSettings(nats_password=PASSWORD)


class TestPasswordAuthentication:
    async def test_the_bus_of_a_service_connects_with_its_user(
        self, password_server: NatsServer
    ) -> None:
        settings = SampleSettings(
            nats_url=password_server.url, nats_user=USER, nats_password=PASSWORD
        )
        bus = Bus.for_service(settings)
        bus.start()
        try:
            assert await bus.wait_connected(timeout=10)
            reply_to = bus.nc.new_inbox()
            assert reply_to.startswith(f"_INBOX.{USER}.")
        finally:
            await bus.close()

    async def test_a_wrong_password_is_refused_and_said_so(
        self, password_server: NatsServer
    ) -> None:
        wrong = NatsCredentials(user=USER, password="not-it")
        with structlog.testing.capture_logs() as logs:
            assert not await connects(password_server.url, wrong, timeout=REFUSED_WAIT_SECONDS)
        refusals = [e for e in logs if e["event"] == "nats refused the credentials"]
        assert refusals
        assert refusals[0]["user"] == USER
        assert "not-it" not in repr(logs)

    async def test_no_user_is_refused(self, password_server: NatsServer) -> None:
        assert not await connects(
            password_server.url, NatsCredentials(), timeout=REFUSED_WAIT_SECONDS
        )


class TestTls:
    async def test_connects_with_the_ca_and_a_client_certificate(
        self, tls_server: NatsServer, authority: CertificateAuthority
    ) -> None:
        client = authority.issue("client", server=False)
        credentials = NatsCredentials(
            user=USER,
            password=PASSWORD,
            ca_file=authority.ca_file,
            cert_file=client.cert_file,
            key_file=client.key_file,
        )
        assert await connects(tls_server.url, credentials)

    async def test_without_a_client_certificate_it_is_refused(
        self, tls_server: NatsServer, authority: CertificateAuthority
    ) -> None:
        credentials = NatsCredentials(user=USER, password=PASSWORD, ca_file=authority.ca_file)
        assert not await connects(tls_server.url, credentials, timeout=REFUSED_WAIT_SECONDS)

    async def test_a_server_signed_by_another_ca_is_refused(
        self, tls_server: NatsServer, tmp_path: Path
    ) -> None:
        stranger = CertificateAuthority(tmp_path, name="Another CA")
        client = stranger.issue("client", server=False)
        credentials = NatsCredentials(
            user=USER,
            password=PASSWORD,
            ca_file=stranger.ca_file,
            cert_file=client.cert_file,
            key_file=client.key_file,
        )
        assert not await connects(tls_server.url, credentials, timeout=REFUSED_WAIT_SECONDS)
