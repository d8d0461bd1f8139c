"""Hostile request bodies, and what the platform must answer each: built, never stored."""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1_048_576
# Under the smallest body limit of the platform (1 MiB), so that the shape, not the size, is what
# the platform refuses.
WITHIN_SIZE = 1_000_000


@dataclass(frozen=True, slots=True)
class HostileBody:
    """A body sent as ``content_type``, and the problem types that may answer it (None: any
    4xx problem, for bodies each parser refuses its own way)."""

    name: str
    body: bytes
    answers: frozenset[str] | None
    content_type: str = "application/json"


def _wide_array() -> bytes:
    count = (WITHIN_SIZE - 2) // 2
    return b"[" + b"0," * count + b"0]"


def _wide_object() -> bytes:
    count = (WITHIN_SIZE - 2) // 6
    return b"{" + b'"a":0,' * count + b'"a":0}'


TOO_COMPLEX = frozenset({"body-too-complex"})
MALFORMED = frozenset({"malformed-body"})

CORPUS: tuple[HostileBody, ...] = (
    HostileBody("deep-array", b"[" * 100_000 + b"]" * 100_000, TOO_COMPLEX),
    HostileBody("deep-object", b'{"a":' * 100_000 + b"1" + b"}" * 100_000, TOO_COMPLEX),
    HostileBody("unclosed-depth", b"[" * 500_000, TOO_COMPLEX),
    HostileBody("wide-array", _wide_array(), TOO_COMPLEX),
    HostileBody("wide-object", _wide_object(), TOO_COMPLEX),
    HostileBody("long-string", b'{"title": "' + b"x" * 900_000 + b'"}', TOO_COMPLEX),
    HostileBody("huge-integer", b'{"severity": ' + b"9" * 100_000 + b"}", TOO_COMPLEX),
    HostileBody("huge-exponent", b'{"severity": 1e999999}', MALFORMED),
    HostileBody("nan", b'{"severity": NaN}', MALFORMED),
    HostileBody("infinity", b'{"latitude": -Infinity}', MALFORMED),
    HostileBody("nul-escape", b'{"title": "a\\u0000b"}', MALFORMED),
    HostileBody("lone-surrogate", b'{"title": "\\ud800"}', MALFORMED),
    HostileBody("raw-nul", b'{"title": "a\x00b"}', None),
    HostileBody("invalid-utf8", b'{"title": "\xff\xfe\xed\xa0\x80"}', None),
    HostileBody("not-json", b"{" + b"\x00" * 1000, None),
)
# Larger than any route takes (the bulk import takes 16 MiB; the hostile-body test holds an import
# job's streamed upload to that too).
OVERSIZE = HostileBody(
    "oversize", b"[" + b" " * (17 * MIB) + b"]", frozenset({"payload-too-large"})
)
