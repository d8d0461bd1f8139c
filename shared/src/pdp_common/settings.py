"""Settings shared by every service: where its database, broker and keys are, how it logs.

Each service subclasses :class:`ServiceSettings` with its own ``env_prefix``
(``PDP_INCIDENTS_``...). A few platform-wide variables (``PDP_DATABASE_URL``,
``PDP_NATS_URL``...) serve as fallbacks when the prefixed one is absent, so one ``.env``
can configure the whole platform.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Any, ClassVar

from pydantic import SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from pdp_common.json_limits import JsonLimits
from pdp_common.nats_credentials import NatsCredentials
from pdp_common.nats_servers import parse_nats_servers

PLATFORM_FALLBACKS = (
    "database_url",
    "nats_url",
    "nats_tls_ca_file",
    "nats_tls_hostname",
    "identity_public_key_file",
    "log_level",
    "log_json",
    "log_access",
    "otel_exporter_otlp_endpoint",
)


class ServiceSettings(BaseSettings):
    """Settings every service has; subclasses set ``service_name`` and ``env_prefix``."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", frozen=True)

    service_name: ClassVar[str] = "service"
    default_port: ClassVar[int] = 8080

    host: str = "127.0.0.1"
    port: int = 0
    database_url: str = ""
    database_schema: str | None = None
    database_pool_size: int = 10
    migrate_on_start: bool = True
    # One URL, or a comma-separated list of seed servers of a cluster (see pdp_common.nats_servers).
    nats_url: str = "nats://127.0.0.1:4222"
    nats_enabled: bool = True
    # The service's own NATS user (docs/security.md, "NATS users"); unset: connect without one.
    nats_user: str | None = None
    nats_password: SecretStr | None = None
    # TLS: the CA that signed the servers' certificates (turns TLS on), and a client certificate
    # with its key for servers that verify clients; the host name to check, when not the URL's.
    nats_tls_ca_file: Path | None = None
    nats_tls_cert_file: Path | None = None
    nats_tls_key_file: Path | None = None
    nats_tls_hostname: str | None = None
    # Where replies to this process arrive; default _INBOX.<user> with a user, else _INBOX.
    nats_inbox_prefix: str | None = None
    identity_public_key_file: Path | None = None
    identity_public_key: SecretStr | None = None
    log_level: str = "INFO"
    log_json: bool = True
    log_access: bool = False
    # Deprecated: the standard OTEL_EXPORTER_OTLP_ENDPOINT wins (see pdp_common.telemetry).
    otel_exporter_otlp_endpoint: str | None = None
    otel_enabled: bool = True
    max_body_bytes: int = 1_048_576
    # The whole request body must arrive within this time once the headers have (408 otherwise).
    body_read_timeout_seconds: float = 60.0
    # The shape of a JSON request body (413 body-too-complex beyond it); routes may take more.
    json_max_depth: int = 32
    json_max_items: int = 100_000
    json_max_string_bytes: int = 65_536
    json_max_number_chars: int = 64
    relay_batch_size: int = 256
    relay_poll_seconds: float = 1.0
    relay_max_backoff_seconds: float = 30.0
    relay_mark_seconds: float = 0.05
    consumer_max_deliver: int = 5
    consumer_ack_wait_seconds: float = 30.0
    consumer_batch_size: int = 64
    stream_duplicate_window_seconds: float = 3600.0
    stream_max_bytes: int = 1_073_741_824
    stream_replicas: int = 1
    var_dir: Path = Path("var")
    # Outbound requests to partner and webhook URLs (pdp_common.outbound; docs/security.md).
    outbound_allow_http: bool = False
    # Non-public addresses that may be reached all the same, comma-separated ("127.0.0.1/32").
    outbound_allowed_networks: str = ""
    outbound_max_redirects: int = 3
    outbound_max_response_bytes: int = 10_485_760
    outbound_connect_timeout_seconds: float = 5.0
    outbound_read_timeout_seconds: float = 15.0
    outbound_total_timeout_seconds: float = 30.0
    # Webhook delivery (pdp_common.webhook_delivery): retries, back-off, suspension, polling.
    webhook_max_attempts: int = 8
    webhook_backoff_base_seconds: float = 30.0
    webhook_backoff_max_seconds: float = 21_600.0
    webhook_backoff_jitter: float = 0.2
    webhook_suspend_after_failures: int = 10
    webhook_poll_seconds: float = 2.0
    webhook_lease_seconds: float = 120.0
    webhook_batch_size: int = 32

    @model_validator(mode="before")
    @classmethod
    def _platform_fallbacks(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        prefix = str(cls.model_config.get("env_prefix", "")).upper()
        for name in PLATFORM_FALLBACKS:
            if name in data or f"{prefix}{name.upper()}" in os.environ:
                continue
            value = os.environ.get(f"PDP_{name.upper()}")
            if value is not None:
                data[name] = value
        return data

    @field_validator("nats_url")
    @classmethod
    def _valid_nats_servers(cls, value: str) -> str:
        return ",".join(parse_nats_servers(value))

    @field_validator(
        "nats_user",
        "nats_password",
        "nats_tls_ca_file",
        "nats_tls_cert_file",
        "nats_tls_key_file",
        "nats_tls_hostname",
        "nats_inbox_prefix",
        mode="before",
    )
    @classmethod
    def _empty_is_unset(cls, value: Any) -> Any:
        return None if value == "" else value

    @field_validator("outbound_allowed_networks")
    @classmethod
    def _valid_networks(cls, value: str) -> str:
        items = [item.strip() for item in value.split(",") if item.strip()]
        for item in items:
            ipaddress.ip_network(item, strict=True)
        return ",".join(items)

    @model_validator(mode="after")
    def _valid_nats_credentials(self) -> ServiceSettings:
        self.nats_credentials()
        return self

    @model_validator(mode="after")
    def _defaults(self) -> ServiceSettings:
        slug = self.service_name.replace("-", "_")
        if not self.database_url:
            object.__setattr__(
                self, "database_url", f"sqlite+aiosqlite:///{self.var_dir / slug}.db"
            )
        if self.database_schema is None and self.is_postgres:
            object.__setattr__(self, "database_schema", slug)
        if not self.port:
            object.__setattr__(self, "port", self.default_port)
        return self

    def json_limits(self) -> JsonLimits:
        """Return the limits on the shape of a JSON request body every route has by default."""
        return JsonLimits(
            max_depth=self.json_max_depth,
            max_items=self.json_max_items,
            max_string_bytes=self.json_max_string_bytes,
            max_number_chars=self.json_max_number_chars,
        )

    @property
    def is_postgres(self) -> bool:
        """Tell whether the service stores its data in PostgreSQL."""
        return self.database_url.startswith("postgresql")

    @property
    def nats_servers(self) -> tuple[str, ...]:
        """Return the NATS servers to connect to, in the order given."""
        return parse_nats_servers(self.nats_url)

    def nats_credentials(self) -> NatsCredentials:
        """Return the user, password and TLS files the service connects to NATS with."""
        password = self.nats_password.get_secret_value() if self.nats_password else None
        return NatsCredentials(
            user=self.nats_user or None,
            password=password,
            ca_file=self.nats_tls_ca_file,
            cert_file=self.nats_tls_cert_file,
            key_file=self.nats_tls_key_file,
            tls_hostname=self.nats_tls_hostname or None,
            inbox_prefix=self.nats_inbox_prefix or None,
        )

    @property
    def stream_name(self) -> str:
        """Return the JetStream stream this service produces to."""
        return "PDP_" + self.service_name.replace("-", "_").upper()

    def public_key_pem(self) -> bytes | None:
        """Return the gateway's identity verification key, if configured."""
        if self.identity_public_key is not None:
            return self.identity_public_key.get_secret_value().encode()
        if self.identity_public_key_file is not None:
            return self.identity_public_key_file.read_bytes()
        return None
