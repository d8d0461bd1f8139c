"""Examples of the activity schemas, shown in the OpenAPI document (names are fictitious)."""

from __future__ import annotations

from typing import Any

from country_teams.examples import COUNTRY_TEAM_ID

ACTIVITY_ID = "019c4739-db60-772e-91e4-30a1dcb9c44f"

_RESULTS: list[dict[str, Any]] = [
    {
        "title": "Joint water committees active in border villages",
        "indicator": "Number of joint Kyrgyz-Tajik water committees meeting at least monthly",
        "unit": "committees",
        "baseline": "0",
        "target": "12",
        "actual": "7",
    }
]

ACTIVITY_CREATE: dict[str, Any] = {
    "iati_identifier": "XM-DAC-41114-KGZ-00131882",
    "title": "Cross-border community dialogue in the Ferghana valley",
    "description": "Dialogue platforms, joint water committees and small shared infrastructure "
    "for villages on both sides of the Kyrgyz-Tajik border in Batken province.",
    "country": "KGZ",
    "admin1": "Batken",
    "lead_agency": "UNDP",
    "participating_agencies": ["UN-WOMEN", "FAO"],
    "status": "implementation",
    "start_on": "2026-01-15",
    "end_on": "2027-12-31",
    "sectors": ["15220", "14010"],
    "categories": ["border_incident", "water_energy_dispute", "intercommunal_tension"],
    "budget": {"amount": "1850000.00", "currency": "USD"},
    "results": _RESULTS,
}
"""Register the Kyrgyz country team first: an activity belongs to its country's team."""

ACTIVITY_UPDATE: dict[str, Any] = {
    "results": [_RESULTS[0] | {"actual": "9"}],
}
"""Two more water committees meet."""

ACTIVITY_READ: dict[str, Any] = ACTIVITY_CREATE | {
    "id": ACTIVITY_ID,
    "country_team_id": COUNTRY_TEAM_ID,
    "created_by": "analyst@unrcca.org",
    "version": 1,
    "created_at": "2026-02-10T11:05:00.000000+00:00",
    "updated_at": "2026-02-10T11:05:00.000000+00:00",
}

WHO_WHAT_WHERE: dict[str, Any] = {
    "total_activities": 3,
    "cells": [
        {
            "country": "KGZ",
            "admin1": "Batken",
            "category": "border_incident",
            "agency": "UNDP",
            "activities": 1,
        },
        {
            "country": "KGZ",
            "admin1": "Batken",
            "category": "water_energy_dispute",
            "agency": "UNDP",
            "activities": 1,
        },
        {
            "country": "TJK",
            "admin1": "Khatlon",
            "category": "drug_trafficking",
            "agency": "UNODC",
            "activities": 1,
        },
        {
            "country": "TJK",
            "admin1": None,
            "category": "drug_trafficking",
            "agency": "UNODC",
            "activities": 1,
        },
    ],
}
