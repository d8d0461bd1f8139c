"""Bounds on the shape of a JSON request body, checked on the raw bytes before it is parsed.

Python's ``json`` module parses recursively (a body of 100,000 ``[`` raises ``RecursionError``),
turns ``1e999999`` into ``inf``, refuses integers of more than 4,300 digits with a bare
``ValueError``, accepts ``NaN`` and ``Infinity``, and decodes ``"\\u0000"`` and lone surrogates
(``"\\ud800"``) into text that no database column stores and no UTF-8 encoder writes.

:func:`check_json` reads the bytes once, left to right, with a few regular expressions and no
recursion, and stops at the first bound passed: nesting depth, items (array items and object
members over the whole body), bytes in one string, characters in one number. It also refuses the
text the platform never stores (``\\u0000``, an unpaired surrogate escape) and the numbers JSON
does not have (``NaN``, ``Infinity``, a float beyond double range). Its work is bounded by the
limits, not by the size of the body. What it does not see (a syntax error) is left to the parser,
which then answers 400 or 422.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

# One token a check needs: a string (its closing quote captured, so that an unterminated one is
# seen), a bracket, a comma, a run of number characters longer than the limit, a number with an
# exponent, or a literal JSON does not have. Strings match first, so nothing inside one is seen.
_TOKEN = (
    rb'"(?:[^"\\]++|\\.)*+(")?'  # string
    rb"|[\[\]{},]"  # structure
    rb"|(?<![-+.0-9eE])[-+.0-9eE]{%d,}"  # a number too long
    rb"|(?<![-+.0-9eE])-?[0-9]++(?:\.[0-9]++)?[eE][+-]?[0-9]++"  # number with an exponent
    rb"|NaN|-?Infinity"  # not JSON
)
_WHITESPACE = re.compile(rb"[ \t\r\n]*+")
# Escapes in a string's bytes, good ones consumed, until the first \u0000 or unpaired surrogate.
_BAD_ESCAPE = re.compile(
    rb"(?:[^\\]++"
    rb"|\\[^u]"
    rb"|\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}"
    rb"|\\u(?!0000|[dD][89a-fA-F])[0-9a-fA-F]{4}"
    rb")*+"
    rb"\\u(0000|[dD][89a-fA-F][0-9a-fA-F]{2})",
    re.DOTALL,
)
_OPENING = frozenset(b"[{")
_CLOSING = {ord("]"): ord("["), ord("}"): ord("{")}
_QUOTE, _COMMA = ord('"'), ord(",")


@dataclass(frozen=True, slots=True)
class JsonLimits:
    """How complex a JSON body may be: nesting depth, items over the whole body (array items and
    object members), bytes in one string as sent, characters in one number."""

    max_depth: int = 32
    max_items: int = 100_000
    max_string_bytes: int = 65_536
    max_number_chars: int = 64

    def scaled(self, **changes: int) -> JsonLimits:
        """Return these limits with ``changes`` (``max_items=...``) applied."""
        return replace(self, **changes)


class JsonRefused(ValueError):
    """A JSON body the platform does not parse; ``kind`` says why, ``detail`` says it to people.

    ``kind`` is ``too-complex`` (a limit passed) or ``unstorable`` (text or numbers the platform
    cannot hold).
    """

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind
        self.detail = detail


def _too_complex(detail: str) -> JsonRefused:
    return JsonRefused("too-complex", detail)


def _unstorable(detail: str) -> JsonRefused:
    return JsonRefused("unstorable", detail)


_TOKENS: dict[int, re.Pattern[bytes]] = {}


def _tokens(max_number_chars: int) -> re.Pattern[bytes]:
    pattern = _TOKENS.get(max_number_chars)
    if pattern is None:
        pattern = _TOKENS[max_number_chars] = re.compile(_TOKEN % (max_number_chars + 1), re.DOTALL)
    return pattern


def check_json(body: bytes, limits: JsonLimits) -> None:
    """Raise :class:`JsonRefused` if ``body`` passes one of ``limits`` or holds text or numbers
    the platform does not store; return otherwise (the body may still be invalid JSON)."""
    stack = bytearray()
    starts: list[int] = []
    items = 0
    for match in _tokens(limits.max_number_chars).finditer(body):
        first = body[match.start()]
        if first == _QUOTE:
            _check_string(match, limits.max_string_bytes)
        elif first in _OPENING:
            if len(stack) >= limits.max_depth:
                raise _too_complex(f"JSON bodies nest at most {limits.max_depth} levels deep.")
            stack.append(first)
            starts.append(match.end())
        elif first == _COMMA:
            items += 1
        elif first in _CLOSING:
            if not stack or stack.pop() != _CLOSING[first]:
                return  # not JSON: the parser says so
            blank = _WHITESPACE.match(body, starts.pop())
            if blank is not None and blank.end() != match.start():
                items += 1  # a non-empty container: one more item than its commas
        elif match.end() - match.start() > limits.max_number_chars:
            raise _too_complex(f"A JSON number has at most {limits.max_number_chars} characters.")
        else:
            _check_number(match.group())
        if items > limits.max_items:
            raise _too_complex(
                f"JSON bodies hold at most {limits.max_items} items (array items and object "
                "members, counted over the whole body)."
            )


def _check_string(match: re.Match[bytes], max_bytes: int) -> None:
    if match.group(1) is None:
        return  # unterminated: the parser refuses it
    size = match.end() - match.start() - 2
    if size > max_bytes:
        raise _too_complex(f"A JSON string holds at most {max_bytes} bytes as sent.")
    token = match.group()
    if b"\\u" in token:
        bad = _BAD_ESCAPE.match(token, 1, match.end() - match.start() - 1)
        if bad is not None:
            code = bad.group(1).decode().lower()
            what = "a NUL character" if code == "0000" else f"an unpaired surrogate (\\u{code})"
            raise _unstorable(f"A JSON string holds {what}, which the platform does not store.")


def _check_number(token: bytes) -> None:
    if token[-1:].isdigit():
        if math.isfinite(float(token)):
            return
        raise _unstorable("A JSON number is beyond the range of a double.")
    raise _unstorable(f"{token.decode()} is not a JSON number.")
