"""Examples of the information-sharing agreement schemas, shown in the OpenAPI document."""

from __future__ import annotations

from typing import Any

AGREEMENT_ID = "019cf179-8940-720f-ba90-fbcbb8f3ff36"

AGREEMENT_CREATE: dict[str, Any] = {
    "partner_org": "UNAMA",
    "title": "UNAMA cross-border situation feed",
    "countries": ["AFG", "TJK", "UZB", "TKM"],
    "categories": ["terrorism", "violent_extremism", "drug_trafficking", "border_incident"],
    "max_sensitivity": "confidential",
    "embargo_hours": 0,
    "formats": ["json", "geojson", "cap", "briefing"],
    "status": "active",
    "valid_from": "2026-01-01T00:00:00+00:00",
    "valid_until": "2027-12-31T23:59:59+00:00",
    "reference": "UNRCCA-UNAMA/ISA/2026/01",
    "notes": "Exchange of border incident reports along the Amu Darya and Panj rivers.",
}

AGREEMENT_UPDATE: dict[str, Any] = {"embargo_hours": 12, "formats": ["json", "cap", "briefing"]}
"""Items now reach UNAMA 12 hours after the Centre has them, and no longer as GeoJSON."""

AGREEMENT_READ: dict[str, Any] = AGREEMENT_CREATE | {
    "id": AGREEMENT_ID,
    "created_at": "2026-03-15T12:30:00.000000+00:00",
    "updated_at": "2026-03-15T12:30:00.000000+00:00",
    "version": 1,
}
