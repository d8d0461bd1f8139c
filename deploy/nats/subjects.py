"""NATS subject patterns compared token by token: does one pattern overlap or contain another."""

from __future__ import annotations

import re

_TOKEN = re.compile(r"^[^\s.*>]+$")


def check_pattern(subject: str) -> None:
    """Raise ValueError unless ``subject`` is a valid subject or wildcard pattern."""
    parts = subject.split(".")
    for index, part in enumerate(parts):
        if part == ">" and index == len(parts) - 1:
            continue
        if part == "*" or _TOKEN.match(part):
            continue
        raise ValueError(f"{subject!r} is not a NATS subject (bad token {part!r})")


def overlaps(first: str, second: str) -> bool:
    """Tell whether some subject matches both patterns."""
    a, b = first.split("."), second.split(".")
    for index in range(min(len(a), len(b))):
        x, y = a[index], b[index]
        if ">" in (x, y):
            return True
        if x != y and "*" not in (x, y):
            return False
    return len(a) == len(b)


def contains(outer: str, inner: str) -> bool:
    """Tell whether every subject matching ``inner`` also matches ``outer``."""
    a, b = outer.split("."), inner.split(".")
    for index, x in enumerate(a):
        if x == ">":
            return index < len(b)
        if index >= len(b):
            return False
        y = b[index]
        if y == ">" or (x != "*" and (y == "*" or x != y)):
            return False
    return len(a) == len(b)
