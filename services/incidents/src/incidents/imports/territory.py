"""Batched first pass of the coordinates check: which points surely lie in their stated country.

A point that lies in (or on the border of) its country's polygon passes the single-create check
(:meth:`incidents.geo.BoundaryIndex.check`) without any distance computation; this module answers
that question for a whole batch at once with shapely's vectorized ``intersects_xy`` on one
prepared polygon per country (loaded from the same bundled boundaries and cached per country).
Every point that does not pass here goes through the full check, which gives the exact answer and
its reasons (near the border within the tolerance, outside, unknown country, bad coordinates).
"""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from incidents.geo.boundaries import BUNDLED_FILE


@cache
def _features() -> dict[str, dict[str, Any]]:
    data = resources.files("incidents.geo").joinpath("data", BUNDLED_FILE).read_bytes()
    collection = json.loads(gzip.decompress(data))
    return {
        str(feature["properties"]["iso_a3"]).upper(): feature["geometry"]
        for feature in collection["features"]
    }


@cache
def territory(country: str) -> BaseGeometry | None:
    """Return the prepared polygon of a country (alpha-3), or None when none is bundled."""
    geometry = _features().get(country.upper())
    if geometry is None:
        return None
    polygon = shape(geometry)
    shapely.prepare(polygon)
    return polygon


def inside_own_country(points: Sequence[tuple[str, float, float]]) -> list[bool]:
    """Tell, for each (country, longitude, latitude), whether the point lies in that country."""
    by_country: dict[str, list[int]] = defaultdict(list)
    for index, (country, _, _) in enumerate(points):
        by_country[country].append(index)
    inside = [False] * len(points)
    for country, indexes in by_country.items():
        polygon = territory(country)
        if polygon is None:
            continue
        xs = [points[i][1] for i in indexes]
        ys = [points[i][2] for i in indexes]
        hits = shapely.intersects_xy(polygon, xs, ys)
        for index, hit in zip(indexes, hits.tolist(), strict=True):
            inside[index] = bool(hit)
    return inside
