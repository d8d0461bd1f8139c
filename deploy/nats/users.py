"""The platform's NATS users: one per service, the gateway, and the read-only tools of operators.

Tools are listed in a TOML file (``deploy/nats/tools.example.toml`` shows the form)::

    [tools.kgz-watch]
    subjects = ["pdp.incidents.*.*.*.KGZ.*"]
    consumers = ["kgz_watch"]          # optional; default: the tool's name, '-' read as '_'
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from pathlib import Path

from deploy.nats import platform_events
from deploy.nats.permissions import (
    ToolGrant,
    User,
    gateway_permissions,
    operator_permissions,
    service_permissions,
    tool_permissions,
)

OPERATOR = "operator"
"""The NATS user of the operator's ``pdp`` command (tail, replay, re-drive)."""

_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,62}$")
_CONSUMER = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def load_tools(path: Path) -> tuple[ToolGrant, ...]:
    """Read the tool grants of a TOML file; raise ValueError naming what is wrong."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: {exc}") from exc
    tools = data.get("tools", {})
    if not isinstance(tools, dict):
        raise ValueError(f"{path}: [tools.<name>] tables expected")
    return tuple(_grant(name, entry, path) for name, entry in tools.items())


def _grant(name: str, entry: object, path: Path) -> ToolGrant:
    if not isinstance(entry, dict):
        raise ValueError(f"{path}: [tools.{name}] must be a table")
    subjects, consumers = entry.get("subjects"), entry.get("consumers", [])
    if not (isinstance(subjects, list) and subjects and all(isinstance(s, str) for s in subjects)):
        raise ValueError(f"{path}: tools.{name}.subjects must be a non-empty list of subjects")
    if not (isinstance(consumers, list) and all(isinstance(c, str) for c in consumers)):
        raise ValueError(f"{path}: tools.{name}.consumers must be a list of names")
    return ToolGrant(name, tuple(subjects), tuple(consumers))


def _check_names(users: Sequence[User], tools: Sequence[ToolGrant]) -> None:
    seen: set[str] = set()
    for user in users:
        if not _NAME.match(user.name):
            raise ValueError(f"NATS user name {user.name!r}: lower-case letters, digits, - and _")
        if user.name in seen:
            raise ValueError(f"NATS user {user.name!r} is defined twice")
        seen.add(user.name)
    for tool in tools:
        for consumer in tool.consumer_names:
            if not _CONSUMER.match(consumer):
                raise ValueError(f"{tool.name}: consumer name {consumer!r} is not valid")


def platform_users(tools: Sequence[ToolGrant] = ()) -> tuple[User, ...]:
    """Return every NATS user of the platform with its permissions."""
    services = platform_events.services()
    producers = platform_events.producer_streams()
    shared = platform_events.shared_streams()
    users = [User(s.name, "service", service_permissions(s, shared)) for s in services]
    gateway = platform_events.GATEWAY
    gateway_rights = gateway_permissions(
        gateway,
        producers,
        services,
        own=platform_events.gateway_events(),
        shared=shared,
        kept=platform_events.gateway_streams(),
    )
    users.append(User(gateway, "gateway", gateway_rights))
    streams = (*producers, *shared, *platform_events.gateway_streams())
    users.append(User(OPERATOR, "operator", operator_permissions(OPERATOR, streams)))
    users += [
        User(t.name, "tool", tool_permissions(t, (*producers, *shared), services)) for t in tools
    ]
    _check_names(users, tools)
    return tuple(users)


def password_variable(user: User) -> str:
    """Return the environment variable that holds a user's password.

    A service's is the one its settings read (``PDP_COUNTRY_TEAMS_NATS_PASSWORD``); a tool's is
    ``PDP_NATS_TOOL_<NAME>_PASSWORD``."""
    slug = user.name.upper().replace("-", "_")
    if user.kind == "tool":
        return f"PDP_NATS_TOOL_{slug}_PASSWORD"
    return f"PDP_{slug}_NATS_PASSWORD"


def user_variable(user: User) -> str:
    """Return the environment variable that names a service's NATS user."""
    return f"PDP_{user.name.upper().replace('-', '_')}_NATS_USER"
