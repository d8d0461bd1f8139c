"""Vocabularies of the country-teams service: countries, activity statuses, threat categories."""

from __future__ import annotations

from enum import StrEnum

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


class ThreatCategory(StrEnum):
    """The threat categories the Centre monitors (the incidents service's codes)."""

    TERRORISM = "terrorism"
    VIOLENT_EXTREMISM = "violent_extremism"
    DRUG_TRAFFICKING = "drug_trafficking"
    ORGANIZED_CRIME = "organized_crime"
    ENVIRONMENTAL_DEGRADATION = "environmental_degradation"
    WATER_ENERGY_DISPUTE = "water_energy_dispute"
    BORDER_INCIDENT = "border_incident"
    INTERCOMMUNAL_TENSION = "intercommunal_tension"
    POLITICAL_UNREST = "political_unrest"
    OTHER = "other"
