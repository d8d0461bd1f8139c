"""The console's message catalogue: every interface label, in English and Russian.

Each area of the console keeps its labels in its own module here, with an ``EN`` and an ``RU``
dictionary; this package merges them and refuses a key defined by two areas.
"""

from __future__ import annotations

from types import ModuleType

from console.messages import core

AREAS: tuple[ModuleType, ...] = (core,)


def _merged(language: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for area in AREAS:
        labels: dict[str, str] = getattr(area, language)
        twice = merged.keys() & labels.keys()
        if twice:
            raise ValueError(f"labels defined twice ({area.__name__}): {sorted(twice)}")
        merged |= labels
    return merged


EN: dict[str, str] = _merged("EN")
RU: dict[str, str] = _merged("RU")
MESSAGES: dict[str, dict[str, str]] = {"en": EN, "ru": RU}
