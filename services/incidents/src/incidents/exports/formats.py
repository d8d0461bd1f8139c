"""Render incidents as ACLED-style CSV lines and RFC 7946 GeoJSON features."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from pdp_common.csv_cells import neutralise_row

from incidents.acled import ACLED_COLUMNS, to_acled_row
from incidents.exports.schemas import FEATURE_PROPERTIES
from incidents.schemas import IncidentRead

GEOJSON_MEDIA_TYPE = "application/geo+json"
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"
"""Starts the Excel variant of the CSV: Excel reads a CSV as the system's code page (mangling
Cyrillic) unless it starts with the UTF-8 byte order mark."""
FEATURE_COLLECTION_START = '{"type":"FeatureCollection","features":['
FEATURE_COLLECTION_END = "]}\n"


def feature(incident: IncidentRead) -> dict[str, Any]:
    """Return an incident as a GeoJSON Point feature (longitude first, as RFC 7946 requires)."""
    data = incident.model_dump(mode="json")
    return {
        "type": "Feature",
        "id": data["id"],
        "geometry": {"type": "Point", "coordinates": [data["longitude"], data["latitude"]]},
        "properties": {name: data[name] for name in FEATURE_PROPERTIES},
    }


def geojson_chunk(incidents: Iterable[IncidentRead], *, first: bool) -> str:
    """Return the features of ``incidents`` as a comma-separated chunk of a FeatureCollection."""
    body = ",".join(
        json.dumps(feature(i), ensure_ascii=False, separators=(",", ":")) for i in incidents
    )
    if not body:
        return ""
    return body if first else "," + body


def csv_header() -> str:
    """Return the header line of an ACLED-style CSV."""
    return _csv_lines([dict(zip(ACLED_COLUMNS, ACLED_COLUMNS, strict=True))])


def csv_chunk(incidents: Iterable[IncidentRead]) -> str:
    """Return ``incidents`` as ACLED-style CSV lines, formula-looking cells neutralised."""
    return _csv_lines(neutralise_row(to_acled_row(i.model_dump(mode="json"))) for i in incidents)


def _csv_lines(rows: Iterable[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ACLED_COLUMNS, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue()
