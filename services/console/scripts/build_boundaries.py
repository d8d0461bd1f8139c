"""Build the console's map outline of the six countries from npm ``world-atlas`` (Natural Earth).

Run from the repository root (npm must be on PATH unless ``--world-atlas`` points at the
package's tarball)::

    uv run python services/console/scripts/build_boundaries.py

The 1:50m Natural Earth countries are decoded with the incidents service's TopoJSON reader,
simplified to about a kilometre (the map is an overview: the incidents service checks coordinates
against its own detailed boundaries) and written with English and Russian names.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import shapely
from incidents.geo.build_boundaries import WORLD_ATLAS, clean, country_shapes, fetch_world_atlas
from incidents.geo.build_boundaries import unpack as unpack_tarball
from shapely.geometry import mapping
from shapely.geometry.polygon import orient

OUTPUT = Path(__file__).parents[1] / "src" / "console" / "static" / "geo" / "central-asia.geojson"
TOLERANCE = 0.01  # degrees, about a kilometre
NAMES = {
    "KAZ": ("Kazakhstan", "Казахстан"),
    "KGZ": ("Kyrgyzstan", "Кыргызстан"),
    "TJK": ("Tajikistan", "Таджикистан"),
    "TKM": ("Turkmenistan", "Туркменистан"),
    "UZB": ("Uzbekistan", "Узбекистан"),
    "AFG": ("Afghanistan", "Афганистан"),
}


def build(package: Path) -> dict[str, object]:
    """Return the FeatureCollection of the six countries from an unpacked world-atlas."""
    shapes = country_shapes(package, "50m")
    features = []
    for code, (english, russian) in NAMES.items():
        simple = shapely.set_precision(clean(shapes[code]).simplify(TOLERANCE), 1e-3)
        polygons = [orient(p, sign=1.0) for p in getattr(simple, "geoms", [simple])]
        geometry = shapely.MultiPolygon(polygons) if len(polygons) > 1 else polygons[0]
        properties = {"iso_a3": code, "name_en": english, "name_ru": russian}
        features.append(
            {"type": "Feature", "properties": properties, "geometry": mapping(geometry)}
        )
    source = f"Natural Earth 1:50m Admin 0 (public domain), via npm {WORLD_ATLAS} (ISC)"
    return {"type": "FeatureCollection", "source": source, "features": features}


def main() -> None:
    """Build and write the outline file."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--world-atlas", type=Path, help="world-atlas tarball (npm pack)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        tarball = args.world_atlas
        package = (
            unpack_tarball(tarball, Path(workdir)) if tarball else fetch_world_atlas(Path(workdir))
        )
        collection = build(package)
    OUTPUT.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
