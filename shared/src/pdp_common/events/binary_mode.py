"""CloudEvents binary content mode: the event's attributes read from ``ce-*`` message headers.

The NATS and HTTP protocol bindings (section 3.1.3.2) carry each attribute in its own header,
percent-encoded: space, double quote, percent and every character outside printable ASCII are sent
as ``%XX`` bytes of their UTF-8 encoding (the official ``cloudevents`` SDK does so). A receiver
first removes RFC 7230 quoted-string quoting, which older senders used, then performs exactly one
round of percent-decoding. Lower-case hex digits and needlessly encoded characters are accepted; a
``%`` not followed by two hex digits, or bytes that are not UTF-8 (such as the overlong
``%C0%A0``), make the whole message unreadable rather than silently altered.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import unquote_to_bytes

CE_PREFIX = "ce-"
CONTENT_TYPE = "content-type"
STRUCTURED_MEDIA_TYPE = "application/cloudevents"

_MALFORMED_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


class HeaderValueError(ValueError):
    """A ``ce-*`` header value is not a valid encoding of an attribute value."""


def is_structured(headers: Mapping[str, str]) -> bool:
    """Tell whether a message is in structured mode: its content type is a CloudEvents format."""
    for name, value in headers.items():
        if name.lower() == CONTENT_TYPE:
            return value.strip().lower().startswith(STRUCTURED_MEDIA_TYPE)
    return False


def is_binary(headers: Mapping[str, str]) -> bool:
    """Tell whether a message is in binary mode: not structured, and ``ce-specversion`` is set."""
    return not is_structured(headers) and any(name.lower() == "ce-specversion" for name in headers)


def attributes(headers: Mapping[str, str]) -> dict[str, str]:
    """Return the CloudEvents attributes carried in ``headers``, decoded.

    ``datacontenttype`` comes from ``ce-datacontenttype`` (NATS binding) or, failing that, from
    ``Content-Type`` (HTTP binding, which the SDKs' binary encoders write). Raise
    :class:`HeaderValueError`, naming the header, when a value cannot be decoded.
    """
    attrs: dict[str, str] = {}
    content_type: str | None = None
    for name, value in headers.items():
        lowered = name.lower()
        if lowered.startswith(CE_PREFIX):
            try:
                attrs[lowered[len(CE_PREFIX) :]] = decode_value(value)
            except HeaderValueError as exc:
                raise HeaderValueError(f"header {lowered}: {exc}") from exc
        elif lowered == CONTENT_TYPE:
            content_type = value.strip()
    if content_type and "datacontenttype" not in attrs:
        attrs["datacontenttype"] = content_type
    return attrs


def decode_value(value: str) -> str:
    """Return the attribute value a header value encodes (quoted-string, then percent-encoding)."""
    text = _unquote(value.strip())
    if "%" not in text:
        return text
    bad = _MALFORMED_PERCENT.search(text)
    if bad is not None:
        sequence = text[bad.start() : bad.start() + 3]
        raise HeaderValueError(
            f"{sequence!r} at offset {bad.start()} is not a percent-encoded byte (%XX)"
        )
    try:
        return unquote_to_bytes(text).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HeaderValueError(f"percent-encoded bytes are not UTF-8: {exc.reason}") from exc


def _unquote(value: str) -> str:
    """Remove RFC 7230 quoted-string quoting (section 3.2.6), if the value is quoted."""
    if not value.startswith('"'):
        return value
    chars: list[str] = []
    index = 1
    while index < len(value):
        char = value[index]
        if char == "\\" and index + 1 < len(value):
            chars.append(value[index + 1])
            index += 2
        elif char == '"':
            if index != len(value) - 1:
                raise HeaderValueError("text follows the closing quote of a quoted string")
            return "".join(chars)
        else:
            chars.append(char)
            index += 1
    raise HeaderValueError("quoted string without its closing quote")
