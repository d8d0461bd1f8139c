"""Examples of the incident schemas, shown in the OpenAPI document (values pass every check).

The Batken example lies at 39.97 N, 70.35 E, inside Kyrgyzstan; the Khorog one at 37.49 N,
71.55 E, inside Tajikistan. Times are UTC with their offset; ids are UUIDv7.
"""

from __future__ import annotations

from typing import Any

BATKEN_ID = "01a2216d-75fa-7ab0-84a4-eb400276eab4"
BATKEN_DUPLICATE_ID = "01a2219b-db73-755f-a8c4-1d678e1cfc26"
KHOROG_ID = "01a221e2-da6b-7983-818a-4791ff7e3002"

_OSCE_SOURCE: dict[str, Any] = {
    "name": "OSCE Programme Office in Bishkek",
    "type": "partner_feed",
    "reliability": "A",
    "credibility": 2,
    "url": None,
    "published_at": "2026-11-28T08:05:00+00:00",
    "reported_by_org": "OSCE",
}
_MEDIA_SOURCE: dict[str, Any] = {
    "name": "24.kg",
    "type": "media",
    "reliability": "B",
    "credibility": 2,
    "url": "https://example.org/24kg/2026/11/28/batken-border-shooting",
    "published_at": "2026-11-28T06:55:00+00:00",
    "reported_by_org": None,
}

INCIDENT_CREATE: dict[str, Any] = {
    "title": "Exchange of fire between border units on the Kyrgyz-Tajik border, Batken district",
    "summary": "Kyrgyz and Tajik border units exchanged small-arms fire for about 40 minutes on "
    "an undelimited section of the border west of Batken after a dispute over the repair of a "
    "shared irrigation canal. Two Kyrgyz border guards were wounded. Local commanders agreed a "
    "ceasefire at noon; the OSCE field office confirmed the account.",
    "language": "en",
    "translations": [
        {
            "language": "ru",
            "title": "Баткенский район: перестрелка пограничников на кыргызско-таджикской границе",
            "summary": "Пограничные подразделения около 40 минут обменивались огнём на "
            "неделимитированном участке границы после спора о ремонте общего канала; ранены два "
            "кыргызских пограничника.",
        }
    ],
    "occurred_at": "2026-11-28T05:40:00+00:00",
    "time_precision": "hour",
    "country": "KGZ",
    "admin1": "Batken",
    "admin2": "Batken",
    "location": "Kyrgyz-Tajik border section west of Batken",
    "latitude": 39.97,
    "longitude": 70.35,
    "geo_precision": 2,
    "category": "border_incident",
    "event_type": "Battles",
    "sub_event_type": "Armed clash",
    "actor1": "Military Forces of Kyrgyzstan",
    "assoc_actor_1": ["Border Guards"],
    "actor2": "Military Forces of Tajikistan",
    "assoc_actor_2": ["Border Troops of Tajikistan"],
    "casualties": {"best": 2, "low": 2, "high": 3},
    "severity": 4,
    "sensitivity": "confidential",
    "tags": ["border", "ferghana-valley", "undelimited-border", "water"],
    "sources": [_MEDIA_SOURCE, _OSCE_SOURCE],
    "origin": {"org": "OSCE", "external_id": "OSCE-BIS-2026-0412"},
}
"""A complete report, recorded by the Centre on behalf of the OSCE field office."""

INCIDENT_CREATE_MINIMAL: dict[str, Any] = {
    "title": "Seizure of heroin at the Khorog border crossing",
    "occurred_at": "2026-11-28T10:30:00+00:00",
    "country": "TJK",
    "latitude": 37.49,
    "longitude": 71.55,
    "category": "drug_trafficking",
    "event_type": "Strategic developments",
    "sub_event_type": "Arrests",
    "severity": 2,
}
"""Only the required fields; the others take their defaults."""

INCIDENT_UPDATE: dict[str, Any] = {
    "casualties": {"best": 3, "low": 2, "high": 4},
    "severity": 5,
    "tags": ["border", "ferghana-valley", "undelimited-border", "water", "ceasefire"],
}
"""What an analyst usually changes while the report is under review."""

INCIDENT_READ: dict[str, Any] = {
    "id": BATKEN_ID,
    "reference": "INC-KGZ-2026-000412",
    "status": "under_review",
    **{k: v for k, v in INCIDENT_CREATE.items() if k not in {"origin"}},
    "independent_sources": 2,
    "confidence": {"score": 0.928, "level": "high"},
    "origin": INCIDENT_CREATE["origin"],
    "provenances": [
        {
            "org": "OSCE",
            "external_id": "OSCE-BIS-2026-0412",
            "incident_id": BATKEN_ID,
            "reference": "INC-KGZ-2026-000412",
            "recorded_at": "2026-11-28T09:12:31.482000+00:00",
        }
    ],
    "merged_into": None,
    "version": 2,
    "created_at": "2026-11-28T09:12:31.482000+00:00",
    "created_by": "aigerim.sadykova@unrcca.org",
    "updated_at": "2026-11-28T11:20:44.907000+00:00",
    "updated_by": "aigerim.sadykova@unrcca.org",
}
"""The complete report as read back by a Centre analyst, under review."""

INCIDENT_COUNT: dict[str, Any] = {"count": 37}
