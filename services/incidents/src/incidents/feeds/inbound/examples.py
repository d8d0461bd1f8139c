"""Examples of the inbound feed's request bodies, one per format."""

from __future__ import annotations

from typing import Any

FEED_ITEMS_JSON: dict[str, Any] = {
    "items": [
        {
            "id": "unama-2026-0413",
            "version": 3,
            "title": "Armed clash near Mazar-i-Sharif",
            "occurred_at": "2026-12-04T09:00:00+00:00",
            "country": "AFG",
            "admin1": "Balkh",
            "location": "Mazar-i-Sharif",
            "latitude": 36.709,
            "longitude": 67.11,
            "category": "border_incident",
            "event_type": "Battles",
            "sub_event_type": "Armed clash",
            "severity": 3,
        },
        {"id": "unama-2026-0398", "version": 2, "retracted": True},
    ]
}
FEED_ITEMS_GEOJSON: dict[str, Any] = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "id": "unama-2026-0413",
            "geometry": {"type": "Point", "coordinates": [67.11, 36.709]},
            "properties": {
                "updated_at": "2026-12-04T10:00:00+00:00",
                "title": "Armed clash near Mazar-i-Sharif",
                "occurred_at": "2026-12-04T09:00:00+00:00",
                "country": "AFG",
                "category": "border_incident",
                "event_type": "Battles",
                "sub_event_type": "Armed clash",
                "severity": 3,
            },
        }
    ],
}
FEED_ITEMS_CAP = """<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>unama-cap-77</identifier><sender>feeds@unama.example</sender>
  <sent>2026-12-04T10:00:00+00:00</sent><status>Actual</status><msgType>Alert</msgType>
  <scope>Public</scope>
  <info><category>Security</category><event>Shelling</event><urgency>Immediate</urgency>
    <severity>Severe</severity><certainty>Observed</certainty>
    <headline>Shelling near Mazar-i-Sharif</headline>
    <parameter><valueName>category</valueName><value>terrorism</value></parameter>
    <area><areaDesc>Mazar-i-Sharif</areaDesc><circle>36.709,67.11 5</circle>
      <geocode><valueName>ISO3166-1</valueName><value>AFG</value></geocode></area></info>
</alert>"""
FEED_ITEMS_ATOM = """<feed xmlns="http://www.w3.org/2005/Atom"
      xmlns:georss="http://www.georss.org/georss"
      xmlns:at="http://purl.org/atompub/tombstones/1.0">
  <id>urn:unama:situation</id><title>UNAMA situation</title>
  <updated>2026-12-04T10:00:00Z</updated>
  <entry><id>urn:unama:item:7</id><title>Protest in Mazar-i-Sharif</title>
    <updated>2026-12-04T10:00:00Z</updated><published>2026-12-04T08:00:00Z</published>
    <georss:point>36.709 67.11</georss:point>
    <category scheme="urn:pdp:country" term="AFG"/>
    <category scheme="urn:pdp:event_type" term="Protests"/>
    <category scheme="urn:pdp:sub_event_type" term="Peaceful protest"/></entry>
  <at:deleted-entry ref="urn:unama:item:5" when="2026-12-04T09:30:00Z"/>
</feed>"""
FEED_ITEMS_CSV = (
    "event_id_cnty,event_date,year,event_type,sub_event_type,actor1,country,admin1,location,"
    "latitude,longitude,fatalities,source\n"
    "AFG90001,2026-12-03,2026,Riots,Mob violence,Rioters (Afghanistan),Afghanistan,Balkh,"
    "Mazar-i-Sharif,36.709,67.11,0,Pajhwok\n"
)
