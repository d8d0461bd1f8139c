"""Who may read and record environmental series: Centre staff read, editors and systems write."""

from __future__ import annotations

from pdp_common.identity import Principal

from incidents.early_warning.environment.errors import EnvironmentalAccessForbidden
from incidents.status import EDITORS


def require_reader(principal: Principal) -> None:
    """Refuse callers outside the Centre (partners)."""
    if not principal.is_centre_staff:
        raise EnvironmentalAccessForbidden(
            "Environmental series are part of the Centre's early-warning analysis; only Centre "
            "staff read them."
        )


def require_recorder(principal: Principal) -> None:
    """Refuse callers who may not record observations (Centre analysts and above, systems)."""
    require_reader(principal)
    if not principal.has_any(*EDITORS):
        raise EnvironmentalAccessForbidden(
            "Importing environmental observations needs the analyst, officer, head_of_centre or "
            "system role."
        )
