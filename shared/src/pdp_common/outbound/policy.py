"""What an outbound request may reach and how much it may take: schemes, hosts, networks, caps."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import httpx

from pdp_common.outbound.addresses import IPNetwork, literal_address, parse_networks
from pdp_common.outbound.errors import OutboundUrlRefused
from pdp_common.settings import ServiceSettings

USER_AGENT = "PDP-Outbound/1.0 (Preventive Diplomacy Platform)"
DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True, slots=True)
class OutboundPolicy:
    """The limits every outbound request keeps; :meth:`from_settings` reads them from a service.

    ``allowed_hosts`` (None: any host) holds exact host names or ``*.example.org`` for the names
    under a domain; ``allowed_networks`` lists the non-public networks or addresses that may be
    reached all the same (a local test partner on ``127.0.0.1``)."""

    allow_http: bool = False
    allowed_hosts: frozenset[str] | None = None
    allowed_networks: tuple[IPNetwork, ...] = ()
    max_redirects: int = 3
    allow_cross_host_redirects: bool = False
    max_response_bytes: int = 10 * 1024 * 1024
    connect_timeout_seconds: float = 5.0
    read_timeout_seconds: float = 15.0
    total_timeout_seconds: float = 30.0
    user_agent: str = USER_AGENT

    @classmethod
    def from_settings(cls, settings: ServiceSettings, **overrides: Any) -> OutboundPolicy:
        """Return the policy ``settings`` configure (``outbound_*``), with ``overrides`` applied."""
        values: dict[str, Any] = {
            "allow_http": settings.outbound_allow_http,
            "allowed_networks": parse_networks(settings.outbound_allowed_networks),
            "max_redirects": settings.outbound_max_redirects,
            "max_response_bytes": settings.outbound_max_response_bytes,
            "connect_timeout_seconds": settings.outbound_connect_timeout_seconds,
            "read_timeout_seconds": settings.outbound_read_timeout_seconds,
            "total_timeout_seconds": settings.outbound_total_timeout_seconds,
        }
        return cls(**values | overrides)

    def replace(self, **changes: Any) -> OutboundPolicy:
        """Return a copy with ``changes`` (``policy.replace(max_redirects=0)``)."""
        return dataclasses.replace(self, **changes)

    def with_hosts(self, hosts: Iterable[str] | None) -> OutboundPolicy:
        """Return a copy allowing only ``hosts`` (a partner's registered hosts); None: any host."""
        allowed = None if hosts is None else frozenset(h.strip().lower() for h in hosts)
        return dataclasses.replace(self, allowed_hosts=allowed)

    def host_allowed(self, host: str) -> bool:
        """Tell whether ``host`` is on the host allow-list (always, without one)."""
        if self.allowed_hosts is None:
            return True
        host = host.lower().rstrip(".")
        for entry in self.allowed_hosts:
            if host == entry or (entry.startswith("*.") and host.endswith(entry[1:])):
                return True
        return False

    def check_url(self, url: str | httpx.URL) -> httpx.URL:
        """Parse ``url`` and check what can be checked without resolving it; return it parsed.

        Raises :class:`OutboundUrlRefused` for a scheme other than https (or http when
        allowed), credentials in the URL, a missing or unregistered host, or an IP address in a
        non-standard form. The same parsed URL is what the client connects to."""
        try:
            parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
        except (httpx.InvalidURL, TypeError) as exc:
            raise OutboundUrlRefused(f"The URL cannot be parsed: {exc}.") from exc
        schemes = ("https", "http") if self.allow_http else ("https",)
        if parsed.scheme not in schemes:
            raise OutboundUrlRefused(
                f"The scheme {parsed.scheme or '(none)'!r} is not allowed; use "
                + " or ".join(schemes)
                + "."
            )
        if parsed.userinfo:
            raise OutboundUrlRefused("The URL may not carry credentials (user@host).")
        if not parsed.host:
            raise OutboundUrlRefused("The URL has no host.")
        literal_address(parsed.host)
        if not self.host_allowed(parsed.host):
            raise OutboundUrlRefused(f"The host {parsed.host!r} is not registered for this use.")
        return parsed.copy_with(fragment=None)

    def timeout(self) -> httpx.Timeout:
        """Return the per-phase timeouts (connect, read, write, pool)."""
        return httpx.Timeout(
            self.read_timeout_seconds,
            connect=self.connect_timeout_seconds,
            pool=self.connect_timeout_seconds,
        )


def port_of(url: httpx.URL) -> int:
    """Return the port ``url`` connects to (its scheme's default when none is written)."""
    return url.port or DEFAULT_PORTS[url.scheme]
