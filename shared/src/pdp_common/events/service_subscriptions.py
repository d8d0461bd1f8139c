"""The durable consumers of every service, read from each service's ``subscribers`` module.

The AsyncAPI document lists them as ``receive`` operations. They are taken from the very lists the
services start their consumers from (``SUBSCRIPTIONS``, or ``subscriptions(settings)`` for a service
whose subscriptions depend on its settings, called with the settings' defaults), so the document
cannot drift from what runs.
"""

from __future__ import annotations

import importlib
import typing
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from pdp_common.events.subscription import Subscription

SERVICES = ("incidents", "organizations", "country-teams", "briefings")
"""The services of the platform; each may have a ``<package>.subscribers`` module."""


@dataclass(frozen=True)
class ServiceSubscription:
    """One durable consumer and the service that runs it."""

    service: str
    subscription: Subscription


def service_subscriptions(services: tuple[str, ...] = SERVICES) -> list[ServiceSubscription]:
    """Return the subscriptions of every service that has a ``subscribers`` module."""
    found: list[ServiceSubscription] = []
    for service in services:
        module = _subscribers_module(service)
        if module is None:
            continue
        found += [ServiceSubscription(service, sub) for sub in _subscriptions_of(module)]
    return found


def _subscribers_module(service: str) -> ModuleType | None:
    name = f"{service.replace('-', '_')}.subscribers"
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name is not None and name.startswith(exc.name):
            return None  # the service is not installed, or consumes nothing
        raise


def _subscriptions_of(module: ModuleType) -> list[Subscription]:
    listed = getattr(module, "SUBSCRIPTIONS", None)
    if listed is not None:
        return list(listed)
    factory: Callable[[Any], list[Subscription]] | None = getattr(module, "subscriptions", None)
    if factory is None:
        raise LookupError(f"{module.__name__} has neither SUBSCRIPTIONS nor subscriptions()")
    settings_type = typing.get_type_hints(factory)["settings"]
    return list(factory(settings_type.model_construct()))
