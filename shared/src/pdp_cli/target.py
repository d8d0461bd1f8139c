"""Where the running platform is: the gateway's URL, the API key to call it with, NATS's URL."""

from __future__ import annotations

from dataclasses import dataclass

import typer

DEFAULT_GATEWAY_URL = "http://127.0.0.1:8000"
DEFAULT_NATS_URL = "nats://127.0.0.1:14222"
"""The broker of ``make run`` (port 14222, so that a system-wide NATS on 4222 is left alone)."""


@dataclass(frozen=True)
class Target:
    """The platform a command works on, from the global options and their variables."""

    gateway_url: str = DEFAULT_GATEWAY_URL
    api_key: str | None = None
    nats_url: str = DEFAULT_NATS_URL
    timeout: float = 30.0


def target_of(ctx: typer.Context) -> Target:
    """Return the target the ``pdp`` callback stored in the command's context."""
    root = ctx.find_root()
    target = root.obj
    return target if isinstance(target, Target) else Target()
