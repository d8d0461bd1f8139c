"""The JSON shape scanner: limits on depth, items, strings and numbers, text and numbers the
platform never stores, and bodies it leaves to the parser."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdp_common.json_limits import JsonLimits, JsonRefused, check_json

LIMITS = JsonLimits()
SMALL = JsonLimits(max_depth=3, max_items=5, max_string_bytes=8, max_number_chars=6)


def refusal(body: bytes, limits: JsonLimits = LIMITS) -> JsonRefused:
    with pytest.raises(JsonRefused) as caught:
        check_json(body, limits)
    return caught.value


# Text the platform stores: no NUL, no lone surrogate.
storable_text = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=20)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**15), max_value=10**15)
    | st.floats(allow_nan=False, allow_infinity=False)
    | storable_text,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(storable_text, children, max_size=4)
    ),
    max_leaves=30,
)


def shape(value: object) -> tuple[int, int]:
    """Return the nesting depth and the items (array items, object members) of ``value``."""
    if isinstance(value, list | dict):
        children = list(value.values()) if isinstance(value, dict) else value
        shapes = [shape(child) for child in children]
        depth = 1 + max((d for d, _ in shapes), default=0)
        return depth, len(children) + sum(i for _, i in shapes)
    return 0, 0


class TestWithinLimits:
    @pytest.mark.parametrize(
        "body",
        [
            b"{}",
            b"[]",
            b"[[],{},[ ]]",
            b'{"a": [1, 2.5e10, {"b": "c\\n"}], "d": null, "e": true}',
            b'"\\ud83d\\ude00 and \\\\u0000 (an escaped backslash, not a NUL)"',
            b'["NaN", "Infinity", "1e999999", "' + b"9" * 1000 + b'"]',
            b'{"k": "' + b"x" * 65_536 + b'"}',
            b"[" + b"9" * 64 + b"]",
        ],
    )
    def test_accepts_a_body_within_the_limits(self, body: bytes) -> None:
        check_json(body, LIMITS)

    @settings(max_examples=200, deadline=None)
    @given(json_values)
    def test_accepts_whatever_json_dumps_writes_within_the_limits(self, value: object) -> None:
        check_json(json.dumps(value).encode(), LIMITS)
        check_json(json.dumps(value, ensure_ascii=False).encode(), LIMITS)

    @settings(max_examples=300, deadline=None)
    @given(json_values)
    def test_depth_and_items_are_counted_exactly(self, value: object) -> None:
        body = json.dumps(value).encode()
        depth, items = shape(value)
        exact = JsonLimits(max_depth=max(depth, 1), max_items=items)
        check_json(body, exact)
        if depth > 1:
            assert "levels" in refusal(body, exact.scaled(max_depth=depth - 1)).detail
        if items > 0:
            assert "items" in refusal(body, exact.scaled(max_items=items - 1)).detail

    def test_exactly_at_each_limit_is_accepted(self) -> None:
        check_json(b'[[["12345678", 123456]], 1]', SMALL)


class TestDepth:
    @pytest.mark.parametrize(
        "body",
        [
            b"[" * 100_000 + b"]" * 100_000,
            b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
            b"[" * 100_000,
        ],
    )
    def test_refuses_deep_nesting_whatever_its_size(self, body: bytes) -> None:
        refused = refusal(body)
        assert refused.kind == "too-complex"
        assert "32 levels" in refused.detail

    def test_counts_arrays_and_objects_alike(self) -> None:
        assert refusal(b'[{"a": [{}]}]', SMALL).kind == "too-complex"

    def test_brackets_inside_strings_do_not_nest(self) -> None:
        check_json(b'["' + b"[" * 100 + b'"]', SMALL.scaled(max_string_bytes=200))


class TestItems:
    def test_refuses_a_wide_array(self) -> None:
        body = b"[" + b",".join([b"0"] * 1_000_000) + b"]"
        assert "100000 items" in refusal(body).detail

    def test_refuses_a_wide_object(self) -> None:
        body = b"{" + b",".join(b'"k%d":1' % i for i in range(200_000)) + b"}"
        assert refusal(body).kind == "too-complex"

    def test_counts_items_over_the_whole_body(self) -> None:
        check_json(b"[[1,2],[3]]", SMALL)
        assert refusal(b"[[1,2],[3,4]]", SMALL).kind == "too-complex"

    def test_empty_containers_hold_no_item(self) -> None:
        check_json(b"[[ ], { }, []]", SMALL)

    def test_commas_inside_strings_are_not_items(self) -> None:
        check_json(b'["a,b,c,d,e,f"]', SMALL.scaled(max_string_bytes=20))


class TestStrings:
    def test_refuses_a_string_longer_than_the_limit(self) -> None:
        assert "65536 bytes" in refusal(b'["' + b"a" * 65_537 + b'"]').detail

    def test_counts_bytes_as_sent(self) -> None:
        check_json('["ééé"]'.encode(), SMALL.scaled(max_string_bytes=6))
        assert refusal('["ééééé"]'.encode(), SMALL).kind == "too-complex"

    @pytest.mark.parametrize(
        "body",
        [b'{"a": "x\\u0000"}', b'["\\u0000"]', b'{"\\u0000": 1}'],
    )
    def test_refuses_a_nul_character(self, body: bytes) -> None:
        refused = refusal(body)
        assert refused.kind == "unstorable"
        assert "NUL" in refused.detail

    @pytest.mark.parametrize(
        "body",
        [b'["\\ud800"]', b'["\\uDBFFx"]', b'["\\udc00"]', b'["\\ude00\\ud83d"]', b'["a\\ud83d"]'],
    )
    def test_refuses_an_unpaired_surrogate(self, body: bytes) -> None:
        refused = refusal(body)
        assert refused.kind == "unstorable"
        assert "unpaired surrogate" in refused.detail

    def test_an_escaped_backslash_before_u_is_no_escape(self) -> None:
        check_json(b'["\\\\u0000", "\\\\ud800"]', LIMITS)

    def test_an_unterminated_string_is_left_to_the_parser(self) -> None:
        check_json(b'["a", "b\\"]', LIMITS)

    def test_an_unterminated_string_longer_than_the_limit_is_refused(self) -> None:
        assert refusal(b'"' + b'\\"' * 300_000).kind == "too-complex"

    def test_escaped_quotes_do_not_end_a_string(self) -> None:
        body = b'["' + b'\\"' * 40_000 + b'"]'
        assert "65536 bytes" in refusal(body).detail


class TestNumbers:
    @pytest.mark.parametrize("body", [b"[" + b"9" * 100_000 + b"]", b"[1." + b"0" * 64 + b"]"])
    def test_refuses_a_number_longer_than_the_limit(self, body: bytes) -> None:
        assert "64 characters" in refusal(body).detail

    @pytest.mark.parametrize("body", [b'{"a": 1e999999}', b"[-1.5E+400]", b"[1e309]"])
    def test_refuses_a_number_beyond_double_range(self, body: bytes) -> None:
        assert refusal(body).kind == "unstorable"

    @pytest.mark.parametrize("body", [b"[NaN]", b"[Infinity]", b'{"a": -Infinity}'])
    def test_refuses_what_json_has_no_number_for(self, body: bytes) -> None:
        assert "is not a JSON number" in refusal(body).detail

    def test_small_exponents_are_numbers(self) -> None:
        check_json(b"[1e308, -2.5E-300, 0e0]", LIMITS)


class TestInsideStrings:
    """What looks like structure or numbers inside strings counts for nothing."""

    def test_brackets_in_strings_beside_real_nesting(self) -> None:
        check_json(b'[["' + b"[" * 500 + b'"], "' + b"]" * 500 + b'"]', LIMITS)
        deep = b"[" * 40 + b'"' + b"]" * 40 + b'"' + b"]" * 40
        assert "32 levels" in refusal(deep).detail

    def test_commas_in_strings_when_commas_pass_the_item_limit(self) -> None:
        check_json(b'["' + b"," * 200 + b'"]', SMALL.scaled(max_string_bytes=300))

    def test_numbers_in_strings_are_text(self) -> None:
        check_json(b'{"id": "3e456", "code": "1e999", "note": "NaN and Infinity"}', LIMITS)

    def test_escaped_quotes_and_backslashes_keep_strings_apart(self) -> None:
        check_json(
            b'["a\\\\", "[[[[\\"]]]]", "\\\\\\""]', SMALL.scaled(max_depth=1, max_string_bytes=20)
        )


class TestLimits:
    def test_scaled_changes_only_what_it_names(self) -> None:
        scaled = LIMITS.scaled(max_items=5_000_000)
        assert scaled.max_items == 5_000_000
        assert scaled.max_depth == LIMITS.max_depth

    def test_not_json_is_left_to_the_parser(self) -> None:
        for body in (b"]]]", b"[}", b"not json", b"\xff\xfe", b""):
            check_json(body, LIMITS)
