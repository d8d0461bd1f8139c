"""Read CAP 1.2 alerts and Atom feeds into items (XML read through :mod:`.xml`).

CAP 1.2: one ``alert``, or any root element holding ``alert`` elements. The item id is the
alert's ``identifier``; an ``Update`` or ``Cancel`` names the original alert in ``references``
(``sender,identifier,sent``, the first one is the item id). ``sent`` is the version; ``Cancel``
retracts. The first ``info`` maps: ``headline`` (or ``event``) to the title, ``description`` to the
summary, ``onset``/``effective`` (or ``sent``) to the time, ``severity`` to 1-5, ``area``'s
``circle`` centre (or the polygon's vertex mean; CAP writes ``lat,lon``) to the place, a
``geocode`` named ``ISO3166-1`` to the country, ``areaDesc`` to the location, and ``parameter``s
named ``category``, ``event_type`` and ``sub_event_type`` to the ACLED classification.

Atom (RFC 4287): each ``entry`` is an item, its ``id`` the item id and ``updated`` the version;
``title``, ``summary`` (or ``content``), ``published`` as the time, ``georss:point`` (``lat lon``)
and ``category`` terms in the schemes ``urn:pdp:country``, ``urn:pdp:category``,
``urn:pdp:event_type``, ``urn:pdp:sub_event_type`` and ``urn:pdp:severity``. A tombstone
``at:deleted-entry ref= when=`` (RFC 6721) retracts the item ``ref``.
"""

from __future__ import annotations

from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from incidents.feeds.inbound.errors import FeedItemsInvalid, FeedItemsTooLarge
from incidents.feeds.inbound.items import ParsedItem
from incidents.feeds.inbound.xml import parse_xml, text_of
from incidents.vocabulary import default_category, is_valid_pair

CAP = {"cap": "urn:oasis:names:tc:emergency:cap:1.2"}
ATOM = {
    "a": "http://www.w3.org/2005/Atom",
    "at": "http://purl.org/atompub/tombstones/1.0",
    "georss": "http://www.georss.org/georss",
}
CAP_SEVERITY = {"Extreme": 5, "Severe": 4, "Moderate": 3, "Minor": 2, "Unknown": 2}
DEFAULT_TYPE = ("Strategic developments", "Other")
SCHEME = "urn:pdp:"


def _count(elements: list[Any], max_items: int) -> None:
    if len(elements) > max_items:
        raise FeedItemsTooLarge(
            f"A batch holds at most {max_items} items; this one {len(elements)}."
        )


def _classified(values: dict[str, str]) -> dict[str, Any]:
    """Return category, event type and sub-event type, defaulting what is not stated."""
    event_type = values.get("event_type") or DEFAULT_TYPE[0]
    sub_event_type = values.get("sub_event_type") or DEFAULT_TYPE[1]
    category = values.get("category")
    if not category and is_valid_pair(event_type, sub_event_type):
        category = str(default_category(event_type, sub_event_type))
    return {"category": category, "event_type": event_type, "sub_event_type": sub_event_type}


def _cap_place(item: ParsedItem, area: etree._Element | None, pointer: str) -> dict[str, Any]:
    circle = text_of(area, "cap:circle", CAP)
    polygon = text_of(area, "cap:polygon", CAP)
    try:
        if circle:
            lat, lon = (float(v) for v in circle.split()[0].split(","))
        elif polygon:
            pairs = [tuple(float(v) for v in p.split(",")) for p in polygon.split()]
            ring = pairs[:-1] if len(pairs) > 1 and pairs[0] == pairs[-1] else pairs
            lat = sum(p[0] for p in ring) / len(ring)
            lon = sum(p[1] for p in ring) / len(ring)
        else:
            item.fail(f"{pointer}/info/area", "needs a circle or polygon (CAP writes lat,lon)")
            return {}
    except ValueError:
        item.fail(f"{pointer}/info/area", "circle or polygon is not 'lat,lon' numbers")
        return {}
    country = ""
    for geocode in area.findall("cap:geocode", CAP) if area is not None else []:
        if text_of(geocode, "cap:valueName", CAP).upper() in ("ISO3166-1", "ISO3", "COUNTRY"):
            country = text_of(geocode, "cap:value", CAP).upper()
    if not country:
        item.fail(f"{pointer}/info/area/geocode", "needs a geocode ISO3166-1 (alpha-3 country)")
    return {
        "latitude": lat,
        "longitude": lon,
        "country": country,
        "location": text_of(area, "cap:areaDesc", CAP)[:200] or None,
    }


def _cap_item(index: int, alert: etree._Element) -> ParsedItem:
    pointer = f"/alert/{index}"
    item = ParsedItem(index=index, pointer=pointer)
    kind = text_of(alert, "cap:msgType", CAP)
    references = text_of(alert, "cap:references", CAP).split()
    if kind in ("Update", "Cancel") and references:
        parts = references[0].split(",")
        item.take_id(parts[1] if len(parts) == 3 else None, f"{pointer}/references")
    else:
        item.take_id(text_of(alert, "cap:identifier", CAP), f"{pointer}/identifier")
    sent = text_of(alert, "cap:sent", CAP)
    item.take_instant(sent, f"{pointer}/sent")
    item.is_retraction = kind == "Cancel"
    if kind not in ("Alert", "Update", "Cancel"):
        item.fail(f"{pointer}/msgType", "must be Alert, Update or Cancel")
    if item.is_retraction:
        return item
    info = alert.find("cap:info", CAP)
    if info is None:
        item.fail(f"{pointer}/info", "an Alert or Update needs an info block")
        return item
    parameters = {
        text_of(p, "cap:valueName", CAP): text_of(p, "cap:value", CAP)
        for p in info.findall("cap:parameter", CAP)
    }
    title = text_of(info, "cap:headline", CAP) or text_of(info, "cap:event", CAP)
    item.payload = {
        "title": title[:300],
        "summary": text_of(info, "cap:description", CAP),
        "language": text_of(info, "cap:language", CAP) or "en",
        "occurred_at": text_of(info, "cap:onset", CAP)
        or text_of(info, "cap:effective", CAP)
        or sent,
        "severity": CAP_SEVERITY.get(text_of(info, "cap:severity", CAP), 2),
        **_classified(parameters),
        **_cap_place(item, info.find("cap:area", CAP), pointer),
    }
    return item


def parse_cap(body: bytes, *, max_items: int) -> list[ParsedItem]:
    """Read one CAP 1.2 alert or a collection of them."""
    root = parse_xml(body)
    alerts = [root] if root.tag == f"{{{CAP['cap']}}}alert" else root.findall("cap:alert", CAP)
    if not alerts:
        raise FeedItemsInvalid("No CAP 1.2 alert (namespace urn:oasis:names:tc:emergency:cap:1.2).")
    _count(alerts, max_items)
    return [_cap_item(n, alert) for n, alert in enumerate(alerts)]


def _atom_item(index: int, entry: etree._Element) -> ParsedItem:
    pointer = f"/feed/entry/{index}"
    item = ParsedItem(index=index, pointer=pointer)
    item.take_id(text_of(entry, "a:id", ATOM), f"{pointer}/id")
    item.take_instant(text_of(entry, "a:updated", ATOM), f"{pointer}/updated")
    terms = {
        str(c.get("scheme", ""))[len(SCHEME) :]: str(c.get("term", "")).strip()
        for c in entry.findall("a:category", ATOM)
        if str(c.get("scheme", "")).startswith(SCHEME)
    }
    point = text_of(entry, "georss:point", ATOM).split()
    try:
        lat, lon = float(point[0]), float(point[1])
    except (IndexError, ValueError):
        item.fail(f"{pointer}/georss:point", "needs 'lat lon' numbers")
        return item
    severity = terms.get("severity", "2")
    item.payload = {
        "title": text_of(entry, "a:title", ATOM)[:300],
        "summary": text_of(entry, "a:summary", ATOM) or text_of(entry, "a:content", ATOM),
        "occurred_at": text_of(entry, "a:published", ATOM) or text_of(entry, "a:updated", ATOM),
        "country": terms.get("country", "").upper(),
        "latitude": lat,
        "longitude": lon,
        "severity": int(severity) if severity.isdigit() else severity,
        **_classified(terms),
    }
    return item


def _tombstone(index: int, deleted: etree._Element) -> ParsedItem:
    pointer = f"/feed/deleted-entry/{index}"
    item = ParsedItem(index=index, pointer=pointer, is_retraction=True)
    item.take_id(str(deleted.get("ref", "")), f"{pointer}/@ref")
    item.take_instant(str(deleted.get("when", "")), f"{pointer}/@when")
    return item


def parse_atom(body: bytes, *, max_items: int) -> list[ParsedItem]:
    """Read an Atom feed: entries and RFC 6721 tombstones."""
    root = parse_xml(body)
    if root.tag != f"{{{ATOM['a']}}}feed":
        raise FeedItemsInvalid("The body must be an Atom feed (http://www.w3.org/2005/Atom).")
    entries = root.findall("a:entry", ATOM)
    deleted = root.findall("at:deleted-entry", ATOM)
    _count([*entries, *deleted], max_items)
    items = [_atom_item(n, entry) for n, entry in enumerate(entries)]
    return items + [_tombstone(len(items) + n, d) for n, d in enumerate(deleted)]
