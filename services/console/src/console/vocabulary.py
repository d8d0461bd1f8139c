"""What the console offers to choose from: the six countries, categories, periods, the workflow.

The workflow table mirrors the incidents service's (docs/incidents.md) only to decide which
buttons to show; the API decides whether a transition happens and says why not.
"""

from __future__ import annotations

from collections.abc import Mapping

from pdp_common.contracts.incidents import ThreatCategory
from pdp_common.identity import Role

COUNTRIES: tuple[str, ...] = ("KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG")
CATEGORIES: tuple[str, ...] = tuple(c.value for c in ThreatCategory)
PERIODS: tuple[str, ...] = ("7", "30", "90", "365", "all")
DEFAULT_PERIOD = "365"
SEVERITIES: tuple[int, ...] = (1, 2, 3, 4, 5)
AWAITING: tuple[str, ...] = ("reported", "under_review")

EDITORS = frozenset({Role.ANALYST, Role.OFFICER, Role.HEAD_OF_CENTRE, Role.SYSTEM})
DECIDERS = frozenset({Role.OFFICER, Role.HEAD_OF_CENTRE})

# The transitions offered as buttons, with the roles that may make them. A correction needs
# changed fields and is made through the API for now.
BUTTONS: Mapping[str, tuple[tuple[str, frozenset[Role]], ...]] = {
    "reported": (("under_review", EDITORS),),
    "under_review": (("verified", DECIDERS), ("rejected", DECIDERS)),
    "verified": (("retracted", DECIDERS),),
    "corrected": (("retracted", DECIDERS),),
    "rejected": (),
    "retracted": (),
}


def offered_transitions(status: str, roles: frozenset[Role]) -> list[str]:
    """Return the statuses a person with ``roles`` is offered from ``status``."""
    return [target for target, allowed in BUTTONS.get(status, ()) if roles & allowed]
