"""Vocabularies of the country-teams service: countries, activity statuses, threat categories."""

from __future__ import annotations

from enum import StrEnum

# The categories are the incidents contract's vocabulary, re-exported for this service's modules.
from pdp_common.contracts.incidents import ThreatCategory as ThreatCategory  # noqa: PLC0414

COUNTRY_TEAM_COUNTRIES = frozenset({"KAZ", "KGZ", "TJK", "TKM", "UZB"})


class ActivityStatus(StrEnum):
    """IATI activity status (codelist ActivityStatus, codes 1-6), by name."""

    PIPELINE = "pipeline"
    IMPLEMENTATION = "implementation"
    FINALISATION = "finalisation"
    CLOSED = "closed"
    CANCELLED = "cancelled"
    SUSPENDED = "suspended"


ACTIVE_STATUSES = frozenset({ActivityStatus.IMPLEMENTATION})
IATI_STATUS_CODES = {
    ActivityStatus.PIPELINE: 1,
    ActivityStatus.IMPLEMENTATION: 2,
    ActivityStatus.FINALISATION: 3,
    ActivityStatus.CLOSED: 4,
    ActivityStatus.CANCELLED: 5,
    ActivityStatus.SUSPENDED: 6,
}
