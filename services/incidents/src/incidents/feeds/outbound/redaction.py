"""The redacted form of an incident a partner receives, and the plain form of feed entries.

Partners get the incident's facts (what, when, where, how sure, how sensitive) and never the
Centre's working data: the named sources, the origin record, the provenance trail and the staff
who created or changed it (``REDACTED``); confidence and the number of independent sources stay.
"""

from __future__ import annotations

from typing import Any

from incidents import rows
from incidents.feeds.outbound.service import FeedEntry, FeedPage
from incidents.feeds.outbound.vocabulary import EntryKind

REDACTED = frozenset({"sources", "origin", "provenances", "created_by", "updated_by"})
"""Fields of the incident read model never sent to a partner."""


def redacted(entry: FeedEntry) -> dict[str, Any]:
    """Return the incident of ``entry`` as JSON data, without the redacted fields."""
    data = rows.to_read(entry.incident).model_dump(mode="json")
    return {name: value for name, value in data.items() if name not in REDACTED}


def changed_at(entry: FeedEntry, page: FeedPage) -> str:
    """Return when the entry changed as far as the partner may know (serving time if withdrawn)."""
    if entry.reason is not None and entry.reason.value == "withdrawn":
        return page.served_at.isoformat()
    return entry.incident.updated_at.isoformat()


def entry_document(entry: FeedEntry, page: FeedPage) -> dict[str, Any]:
    """Return one entry as the JSON feed gives it."""
    incident = entry.incident
    document: dict[str, Any] = {
        "position": entry.position,
        "kind": entry.kind.value,
        "id": str(incident.id),
        "reference": incident.reference,
        "version": incident.version,
        "changed_at": changed_at(entry, page),
    }
    if entry.kind is EntryKind.INCIDENT:
        document["incident"] = redacted(entry)
    else:
        document["reason"] = entry.reason.value if entry.reason else None
        merged = (
            incident.merged_into_id if entry.reason and entry.reason.value == "merged" else None
        )
        document["merged_into"] = str(merged) if merged else None
    return document


def page_document(page: FeedPage) -> dict[str, Any]:
    """Return a page as the JSON feed gives it."""
    return {
        "partner": page.partner,
        "served_at": page.served_at.isoformat(),
        "items": [entry_document(e, page) for e in page.entries],
        "next_cursor": page.next_cursor,
        "has_more": page.has_more,
    }
