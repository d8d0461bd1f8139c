"""Read JSON, GeoJSON and ACLED-style CSV batches into items.

* JSON: ``{"items": [...]}``, each item the incident create payload plus ``id``, an optional
  ``version`` (whole number) or ``updated_at`` (RFC 3339), and ``retracted: true`` to retract.
* GeoJSON (RFC 7946): a FeatureCollection of Point features; the feature ``id`` is the item id,
  ``properties`` hold the same fields as a JSON item (without latitude and longitude).
* CSV: ACLED columns, read by the bulk import's parser; ``event_id_cnty`` is the item id.
"""

from __future__ import annotations

import json
import math
from typing import Any

from pdp_common.json_limits import JsonLimits, JsonRefused, check_json
from pdp_common.request_limits import refusal

from incidents.errors import IncidentImportInvalid
from incidents.feeds.inbound.errors import FeedItemsInvalid, FeedItemsTooLarge
from incidents.feeds.inbound.items import ParsedItem
from incidents.imports import parsing as import_parsing

CONTROL = frozenset({"id", "version", "updated_at", "retracted"})


def _load(body: bytes, limits: JsonLimits) -> Any:
    try:
        check_json(body, limits)
    except JsonRefused as exc:
        raise refusal(exc) from exc
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise FeedItemsInvalid(f"The body is not JSON ({exc}).") from exc


def _count(values: list[Any], max_items: int) -> None:
    if len(values) > max_items:
        raise FeedItemsTooLarge(f"A batch holds at most {max_items} items; this one {len(values)}.")


def _item(index: int, pointer: str, raw: Any, item_id: Any) -> ParsedItem:
    """Read the control fields of a JSON item or a feature's properties; keep the rest."""
    item = ParsedItem(index=index, pointer=pointer)
    if not isinstance(raw, dict):
        item.fail(pointer, "must be an object")
        return item
    item.take_id(item_id, f"{pointer}/id")
    if "version" in raw:
        item.take_number(raw["version"], f"{pointer}/version")
    elif "updated_at" in raw:
        item.take_instant(raw["updated_at"], f"{pointer}/updated_at")
    retracted = raw.get("retracted", False)
    if not isinstance(retracted, bool):
        item.fail(f"{pointer}/retracted", "must be true or false")
    item.is_retraction = retracted is True
    item.payload = (
        None if item.is_retraction else {k: v for k, v in raw.items() if k not in CONTROL}
    )
    return item


def parse_json(body: bytes, *, limits: JsonLimits, max_items: int) -> list[ParsedItem]:
    """Read a JSON batch ``{"items": [...]}``."""
    document = _load(body, limits)
    if not isinstance(document, dict) or not isinstance(document.get("items"), list):
        raise FeedItemsInvalid('The body must be a JSON object {"items": [...]}.')
    items: list[Any] = document["items"]
    _count(items, max_items)
    return [
        _item(n, f"/items/{n}", raw, raw.get("id") if isinstance(raw, dict) else None)
        for n, raw in enumerate(items)
    ]


def _point(item: ParsedItem, geometry: Any, pointer: str) -> tuple[float, float] | None:
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        item.fail(f"{pointer}/geometry", "must be a GeoJSON Point [longitude, latitude]")
        return None
    coordinates = geometry.get("coordinates")
    if (
        not isinstance(coordinates, list)
        or len(coordinates) not in (2, 3)
        or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in coordinates)
        or not all(math.isfinite(c) for c in coordinates)
    ):
        item.fail(f"{pointer}/geometry/coordinates", "must be [longitude, latitude] numbers")
        return None
    longitude, latitude = float(coordinates[0]), float(coordinates[1])
    if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
        item.fail(f"{pointer}/geometry/coordinates", "out of range (lon -180..180, lat -90..90)")
        return None
    return longitude, latitude


def parse_geojson(body: bytes, *, limits: JsonLimits, max_items: int) -> list[ParsedItem]:
    """Read a GeoJSON FeatureCollection of Point features."""
    document = _load(body, limits)
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise FeedItemsInvalid("The body must be a GeoJSON FeatureCollection.")
    features = document.get("features")
    if not isinstance(features, list):
        raise FeedItemsInvalid("A FeatureCollection needs a features array.")
    _count(features, max_items)
    items = []
    for n, feature in enumerate(features):
        pointer = f"/features/{n}"
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            item = ParsedItem(index=n, pointer=pointer)
            item.fail(pointer, "must be a GeoJSON Feature")
            items.append(item)
            continue
        properties = feature.get("properties") or {}
        item = _item(n, f"{pointer}/properties", properties, feature.get("id"))
        item.pointer = pointer
        point = _point(item, feature.get("geometry"), pointer) if not item.is_retraction else None
        if item.payload is not None and point is not None:
            item.payload |= {"longitude": point[0], "latitude": point[1]}
        items.append(item)
    return items


def parse_csv(body: bytes, *, partner_org: str, max_items: int) -> list[ParsedItem]:
    """Read an ACLED-style CSV through the bulk import's parser."""
    try:
        candidates = import_parsing.parse_csv(body, origin_org=partner_org, max_rows=max_items)
    except IncidentImportInvalid as exc:
        if exc.detail.startswith("A batch holds at most"):
            raise FeedItemsTooLarge(exc.detail) from exc
        raise FeedItemsInvalid(exc.detail) from exc
    items = []
    for candidate in candidates:
        item = ParsedItem(index=candidate.row - 1, pointer=f"row {candidate.row}")
        for error in candidate.errors:
            item.fail(f"row {candidate.row}/{error.field}", error.message)
        if candidate.payload is not None:
            origin = candidate.payload.pop("origin", None) or {}
            item.take_id(origin.get("external_id"), f"row {candidate.row}/event_id_cnty")
            item.payload = candidate.payload
        items.append(item)
    return items
