"""Examples of the briefings feed's API models, shown in the OpenAPI document."""

from __future__ import annotations

from typing import Any

from briefings.examples import BRIEFING_ID

BRIEFING_FEED_SHARE_READ: dict[str, Any] = {
    "id": "01a23a5e-9b40-7c21-8f3e-2d6a0c4b7e19",
    "partner_org": "OSCE",
    "briefing_id": BRIEFING_ID,
    "version": 5,
    "format": "json",
    "served_at": "2026-03-12T09:15:00Z",
    "cursor": "WzEyXQ",
}
"""A briefing served to the OSCE in JSON, after the cursor of its previous page."""
