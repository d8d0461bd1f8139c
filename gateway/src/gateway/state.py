"""The running parts of the gateway, reachable from its endpoints through ``app.state.gateway``."""

from __future__ import annotations

from dataclasses import dataclass

from pdp_common.platform import Platform

from gateway.audit.recorder import AuditRecorder
from gateway.auth.authenticator import Authenticator
from gateway.auth.identity_tokens import IdentityTokens
from gateway.auth.jwks import KeySource
from gateway.devissuer.issuer import DevIssuer
from gateway.events.service import EventStreams
from gateway.forwarding.proxy import Upstreams
from gateway.observability.metrics import GatewayMetrics
from gateway.openapi.aggregator import OpenApiAggregator
from gateway.ratelimit.limiter import Limiter
from gateway.ratelimit.redis_limiter import RedisBuckets
from gateway.settings import GatewaySettings


@dataclass(frozen=True, slots=True)
class Gateway:
    """Everything the gateway runs, built once per app."""

    settings: GatewaySettings
    platform: Platform
    authenticator: Authenticator
    key_source: KeySource
    limiter: Limiter
    failures: Limiter | None
    shared_buckets: RedisBuckets | None
    metrics: GatewayMetrics
    tokens: IdentityTokens
    upstreams: Upstreams
    recorder: AuditRecorder
    openapi: OpenApiAggregator
    dev_issuer: DevIssuer | None
    events: EventStreams

    def forget_credential(self, credential: str) -> None:
        """Drop every cached lookup and identity token of ``credential`` (after revocation)."""
        self.authenticator.forget(credential)
        self.tokens.forget(credential)
