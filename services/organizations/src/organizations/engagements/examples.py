"""Examples of the engagement and follow-up schemas, shown in the OpenAPI document."""

from __future__ import annotations

from typing import Any

ENGAGEMENT_ID = "019e8232-6000-7c29-bed6-e296e3897cae"
FOLLOW_UP_ID = "019e8232-63e8-7835-9f24-ad7595052c7b"

FOLLOW_UP_CREATE: dict[str, Any] = {
    "action": "Circulate the draft summer water allocation schedule to the five delegations",
    "owner": "Political Affairs Officer",
    "due_on": "2026-06-15",
}

ENGAGEMENT_CREATE: dict[str, Any] = {
    "kind": "consultation",
    "title": "Regional consultation on transboundary water management",
    "occurred_at": "2026-05-28T07:00:00+00:00",
    "place": "Almaty",
    "countries": ["KAZ", "KGZ", "TJK", "TKM", "UZB"],
    "topics": ["water_energy_dispute"],
    "organizations": ["MFA-KGZ", "MFA-TJK", "OSCE"],
    "participants": [
        {"name": "Head of Centre", "side": "ours"},
        {
            "name": "Deputy Minister of Foreign Affairs",
            "side": "theirs",
            "organization_code": "MFA-KGZ",
            "function": "Head of delegation",
        },
        {"name": "Head of Mission", "side": "theirs", "organization_code": "OSCE"},
    ],
    "summary": "Deputy ministers reviewed the summer water allocation on the Syr Darya and the "
    "operation of the Toktogul reservoir.",
    "outcomes": "Agreement to meet again at technical level before the irrigation season peaks.",
    "sensitivity": "internal",
    "follow_ups": [FOLLOW_UP_CREATE],
}

ENGAGEMENT_UPDATE: dict[str, Any] = {
    "outcomes": "Agreement to meet again at technical level in Tashkent on 25 June; the draft "
    "allocation schedule is to be circulated beforehand.",
}

FOLLOW_UP_UPDATE: dict[str, Any] = {"status": "done"}

FOLLOW_UP_READ: dict[str, Any] = FOLLOW_UP_CREATE | {
    "id": FOLLOW_UP_ID,
    "engagement_id": ENGAGEMENT_ID,
    "status": "in_progress",
    "is_overdue": False,
    "overdue_announced_at": None,
    "completed_at": None,
    "version": 2,
}

ENGAGEMENT_READ: dict[str, Any] = {
    key: value for key, value in ENGAGEMENT_CREATE.items() if key != "follow_ups"
} | {
    "id": ENGAGEMENT_ID,
    "participants": [
        {"organization_code": None, "function": None} | participant
        for participant in ENGAGEMENT_CREATE["participants"]
    ],
    "created_by": "political.officer@unrcca.org",
    "created_at": "2026-06-01T08:00:00.000000+00:00",
    "follow_ups": [FOLLOW_UP_READ],
    "version": 1,
}
