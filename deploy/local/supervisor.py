"""Run the whole platform on this machine: `uv run python deploy/local/supervisor.py` (`make run`).

Starts nats-server with JetStream, migrates and starts the four services and the gateway, waits
until each is ready, loads demo data once, prints the URLs and the admin key, restarts any process
that dies (with back-off) while the others keep serving, and stops everything cleanly on Ctrl-C or
SIGTERM, or when a process keeps failing to start. State lives under var/ and survives between runs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def report(message: str) -> None:
    """Write one progress message to standard output."""
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def main() -> int:
    """Run the platform until interrupted and return the process exit code."""
    # Run as a script, this directory comes first on the path, and its platform.py would hide the
    # standard library's `platform` (which uuid imports): import the package from the root only.
    sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from deploy.local.session import run

    return run(ROOT, os.environ, report)


if __name__ == "__main__":
    sys.exit(main())
