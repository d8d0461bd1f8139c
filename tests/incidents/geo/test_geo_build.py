"""Tests of TopoJSON decoding and the reproducible boundaries build."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
import shapely
from incidents.geo.build_boundaries import build
from incidents.geo.topojson import Topology
from shapely.geometry import shape

# Two unit squares sharing the arc x=1 (quantized: scale 1, translate 0), plus a hole-less island.
TOPOLOGY: dict[str, Any] = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.5], "translate": [60.0, 40.0]},
    "arcs": [
        [[2, 0], [0, 2]],  # shared edge x=61 from y=40 to y=41
        [[2, 2], [-2, 0], [0, -2], [2, 0]],  # west square, from (61,41) round to (61,40)
        [[2, 0], [2, 0], [0, 2], [-2, 0]],  # east square, from (61,40) round to (61,41)
    ],
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "id": "417", "properties": {"name": "W"}},
                {"type": "Polygon", "arcs": [[2, -1]], "id": "762", "properties": {"name": "E"}},
                {"type": None, "id": "860", "properties": {"name": "Empty"}},
            ],
        }
    },
}


class TestTopology:
    def test_decodes_delta_encoded_quantized_arcs(self) -> None:
        topology = Topology(TOPOLOGY)
        assert topology.arc(0) == [[61.0, 40.0], [61.0, 41.0]]
        assert topology.arc(~0) == [[61.0, 41.0], [61.0, 40.0]]

    def test_joins_arcs_into_closed_rings(self) -> None:
        topology = Topology(TOPOLOGY)
        west = topology.geometry(TOPOLOGY["objects"]["countries"]["geometries"][0])
        assert west is not None
        polygon = shape(west)
        assert polygon.is_valid
        assert polygon.area == pytest.approx(1.0)
        assert polygon.bounds == (60.0, 40.0, 61.0, 41.0)

    def test_null_geometry(self) -> None:
        assert Topology(TOPOLOGY).geometry({"type": None}) is None

    def test_refuses_what_is_not_a_topology(self) -> None:
        with pytest.raises(ValueError, match="TopoJSON"):
            Topology({"type": "FeatureCollection"})

    def test_refuses_unsupported_geometry(self) -> None:
        with pytest.raises(ValueError, match="LineString"):
            Topology(TOPOLOGY).geometry({"type": "LineString", "arcs": [0]})


class TestBuild:
    def _package(self, directory: Path) -> Path:
        for scale in ("10m", "50m"):
            (directory / f"countries-{scale}.json").write_text(json.dumps(TOPOLOGY))
        return directory

    def test_writes_reproducible_ccw_features(self, tmp_path: Path) -> None:
        package = self._package(tmp_path)
        first, second = tmp_path / "a.geojson.gz", tmp_path / "b.geojson.gz"
        assert build(package, first) == 2
        build(package, second)
        assert first.read_bytes() == second.read_bytes()
        collection = json.loads(gzip.decompress(first.read_bytes()))
        by_code = {f["properties"]["iso_a3"]: f for f in collection["features"]}
        assert set(by_code) == {"KGZ", "TJK"}
        assert by_code["KGZ"]["properties"]["scale"] == "10m"
        exterior = shape(by_code["TJK"]["geometry"]).exterior
        assert exterior.is_ccw
        assert shapely.equals(shape(by_code["TJK"]["geometry"]), shapely.box(61, 40, 62, 41))
