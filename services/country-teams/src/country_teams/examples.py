"""Examples of the country-teams schemas, shown in the OpenAPI document (names are fictitious)."""

from __future__ import annotations

from typing import Any

COUNTRY_TEAM_ID = "019c4735-4780-7b20-855d-a4d556b3de54"

_AGENCIES = ["FAO", "IOM", "UN-WOMEN", "UNDP", "UNHCR", "UNICEF", "UNODC", "WFP", "WHO"]

COUNTRY_TEAM_CREATE: dict[str, Any] = {
    "country": "KGZ",
    "name": "UN Country Team in the Kyrgyz Republic",
    "resident_coordinator": "Elena Marchetti",
    "office": "Bishkek",
    "agencies": _AGENCIES,
}

COUNTRY_TEAM_UPDATE: dict[str, Any] = {
    "resident_coordinator": "Jonas Lindqvist",
    "agencies": [
        "UNDP",
        "UNICEF",
        "UNHCR",
        "UNODC",
        "WFP",
        "WHO",
        "FAO",
        "UN-WOMEN",
        "IOM",
        "OHCHR",
    ],
}
"""A new Resident Coordinator, and OHCHR joins the team."""

COUNTRY_TEAM_READ: dict[str, Any] = COUNTRY_TEAM_CREATE | {
    "id": COUNTRY_TEAM_ID,
    "version": 1,
    "created_at": "2026-02-10T11:00:00.000000+00:00",
    "updated_at": "2026-02-10T11:00:00.000000+00:00",
}

GAP_LIST: dict[str, Any] = {
    "window_days": 90,
    "since": "2026-09-02T08:00:00+00:00",
    "items": [
        {
            "country": "UZB",
            "admin1": "Karakalpakstan",
            "category": "environmental_degradation",
            "verified_incidents": 4,
            "max_severity": 3,
            "last_occurred_at": "2026-11-19T00:00:00+00:00",
        }
    ],
}
