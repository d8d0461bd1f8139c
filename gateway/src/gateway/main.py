"""The gateway app: its own endpoints in FastAPI, behind the front door that forwards the rest."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import structlog
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from pdp_common.app import API_PREFIX
from pdp_common.errors import install_error_handlers
from pdp_common.events.streams import events_stream
from pdp_common.logging import setup_logging
from pdp_common.media_types import install_json_media_types
from pdp_common.openapi import build_document, install_pages, route_operation_id
from pdp_common.platform import Platform
from pdp_common.request_limits import install_json_limits
from pdp_common.telemetry import (
    NATIVE_TELEMETRY_OFF,
    environment_sampler,
    setup_tracing,
    tracer,
)

from gateway import subscribers
from gateway.audit import endpoints as audit_endpoints
from gateway.audit.recorder import AuditRecorder
from gateway.auth.authenticator import Authenticator
from gateway.auth.bearer import BearerVerifier, ClaimNames
from gateway.auth.identity_tokens import IdentityTokens
from gateway.auth.jwks import JwksClient, KeySource, StaticKeySource
from gateway.auth.signing import identity_signer
from gateway.catalogue import endpoints as catalogue_endpoints
from gateway.devissuer import endpoints as issuer_endpoints
from gateway.devissuer.issuer import DevIssuer
from gateway.events import endpoints as events_endpoints
from gateway.events.aggregate import AggregateStream
from gateway.events.metrics import StreamMetrics
from gateway.events.recipients import Recipients
from gateway.events.service import EventStreams, StreamLimits
from gateway.events.slots import StreamSlots
from gateway.forwarding.proxy import Upstreams
from gateway.forwarding.routes import FAMILIES, SERVICES, BodyLimits
from gateway.frontdoor import FrontDoor, FrontDoorConfig
from gateway.keys import endpoints as keys_endpoints
from gateway.keys import service as keys_service
from gateway.observability.metrics import GatewayMetrics
from gateway.observability.metrics_access import MetricsAccess
from gateway.observability.tracecontext import TraceOrigin
from gateway.openapi.aggregator import OpenApiAggregator
from gateway.ratelimit.limiter import Limiter, LocalLimiter, RateLimiter
from gateway.ratelimit.redis_limiter import RedisBuckets, RedisLimiter, redis_client
from gateway.security_headers import SecurityHeaders
from gateway.settings import GatewaySettings
from gateway.state import Gateway
from gateway.subscriptions import endpoints as subscription_endpoints
from gateway.subscriptions.runtime import EventWebhooks
from gateway.system import endpoints as system_endpoints

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
TITLE = "Preventive Diplomacy Platform"
DESCRIPTION = """\
One entry point to the platform of the UN Regional Centre for Preventive Diplomacy for Central
Asia (UNRCCA): incidents, organizations and liaison, country teams, and briefings.

**Authentication.** Systems send an API key in `X-API-Key`; people send a bearer JWT in
`Authorization: Bearer ...`. Each caller has roles and a clearance level, and sees only what its
clearance, its organization's sharing agreements and the states' consents allow.

**Errors.** Every error is an RFC 9457 problem (`application/problem+json`): `type` names the
kind of problem and links to its description under `/problems/<code>`; `request_id` identifies
the request in the platform's logs. Invalid input answers 422 with `errors` listing the fields.

**Conventions.** Lists are keyset-paged: pass `next_cursor` back as `cursor` (also in the `Link`
header, `rel="next"`). Reads return an `ETag`; changes take it back in `If-Match` (412 when the
resource changed, 428 when it is missing). Creates accept an `Idempotency-Key`, so a retried
request never creates twice. Each credential has a rate limit (429 with `Retry-After`).
Timestamps are UTC (RFC 3339).
"""
EXPOSED_HEADERS = ["X-Request-ID", "Retry-After", "Link", "ETag", "Location"]
ALLOWED_HEADERS = [
    "Authorization",
    "X-API-Key",
    "Content-Type",
    "X-Request-ID",
    "If-Match",
    "Idempotency-Key",
    "Last-Event-ID",
    "traceparent",
    "tracestate",
]

# The front door traces /api/v1 requests itself (one server span each) whenever spans go somewhere;
# otherwise it passes the caller's trace context through, or starts a trace for a request without.

log = structlog.get_logger(__name__)


def _key_source(settings: GatewaySettings, dev_issuer: DevIssuer | None) -> KeySource:
    if dev_issuer is not None:
        return StaticKeySource(dev_issuer.jwks())
    assert settings.jwt_jwks_url is not None
    return JwksClient(
        settings.jwt_jwks_url,
        timeout_seconds=settings.jwks_fetch_timeout_seconds,
        cache_seconds=settings.jwks_cache_seconds,
        min_refetch_seconds=settings.jwks_min_refetch_seconds,
    )


def _bearer_verifier(settings: GatewaySettings, key_source: KeySource) -> BearerVerifier:
    return BearerVerifier(
        key_source,
        issuer=settings.effective_jwt_issuer,
        audience=settings.jwt_audience,
        algorithms=settings.jwt_algorithms,
        leeway_seconds=settings.jwt_leeway_seconds,
        claims=ClaimNames(
            settings.jwt_org_claim, settings.jwt_roles_claim, settings.jwt_clearance_claim
        ),
    )


def _dev_issuer(settings: GatewaySettings) -> DevIssuer | None:
    if not settings.dev_issuer_enabled:
        return None
    return DevIssuer(
        issuer=settings.effective_jwt_issuer,
        audience=settings.jwt_audience,
        max_ttl_seconds=settings.dev_issuer_token_ttl_seconds,
    )


def _limiters(
    settings: GatewaySettings, metrics: GatewayMetrics
) -> tuple[Limiter, Limiter | None, RedisBuckets | None]:
    """Return the per-credential limiter, the failed-authentication limiter (when enabled) and
    the Redis buckets they share (when ``redis_url`` is set)."""
    credential = RateLimiter(rate=settings.rate_limit_per_second, burst=settings.rate_limit_burst)
    failure_rate = settings.auth_failure_rate_per_second
    failures = (
        RateLimiter(rate=failure_rate, burst=settings.auth_failure_burst) if failure_rate else None
    )
    if settings.redis_url is None:
        return LocalLimiter(credential), LocalLimiter(failures) if failures else None, None
    client = redis_client(
        settings.redis_url.get_secret_value(),
        timeout=settings.redis_timeout_seconds,
        pool_size=settings.redis_pool_size,
    )
    buckets = RedisBuckets(
        client,
        prefix=settings.redis_key_prefix,
        retry_seconds=settings.redis_retry_seconds,
        store_up=metrics.shared_store_up,
    )
    shared = RedisLimiter(
        buckets, credential, name="credential", on_fallback=metrics.fallbacks["credential"].inc
    )
    shared_failures = None
    if failures is not None:
        fallback = metrics.fallbacks["auth_failures"].inc
        shared_failures = RedisLimiter(
            buckets, failures, name="auth_failures", on_fallback=fallback
        )
    return shared, shared_failures, buckets


def _event_streams(
    settings: GatewaySettings, platform: Platform, metrics: GatewayMetrics
) -> EventStreams:
    spec = events_stream(
        settings.stream_replicas,
        max_age=settings.events_retention_seconds,
        max_bytes=settings.events_max_bytes,
    )
    aggregate = AggregateStream(platform.bus, spec)
    aggregate.install()
    return EventStreams(
        aggregate,
        Recipients(platform.db),
        StreamSlots(
            per_credential=settings.events_max_streams_per_credential,
            total=settings.events_max_streams,
        ),
        StreamLimits(
            retention_seconds=settings.events_retention_seconds,
            buffer_size=settings.events_buffer_size,
            fetch_seconds=settings.events_fetch_seconds,
            stall_seconds=settings.events_stall_seconds,
            heartbeat_seconds=settings.events_heartbeat_seconds,
            max_connection_seconds=settings.events_max_connection_seconds,
        ),
        StreamMetrics(metrics.registry),
    )


def build_gateway(settings: GatewaySettings, app: FastAPI) -> Gateway:
    """Assemble the gateway's running parts from ``settings``."""
    webhooks = EventWebhooks(settings)
    platform = Platform(
        settings,
        producer=None,
        subscriptions=subscribers.subscriptions(settings, webhooks),
        migrations=MIGRATIONS_DIR,
        workers=webhooks.workers(),
    )
    webhooks.bind(platform)
    metrics = GatewayMetrics(
        families=FAMILIES, services=SERVICES, shared_limits=settings.redis_url is not None
    )
    limiter, failures, shared_buckets = _limiters(settings, metrics)
    dev_issuer = _dev_issuer(settings)
    key_source = _key_source(settings, dev_issuer)
    upstreams = Upstreams(
        settings.upstream_urls(),
        pool_size=settings.upstream_pool_size,
        connect_timeout=settings.upstream_connect_timeout_seconds,
        total_timeout=settings.upstream_timeout_seconds,
        keepalive_seconds=settings.upstream_keepalive_seconds,
    )
    return Gateway(
        settings=settings,
        platform=platform,
        authenticator=Authenticator(
            platform.db,
            _bearer_verifier(settings, key_source),
            key_cache_seconds=settings.api_key_cache_seconds,
        ),
        key_source=key_source,
        limiter=limiter,
        failures=failures,
        shared_buckets=shared_buckets,
        metrics=metrics,
        tokens=IdentityTokens(
            identity_signer(settings), reuse_seconds=settings.identity_token_cache_seconds
        ),
        upstreams=upstreams,
        recorder=AuditRecorder(
            platform.db,
            batch_size=settings.audit_batch_size,
            flush_seconds=settings.audit_flush_seconds,
            queue_size=settings.audit_queue_size,
        ),
        openapi=OpenApiAggregator(
            upstreams,
            lambda: _local_openapi(app),
            refresh_seconds=settings.openapi_refresh_seconds,
            timeout_seconds=settings.openapi_fetch_timeout_seconds,
        ),
        dev_issuer=dev_issuer,
        events=_event_streams(settings, platform, metrics),
    )


def _local_openapi(app: FastAPI) -> dict[str, Any]:
    settings: GatewaySettings = app.state.settings
    servers = [{"url": settings.public_url, "description": "The platform's gateway."}]
    return build_document(app, owner="gateway", servers=servers)


async def _bootstrap_admin(gateway: Gateway) -> None:
    secret = gateway.settings.bootstrap_admin_key
    if secret is None:
        return
    async with gateway.platform.db.transaction() as session:
        created = await keys_service.ensure_bootstrap_key(session, secret=secret.get_secret_value())
    log.info("bootstrap admin key", created=created)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    gateway: Gateway = app.state.gateway
    settings = gateway.settings
    setup_logging(settings.service_name, level=settings.log_level, json_output=settings.log_json)
    await gateway.platform.start()
    try:
        await _bootstrap_admin(gateway)
        await gateway.upstreams.start()
        if isinstance(gateway.key_source, JwksClient):
            await gateway.key_source.warm()
        gateway.recorder.start()
        await gateway.openapi.start()
        yield
    finally:
        await gateway.openapi.stop()
        await gateway.recorder.stop()
        await gateway.upstreams.close()
        await gateway.key_source.close()
        if gateway.shared_buckets is not None:
            await gateway.shared_buckets.close()
        await gateway.platform.stop()


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    """Build the gateway."""
    settings = settings or GatewaySettings()
    app = FastAPI(
        title=TITLE,
        description=DESCRIPTION,
        version="1.0.0",
        lifespan=_lifespan,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        separate_input_output_schemas=False,
        telemetry=NATIVE_TELEMETRY_OFF,
        generate_unique_id_function=route_operation_id,
    )
    gateway = build_gateway(settings, app)
    app.state.gateway = gateway
    app.state.platform = gateway.platform
    app.state.settings = settings
    install_error_handlers(app)
    app.include_router(system_endpoints.router)
    app.include_router(catalogue_endpoints.router)
    install_pages(app, title=TITLE, document=gateway.openapi.document)
    if gateway.dev_issuer is not None:
        app.include_router(issuer_endpoints.router)
    app.include_router(subscription_endpoints.router, prefix=API_PREFIX)
    app.include_router(keys_endpoints.router, prefix=API_PREFIX)
    app.include_router(audit_endpoints.router, prefix=API_PREFIX)
    app.include_router(events_endpoints.router, prefix=API_PREFIX)
    install_json_media_types(app)
    install_json_limits(app, settings.json_limits())
    _install_front_door(app, gateway)
    return app


def _install_front_door(app: FastAPI, gateway: Gateway) -> None:
    """Put the front door (and CORS, when origins are configured) in front of ``app``, and the
    security headers around everything."""
    settings = gateway.settings
    tracing = settings.otel_enabled and setup_tracing(
        settings.service_name, otlp_endpoint=settings.otel_exporter_otlp_endpoint
    )
    config = FrontDoorConfig(
        authenticator=gateway.authenticator,
        limiter=gateway.limiter,
        tokens=gateway.tokens,
        upstreams=gateway.upstreams,
        recorder=gateway.recorder,
        body_limits=BodyLimits(
            settings.max_body_bytes,
            settings.import_max_body_bytes,
            settings.import_job_max_body_bytes,
        ),
        body_timeout=settings.body_read_timeout_seconds,
        metrics=gateway.metrics,
        metrics_access=MetricsAccess(settings.metrics_networks),
        origin=TraceOrigin(environment_sampler()),
        failures=gateway.failures,
        tracer=tracer() if tracing else None,
    )
    app.add_middleware(FrontDoor, config=config)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=ALLOWED_HEADERS,
            expose_headers=EXPOSED_HEADERS,
            max_age=600,
        )
    app.add_middleware(SecurityHeaders)
