"""Which incident signals a caller sees: those at or below its clearance."""

from __future__ import annotations

from pdp_common.identity import Clearance, Principal


def visible_sensitivities(principal: Principal) -> list[str]:
    """Return the sensitivities of the incidents ``principal`` may see."""
    return [c.value for c in Clearance.up_to(principal.clearance)]
