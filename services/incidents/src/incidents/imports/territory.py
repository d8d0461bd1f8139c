"""Batched first pass of the coordinates check: which points surely lie in their stated country.

A point that lies in (or on the border of) its country's polygon passes the single-create check
(:meth:`incidents.geo.BoundaryIndex.check`) without any distance computation; this module answers
that question for a whole batch at once with shapely's vectorized ``intersects_xy`` on the
prepared polygon of each country (the index's own). Every point that does not pass here goes
through the full check, which gives the exact answer and its reasons (near the border within the
tolerance, outside, unknown country, bad coordinates).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import shapely

from incidents.geo import boundary_index


def inside_own_country(points: Sequence[tuple[str, float, float]]) -> list[bool]:
    """Tell, for each (country, longitude, latitude), whether the point lies in that country."""
    by_country: dict[str, list[int]] = defaultdict(list)
    for index, (country, _, _) in enumerate(points):
        by_country[country].append(index)
    inside = [False] * len(points)
    boundaries = boundary_index()
    for country, indexes in by_country.items():
        polygon = boundaries.territory(country)
        if polygon is None:
            continue
        xs = [points[i][1] for i in indexes]
        ys = [points[i][2] for i in indexes]
        hits = shapely.intersects_xy(polygon, xs, ys)
        for index, hit in zip(indexes, hits.tolist(), strict=True):
            inside[index] = bool(hit)
    return inside
