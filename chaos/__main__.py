"""Run the fault-injection suite: ``python -m chaos [case ...]`` (every case when none is named).

Each case's result is written to chaos/results/<case>.json and all are printed as a table; the
exit code is 1 when a case failed a check or could not run."""

from __future__ import annotations

import argparse
import asyncio
import shutil
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

from chaos.cases import CASES
from chaos.processes import kill_left_over
from chaos.results import CaseResult, table


async def run_case(name: str, keep: bool) -> CaseResult:
    """Run one case in a fresh temporary directory and return its result."""
    case, sizes = CASES[name]
    sizes = sizes.overridden()
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix=f"pdp-chaos-{name}-"))
    try:
        result = await case(tmp, sizes)
    except Exception as exc:
        traceback.print_exc()
        result = CaseResult(name, sizes.as_dict(), error=f"{type(exc).__name__}: {exc}")
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    if keep:
        result.counts["work_directory"] = str(tmp)
    result.seconds = time.monotonic() - started
    return result


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str] | None = None) -> int:
    """Run the named cases (or all), write and print their results; return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m chaos", description=__doc__)
    parser.add_argument("cases", nargs="*", choices=[*CASES, []], metavar="case")
    parser.add_argument("--keep", action="store_true", help="keep each case's logs and data")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    results: list[CaseResult] = []
    try:
        for name in args.cases or list(CASES):
            print(f"chaos: running {name}", flush=True)
            result = asyncio.run(run_case(name, args.keep))
            print(f"chaos: wrote {result.write()}", flush=True)
            results.append(result)
    finally:
        kill_left_over()
    print(table(results))
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
