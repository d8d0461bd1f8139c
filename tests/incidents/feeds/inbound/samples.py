"""Partner batches in every inbound format, built around the test places."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.incidents.factories import PLACES

PARTNER = "UNAMA"


def when(days: float = 1.0) -> str:
    """Return an instant ``days`` ago, RFC 3339 with its offset."""
    return (datetime.now(UTC) - timedelta(days=days)).replace(microsecond=0).isoformat()


def json_item(item_id: str, country: str = "AFG", **fields: Any) -> dict[str, Any]:
    """Return a JSON feed item (the create payload, an id, no sources)."""
    admin1, location, lon, lat = PLACES[country]
    item: dict[str, Any] = {
        "id": item_id, "title": f"Armed clash near {location}", "occurred_at": when(),
        "country": country, "admin1": admin1, "location": location, "latitude": lat,
        "longitude": lon, "category": "border_incident", "event_type": "Battles",
        "sub_event_type": "Armed clash", "severity": 3,
    }  # fmt: skip
    item.update(fields)
    return item


def json_batch(*items: dict[str, Any]) -> bytes:
    """Return a JSON batch body."""
    return json.dumps({"items": list(items)}).encode()


def geojson_batch(*items: dict[str, Any]) -> bytes:
    """Return a GeoJSON FeatureCollection of the JSON items."""
    features = []
    for item in items:
        properties = {k: v for k, v in item.items() if k not in ("id", "latitude", "longitude")}
        geometry = {"type": "Point", "coordinates": [item["longitude"], item["latitude"]]}
        features.append(
            {"type": "Feature", "id": item["id"], "geometry": geometry, "properties": properties}
        )
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def cap_alert(
    identifier: str,
    *,
    sent: str,
    kind: str = "Alert",
    references: str = "",
    headline: str = "Shelling reported near Mazar-i-Sharif",
) -> str:
    """Return one CAP 1.2 alert about the AFG test place."""
    _, location, lon, lat = PLACES["AFG"]
    refs = f"<references>{references}</references>" if references else ""
    info = (
        ""
        if kind == "Cancel"
        else f"""<info><language>en</language><category>Security</category>
    <event>Shelling</event><urgency>Immediate</urgency><severity>Severe</severity>
    <certainty>Observed</certainty><onset>{when()}</onset><headline>{headline}</headline>
    <description>Artillery fire was reported.</description>
    <parameter><valueName>category</valueName><value>terrorism</value></parameter>
    <parameter><valueName>event_type</valueName><value>Explosions/Remote violence</value>
    </parameter><parameter><valueName>sub_event_type</valueName>
    <value>Shelling/artillery/missile attack</value></parameter>
    <area><areaDesc>{location}</areaDesc><circle>{lat},{lon} 5</circle>
    <geocode><valueName>ISO3166-1</valueName><value>AFG</value></geocode></area></info>"""
    )
    return f"""<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>{identifier}</identifier><sender>feeds@unama.example</sender>
  <sent>{sent}</sent><status>Actual</status><msgType>{kind}</msgType><scope>Public</scope>
  {refs}{info}</alert>"""


def atom_feed(entries: str = "", deleted: str = "") -> bytes:
    """Return an Atom feed with the given entries and tombstones."""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:georss="http://www.georss.org/georss"
      xmlns:at="http://purl.org/atompub/tombstones/1.0">
  <id>urn:unama:feed</id><title>UNAMA situation</title><updated>{when(0)}</updated>
  {entries}{deleted}</feed>""".encode()


def atom_entry(entry_id: str, *, updated: str, title: str = "Protest in Mazar-i-Sharif") -> str:
    """Return an Atom entry about the AFG test place."""
    _, _, lon, lat = PLACES["AFG"]
    return f"""<entry><id>{entry_id}</id><title>{title}</title><updated>{updated}</updated>
  <published>{when()}</published><summary>Several hundred people gathered.</summary>
  <georss:point>{lat} {lon}</georss:point>
  <category scheme="urn:pdp:country" term="AFG"/>
  <category scheme="urn:pdp:category" term="political_unrest"/>
  <category scheme="urn:pdp:event_type" term="Protests"/>
  <category scheme="urn:pdp:sub_event_type" term="Peaceful protest"/>
  <category scheme="urn:pdp:severity" term="2"/></entry>"""


def acled_csv(*rows: dict[str, str]) -> bytes:
    """Return an ACLED-style CSV of rows (the columns the import reads)."""
    columns = ["event_id_cnty", "event_date", "year", "event_type", "sub_event_type", "actor1",
               "country", "admin1", "location", "latitude", "longitude", "fatalities", "notes",
               "source"]  # fmt: skip
    lines = [",".join(columns)]
    for row in rows:
        lines.append(",".join(row.get(c, "") for c in columns))
    return ("\n".join(lines) + "\n").encode()


def acled_row(event_id: str, **fields: str) -> dict[str, str]:
    """Return an ACLED row about the AFG test place."""
    admin1, location, lon, lat = PLACES["AFG"]
    day = datetime.now(UTC) - timedelta(days=2)
    row = {
        "event_id_cnty": event_id, "event_date": day.date().isoformat(), "year": str(day.year),
        "event_type": "Riots", "sub_event_type": "Mob violence", "actor1": "Rioters (Afghanistan)",
        "country": "Afghanistan", "admin1": admin1, "location": location, "latitude": str(lat),
        "longitude": str(lon), "fatalities": "0", "notes": "A crowd attacked a checkpoint.",
        "source": "Pajhwok",
    }  # fmt: skip
    row.update(fields)
    return row
