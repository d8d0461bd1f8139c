"""The outbound policy: URL checks before any resolution, host allow-list, settings."""

from __future__ import annotations

import ipaddress
from typing import ClassVar

import pydantic
import pytest
from pdp_common.outbound.errors import OutboundUrlRefused
from pdp_common.outbound.policy import OutboundPolicy
from pdp_common.settings import ServiceSettings
from pydantic_settings import SettingsConfigDict


class SampleSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PDP_SAMPLE_")
    service_name: ClassVar[str] = "sample"


class TestCheckUrl:
    @pytest.mark.parametrize(
        "url",
        [
            "file:///etc/passwd",
            "gopher://127.0.0.1:25/_HELO",
            "ftp://ftp.example.org/feed.xml",
            "dict://127.0.0.1:11211/stat",
            "ws://feeds.example.org/",
            "feeds.example.org/feed",
        ],
    )
    def test_non_http_schemes_are_refused(self, url: str) -> None:
        with pytest.raises(OutboundUrlRefused, match="scheme"):
            OutboundPolicy(allow_http=True).check_url(url)

    def test_https_is_required_unless_http_is_allowed(self) -> None:
        with pytest.raises(OutboundUrlRefused, match="use https"):
            OutboundPolicy().check_url("http://feeds.example.org/")
        assert OutboundPolicy(allow_http=True).check_url("http://feeds.example.org/").host

    @pytest.mark.parametrize(
        "url",
        ["http://good@127.0.0.1/", "https://user:pw@feeds.example.org/"],
    )
    def test_credentials_in_the_url_are_refused(self, url: str) -> None:
        with pytest.raises(OutboundUrlRefused):
            OutboundPolicy(allow_http=True).check_url(url)

    @pytest.mark.parametrize("url", ["http://2130706433/", "http://0x7f.1/", "http://0177.0.0.1/"])
    def test_numeric_host_tricks_are_refused(self, url: str) -> None:
        with pytest.raises(OutboundUrlRefused):
            OutboundPolicy(allow_http=True).check_url(url)

    def test_the_fragment_is_dropped_and_the_host_lowered(self) -> None:
        parsed = OutboundPolicy().check_url("https://Feeds.Example.ORG/a?b=1#frag")
        assert str(parsed) == "https://feeds.example.org/a?b=1"


class TestHostAllowList:
    def test_only_registered_hosts_pass(self) -> None:
        policy = OutboundPolicy().with_hosts(["feeds.partner.example"])
        policy.check_url("https://feeds.partner.example/items")
        with pytest.raises(OutboundUrlRefused, match="not registered"):
            policy.check_url("https://evil.example/items")

    def test_a_wildcard_covers_names_under_a_domain_only(self) -> None:
        policy = OutboundPolicy().with_hosts(["*.partner.example"])
        assert policy.host_allowed("feeds.partner.example")
        assert not policy.host_allowed("partner.example.evil.org")
        assert not policy.host_allowed("evilpartner.example")

    def test_no_list_allows_any_host(self) -> None:
        assert OutboundPolicy().host_allowed("anything.example")


class TestFromSettings:
    def test_settings_become_the_policy(self) -> None:
        settings = SampleSettings(
            outbound_allow_http=True,
            outbound_allowed_networks="127.0.0.1/32, ::1",
            outbound_max_response_bytes=1000,
            outbound_max_redirects=1,
        )
        policy = OutboundPolicy.from_settings(settings, max_redirects=0)
        assert policy.allow_http
        assert policy.allowed_networks == (
            ipaddress.ip_network("127.0.0.1/32"),
            ipaddress.ip_network("::1/128"),
        )
        assert policy.max_response_bytes == 1000
        assert policy.max_redirects == 0

    def test_the_defaults_reach_no_private_network(self) -> None:
        policy = OutboundPolicy.from_settings(SampleSettings())
        assert not policy.allow_http
        assert policy.allowed_networks == ()

    def test_a_bad_network_is_refused_when_settings_are_read(self) -> None:
        with pytest.raises(pydantic.ValidationError):
            SampleSettings(outbound_allowed_networks="127.0.0.1/33")
