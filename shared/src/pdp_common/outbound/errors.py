"""The refusals and failures of an outbound request, each an RFC 9457 problem type.

A service lets them propagate from an endpoint (a partner URL refused when it is registered answers
422) or records their message (a delivery attempt that failed).
"""

from __future__ import annotations

from pdp_common.errors import AppError


class OutboundError(AppError):
    """An outbound request to a partner or webhook URL was refused or failed."""

    status = 502
    code = "outbound-failed"
    title = "Outbound request failed"


class OutboundUrlRefused(OutboundError):
    """The URL may not be requested: its scheme is not `https` (or `http` where explicitly
    allowed), it carries credentials (`user@host`), its host is not registered, or its host is an
    IP address written in a non-standard form (`2130706433`, `0x7f.1`). Nothing was requested.
    """

    status = 422
    code = "outbound-url-refused"
    title = "Outbound URL refused"


class OutboundAddressRefused(OutboundError):
    """The URL's host is, or resolves to, an address the platform never connects to: loopback,
    private (RFC 1918), link-local (cloud metadata at 169.254.169.254 included), shared (CGNAT
    100.64.0.0/10), unique-local IPv6, IPv4-mapped or -translated IPv6, multicast, unspecified or
    reserved. Every address the name resolves to is checked. Nothing was requested.
    """

    status = 422
    code = "outbound-address-refused"
    title = "Outbound address refused"


class OutboundRedirectRefused(OutboundError):
    """The remote server answered with a redirect the platform does not follow: to another host,
    to a refused address or scheme, or one redirect too many.
    """

    status = 502
    code = "outbound-redirect-refused"
    title = "Outbound redirect refused"


class OutboundResponseTooLarge(OutboundError):
    """The remote server's response was larger than the platform accepts; reading was aborted."""

    status = 502
    code = "outbound-response-too-large"
    title = "Outbound response too large"


class OutboundTimeout(OutboundError):
    """The remote server did not connect, answer or finish its response in time."""

    status = 504
    code = "outbound-timeout"
    title = "Outbound request timed out"


class OutboundUnreachable(OutboundError):
    """The remote host could not be resolved or connected to, or broke off the exchange."""

    status = 502
    code = "outbound-unreachable"
    title = "Outbound host unreachable"
