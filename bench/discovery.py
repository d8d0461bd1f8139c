"""Find benchmark modules (``bench/<name>_bench.py``) and load their ``run`` coroutine."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import cast

from bench.harness import BenchContext, Result

SUFFIX = "_bench.py"
BenchFunction = Callable[[BenchContext], Awaitable[list[Result]]]


class UnknownBenchmarkError(LookupError):
    """Raised when a named benchmark has no module."""


def discover(directory: Path) -> list[str]:
    """Return the names of the benchmark modules in ``directory``, sorted."""
    return sorted(p.name.removesuffix(SUFFIX) for p in directory.glob(f"*{SUFFIX}") if p.is_file())


def select(available: Iterable[str], wanted: Iterable[str]) -> list[str]:
    """Return the wanted benchmarks (all when none is named); refuse unknown names."""
    known = list(available)
    chosen = list(dict.fromkeys(wanted)) or known
    unknown = [name for name in chosen if name not in known]
    if unknown:
        raise UnknownBenchmarkError(
            f"no benchmark named {', '.join(unknown)}; available: {', '.join(known) or 'none'}"
        )
    return chosen


def load(name: str, package: str = "bench") -> BenchFunction:
    """Import ``<package>.<name>_bench`` and return its ``async def run(ctx)``."""
    module = importlib.import_module(f"{package}.{name}{SUFFIX.removesuffix('.py')}")
    run = getattr(module, "run", None)
    if run is None or not inspect.iscoroutinefunction(run):
        raise TypeError(f"{module.__name__} must define `async def run(ctx: BenchContext)`")
    return cast(BenchFunction, run)
