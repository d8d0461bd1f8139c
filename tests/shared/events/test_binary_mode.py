"""Binary-mode headers: one round of percent-decoding, quoted strings, clear refusals."""

from __future__ import annotations

import pytest
from pdp_common.events.binary_mode import (
    HeaderValueError,
    attributes,
    decode_value,
    is_binary,
    is_structured,
)


class TestDecodeValue:
    @pytest.mark.parametrize(
        ("encoded", "value"),
        [
            ("Euro%20%E2%82%AC%20%F0%9F%98%80", "Euro \u20ac \U0001f600"),
            ("/pdp/sample%20office%20100%25", "/pdp/sample office 100%"),
            ("%d0%9e%d1%88", "Ош"),
            ("%41%42c", "ABc"),
            ("plain/ASCII-text_1.0", "plain/ASCII-text_1.0"),
            ("%2525", "%25"),
            ("Ош", "Ош"),
        ],
    )
    def test_one_round_of_percent_decoding(self, encoded: str, value: str) -> None:
        assert decode_value(encoded) == value

    @pytest.mark.parametrize(
        ("encoded", "value"),
        [
            ('"a \\"quoted\\" value"', 'a "quoted" value'),
            ('"back\\\\slash"', "back\\slash"),
            ('"%D0%9E%D1%88 centre"', "Ош centre"),
            ('""', ""),
        ],
    )
    def test_quoted_strings_are_unquoted_first(self, encoded: str, value: str) -> None:
        assert decode_value(encoded) == value

    @pytest.mark.parametrize(
        ("encoded", "reason"),
        [
            ("100%", "'%' at offset 3"),
            ("100%2", "'%2' at offset 3"),
            ("%zz", "'%zz' at offset 0"),
            ("a%G1", "'%G1' at offset 1"),
            ("%C0%A0", "not UTF-8"),
            ("%80", "not UTF-8"),
            ("%ED%A0%80", "not UTF-8"),
            ('"unterminated', "closing quote"),
            ('"a"b', "follows the closing quote"),
            ('"ends with an escaped quote\\"', "closing quote"),
        ],
    )
    def test_malformed_values_are_refused(self, encoded: str, reason: str) -> None:
        with pytest.raises(HeaderValueError, match=reason):
            decode_value(encoded)


class TestAttributes:
    def test_ce_headers_become_attributes_whatever_their_case(self) -> None:
        headers = {"CE-Id": "e%201", "ce-Subject": "%D0%9E%D1%88", "Nats-Msg-Id": "m-1"}
        assert attributes(headers) == {"id": "e 1", "subject": "Ош"}

    def test_content_type_is_the_data_content_type_unless_ce_header_says(self) -> None:
        assert attributes({"Content-Type": "application/json"}) == {
            "datacontenttype": "application/json"
        }
        both = {"content-type": "text/plain", "ce-datacontenttype": "application/json"}
        assert attributes(both)["datacontenttype"] == "application/json"

    def test_refusal_names_the_header(self) -> None:
        with pytest.raises(HeaderValueError, match="header ce-subject: '%zz'"):
            attributes({"ce-id": "e-1", "ce-subject": "%zz"})


class TestContentMode:
    def test_cloudevents_content_type_means_structured(self) -> None:
        headers = {"Content-Type": "application/cloudevents+json", "ce-specversion": "1.0"}
        assert is_structured(headers)
        assert not is_binary(headers)

    def test_ce_specversion_without_cloudevents_content_type_means_binary(self) -> None:
        assert is_binary({"ce-specversion": "1.0"})
        assert is_binary({"Content-Type": "application/json", "CE-SpecVersion": "1.0"})

    def test_neither_means_a_structured_body(self) -> None:
        assert not is_binary({})
        assert not is_binary({"Nats-Msg-Id": "m-1"})
