"""Who may read the gateway's ``/metrics``: direct connections from the configured networks.

The gateway is the platform's public entry, so its metrics must not be public. ``/metrics`` is
answered only when the connecting address lies in one of ``PDP_GATEWAY_METRICS_NETWORKS`` (default:
loopback and the private ranges, where a Prometheus in the same cluster or host scrapes from) and
the request carries no forwarding header (``Forwarded``, ``X-Forwarded-For``, ``X-Real-IP``): a
request that came through a reverse proxy or ingress is public traffic whatever the proxy's own
address. Everyone else gets the same 404 as any unknown path. Scrapes are neither rate-limited nor
audited nor counted as requests.
"""

from __future__ import annotations

from collections.abc import Iterable
from ipaddress import IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network

from starlette.types import Scope

METRICS_PATH = "/metrics"
DEFAULT_METRICS_NETWORKS = (
    "127.0.0.0/8",
    "::1/128",
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "fc00::/7",
)
FORWARDING_HEADERS = frozenset({b"forwarded", b"x-forwarded-for", b"x-real-ip"})


class MetricsAccess:
    """Decide whether a request may read ``/metrics``."""

    def __init__(self, networks: Iterable[str]) -> None:
        self._networks: tuple[IPv4Network | IPv6Network, ...] = tuple(
            ip_network(network, strict=False) for network in networks
        )

    def allows(self, scope: Scope) -> bool:
        """Tell whether the request in ``scope`` comes straight from an allowed network."""
        client = scope.get("client")
        if not client or not self._networks:
            return False
        if any(name in FORWARDING_HEADERS for name, _ in scope["headers"]):
            return False
        try:
            address = ip_address(client[0])
        except ValueError:
            return False
        if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        return any(address in network for network in self._networks)
