"""The outbound client against a real server on 127.0.0.1: pinning, redirects, caps, refusals."""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import AsyncIterator, Iterator, Sequence
from pathlib import Path

import pytest
import pytest_asyncio
from pdp_common.outbound import (
    IPAddress,
    OutboundAddressRefused,
    OutboundClient,
    OutboundPolicy,
    OutboundRedirectRefused,
    OutboundResponseTooLarge,
    OutboundTimeout,
    OutboundUnreachable,
    OutboundUrlRefused,
    parse_networks,
    static_resolver,
)

from tests.shared.outbound.certificates import Certificate, self_signed
from tests.shared.partner_server import PartnerServer, partner_server

LOCAL = OutboundPolicy(allow_http=True, allowed_networks=parse_networks("127.0.0.1/32"))


class CountingResolver:
    """Answers from a table, one list per call in turn (a rebinding DNS server), counting calls."""

    def __init__(self, host: str, answers: Sequence[Sequence[str]]) -> None:
        self.host = host
        self.answers = [[ipaddress.ip_address(a) for a in answer] for answer in answers]
        self.calls = 0

    async def __call__(self, host: str, port: int) -> list[IPAddress]:
        assert host == self.host
        answer = self.answers[min(self.calls, len(self.answers) - 1)]
        self.calls += 1
        return answer


@pytest.fixture
def partner() -> Iterator[PartnerServer]:
    with partner_server() as server:
        yield server


@pytest_asyncio.fixture
async def client() -> AsyncIterator[OutboundClient]:
    async with OutboundClient(LOCAL) as client:
        yield client


class TestFetching:
    async def test_an_allowed_local_partner_is_fetched(
        self, client: OutboundClient, partner: PartnerServer
    ) -> None:
        response = await client.get(partner.url("/feed"))
        assert response.status_code == 200
        assert json.loads(response.content) == {"items": []}
        assert response.address == "127.0.0.1"

    async def test_the_connection_is_pinned_to_the_checked_address(
        self, partner: PartnerServer
    ) -> None:
        # The name resolves to the allowed address first and to a private one afterwards: the
        # client resolves once and connects to what it checked.
        resolver = CountingResolver("partner.example", [["127.0.0.1"], ["10.0.0.1"]])
        async with OutboundClient(LOCAL, resolver=resolver) as client:
            response = await client.get(partner.url("/echo", host="partner.example"))
        assert response.status_code == 200
        assert resolver.calls == 1
        seen = json.loads(response.content)
        assert seen["Host"] == f"partner.example:{partner.port}"

    async def test_a_fixed_user_agent_and_no_cookies_are_sent(
        self, client: OutboundClient, partner: PartnerServer
    ) -> None:
        await client.get(partner.url("/cookie"))
        response = await client.get(
            partner.url("/echo"), headers={"User-Agent": "curl/8", "Cookie": "a=b", "X-Feed": "1"}
        )
        seen = json.loads(response.content)
        assert seen["User-Agent"] == LOCAL.user_agent
        assert "Cookie" not in seen
        assert seen["X-Feed"] == "1"

    async def test_a_post_carries_its_body(
        self, client: OutboundClient, partner: PartnerServer
    ) -> None:
        response = await client.post(partner.url("/hook"), content=b'{"a":1}')
        assert response.status_code == 204
        assert partner.received[-1].body == b'{"a":1}'


class TestRefusedDestinations:
    @pytest.mark.parametrize(
        "url",
        [
            "http://127.0.0.1/",
            "http://127.0.0.2/",
            "http://[::1]/",
            "http://localhost/",
            "http://LOCALHOST:8080/",
            "http://0.0.0.0/",
            "http://10.0.0.1/",
            "http://172.16.0.1/",
            "http://192.168.0.1/",
            "http://169.254.169.254/latest/meta-data/",
            "http://100.64.0.1/",
            "http://[fd00::1]/",
            "http://[fe80::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:a9fe:a9fe]/",
            "http://[::127.0.0.1]/",
            "http://[fe80::1%25eth0]/",
            "http://224.0.0.1/",
        ],
    )
    async def test_non_public_addresses_are_refused(self, url: str) -> None:
        async with OutboundClient(OutboundPolicy(allow_http=True)) as client:
            with pytest.raises(OutboundAddressRefused):
                await client.get(url)

    @pytest.mark.parametrize(
        "url",
        [
            "http://2130706433/",
            "http://0x7f.1/",
            "http://0x7f000001/",
            "http://0/",
            "http://good@127.0.0.1/",
            "file:///etc/passwd",
            "gopher://127.0.0.1:70/",
            "ftp://127.0.0.1/",
        ],
    )
    async def test_url_tricks_are_refused_before_any_connection(self, url: str) -> None:
        async with OutboundClient(LOCAL) as client:
            with pytest.raises(OutboundUrlRefused):
                await client.get(url)

    async def test_a_name_resolving_to_a_private_address_is_refused(self) -> None:
        resolver = static_resolver({"partner.example": ["192.168.10.10"]})
        async with OutboundClient(LOCAL, resolver=resolver) as client:
            with pytest.raises(
                OutboundAddressRefused, match=re.escape("'partner.example' resolves to")
            ):
                await client.get("http://partner.example/feed")

    async def test_an_unregistered_host_is_refused(self, partner: PartnerServer) -> None:
        resolver = static_resolver({"other.example": ["127.0.0.1"]})
        policy = LOCAL.with_hosts(["partner.example"])
        async with OutboundClient(policy, resolver=resolver) as client:
            with pytest.raises(OutboundUrlRefused, match="not registered"):
                await client.get(partner.url("/feed", host="other.example"))
        assert partner.received == []

    async def test_check_destination_answers_without_requesting(
        self, client: OutboundClient, partner: PartnerServer
    ) -> None:
        assert str(await client.check_destination(partner.url("/feed"))) == "127.0.0.1"
        with pytest.raises(OutboundAddressRefused):
            await client.check_destination("http://10.0.0.1/hook")
        assert partner.received == []


class TestRedirects:
    async def test_a_same_host_redirect_is_followed(
        self, client: OutboundClient, partner: PartnerServer
    ) -> None:
        response = await client.get(partner.url("/redirect?to=/feed"))
        assert response.status_code == 200
        assert response.redirects == 1
        assert response.url.endswith("/feed")

    async def test_a_redirect_to_another_host_is_refused(self, partner: PartnerServer) -> None:
        resolver = static_resolver(
            {"partner.example": ["127.0.0.1"], "other.example": ["127.0.0.1"]}
        )
        target = partner.url("/feed", host="other.example")
        async with OutboundClient(LOCAL, resolver=resolver) as client:
            with pytest.raises(OutboundRedirectRefused, match="another host"):
                await client.get(partner.url(f"/redirect?to={target}", host="partner.example"))
        assert [r.path.split("?")[0] for r in partner.received] == ["/redirect"]

    async def test_a_redirect_to_a_private_address_is_refused(self, partner: PartnerServer) -> None:
        policy = LOCAL.replace(allow_cross_host_redirects=True)
        async with OutboundClient(policy) as client:
            with pytest.raises(OutboundAddressRefused, match=re.escape("169.254.169.254")):
                await client.get(partner.url("/redirect?to=http://169.254.169.254/latest/"))

    async def test_a_redirect_to_another_scheme_is_refused(
        self, client: OutboundClient, partner: PartnerServer
    ) -> None:
        with pytest.raises(OutboundRedirectRefused, match="scheme"):
            await client.get(partner.url("/redirect?to=file:///etc/passwd"))

    async def test_redirects_are_bounded(
        self, client: OutboundClient, partner: PartnerServer
    ) -> None:
        with pytest.raises(OutboundRedirectRefused, match="more than 3"):
            await client.get(partner.url("/loop"))
        assert len(partner.received) == 4

    async def test_without_redirects_allowed_the_first_is_refused(
        self, client: OutboundClient, partner: PartnerServer
    ) -> None:
        with pytest.raises(OutboundRedirectRefused):
            await client.get(
                partner.url("/redirect?to=/feed"), policy=LOCAL.replace(max_redirects=0)
            )


class TestCaps:
    async def test_a_body_past_the_size_cap_is_aborted(self, partner: PartnerServer) -> None:
        async with OutboundClient(LOCAL.replace(max_response_bytes=10_000)) as client:
            with pytest.raises(OutboundResponseTooLarge, match="10000 bytes"):
                await client.get(partner.url("/big?size=1000000"))
            response = await client.get(partner.url("/big?size=8192"))
        assert len(response.content) == 8192

    async def test_an_announced_oversize_body_is_refused_before_reading(
        self, partner: PartnerServer
    ) -> None:
        async with OutboundClient(LOCAL.replace(max_response_bytes=10_000)) as client:
            with pytest.raises(OutboundResponseTooLarge, match="announced"):
                await client.get(partner.url("/big-declared"))

    async def test_a_stalled_answer_hits_the_read_timeout(self, partner: PartnerServer) -> None:
        async with OutboundClient(LOCAL.replace(read_timeout_seconds=0.2)) as client:
            with pytest.raises(OutboundTimeout):
                await client.get(partner.url("/stall"))

    async def test_a_dripping_answer_hits_the_total_timeout(self, partner: PartnerServer) -> None:
        policy = LOCAL.replace(read_timeout_seconds=2.0, total_timeout_seconds=0.3)
        async with OutboundClient(policy) as client:
            with pytest.raises(OutboundTimeout, match="did not finish"):
                await client.get(partner.url("/drip"))


class TestTls:
    """Connected to the checked address, TLS still names and verifies the host."""

    @pytest.fixture
    def certificate(self, tmp_path: Path) -> Certificate:
        return self_signed("partner.example", tmp_path)

    @pytest.fixture
    def tls_partner(self, certificate: Certificate) -> Iterator[PartnerServer]:
        with partner_server(tls=certificate.server_context()) as server:
            yield server

    async def test_the_certificate_is_verified_against_the_host_name(
        self, certificate: Certificate, tls_partner: PartnerServer
    ) -> None:
        resolver = static_resolver({"partner.example": ["127.0.0.1"]})
        policy = LOCAL.replace(allow_http=False)
        async with OutboundClient(
            policy, resolver=resolver, verify=certificate.client_context()
        ) as client:
            response = await client.get(tls_partner.url("/echo", host="partner.example"))
        assert response.status_code == 200
        assert response.address == "127.0.0.1"
        assert json.loads(response.content)["Host"] == f"partner.example:{tls_partner.port}"

    async def test_a_certificate_of_another_name_is_refused(
        self, certificate: Certificate, tls_partner: PartnerServer
    ) -> None:
        resolver = static_resolver({"other.example": ["127.0.0.1"]})
        async with OutboundClient(
            LOCAL, resolver=resolver, verify=certificate.client_context()
        ) as client:
            with pytest.raises(OutboundUnreachable, match="CERTIFICATE_VERIFY_FAILED"):
                await client.get(tls_partner.url("/echo", host="other.example"))
        assert tls_partner.received == []
