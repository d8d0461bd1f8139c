"""What the platform's services produce and consume, read from their own code.

The streams come from the event contracts (one per producer named in a registered event type, plus
dead letters and advisories); each service's consumers from the subscriptions it runs. Adding a
subscription to a service changes its NATS permissions the next time they are generated.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pdp_common.events.envelope import producer_of
from pdp_common.events.registry import registered
from pdp_common.events.streams import (
    StreamSpec,
    advisory_stream,
    dead_letter_stream,
    events_stream,
)
from pdp_common.events.subscription import Subscription

from deploy.nats.permissions import Consumed, ServiceEvents

GATEWAY = "gateway"
CONTRACTS_PACKAGE = "pdp_common.contracts."


@dataclass(frozen=True, slots=True)
class ServiceModule:
    """Where a service keeps its subscriptions: a list, or a function of its settings."""

    name: str
    producer: str | None
    subscriptions: str | None
    settings: str | None = None

    def load(self) -> Sequence[Subscription]:
        """Import the service's subscriptions."""
        if self.subscriptions is None:
            return []
        module_name, _, attribute = self.subscriptions.partition(":")
        found = getattr(importlib.import_module(module_name), attribute)
        if self.settings is None:
            return list(found)
        settings_module, _, settings_class = self.settings.partition(":")
        module = importlib.import_module(settings_module)
        make: Callable[[], object] = getattr(module, settings_class)
        return list(found(make()))


SERVICE_MODULES: tuple[ServiceModule, ...] = (
    ServiceModule("incidents", "incidents", "incidents.subscribers:SUBSCRIPTIONS"),
    ServiceModule("organizations", "organizations", None),
    ServiceModule("country-teams", "country_teams", "country_teams.subscribers:SUBSCRIPTIONS"),
    ServiceModule(
        "briefings",
        "briefings",
        "briefings.subscribers:subscriptions",
        settings="briefings.settings:BriefingsSettings",
    ),
)


GATEWAY_MODULE = ServiceModule(
    GATEWAY, None, "gateway.subscribers:subscriptions", settings="gateway.settings:GatewaySettings"
)
"""The gateway's own durable consumers (sharing terms, webhook fan-out)."""


def gateway_events() -> ServiceEvents:
    """Return what the gateway consumes with durables of its own."""
    consumes = tuple(Consumed(sub.stream, sub.durable) for sub in GATEWAY_MODULE.load())
    return ServiceEvents(GATEWAY, None, consumes)


def gateway_streams() -> tuple[StreamSpec, ...]:
    """Return the streams the gateway keeps itself: every producer's events in one order."""
    return (events_stream(),)


def producer_streams() -> tuple[StreamSpec, ...]:
    """Return the stream of every producer named in an event type of the contracts, by name."""
    producers = sorted(
        {
            producer_of(event_type)
            for event_type, model in registered().items()
            if model.__module__.startswith(CONTRACTS_PACKAGE)
        }
    )
    return tuple(StreamSpec.for_producer(producer) for producer in producers)


def shared_streams() -> tuple[StreamSpec, ...]:
    """Return the streams every service keeps: dead letters and consumer advisories."""
    return (dead_letter_stream(), advisory_stream())


def all_streams() -> tuple[StreamSpec, ...]:
    """Return every stream of the platform."""
    return (*producer_streams(), *shared_streams())


def services() -> tuple[ServiceEvents, ...]:
    """Return what each service produces and consumes."""
    streams = {stream.name: stream for stream in producer_streams()}
    result = []
    for module in SERVICE_MODULES:
        produces = None
        if module.producer is not None:
            produces = streams[StreamSpec.for_producer(module.producer).name]
        consumes = tuple(Consumed(sub.stream, sub.durable) for sub in module.load())
        result.append(ServiceEvents(module.name, produces, consumes))
    return tuple(result)
