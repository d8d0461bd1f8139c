"""Run a component's command line under cProfile, switched on and off by signals:
``python -m bench.service_reads.profiler <package> serve``.

SIGUSR1 starts a fresh profile; SIGUSR2 stops it and writes it to ``PDP_BENCH_PROFILE_FILE``
(pstats format). The benchmark sends them around one request kind's load, so each profile holds
that kind's requests only. cProfile slows the process down: profiled runs give profiles, not
figures.
"""

from __future__ import annotations

import cProfile
import os
import runpy
import signal
import sys
from pathlib import Path
from types import FrameType

PROFILE_FILE_VARIABLE = "PDP_BENCH_PROFILE_FILE"


class SignalledProfile:
    """One cProfile profile at a time, started and written on signals."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.profile: cProfile.Profile | None = None

    def start(self, signum: int, frame: FrameType | None) -> None:
        self.profile = cProfile.Profile()
        self.profile.enable()

    def stop(self, signum: int, frame: FrameType | None) -> None:
        if self.profile is None:
            return
        self.profile.disable()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".partial")
        self.profile.dump_stats(partial)
        partial.replace(self.path)
        self.profile = None


def main(package: str, args: list[str]) -> None:
    """Install the signal handlers, then run ``python -m <package> <args>``."""
    profile = SignalledProfile(Path(os.environ[PROFILE_FILE_VARIABLE]))
    signal.signal(signal.SIGUSR1, profile.start)
    signal.signal(signal.SIGUSR2, profile.stop)
    sys.argv = [package, *args]
    runpy.run_module(package, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
