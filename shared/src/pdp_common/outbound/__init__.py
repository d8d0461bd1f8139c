"""Outbound HTTP for partner feeds and webhooks, safe against server-side request forgery.

``OutboundClient(OutboundPolicy.from_settings(settings))`` fetches and posts; refusals and failures
are :class:`OutboundError` subclasses (RFC 9457 problem types). See docs/security.md, "Outbound
requests: SSRF protection".
"""

from __future__ import annotations

from pdp_common.outbound.addresses import (
    FORBIDDEN_NETWORKS,
    IPAddress,
    IPNetwork,
    Resolver,
    check_address,
    forbidden_reason,
    parse_networks,
    static_resolver,
    system_resolver,
)
from pdp_common.outbound.client import OutboundClient, OutboundResponse
from pdp_common.outbound.errors import (
    OutboundAddressRefused,
    OutboundError,
    OutboundRedirectRefused,
    OutboundResponseTooLarge,
    OutboundTimeout,
    OutboundUnreachable,
    OutboundUrlRefused,
)
from pdp_common.outbound.policy import OutboundPolicy

__all__ = [
    "FORBIDDEN_NETWORKS",
    "IPAddress",
    "IPNetwork",
    "OutboundAddressRefused",
    "OutboundClient",
    "OutboundError",
    "OutboundPolicy",
    "OutboundRedirectRefused",
    "OutboundResponse",
    "OutboundResponseTooLarge",
    "OutboundTimeout",
    "OutboundUnreachable",
    "OutboundUrlRefused",
    "Resolver",
    "check_address",
    "forbidden_reason",
    "parse_networks",
    "static_resolver",
    "system_resolver",
]
