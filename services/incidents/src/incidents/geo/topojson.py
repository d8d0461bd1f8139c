"""Decode TopoJSON topologies (arcs, quantization, geometry objects) into GeoJSON geometries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

Position = list[float]
Ring = list[Position]


class Topology:
    """A decoded TopoJSON topology whose arcs are absolute, rounded positions."""

    def __init__(self, topology: Mapping[str, Any], *, decimals: int = 4) -> None:
        if topology.get("type") != "Topology":
            raise ValueError("not a TopoJSON topology")
        self.objects: Mapping[str, Any] = topology["objects"]
        self._arcs = [
            _decode_arc(arc, topology.get("transform"), decimals) for arc in topology["arcs"]
        ]

    def arc(self, index: int) -> list[Position]:
        """Return the positions of arc ``index``; a negative index (``~i``) is arc i reversed."""
        if index < 0:
            return self._arcs[~index][::-1]
        return self._arcs[index]

    def ring(self, arc_indexes: Sequence[int]) -> Ring:
        """Join arcs end to start into one closed ring."""
        ring: Ring = []
        for index in arc_indexes:
            for position in self.arc(index):
                if not ring or ring[-1] != position:
                    ring.append(position)
        if ring and ring[0] != ring[-1]:
            ring.append(list(ring[0]))
        return ring

    def polygon(self, rings: Sequence[Sequence[int]]) -> list[Ring]:
        """Return a polygon's rings, without those that rounding collapsed (fewer than 4 points)."""
        decoded = [self.ring(r) for r in rings]
        if not decoded or len(decoded[0]) < 4:
            return []
        return [r for r in decoded if len(r) >= 4]

    def geometry(self, obj: Mapping[str, Any]) -> dict[str, Any] | None:
        """Return the GeoJSON geometry of a (Multi)Polygon object, or None if null or empty."""
        kind = obj.get("type")
        if kind == "Polygon":
            rings = self.polygon(obj["arcs"])
            return {"type": "Polygon", "coordinates": rings} if rings else None
        if kind == "MultiPolygon":
            polygons = [p for p in (self.polygon(rings) for rings in obj["arcs"]) if p]
            return {"type": "MultiPolygon", "coordinates": polygons} if polygons else None
        if kind is None:
            return None
        raise ValueError(f"unsupported TopoJSON geometry type {kind!r}")


def _decode_arc(
    arc: Sequence[Sequence[float]], transform: Mapping[str, Any] | None, decimals: int
) -> list[Position]:
    """Undo delta encoding and quantization of one arc."""
    if transform is None:
        return [[round(p[0], decimals), round(p[1], decimals)] for p in arc]
    scale_x, scale_y = transform["scale"]
    shift_x, shift_y = transform["translate"]
    x = y = 0.0
    positions: list[Position] = []
    for dx, dy in (p[:2] for p in arc):
        x += dx
        y += dy
        positions.append(
            [round(x * scale_x + shift_x, decimals), round(y * scale_y + shift_y, decimals)]
        )
    return positions
