"""One cross-border event reported twice: by the Centre and, separately, by UNAMA."""

from __future__ import annotations

from typing import Any

from incidents.demo.generator import TAG

OCCURRED_AT = "2026-08-21T02:40:00+00:00"
UNAMA_ID = "UNAMA-XB-2026-0147"


def _common() -> dict[str, Any]:
    return {
        "language": "en",
        "time_precision": "hour",
        "country": "TJK",
        "admin1": "Gorno-Badakhshan",
        "admin2": "Ishkoshim",
        "location": "Ishkashim",
        "geo_precision": 1,
        "category": "border_incident",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Military Forces of Tajikistan",
        "assoc_actor_1": ["Border Troops of Tajikistan"],
        "actor2": "Military Forces of Afghanistan (2021-)",
        "assoc_actor_2": [],
        "sensitivity": "confidential",
    }


def centre_copy() -> dict[str, Any]:
    """Return the Centre's own record of the exchange of fire at Ishkashim."""
    return {
        **_common(),
        "title": "Exchange of fire across the Panj at Ishkashim",
        "summary": "Tajik border troops and Afghan de facto border forces exchanged fire across "
        "the Panj river at Ishkashim before dawn after a dispute over a fishing boat; one Tajik "
        "serviceman was reported wounded. Local commanders met at the bridge later that day.",
        "translations": [
            {
                "language": "ru",
                "title": "Ишкашим: перестрелка через Пяндж",
                "summary": "Таджикские пограничники и пограничные силы фактических властей "
                "Афганистана перед рассветом обменялись огнём через Пяндж после спора из-за "
                "рыбацкой лодки; ранен один таджикский военнослужащий.",
            }
        ],
        "occurred_at": OCCURRED_AT,
        "latitude": 36.7278,
        "longitude": 71.6111,
        "casualties": {"best": 1, "low": 1, "high": 2},
        "severity": 4,
        "tags": ["border", "tajik-afghan-border", "cross-border", TAG],
        "sources": [
            {
                "name": "Asia-Plus",
                "type": "media",
                "reliability": "B",
                "credibility": 2,
                "url": "https://asiaplus.demo.invalid/2026/08/21/40417",
                "published_at": "2026-08-21T07:15:00+00:00",
                "reported_by_org": None,
            },
            {
                "name": "Border Troops of Tajikistan",
                "type": "government",
                "reliability": "C",
                "credibility": 3,
                "url": None,
                "published_at": "2026-08-21T09:00:00+00:00",
                "reported_by_org": None,
            },
        ],
        "origin": None,
        "workflow": [
            {"to": "under_review"},
            {"to": "verified", "reason": "Confirmed by the OSCE field operation"},
        ],
    }


def unama_copy() -> dict[str, Any]:
    """Return UNAMA's copy of the same event, as its cross-border feed delivers it."""
    return {
        **_common(),
        "title": "Cross-border firing between Afghan and Tajik border forces, Ishkashim",
        "summary": "UNAMA's Badakhshan office reports an exchange of fire across the Panj at "
        "Ishkashim in the early hours, following an altercation over a boat; de facto border "
        "officials report no casualties on the Afghan side.",
        "translations": [],
        "occurred_at": "2026-08-21T03:10:00+00:00",
        "latitude": 36.7262,
        "longitude": 71.6079,
        "casualties": {"best": 1, "low": 0, "high": 2},
        "severity": 4,
        "tags": ["cross-border", "badakhshan", TAG],
        "sources": [
            {
                "name": "UNAMA cross-border report",
                "type": "un_agency",
                "reliability": "A",
                "credibility": 2,
                "url": None,
                "published_at": "2026-08-21T12:30:00+00:00",
                "reported_by_org": "UNAMA",
            },
        ],
        "origin": {"org": "UNAMA", "external_id": UNAMA_ID},
        "workflow": [],
    }
