"""NATS users of a local run: every service, the gateway and each tool gets its own password.

On by default (``PDP_LOCAL_NATS_AUTH=false`` turns it off). The passwords are generated once into
``var/nats-users/<user>`` (mode 0600); the server's configuration, ``deploy/local/nats.conf`` plus
the users and their permissions (``deploy.nats``), is written to ``var/nats-server.conf`` at each
start. Read-only tools are listed in ``nats-tools.toml`` at the repository root
(``PDP_LOCAL_NATS_TOOLS_FILE``; the form is in ``deploy/nats/tools.example.toml``).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from deploy.nats.authorization import render_conf
from deploy.nats.permissions import User
from deploy.nats.users import load_tools, password_variable, platform_users, user_variable

AUTH_VARIABLE = "PDP_LOCAL_NATS_AUTH"
TOOLS_FILE_VARIABLE = "PDP_LOCAL_NATS_TOOLS_FILE"
DEFAULT_TOOLS_FILE = "nats-tools.toml"
BASE_CONFIG = Path(__file__).resolve().parent / "nats.conf"


@dataclass(frozen=True, slots=True)
class LocalNatsUsers:
    """The users of a local run, their passwords and the server configuration that admits them."""

    users: tuple[User, ...]
    passwords: Mapping[str, str]
    password_dir: Path
    config_file: Path

    def environment(self) -> dict[str, str]:
        """Return each service's and the gateway's NATS user and password variables."""
        env: dict[str, str] = {}
        for user in self.users:
            if user.kind in {"service", "gateway"}:
                env[user_variable(user)] = user.name
                env[password_variable(user)] = self.passwords[user.name]
        return env

    def tools(self) -> tuple[User, ...]:
        """Return the read-only tool users."""
        return tuple(user for user in self.users if user.kind == "tool")


def enabled(settings: Mapping[str, str]) -> bool:
    """Tell whether the local nats-server asks for users (PDP_LOCAL_NATS_AUTH, default true)."""
    raw = (settings.get(AUTH_VARIABLE) or "true").strip().lower()
    if raw not in ("true", "false", "1", "0", "yes", "no"):
        raise ValueError(f"{AUTH_VARIABLE} must be true or false, got {raw!r}")
    return raw in ("true", "1", "yes")


def tools_file(settings: Mapping[str, str], root: Path) -> Path | None:
    """Return the tools file: as configured (it must exist), else nats-tools.toml if present."""
    configured = settings.get(TOOLS_FILE_VARIABLE)
    if configured:
        path = root / configured
        if not path.is_file():
            raise ValueError(f"{TOOLS_FILE_VARIABLE} names {path}, which does not exist")
        return path
    default = root / DEFAULT_TOOLS_FILE
    return default if default.is_file() else None


def _write_private(path: Path, text: str) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)


def ensure_password(path: Path) -> str:
    """Return the password stored in ``path``, generating it on first use."""
    if path.is_file():
        stored = path.read_text(encoding="utf-8").strip()
        if stored:
            return stored
    password = secrets.token_urlsafe(24)
    _write_private(path, password + "\n")
    return password


def prepare_nats_users(
    settings: Mapping[str, str], root: Path, var_dir: Path
) -> LocalNatsUsers | None:
    """Generate the passwords and the server configuration of a local run, if auth is on.

    Raises ValueError when the tools file cannot be used."""
    if not enabled(settings):
        return None
    path = tools_file(settings, root)
    users = platform_users(load_tools(path) if path else ())
    password_dir = var_dir / "nats-users"
    password_dir.mkdir(parents=True, exist_ok=True)
    passwords = {user.name: ensure_password(password_dir / user.name) for user in users}
    config_file = var_dir / "nats-server.conf"
    base = BASE_CONFIG.read_text(encoding="utf-8")
    _write_private(config_file, base + "\n" + render_conf(users, passwords))
    return LocalNatsUsers(users, passwords, password_dir, config_file)
