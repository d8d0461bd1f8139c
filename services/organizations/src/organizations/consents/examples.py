"""Examples of the consent register's schemas, shown in the OpenAPI document."""

from __future__ import annotations

from typing import Any

CONSENT_ID = "019d769e-9e80-7eb9-a052-9a364a992344"

CONSENT_CREATE: dict[str, Any] = {
    "government": "TJK",
    "party_org": "UNAMA",
    "kind": "information_sharing",
    "countries": ["TJK"],
    "topics": ["drug_trafficking", "border_incident"],
    "valid_from": "2026-04-01T00:00:00+00:00",
    "valid_until": "2027-03-31T23:59:59+00:00",
    "reference": "Note verbale of the Ministry of Foreign Affairs of Tajikistan, 28 March 2026",
    "notes": "Covers incidents on the Tajik-Afghan border only.",
}

CONSENT_UPDATE: dict[str, Any] = {
    "topics": ["drug_trafficking", "border_incident", "organized_crime"],
    "valid_until": "2027-12-31T23:59:59+00:00",
}

CONSENT_WITHDRAWAL: dict[str, Any] = {
    "reason": "Withdrawn by note verbale of the Ministry of Foreign Affairs, 2 December 2026.",
}

CONSENT_READ: dict[str, Any] = CONSENT_CREATE | {
    "id": CONSENT_ID,
    "status": "active",
    "withdrawn_at": None,
    "withdrawal_reason": None,
    "recorded_by": "head.of.centre@unrcca.org",
    "created_at": "2026-04-10T09:00:00.000000+00:00",
    "version": 1,
}
