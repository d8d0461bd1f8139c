"""The one app factory: every service is built here, the same way."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI

from pdp_common import health
from pdp_common.errors import install_error_handlers
from pdp_common.events.consumer import Subscription
from pdp_common.events.streams import StreamSpec
from pdp_common.logging import setup_logging
from pdp_common.media_types import install_json_media_types
from pdp_common.metrics import install_metrics
from pdp_common.middleware import BodyLimitMiddleware, RequestIdMiddleware
from pdp_common.openapi import install_openapi, route_operation_id
from pdp_common.platform import Platform, WorkerFactory
from pdp_common.request_limits import RouteLimits, install_json_limits
from pdp_common.settings import ServiceSettings
from pdp_common.telemetry import NATIVE_TELEMETRY_OFF, instrument_app, setup_tracing

API_PREFIX = "/api/v1"
SERVICE_SERVERS = [
    {
        "url": "/",
        "description": "This service, on the platform's internal network. Clients call the "
        "platform through its gateway, whose document lists every public operation.",
    }
]


def create_service_app(
    settings: ServiceSettings,
    *,
    title: str,
    description: str,
    routers: Sequence[APIRouter],
    producer: StreamSpec | None = None,
    subscriptions: Sequence[Subscription] = (),
    migrations: Path | None = None,
    workers: Sequence[WorkerFactory] = (),
    internal_routers: Sequence[APIRouter] = (),
    version: str = "1.0.0",
    openapi_tags: list[dict[str, Any]] | None = None,
    json_route_limits: RouteLimits | None = None,
) -> FastAPI:
    """Build a service: settings passed in, routers under /api/v1, and a lifespan that opens and
    closes the database, NATS, the outbox relay, the consumers and the service's workers.

    Every JSON request body is checked against ``settings.json_limits()`` before it is parsed,
    or against the limits ``json_route_limits`` gives its route's endpoint function."""
    tracing = settings.otel_enabled and setup_tracing(
        settings.service_name, otlp_endpoint=settings.otel_exporter_otlp_endpoint
    )
    platform = Platform(
        settings,
        producer=producer,
        subscriptions=subscriptions,
        migrations=migrations,
        workers=workers,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        setup_logging(
            settings.service_name, level=settings.log_level, json_output=settings.log_json
        )
        await platform.start()
        try:
            yield
        finally:
            await platform.stop()

    app = FastAPI(
        title=title,
        description=description,
        version=version,
        lifespan=lifespan,
        openapi_tags=openapi_tags,
        separate_input_output_schemas=False,
        telemetry=NATIVE_TELEMETRY_OFF,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        generate_unique_id_function=route_operation_id,
    )
    app.state.platform = platform
    app.state.settings = settings
    install_error_handlers(app)
    app.include_router(health.router)
    for router in routers:
        app.include_router(router, prefix=API_PREFIX)
    for router in internal_routers:
        app.include_router(router, prefix="/internal", include_in_schema=False)
    install_openapi(app, owner=type(settings).__module__.split(".")[0], servers=SERVICE_SERVERS)
    install_json_media_types(app)
    install_json_limits(app, settings.json_limits(), json_route_limits)
    install_metrics(app, settings.service_name)
    app.add_middleware(
        BodyLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        read_timeout=settings.body_read_timeout_seconds,
    )
    app.add_middleware(RequestIdMiddleware)
    if tracing:
        instrument_app(app)
    return app
