"""The registry from event type to the model of its data."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import TypeVar

from pdp_common.events.envelope import EventData, producer_of

E = TypeVar("E", bound=type[EventData])

_EVENTS: dict[str, type[EventData]] = {}


def event(event_type: str) -> Callable[[E], E]:
    """Register the decorated class as the model of ``event_type``.

    Event types read ``pdp.<producer>.<entity>.<verb>.v<N>``.
    """
    producer_of(event_type)

    def register(cls: E) -> E:
        existing = _EVENTS.get(event_type)
        if existing is not None and existing is not cls:
            raise ValueError(f"{event_type} is already registered to {existing.__qualname__}")
        cls.event_type = event_type
        _EVENTS[event_type] = cls
        return cls

    return register


def model_for(event_type: str) -> type[EventData] | None:
    """Return the model registered for ``event_type``, if any."""
    return _EVENTS.get(event_type)


def registered() -> dict[str, type[EventData]]:
    """Return every registered event type, after loading all contract modules."""
    load_contracts()
    return dict(sorted(_EVENTS.items()))


def load_contracts() -> None:
    """Import every module of :mod:`pdp_common.contracts` so that their events register."""
    package = importlib.import_module("pdp_common.contracts")
    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{info.name}")
