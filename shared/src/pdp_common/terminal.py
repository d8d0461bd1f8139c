"""Where command lines print their tables: standard output, as wide as the reader allows."""

from __future__ import annotations

import os
import sys

from rich.console import Console

PIPE_WIDTH = 200
"""Width of tables written to a pipe or a file (a terminal gives its own; so does ``COLUMNS``)."""


def console() -> Console:
    """Return a console on standard output as it is now (a test's capture, a pipe, a terminal),
    sized now: a console made once at import would keep the width of that moment."""
    piped = not sys.stdout.isatty() and not os.environ.get("COLUMNS")
    return Console(highlight=False, soft_wrap=True, width=PIPE_WIDTH if piped else None)
