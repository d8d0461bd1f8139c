"""The NATS servers a service connects to: one URL, or several seeds of a cluster.

``PDP_NATS_URL`` (or a service's own ``PDP_<SERVICE>_NATS_URL``) takes one URL or a
comma-separated list, ``nats://a:4222,nats://b:4222,nats://c:4222``. The client connects to one of
them and, when that server goes away, reconnects to another seed or to a server the cluster
announced. A URL that cannot name a server is refused when the settings are read.
"""

from __future__ import annotations

from urllib.parse import urlsplit

SCHEMES = frozenset({"nats", "tls", "ws", "wss"})


def parse_nats_servers(value: str) -> tuple[str, ...]:
    """Split a comma-separated list of NATS URLs; raise ValueError naming the first bad one."""
    servers = tuple(part.strip() for part in value.split(","))
    if not any(servers):
        raise ValueError("no NATS server given: expected nats://host:port[,nats://host:port...]")
    for server in servers:
        _check(server)
    if len(set(servers)) != len(servers):
        raise ValueError(f"a NATS server is listed twice in {value!r}")
    return servers


def _check(server: str) -> None:
    if not server:
        raise ValueError("an empty entry in the NATS server list (a stray comma?)")
    parts = urlsplit(server)
    if parts.scheme not in SCHEMES:
        allowed = ", ".join(sorted(f"{s}://" for s in SCHEMES))
        raise ValueError(f"NATS server {server!r} must start with one of {allowed}")
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"NATS server {server!r} has an invalid port") from None
    if not parts.hostname:
        raise ValueError(f"NATS server {server!r} names no host")
    if port == 0:
        raise ValueError(f"NATS server {server!r} has an invalid port")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError(f"NATS server {server!r} must be scheme://[user@]host[:port] only")


def display_server(server: str) -> str:
    """Return ``server`` without any credentials, fit for logs and health answers."""
    parts = urlsplit(server)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}"
