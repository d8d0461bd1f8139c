"""How big and how rough a run is: each case's defaults, raised or lowered by environment
variables so that a nightly run can go further and the smoke test can go smaller."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any

VARIABLES = {
    "incidents": "CHAOS_INCIDENTS",
    "concurrency": "CHAOS_CONCURRENCY",
    "kill_every": "CHAOS_KILL_EVERY_SECONDS",
    "kills": "CHAOS_KILLS",
    "down_for": "CHAOS_DOWN_SECONDS",
    "settle_timeout": "CHAOS_SETTLE_TIMEOUT_SECONDS",
}


@dataclass(frozen=True, slots=True)
class Sizes:
    """The load of a case and the rhythm of its faults."""

    incidents: int = 2000
    concurrency: int = 8
    kill_every: float = 3.0
    kills: int = 10
    down_for: float = 1.0
    settle_timeout: float = 120.0

    def overridden(self, environ: Mapping[str, str] = os.environ) -> Sizes:
        """Return these sizes with any ``CHAOS_*`` variable set in ``environ`` applied."""
        changes: dict[str, Any] = {}
        for name, variable in VARIABLES.items():
            raw = environ.get(variable)
            if raw:
                kind = type(getattr(self, name))
                value = kind(raw)
                if value <= 0:
                    raise ValueError(f"{variable} must be positive, got {raw!r}")
                changes[name] = value
        return replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        """Return the sizes as plain JSON values."""
        return asdict(self)
