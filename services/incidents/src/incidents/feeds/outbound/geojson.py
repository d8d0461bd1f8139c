"""The feed as an RFC 7946 FeatureCollection: items as Point features (the exports' rendering),
tombstones as features without geometry; the cursor as foreign members."""

from __future__ import annotations

from typing import Any

from incidents import rows
from incidents.exports import formats
from incidents.feeds.outbound.redaction import changed_at
from incidents.feeds.outbound.service import FeedEntry, FeedPage
from incidents.feeds.outbound.vocabulary import EntryKind


def entry_feature(entry: FeedEntry, page: FeedPage) -> dict[str, Any]:
    """Return one entry as a GeoJSON Feature."""
    incident = entry.incident
    extra = {"feed_position": entry.position, "kind": entry.kind.value, "version": incident.version}
    if entry.kind is EntryKind.INCIDENT:
        feature = formats.feature(rows.to_read(incident))
        feature["properties"].update(extra)
        return feature
    merged = incident.merged_into_id if entry.reason and entry.reason.value == "merged" else None
    return {
        "type": "Feature",
        "id": str(incident.id),
        "geometry": None,
        "properties": extra
        | {
            "reference": incident.reference,
            "reason": entry.reason.value if entry.reason else None,
            "merged_into": str(merged) if merged else None,
            "changed_at": changed_at(entry, page),
        },
    }


def feature_collection(page: FeedPage) -> dict[str, Any]:
    """Return a page as a FeatureCollection with ``next_cursor`` and ``has_more`` members."""
    return {
        "type": "FeatureCollection",
        "features": [entry_feature(e, page) for e in page.entries],
        "next_cursor": page.next_cursor,
        "has_more": page.has_more,
    }
