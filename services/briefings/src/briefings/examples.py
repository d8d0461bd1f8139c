"""Examples of the briefings schemas, shown in the OpenAPI document."""

from __future__ import annotations

from typing import Any

BRIEFING_ID = "01a22d2f-3c00-70e6-95de-cdd9c152b64e"
BATKEN_INCIDENT_ID = "01a2216d-75fa-7ab0-84a4-eb400276eab4"

THEMATIC_NOTE_CREATE: dict[str, Any] = {
    "kind": "thematic_note",
    "title": "Thematic note: water and energy in the Ferghana valley",
    "classification": "confidential",
    "audience": ["UNRCCA", "OSCE"],
    "countries": ["KGZ", "TJK", "UZB"],
    "period_start": "2026-09-01T00:00:00+00:00",
    "period_end": "2026-12-01T00:00:00+00:00",
    "theme": "water_energy_dispute",
}
"""A thematic note over three months."""

WEEKLY_ANALYSIS_CREATE: dict[str, Any] = {
    "kind": "weekly_regional_analysis",
    "audience": ["UNRCCA", "OSCE", "UNAMA"],
}
"""This week's regional analysis for the Centre, the OSCE and UNAMA; the rest by default."""

DAILY_BRIEF_CREATE: dict[str, Any] = {
    "kind": "daily_situation_brief",
    "classification": "internal",
    "include_regional_picture": True,
}
"""Today's daily brief with its early-warning section (the default for daily briefs)."""

EARLY_WARNING: dict[str, Any] = {
    "summary": "1 escalation alert open in 1 country; the highest, border incident in Batken, "
    "Kyrgyzstan, at 3.4 against a threshold of 2.5. 1 escalation alert subsided in the period.",
    "open_alerts": [
        {
            "alert_id": "01a2c5e0-1b00-7d4e-9f21-6a7b8c9d0e1f",
            "country": "KGZ",
            "admin1": "Batken",
            "category": "border_incident",
            "window_days": 7,
            "observed": 12.5,
            "expected": 3.0,
            "score": 3.4,
            "peak_score": 3.4,
            "trend": "rising",
            "raised_at": "2026-12-04T06:00:00+00:00",
            "subsided_at": None,
            "factors": [
                "6 verified incidents in 7 days against 1.5 expected",
                "4 casualties against 0.5 expected",
            ],
            "sensitivity": "internal",
        }
    ],
    "subsided_alerts": [
        {
            "alert_id": "01a2b9a0-4c00-7a1b-8e3d-2f4a5b6c7d8e",
            "country": "TJK",
            "admin1": "Sughd",
            "category": "water_energy_dispute",
            "window_days": 30,
            "observed": 4.0,
            "expected": 3.1,
            "score": 1.2,
            "peak_score": 2.9,
            "trend": "easing",
            "raised_at": "2026-11-20T06:00:00+00:00",
            "subsided_at": "2026-12-05T06:00:00+00:00",
            "factors": ["water allocation protests in 3 districts against 1 expected"],
            "sensitivity": "internal",
        }
    ],
}
"""An early-warning section: one alert open, one subsided in the period."""

SECTIONS: dict[str, Any] = {
    "overview": "Tension over irrigation water on the Kyrgyz-Tajik border rose again in the "
    "autumn: one exchange of fire between border units west of Batken left two guards wounded.",
    "developments": [
        {
            "country": "KGZ",
            "summary": "Border units exchanged fire on an undelimited section west of Batken "
            "after a dispute over the repair of a shared canal; a ceasefire held from noon.",
            "incidents": [
                {
                    "incident_id": BATKEN_INCIDENT_ID,
                    "reference": "INC-KGZ-2026-000412",
                    "category": "border_incident",
                    "severity": 4,
                    "occurred_at": "2026-11-28T05:40:00+00:00",
                    "admin1": "Batken",
                    "title": "Exchange of fire between border units on the Kyrgyz-Tajik border",
                }
            ],
        },
    ],
    "outlook": "Further incidents are likely before the delimitation commissions meet in "
    "January unless joint canal maintenance is agreed.",
    "recommendations": [
        "Offer the Centre's good offices to the two delimitation commissions.",
        "Support the OSCE's water user dialogue in Batken and Sughd.",
    ],
}

BRIEFING_UPDATE: dict[str, Any] = {
    "title": "Thematic note: water, energy and border security in the Ferghana valley",
    "sections": SECTIONS,
}
"""An edit of the text before review (a briefing edited after review goes back to draft)."""

REVIEW: dict[str, Any] = {
    "action": "review",
    "comment": "Reviewed; sources checked with the OSCE field office.",
}
CLEAR: dict[str, Any] = {"action": "clear", "comment": "Cleared for the OSCE."}
RELEASE: dict[str, Any] = {"action": "release", "comment": None}
"""The steps from draft to release (review and release by an officer, clear by the Head of
Centre)."""

BRIEFING_READ: dict[str, Any] = {
    "id": BRIEFING_ID,
    "kind": "thematic_note",
    "title": BRIEFING_UPDATE["title"],
    "status": "released",
    "classification": "confidential",
    "audience": ["OSCE", "UNRCCA"],
    "countries": ["KGZ", "TJK", "UZB"],
    "theme": "water_energy_dispute",
    "period_start": "2026-09-01T00:00:00+00:00",
    "period_end": "2026-12-01T00:00:00+00:00",
    "sections": SECTIONS,
    "source_incident_id": None,
    "created_by": "analyst@unrcca.org",
    "reviewed_by": "political.officer@unrcca.org",
    "cleared_by": "head.of.centre@unrcca.org",
    "released_by": "political.officer@unrcca.org",
    "released_at": "2026-12-01T08:00:00.000000+00:00",
    "version": 5,
    "created_at": "2026-11-30T16:00:00.000000+00:00",
    "updated_at": "2026-12-01T08:00:00.000000+00:00",
}

BRIEFING_VERSION_READ: dict[str, Any] = {
    "version": 5,
    "action": "release",
    "status": "released",
    "comment": None,
    "changed_by": "political.officer@unrcca.org",
    "changed_at": "2026-12-01T08:00:00.000000+00:00",
    "snapshot": BRIEFING_READ,
}

BRIEFING_REACH: dict[str, Any] = {
    "briefing_id": BRIEFING_ID,
    "as_of": "2026-12-01T07:30:00.000000+00:00",
    "audience": [
        {
            "org": "OSCE",
            "reaches": False,
            "held_back": [
                {
                    "country": "UZB",
                    "category": "water_energy_dispute",
                    "failed": [
                        {
                            "condition": "consent",
                            "detail": "no active information-sharing consent of UZB to OSCE "
                            "covers UZB / water_energy_dispute",
                        }
                    ],
                }
            ],
        },
        {"org": "UNRCCA", "reaches": True, "held_back": []},
    ],
}
"""The OSCE's agreement covers the note, but Uzbekistan has not consented to sharing with it."""
