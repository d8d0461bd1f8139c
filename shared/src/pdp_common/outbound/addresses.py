"""Which IP addresses an outbound request may connect to, and how a host name becomes them.

A host is resolved once; every address it resolves to must be public (or inside a network the
operator allowed explicitly), and the request then connects to the checked address itself, so that
a second resolution cannot point it elsewhere (DNS rebinding).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence

from pdp_common.outbound.errors import (
    OutboundAddressRefused,
    OutboundUnreachable,
    OutboundUrlRefused,
)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Awaitable[Sequence[IPAddress]]]
"""Resolve ``(host, port)`` to its addresses (the system resolver by default; a table in tests)."""

_net = ipaddress.ip_network
FORBIDDEN_NETWORKS: tuple[tuple[IPNetwork, str], ...] = (
    (_net("0.0.0.0/8"), "unspecified or 'this network'"),
    (_net("10.0.0.0/8"), "private (RFC 1918)"),
    (_net("100.64.0.0/10"), "shared address space (CGNAT, RFC 6598)"),
    (_net("127.0.0.0/8"), "loopback"),
    (_net("169.254.0.0/16"), "link-local (cloud metadata)"),
    (_net("172.16.0.0/12"), "private (RFC 1918)"),
    (_net("192.0.0.0/24"), "IETF protocol assignments"),
    (_net("192.0.2.0/24"), "documentation"),
    (_net("192.88.99.0/24"), "6to4 relay anycast"),
    (_net("192.168.0.0/16"), "private (RFC 1918)"),
    (_net("198.18.0.0/15"), "benchmarking"),
    (_net("198.51.100.0/24"), "documentation"),
    (_net("203.0.113.0/24"), "documentation"),
    (_net("224.0.0.0/4"), "multicast"),
    (_net("240.0.0.0/4"), "reserved"),
    (_net("::/128"), "unspecified"),
    (_net("::1/128"), "loopback"),
    (_net("::ffff:0:0/96"), "IPv4-mapped IPv6"),
    (_net("::/96"), "IPv4-compatible IPv6"),
    (_net("64:ff9b::/96"), "IPv4-translated IPv6 (NAT64)"),
    (_net("64:ff9b:1::/48"), "IPv4-translated IPv6 (local NAT64)"),
    (_net("100::/64"), "discard-only"),
    (_net("2001::/23"), "IETF protocol assignments (Teredo included)"),
    (_net("2001:db8::/32"), "documentation"),
    (_net("2002::/16"), "6to4"),
    (_net("fc00::/7"), "unique-local IPv6"),
    (_net("fe80::/10"), "link-local IPv6"),
    (_net("fec0::/10"), "site-local IPv6"),
    (_net("ff00::/8"), "multicast"),
)
"""Networks never connected to unless allowed explicitly, each with the reason given."""


def parse_networks(value: str | Iterable[str]) -> tuple[IPNetwork, ...]:
    """Parse networks or single addresses (``127.0.0.1``, ``10.1.0.0/16``), comma-separated or
    as a list; raise ``ValueError`` on one that is not."""
    items = value.split(",") if isinstance(value, str) else list(value)
    return tuple(ipaddress.ip_network(item.strip(), strict=True) for item in items if item.strip())


def forbidden_reason(address: IPAddress) -> str | None:
    """Return why ``address`` may not be connected to, or None when it is public."""
    for network, reason in FORBIDDEN_NETWORKS:
        if address.version == network.version and address in network:
            return reason
    if not address.is_global:
        return "not globally routable"
    return None


def check_address(
    address: IPAddress, allowed: Sequence[IPNetwork] = (), *, host: str | None = None
) -> None:
    """Raise :class:`OutboundAddressRefused` unless ``address`` is public or explicitly allowed."""
    if any(address.version == net.version and address in net for net in allowed):
        return
    reason = forbidden_reason(address)
    if reason is not None:
        subject = (
            f"The host {host!r} resolves to {address}, which" if host else f"The address {address}"
        )
        raise OutboundAddressRefused(
            f"{subject} is {reason}; the platform does not connect to it.",
            address=str(address),
        )


def literal_address(host: str) -> IPAddress | None:
    """Return the IP address ``host`` is written as, None for a name.

    Only the standard forms are taken (dotted-quad IPv4, IPv6); the other forms C resolvers accept
    (``2130706433``, ``0x7f.1``, ``0177.0.0.1``) are refused rather than interpreted."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:
        socket.inet_aton(host)
    except OSError:
        return None
    # A standard dotted quad parsed above: what inet_aton alone accepts is a non-standard form.
    raise OutboundUrlRefused(
        f"The host {host!r} is an IP address in a non-standard form; write it as a dotted "
        "quad, or use a host name."
    )


async def system_resolver(host: str, port: int) -> list[IPAddress]:
    """Resolve ``host`` through the system resolver (every address, IPv4 and IPv6)."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise OutboundUnreachable(f"The host {host!r} cannot be resolved: {exc.strerror}.") from exc
    found: list[IPAddress] = []
    for *_, sockaddr in infos:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in found:
            found.append(address)
    return found


def static_resolver(table: Mapping[str, Sequence[str]]) -> Resolver:
    """Return a resolver answering from ``table`` (host name -> addresses), for tests."""
    entries = {
        name.lower(): [ipaddress.ip_address(a) for a in items] for name, items in table.items()
    }

    async def resolve(host: str, port: int) -> list[IPAddress]:
        try:
            return list(entries[host.lower()])
        except KeyError:
            raise OutboundUnreachable(f"The host {host!r} cannot be resolved.") from None

    return resolve


async def resolve_checked(
    host: str, port: int, *, resolver: Resolver, allowed: Sequence[IPNetwork] = ()
) -> IPAddress:
    """Resolve ``host`` once, check every address, and return the one to connect to."""
    literal = literal_address(host)
    addresses = [literal] if literal is not None else list(await resolver(host, port))
    if not addresses:
        raise OutboundUnreachable(f"The host {host!r} resolves to no address.")
    for address in addresses:
        check_address(address, allowed, host=None if literal is not None else host)
    return addresses[0]
