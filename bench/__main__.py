"""``python -m bench [names...] [--repeat N] [--quick] [--backends ...] [--profile]``."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

import uvloop

from bench.discovery import UnknownBenchmarkError
from bench.harness import BACKENDS
from bench.runner import run_session


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all in bench/)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per benchmark (median kept)")
    parser.add_argument("--quick", action="store_true", help="short smoke-sized runs")
    parser.add_argument(
        "--backends",
        default=",".join(BACKENDS),
        help="comma-separated database backends (sqlite,postgres)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also write profiles of the measured processes (bench/results/profiles/)",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    args.backends = tuple(b for b in args.backends.split(",") if b)
    unknown = [b for b in args.backends if b not in BACKENDS]
    if unknown or not args.backends:
        parser.error(f"--backends takes some of {', '.join(BACKENDS)}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks and return the process exit status."""
    args = parse_args(argv)
    try:
        # uvloop, as uvicorn runs the services in production.
        with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
            runner.run(
                run_session(
                    args.names,
                    repeat=args.repeat,
                    quick=args.quick,
                    backends=args.backends,
                    profile=args.profile,
                )
            )
    except UnknownBenchmarkError as exc:
        print(exc, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
