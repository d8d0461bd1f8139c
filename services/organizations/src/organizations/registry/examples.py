"""Examples of the registry schemas, shown in the OpenAPI document (contacts are fictitious)."""

from __future__ import annotations

from typing import Any

ORGANIZATION_ID = "019cadfd-8900-7153-abb2-3703d59674ce"
CONTACT_ID = "019cadfd-8ce8-76db-9a8a-c9b2a6457900"

ORGANIZATION_CREATE: dict[str, Any] = {
    "code": "OSCE-POB",
    "kind": "regional_organization",
    "name": "OSCE Programme Office in Bishkek",
    "acronym": "POiB",
    "names": [
        {"lang": "ru", "value": "Программный офис ОБСЕ в Бишкеке"},
        {"lang": "ky", "value": "ЕККУнун Бишкектеги программалык кеңсеси"},
    ],
    "countries": ["KGZ"],
    "mandate_summary": "Supports the Kyrgyz Republic on conflict prevention, border management, "
    "water governance and the rule of law; runs the OSCE's field early-warning network in the "
    "south of the country.",
    "parent_code": "OSCE",
    "offices": [
        {"city": "Bishkek", "country": "KGZ", "is_headquarters": True},
        {"city": "Osh", "country": "KGZ", "address": "Field office Osh", "is_headquarters": False},
    ],
    "website": "https://www.osce.org/programme-office-in-bishkek",
}
"""A field operation of the OSCE (register the OSCE first: it is the parent)."""

ORGANIZATION_UPDATE: dict[str, Any] = {
    "offices": [
        {"city": "Bishkek", "country": "KGZ", "is_headquarters": True},
        {"city": "Osh", "country": "KGZ", "address": "Field office Osh", "is_headquarters": False},
        {"city": "Batken", "country": "KGZ", "is_headquarters": False},
    ],
}
"""A new field presence in Batken."""

ORGANIZATION_READ: dict[str, Any] = ORGANIZATION_CREATE | {
    "id": ORGANIZATION_ID,
    "offices": [
        {"city": "Bishkek", "country": "KGZ", "address": None, "is_headquarters": True},
        {"city": "Osh", "country": "KGZ", "address": "Field office Osh", "is_headquarters": False},
    ],
    "is_active": True,
    "created_at": "2026-03-02T10:00:00.000000+00:00",
    "updated_at": "2026-03-02T10:00:00.000000+00:00",
    "version": 1,
}

CONTACT_CREATE: dict[str, Any] = {
    "full_name": "Aizada Toktosunova",
    "function": "Political Officer, early warning",
    "roles": ["focal_point", "early_warning"],
    "email": "a.toktosunova@example.org",
    "phone": "+996 312 000 000",
    "notes": "Speaks Kyrgyz, Russian and English; covers Batken and Osh provinces.",
}

CONTACT_UPDATE: dict[str, Any] = {
    "function": "Senior Political Officer, early warning",
    "phone": "+996 312 000 111",
}

CONTACT_READ: dict[str, Any] = {
    "id": CONTACT_ID,
    "organization_code": "OSCE-POB",
    "full_name": CONTACT_CREATE["full_name"],
    "function": CONTACT_CREATE["function"],
    "roles": CONTACT_CREATE["roles"],
    "is_active": True,
    "details": {
        "email": CONTACT_CREATE["email"],
        "phone": CONTACT_CREATE["phone"],
        "notes": CONTACT_CREATE["notes"],
    },
    "details_hidden": False,
    "version": 1,
}
"""As an officer of the Centre reads it; without need-to-know, details is null."""
