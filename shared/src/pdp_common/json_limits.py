"""Bounds on the shape of a JSON request body, checked on the raw bytes before it is parsed.

Python's ``json`` module parses recursively (a body of 100,000 ``[`` raises ``RecursionError``),
turns ``1e999999`` into ``inf``, refuses integers of more than 4,300 digits with a bare
``ValueError``, accepts ``NaN`` and ``Infinity``, and decodes ``"\\u0000"`` and lone surrogates
(``"\\ud800"``) into text that no database column stores and no UTF-8 encoder writes.

:func:`check_json` looks at the raw bytes before any parser does, without recursion and without
Python work per value: a handful of passes of the regular expression engine and bytes methods,
each linear in the size of the body (the depth check makes at most ``max_depth`` of them). It
refuses a body past one of its limits (nesting depth, items over the whole body, bytes in one
string, characters in one number), text the platform never stores (``\\u0000``, an unpaired
surrogate escape) and numbers JSON does not have (``NaN``, ``Infinity``, a float beyond double
range). What it does not see (a syntax error) is left to the parser, which then answers 400 or
422. Strings are checked first; counts over the whole body then bound what lies outside them,
and only when a bound is passed are the strings blanked out, so that nothing inside a string
counts as structure or as a number.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

# Once every escaped backslash and escaped quote is blanked out (same length), each remaining
# quote opens or closes a string: a string is a quote, non-quotes, a quote.
_STRING = re.compile(rb'"[^"]*+"?')
_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}(?:\\u[dD][c-fC-F][0-9a-fA-F]{2})?")
_HIGH_SURROGATE = b"89abAB"
# Digits as 0, exponent marks as e, signs as +: a digit, e and three digits is the only shape of
# a number that may lie beyond the range of a double (text such as "3e456" looks the same).
_EXPONENT_CHARS = bytes(
    ord("0") if b in b"0123456789" else ord("e") if b in b"eE" else ord("+") if b in b"+-" else 32
    for b in range(256)
)
_BIG_EXPONENTS = (b"0e000", b"0e+000")
_EXPONENT_NUMBER = re.compile(rb"-?[0-9]++(?:\.[0-9]++)?[eE][+-]?[0-9]++")
_ONE_KIND = bytes.maketrans(b"{}", b"[]")
_WHITESPACE = b" \t\r\n"
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b"[]{},")
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_NUMBER_CHARS = bytes(ord("9") if b in b"-+.0123456789eE" else ord(" ") for b in range(256))
_PATTERNS: dict[tuple[str, int], re.Pattern[bytes]] = {}


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


def _pattern(kind: str, size: int) -> re.Pattern[bytes]:
    """Return the pattern of ``kind`` for a limit of ``size``, compiled once."""
    pattern = _PATTERNS.get((kind, size))
    if pattern is None:
        if kind == "long-string":
            # From the start, string after string of at most ``size`` bytes, up to a longer one.
            source = rb'(?:[^"]*+"[^"]{0,%d}+")*+[^"]*+"[^"]{%d}' % (size, size + 1)
        else:  # "bracket-in-string": up to the first string holding a bracket
            source = rb'(?:[^"]*+"[^"\[\]{}]*+")*+[^"]*+"[^"\[\]{}]*+[\[\]{}]'
        pattern = _PATTERNS[(kind, size)] = re.compile(source)
    return pattern


def check_json(body: bytes, limits: JsonLimits) -> None:
    """Raise :class:`JsonRefused` if ``body`` passes one of ``limits`` or holds text or numbers
    the platform does not store; return otherwise (the body may still be invalid JSON).

    Every step is a pass of the regular expression engine or a bytes method over the body, with
    no Python work per value. Counts over the whole body (commas, brackets, number-like runs)
    bound what lies outside strings from above; only when a bound is passed are the strings
    blanked out to count exactly.
    """
    plain = body.replace(b"\\\\", b"__").replace(b'\\"', b"__") if b"\\" in body else body
    _check_escapes(plain)
    if _pattern("long-string", limits.max_string_bytes).match(plain) is not None:
        raise _too_complex(f"A JSON string holds at most {limits.max_string_bytes} bytes as sent.")
    openers = plain.count(b"[") + plain.count(b"{")
    exact = (
        plain.count(b'"') % 2 == 1
        or plain.count(b",") + openers > limits.max_items
        or _may_hold_bad_numbers(plain, limits.max_number_chars)
        or (openers > limits.max_depth and _pattern("bracket-in-string", 0).match(plain))
    )
    if exact:
        _check_outside_strings(_STRING.sub(b"0", plain), limits)
    elif openers > limits.max_depth:
        _check_depth(plain.translate(None, _NOT_BRACKET), limits.max_depth)


def _check_escapes(plain: bytes) -> None:
    """Refuse ``\\u0000`` and unpaired surrogates (every backslash left in ``plain`` escapes)."""
    if b"\\u" not in plain:
        return
    if b"\\u0000" in plain:
        raise _unstorable("A JSON string holds a NUL character, which the platform does not store.")
    if b"\\ud" not in plain and b"\\uD" not in plain:
        return
    for escape in _SURROGATE.findall(plain):
        if len(escape) != 12 or escape[3] not in _HIGH_SURROGATE:
            code = escape[2:6].decode().lower()
            raise _unstorable(
                f"A JSON string holds an unpaired surrogate (\\u{code}), which the platform "
                "does not store."
            )


def _may_hold_bad_numbers(plain: bytes, max_chars: int) -> bool:
    """Tell whether a number may be too long or not a JSON number, strings included."""
    return (
        b"9" * (max_chars + 1) in plain.translate(_NUMBER_CHARS)
        or b"NaN" in plain
        or b"Infinity" in plain
        or _may_hold_big_exponents(plain)
    )


def _may_hold_big_exponents(plain: bytes) -> bool:
    shapes = plain.translate(_EXPONENT_CHARS)
    return any(shape in shapes for shape in _BIG_EXPONENTS)


def _check_outside_strings(outside: bytes, limits: JsonLimits) -> None:
    """Check numbers, items and depth exactly on ``outside`` (each string stands as a 0)."""
    _check_numbers(outside, limits.max_number_chars)
    compact = outside.translate(None, _WHITESPACE)
    structure = compact.translate(None, _NOT_STRUCTURE)
    empty = compact.count(b"[]") + compact.count(b"{}")
    del compact
    brackets = structure.translate(None, _NOT_BRACKET)
    opened = brackets.count(b"[") + brackets.count(b"{")
    if opened > limits.max_depth:
        _check_depth(brackets, limits.max_depth)
    # Items: each comma adds one to its container, each container holding something one more.
    if len(structure) - len(brackets) + opened - empty > limits.max_items:
        raise _too_complex(
            f"JSON bodies hold at most {limits.max_items} items (array items and object "
            "members, counted over the whole body)."
        )


def _check_numbers(outside: bytes, max_chars: int) -> None:
    if b"9" * (max_chars + 1) in outside.translate(_NUMBER_CHARS):
        raise _too_complex(f"A JSON number has at most {max_chars} characters.")
    for literal in (b"NaN", b"Infinity"):
        if literal in outside:
            raise _unstorable(f"{literal.decode()} is not a JSON number.")
    if not _may_hold_big_exponents(outside):
        return
    for number in _EXPONENT_NUMBER.findall(outside):
        if not math.isfinite(float(number)):
            raise _unstorable("A JSON number is beyond the range of a double.")


def _check_depth(brackets: bytes, max_depth: int) -> None:
    """Peel the innermost pairs off ``brackets`` once per level; refuse past ``max_depth``.

    Arrays and objects are told apart no more (a mismatch is the parser's to refuse), so that
    one ``replace`` peels a level.
    """
    brackets = brackets.translate(_ONE_KIND)
    for _ in range(max_depth):
        peeled = brackets.replace(b"[]", b"")
        if len(peeled) == len(brackets):
            break
        brackets = peeled
    else:
        if b"[]" in brackets:
            raise _too_complex(f"JSON bodies nest at most {max_depth} levels deep.")
    # Brackets that never pair make the body invalid, yet a parser descends into every opening
    # one before it finds out.
    if brackets.count(b"[") > max_depth:
        raise _too_complex(f"JSON bodies nest at most {max_depth} levels deep.")
