"""Settings of the gateway: upstreams, credentials, limits, storage (prefix ``PDP_GATEWAY_``)."""

from __future__ import annotations

from ipaddress import ip_network
from pathlib import Path
from typing import ClassVar

from pdp_common.settings import ServiceSettings
from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import SettingsConfigDict

from gateway.forwarding.routes import (
    DEFAULT_IMPORT_MAX_BODY_BYTES,
    DEFAULT_STREAMED_MAX_BODY_BYTES,
)
from gateway.observability.metrics_access import DEFAULT_METRICS_NETWORKS

DEV_ISSUER_PATH = "/dev-issuer"
DEFAULT_AUDIENCE = "pdp-api"


class GatewaySettings(ServiceSettings):
    """Everything the gateway needs to know, read from ``PDP_GATEWAY_*`` variables."""

    model_config = SettingsConfigDict(
        env_prefix="PDP_GATEWAY_", env_file=None, extra="ignore", frozen=True
    )

    service_name: ClassVar[str] = "gateway"
    default_port: ClassVar[int] = 8000

    nats_enabled: bool = True

    incidents_url: str = "http://127.0.0.1:8001"
    organizations_url: str = "http://127.0.0.1:8002"
    country_teams_url: str = "http://127.0.0.1:8003"
    briefings_url: str = "http://127.0.0.1:8004"

    identity_private_key_file: Path = Path("var/keys/identity-ed25519.pem")
    identity_private_key: SecretStr | None = None
    identity_token_cache_seconds: float = 20.0

    bootstrap_admin_key: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "bootstrap_admin_key", "PDP_BOOTSTRAP_ADMIN_KEY", "PDP_GATEWAY_BOOTSTRAP_ADMIN_KEY"
        ),
    )
    api_key_cache_seconds: float = 2.0

    jwt_issuer: str | None = None
    jwt_audience: str = DEFAULT_AUDIENCE
    jwt_jwks_url: str | None = None
    jwt_algorithms: list[str] = ["RS256", "ES256", "EdDSA"]
    jwt_leeway_seconds: int = 10
    jwt_org_claim: str = "org"
    jwt_roles_claim: str = "roles"
    jwt_clearance_claim: str = "clearance"
    jwks_cache_seconds: float = 300.0
    jwks_fetch_timeout_seconds: float = 2.0
    jwks_min_refetch_seconds: float = 30.0
    dev_issuer_token_ttl_seconds: int = 3600

    rate_limit_per_second: float = 50.0
    rate_limit_burst: int = 100
    auth_failure_rate_per_second: float | None = None
    auth_failure_burst: int = 30
    # Shared limits across replicas: redis://[:password@]host:6379/0 (unset: per replica).
    redis_url: SecretStr | None = None
    redis_key_prefix: str = "pdp:gateway:ratelimit:"
    redis_timeout_seconds: float = 0.25
    redis_retry_seconds: float = 1.0
    redis_pool_size: int = 100

    import_max_body_bytes: int = DEFAULT_IMPORT_MAX_BODY_BYTES
    # An import job's upload is streamed to the incidents service, never held whole.
    import_job_max_body_bytes: int = DEFAULT_STREAMED_MAX_BODY_BYTES
    metrics_networks: list[str] = list(DEFAULT_METRICS_NETWORKS)

    upstream_timeout_seconds: float = 30.0
    upstream_connect_timeout_seconds: float = 2.0
    upstream_pool_size: int = 100
    upstream_keepalive_seconds: float = 4.0
    readiness_timeout_seconds: float = 1.0
    openapi_refresh_seconds: float = 60.0
    openapi_fetch_timeout_seconds: float = 10.0

    # Webhook subscriptions to events (gateway.subscriptions, docs/events-webhooks.md). Retries,
    # back-off and suspension are the shared webhook_* settings, the SSRF rules outbound_*.
    event_webhooks_enabled: bool = True
    event_subscriptions_per_org: int = 50
    event_subscription_secret_overlap_seconds: float = 86_400.0

    cors_origins: list[str] = []
    public_url: str = "/"

    audit_batch_size: int = 500
    audit_flush_seconds: float = 0.5
    audit_queue_size: int = 50_000

    # Server-sent events, GET /api/v1/events/stream (docs/events-sse.md).
    events_retention_seconds: float = 7 * 86_400.0
    events_max_bytes: int = 2 * 1_073_741_824
    events_heartbeat_seconds: float = 15.0
    events_buffer_size: int = 64
    events_stall_seconds: float = 30.0
    events_fetch_seconds: float = 5.0
    events_max_connection_seconds: float = 3600.0
    events_max_streams_per_credential: int = 4
    events_max_streams: int = 1000

    @field_validator("redis_url", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("metrics_networks")
    @classmethod
    def _networks_parse(cls, networks: list[str]) -> list[str]:
        for network in networks:
            ip_network(network, strict=False)
        return networks

    @property
    def dev_issuer_enabled(self) -> bool:
        """Tell whether the built-in development issuer serves tokens (no JWKS URL configured)."""
        return self.jwt_jwks_url is None

    @property
    def effective_jwt_issuer(self) -> str:
        """Return the issuer bearer tokens must carry."""
        if self.jwt_issuer:
            return self.jwt_issuer
        return f"http://{self.host}:{self.port}{DEV_ISSUER_PATH}"

    def upstream_urls(self) -> dict[str, str]:
        """Return the base URL of every upstream service by its name."""
        return {
            "incidents": self.incidents_url,
            "organizations": self.organizations_url,
            "country-teams": self.country_teams_url,
            "briefings": self.briefings_url,
        }

    def private_key_pem(self) -> bytes:
        """Return the identity signing key (PEM)."""
        if self.identity_private_key is not None:
            return self.identity_private_key.get_secret_value().encode()
        return self.identity_private_key_file.read_bytes()
