"""Where the running platform is: the gateway's URL, the API key to call it with, NATS's URL and
the NATS user to connect as."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import typer
from pdp_common.nats_credentials import NatsCredentials

DEFAULT_GATEWAY_URL = "http://127.0.0.1:8000"
DEFAULT_NATS_URL = "nats://127.0.0.1:14222"
"""The broker of ``make run`` (port 14222, so that a system-wide NATS on 4222 is left alone)."""
OPERATOR_USER = "operator"
"""The NATS user the platform gives its operators' ``pdp`` (``deploy/nats/users.py``)."""
LOCAL_OPERATOR_PASSWORD = Path("var/nats-users") / OPERATOR_USER
"""Where ``make run`` keeps that user's password, under the directory ``pdp`` runs in."""


@dataclass(frozen=True)
class Target:
    """The platform a command works on, from the global options and their variables."""

    gateway_url: str = DEFAULT_GATEWAY_URL
    api_key: str | None = None
    nats_url: str = DEFAULT_NATS_URL
    timeout: float = 30.0
    nats_user: str | None = None
    nats_password: str | None = None
    nats_ca_file: Path | None = None

    def nats_credentials(self) -> NatsCredentials:
        """Return how ``pdp`` proves who it is to NATS: the given user, else the operator user
        of a local run whose password is in ``var/nats-users/operator`` (none when there is not)."""
        user, password = self.nats_user, self.nats_password
        if user is None and LOCAL_OPERATOR_PASSWORD.is_file():
            user = OPERATOR_USER
            password = LOCAL_OPERATOR_PASSWORD.read_text(encoding="utf-8").strip()
        return NatsCredentials(user=user, password=password, ca_file=self.nats_ca_file)


def target_of(ctx: typer.Context) -> Target:
    """Return the target the ``pdp`` callback stored in the command's context."""
    root = ctx.find_root()
    target = root.obj
    return target if isinstance(target, Target) else Target()
