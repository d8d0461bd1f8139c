"""Examples of the bulk import schemas, shown in the OpenAPI document."""

from __future__ import annotations

from typing import Any

IMPORT_BATCH: dict[str, Any] = {
    "incidents": [
        {
            "title": "Armed smugglers fire on a border patrol near Panj",
            "summary": "A Tajik border patrol came under fire from a group crossing the Panj "
            "river; the group withdrew to the Afghan bank leaving 28 kg of hashish.",
            "occurred_at": "2026-11-27T01:15:00+00:00",
            "time_precision": "hour",
            "country": "TJK",
            "admin1": "Khatlon",
            "admin2": "Panj",
            "location": "Panj",
            "latitude": 37.2356,
            "longitude": 69.0842,
            "category": "drug_trafficking",
            "event_type": "Battles",
            "sub_event_type": "Armed clash",
            "actor1": "Military Forces of Tajikistan",
            "actor2": "Unidentified Armed Group (Afghanistan)",
            "severity": 3,
            "sensitivity": "confidential",
            "tags": ["narcotics", "tajik-afghan-border"],
            "sources": [
                {
                    "name": "UNODC regional office",
                    "type": "un_agency",
                    "reliability": "A",
                    "credibility": 2,
                    "reported_by_org": "UNODC",
                }
            ],
            "origin": {"org": "UNODC", "external_id": "UNODC-ROCA-2026-1187"},
        },
        {
            "title": "Container of precursor chemicals held at Termez",
            "occurred_at": "2026-11-26T00:00:00+00:00",
            "country": "UZB",
            "admin1": "Surkhandarya",
            "location": "Termez",
            "latitude": 37.2242,
            "longitude": 67.2783,
            "category": "drug_trafficking",
            "event_type": "Strategic developments",
            "sub_event_type": "Arrests",
            "severity": 2,
            "origin": {"org": "UNODC", "external_id": "UNODC-ROCA-2026-1188"},
        },
    ]
}
"""Two rows shaped like the create payload, from UNODC's own records."""

IMPORT_REPORT: dict[str, Any] = {
    "accepted": 2,
    "rejected": 1,
    "duplicates": 1,
    "rows": [
        {
            "row": 1,
            "outcome": "accepted",
            "incident_id": "01a21bdb-aa24-7119-ab08-88be63ffaa20",
            "reference": "INC-TJK-2026-000871",
            "external_id": "UNODC-ROCA-2026-1187",
            "errors": [],
        },
        {
            "row": 2,
            "outcome": "accepted",
            "incident_id": "01a21bdb-ace0-74be-affd-04200b07d1d6",
            "reference": "INC-UZB-2026-000254",
            "external_id": "UNODC-ROCA-2026-1188",
            "errors": [],
        },
        {
            "row": 3,
            "outcome": "rejected",
            "incident_id": None,
            "reference": None,
            "external_id": None,
            "errors": [
                {
                    "field": "incident-location-invalid",
                    "message": "Coordinates refused: (69.62, 41.31) is 58.4 km outside TJK "
                    "(tolerance 5 km); it lies in UZB.",
                }
            ],
        },
        {
            "row": 4,
            "outcome": "duplicate",
            "incident_id": None,
            "reference": None,
            "external_id": "UNODC-ROCA-2026-1187",
            "errors": [{"field": "origin.external_id", "message": "first seen in row 1"}],
        },
    ],
}
"""The report of that batch sent with two more rows: one placed outside its stated country, one
repeating row 1."""
