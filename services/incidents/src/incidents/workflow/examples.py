"""Examples of the workflow schemas, shown in the OpenAPI document.

The transitions, in order, take a reported incident under review, verify it and correct it.
"""

from __future__ import annotations

from typing import Any

TO_UNDER_REVIEW: dict[str, Any] = {
    "status": "under_review",
    "reason": "Taken up for verification with the OSCE field office and the border services.",
}
TO_VERIFIED: dict[str, Any] = {
    "status": "verified",
    "reason": "Confirmed by the OSCE Programme Office in Bishkek and by statements of both "
    "border services.",
}
TO_CORRECTED: dict[str, Any] = {
    "status": "corrected",
    "reason": "The State Border Service of Kyrgyzstan reported a third wounded guard.",
    "changes": {"casualties": {"best": 3, "low": 3, "high": 3}},
}

TIMELINE_ENTRY_READ: dict[str, Any] = {
    "id": "01a22279-5f53-7a1f-a8eb-80d3d1b614d7",
    "at": "2026-11-28T14:05:09.331000+00:00",
    "action": "transition",
    "from_status": "under_review",
    "to_status": "verified",
    "actor": "daniyar.omarov@unrcca.org",
    "actor_org": "UNRCCA",
    "reason": TO_VERIFIED["reason"],
    "changes": [],
    "version": 3,
}
