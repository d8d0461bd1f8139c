"""Examples of the initiative and overlap schemas, shown in the OpenAPI document."""

from __future__ import annotations

from typing import Any

INITIATIVE_ID = "01a1598e-e760-736a-b83d-9587fd3a822c"
OTHER_INITIATIVE_ID = "01a1598e-e954-7f56-8c50-872bf0cf5fd6"

INITIATIVE_CREATE: dict[str, Any] = {
    "organization_code": "OSCE",
    "title": "Water diplomacy dialogue in the Ferghana Valley",
    "kind": "dialogue",
    "description": "Meetings of water users' associations and district authorities from both "
    "sides of the Kyrgyz-Tajik and Kyrgyz-Uzbek borders on shared canals.",
    "countries": ["KGZ", "TJK", "UZB"],
    "themes": ["water_energy_dispute", "intercommunal_tension"],
    "status": "ongoing",
    "starts_on": "2025-03-01",
    "ends_on": "2027-02-28",
}

INITIATIVE_UPDATE: dict[str, Any] = {"status": "suspended"}

INITIATIVE_READ: dict[str, Any] = INITIATIVE_CREATE | {"id": INITIATIVE_ID, "version": 1}

OVERLAP_READ: dict[str, Any] = {
    "country": "KGZ",
    "theme": "water_energy_dispute",
    "organizations": ["OSCE", "SCO"],
    "initiatives": [
        INITIATIVE_READ,
        {
            "id": OTHER_INITIATIVE_ID,
            "organization_code": "SCO",
            "title": "Regional water-energy consortium talks",
            "kind": "coordination",
            "description": None,
            "countries": ["KGZ", "TJK", "KAZ"],
            "themes": ["water_energy_dispute"],
            "status": "planned",
            "starts_on": "2026-06-01",
            "ends_on": None,
            "version": 1,
        },
    ],
}
