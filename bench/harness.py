"""What a benchmark module receives and returns: ``BenchContext`` in, a list of ``Result`` out."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

from pdp_common.testing.databases import (
    DatabaseTarget,
    create_database,
    drop_database,
    postgres_admin_url,
)
from pdp_common.testing.nats_server import NatsServer, delete_streams

BACKENDS = ("sqlite", "postgres")
T = TypeVar("T")


@dataclass(frozen=True)
class Target:
    """A goal for one value: at most (``value <= limit``) or at least (``value >= limit``)."""

    metric: str
    limit: float
    kind: Literal["at_most", "at_least"] = "at_most"

    def is_met(self, values: Mapping[str, float]) -> bool | None:
        """Tell whether ``values`` meet this target; None when the value is missing."""
        value = values.get(self.metric)
        if value is None:
            return None
        return value <= self.limit if self.kind == "at_most" else value >= self.limit

    def describe(self) -> str:
        """Return the target as text, e.g. ``p99_ms <= 20``."""
        sign = "<=" if self.kind == "at_most" else ">="
        return f"{self.metric} {sign} {self.limit:g}"


@dataclass(frozen=True)
class Result:
    """One measured figure of one benchmark on one backend.

    ``values`` uses the conventional keys where they apply: ``p50_ms``, ``p90_ms``, ``p99_ms``,
    ``max_ms`` (latencies), ``throughput_per_s`` (sustained rate), ``count`` (samples); any other
    key is reported as well. ``params`` records the load that produced it (rate, duration...).
    """

    name: str
    backend: str
    values: Mapping[str, float]
    target: Target | None = None
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        """Return what identifies this figure across repeats: (name, backend)."""
        return (self.name, self.backend)

    @property
    def met(self) -> bool | None:
        """Tell whether the target is met (None without a target or its value)."""
        return None if self.target is None else self.target.is_met(self.values)


class BenchContext:
    """Everything a benchmark run may use: a real NATS server, fresh databases, the run's knobs."""

    def __init__(
        self,
        *,
        nats_server: NatsServer,
        work_dir: Path,
        results_dir: Path,
        repeat: int = 3,
        quick: bool = False,
        backends: tuple[str, ...] = BACKENDS,
        profile: bool = False,
        log: Callable[[str], None] = print,
    ) -> None:
        self.nats_server = nats_server
        self.work_dir = work_dir
        self.results_dir = results_dir
        self.repeat = repeat
        self.quick = quick
        self.backends = backends
        self.profile = profile
        self.log = log
        self._counter = 0

    @property
    def nats_url(self) -> str:
        """Return the URL of the session's nats-server."""
        return self.nats_server.url

    def pick(self, full: T, quick: T) -> T:
        """Return ``quick`` in a quick run, ``full`` otherwise."""
        return quick if self.quick else full

    async def reset_nats(self) -> None:
        """Delete every stream on the session's nats-server."""
        await delete_streams(self.nats_url)

    @contextlib.asynccontextmanager
    async def database(self, backend: str, name: str) -> AsyncIterator[DatabaseTarget]:
        """Yield a fresh, empty database on ``backend``; remove it afterwards."""
        self._counter += 1
        slug = re.sub(r"[^a-z0-9_]", "_", name.lower())
        unique = f"{slug}_{os.getpid()}_{self._counter}"
        if backend == "sqlite":
            directory = self.work_dir / unique
            directory.mkdir(parents=True)
            yield DatabaseTarget("sqlite", f"sqlite+aiosqlite:///{directory / 'bench.db'}", None)
            return
        if backend != "postgres":
            raise ValueError(f"unknown backend {backend!r}; use one of {BACKENDS}")
        admin = postgres_admin_url()
        db_name = f"pdp_bench_{unique}"
        url = await create_database(admin, db_name)
        try:
            yield DatabaseTarget("postgres", url, slug)
        finally:
            await drop_database(admin, db_name)
