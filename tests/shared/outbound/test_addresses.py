"""Which addresses an outbound request may reach; resolution checked address by address."""

from __future__ import annotations

import ipaddress
import re

import pytest
from pdp_common.outbound.addresses import (
    check_address,
    forbidden_reason,
    literal_address,
    parse_networks,
    resolve_checked,
    static_resolver,
)
from pdp_common.outbound.errors import (
    OutboundAddressRefused,
    OutboundUnreachable,
    OutboundUrlRefused,
)

FORBIDDEN = [
    ("127.0.0.1", "loopback"),
    ("127.8.9.10", "loopback"),
    ("::1", "loopback"),
    ("0.0.0.0", "unspecified or 'this network'"),
    ("::", "unspecified"),
    ("10.1.2.3", "private (RFC 1918)"),
    ("172.16.0.1", "private (RFC 1918)"),
    ("172.31.255.254", "private (RFC 1918)"),
    ("192.168.1.1", "private (RFC 1918)"),
    ("169.254.169.254", "link-local (cloud metadata)"),
    ("100.64.0.1", "shared address space (CGNAT, RFC 6598)"),
    ("100.127.255.254", "shared address space (CGNAT, RFC 6598)"),
    ("fd00::1", "unique-local IPv6"),
    ("fc12:3456::1", "unique-local IPv6"),
    ("fe80::1", "link-local IPv6"),
    ("::ffff:127.0.0.1", "IPv4-mapped IPv6"),
    ("::ffff:8.8.8.8", "IPv4-mapped IPv6"),
    ("64:ff9b::a00:1", "IPv4-translated IPv6 (NAT64)"),
    ("2002:7f00:1::", "6to4"),
    ("224.0.0.1", "multicast"),
    ("ff02::1", "multicast"),
    ("240.0.0.1", "reserved"),
    ("255.255.255.255", "reserved"),
    ("192.0.2.10", "documentation"),
]


class TestForbiddenReason:
    @pytest.mark.parametrize(("address", "reason"), FORBIDDEN)
    def test_non_public_addresses_are_refused_with_their_reason(
        self, address: str, reason: str
    ) -> None:
        assert forbidden_reason(ipaddress.ip_address(address)) == reason

    @pytest.mark.parametrize("address", ["8.8.8.8", "93.184.216.34", "2606:4700:4700::1111"])
    def test_public_addresses_pass(self, address: str) -> None:
        assert forbidden_reason(ipaddress.ip_address(address)) is None


class TestCheckAddress:
    def test_an_allowed_network_lets_its_addresses_through(self) -> None:
        allowed = parse_networks("127.0.0.1/32")
        check_address(ipaddress.ip_address("127.0.0.1"), allowed)

    def test_an_allowed_address_does_not_open_its_neighbours(self) -> None:
        allowed = parse_networks("127.0.0.1")
        for other in ("127.0.0.2", "::1", "::ffff:127.0.0.1"):
            with pytest.raises(OutboundAddressRefused):
                check_address(ipaddress.ip_address(other), allowed)

    def test_the_refusal_names_the_address_and_why(self) -> None:
        with pytest.raises(OutboundAddressRefused) as caught:
            check_address(ipaddress.ip_address("169.254.169.254"))
        assert "169.254.169.254" in caught.value.detail
        assert "link-local" in caught.value.detail
        problem = caught.value.to_problem()
        assert problem["type"] == "/problems/outbound-address-refused"
        assert problem["status"] == 422


class TestParseNetworks:
    def test_comma_separated_and_lists(self) -> None:
        assert parse_networks(" 127.0.0.1/32, ::1 ,") == (
            ipaddress.ip_network("127.0.0.1/32"),
            ipaddress.ip_network("::1/128"),
        )
        assert parse_networks(["10.0.0.0/8"]) == (ipaddress.ip_network("10.0.0.0/8"),)

    def test_a_network_with_host_bits_is_an_error(self) -> None:
        with pytest.raises(ValueError, match="host bits"):
            parse_networks("10.0.0.1/8")


class TestLiteralAddress:
    @pytest.mark.parametrize("host", ["2130706433", "0x7f.1", "0x7f000001", "0177.0.0.1", "127.1"])
    def test_non_standard_ip_forms_are_refused(self, host: str) -> None:
        with pytest.raises(OutboundUrlRefused, match="non-standard form"):
            literal_address(host)

    def test_standard_forms_and_names(self) -> None:
        assert literal_address("127.0.0.1") == ipaddress.ip_address("127.0.0.1")
        assert literal_address("::1") == ipaddress.ip_address("::1")
        assert literal_address("feeds.partner.example") is None


class TestResolveChecked:
    async def test_a_name_resolving_to_a_private_address_is_refused(self) -> None:
        resolver = static_resolver({"intranet.example": ["10.20.30.40"]})
        with pytest.raises(
            OutboundAddressRefused, match=re.escape("'intranet.example' resolves to 10")
        ):
            await resolve_checked("intranet.example", 443, resolver=resolver)

    async def test_every_resolved_address_is_checked(self) -> None:
        resolver = static_resolver({"mixed.example": ["93.184.216.34", "192.168.0.7"]})
        with pytest.raises(OutboundAddressRefused, match=re.escape("192.168.0.7")):
            await resolve_checked("mixed.example", 443, resolver=resolver)

    async def test_a_public_name_gives_its_first_address(self) -> None:
        resolver = static_resolver({"public.example": ["93.184.216.34", "2606:2800::1"]})
        found = await resolve_checked("public.example", 443, resolver=resolver)
        assert found == ipaddress.ip_address("93.184.216.34")

    async def test_an_unknown_name_is_unreachable(self) -> None:
        with pytest.raises(OutboundUnreachable):
            await resolve_checked("nowhere.example", 443, resolver=static_resolver({}))

    async def test_localhost_through_the_system_resolver_is_refused(self) -> None:
        from pdp_common.outbound.addresses import system_resolver

        with pytest.raises(OutboundAddressRefused):
            await resolve_checked("localhost", 80, resolver=system_resolver)
