"""Synthetic demo data: a made-up Central Asia scenario, June to November 2026.

Every incident here is fictional. Place names are real and coordinates approximate, but the
events, figures, actors' actions, sources' reports and links (under ``.demo.invalid``) are
invented for demonstration and testing, and each incident carries the tag ``synthetic-demo``.

The scenario: water and border tensions in the Ferghana valley (Batken, Isfara, Sokh, Vorukh),
trafficking across the Tajik-Afghan border (Panj, Shuraabad, Khorog, Ishkashim, Badakhshan),
political unrest (Karakalpakstan, oil-worker strikes in Mangystau), environmental stress around
the Aral Sea, violent extremist propaganda, organized crime, winter energy shortages, and one
cross-border event reported both by the Centre and by UNAMA (same event, two provenances).
"""

from __future__ import annotations

import random
from typing import Any

from incidents.demo.crossborder import centre_copy, unama_copy
from incidents.demo.generator import END, SEED, START, TAG, storyline_incidents

__all__ = ["END", "START", "TAG", "demo_incidents"]


def demo_incidents() -> list[dict[str, Any]]:
    """Return the demo incidents (create payloads plus a ``workflow`` list), oldest first."""
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not a secret
    incidents = [*storyline_incidents(rng), centre_copy(), unama_copy()]
    return sorted(incidents, key=lambda incident: str(incident["occurred_at"]))
