"""Build the bundled country boundaries from Natural Earth data shipped in npm ``world-atlas``.

Run from the repository root (npm must be on PATH unless ``--world-atlas`` points at an unpacked
package or its tarball)::

    uv run python -m incidents.geo.build_boundaries

Central Asia, Afghanistan and their neighbours come from the 1:10m countries, every other country
from the 1:50m countries (or the 1:10m ones when 1:50m lacks it). Coordinates are snapped to a
1e-4 degree grid, exterior rings are counter-clockwise (RFC 7946) and the result is written as a
gzipped GeoJSON FeatureCollection with ``iso_a3``, ``name`` and ``scale`` properties.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pycountry
import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from incidents.geo.topojson import Topology

WORLD_ATLAS = "world-atlas@2.0.2"
DEFAULT_OUTPUT = Path(__file__).parent / "data" / "boundaries.geojson.gz"
GRID = 1e-4
REGION = frozenset({"KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG", "MNG"})
NEIGHBOURS = frozenset({"CHN", "RUS", "IRN", "PAK", "IND"})
# Neighbours are detailed inside this lon/lat window (the whole region and its approaches).
WINDOW = shapely.box(44.0, 24.0, 92.0, 57.0)
# Natural Earth units without an ISO 3166 numeric code: the country they are counted with.
UNCODED_UNITS: Mapping[str, str] = {
    "Baikonur": "KAZ",  # leased to Russia, sovereign territory of Kazakhstan
    "Kosovo": "XKX",  # user-assigned code used by the EU, ACLED and others
    "Somaliland": "SOM",
    "N. Cyprus": "CYP",
    "Cyprus U.N. Buffer Zone": "CYP",
    "Siachen Glacier": "IND",  # administered by India, claimed by Pakistan
}
NAMES: Mapping[str, str] = {"XKX": "Kosovo"}


def fetch_world_atlas(workdir: Path) -> Path:
    """Download the world-atlas npm package with ``npm pack`` and return its unpacked directory."""
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm not found; pass --world-atlas with a downloaded package")
    command = [npm, "pack", WORLD_ATLAS, "--pack-destination", str(workdir)]
    subprocess.run(command, check=True, capture_output=True)  # noqa: S603 - fixed argv
    tarball = next(workdir.glob("world-atlas-*.tgz"))
    return unpack(tarball, workdir)


def unpack(tarball: Path, workdir: Path) -> Path:
    """Extract an npm tarball into ``workdir`` and return its ``package`` directory."""
    with tarfile.open(tarball) as archive:
        archive.extractall(workdir, filter="data")
    return workdir / "package"


def iso_a3(feature: Mapping[str, Any]) -> str | None:
    """Return the alpha-3 code of a world-atlas feature (numeric ``id`` or known uncoded unit)."""
    numeric = feature.get("id")
    if numeric is None:
        return UNCODED_UNITS.get(feature.get("properties", {}).get("name", ""))
    country = pycountry.countries.get(numeric=str(numeric).zfill(3))
    return None if country is None else str(country.alpha_3)


def country_shapes(package: Path, scale: str) -> dict[str, list[BaseGeometry]]:
    """Return the decoded geometries of one world-atlas scale, grouped by alpha-3 code."""
    topology = Topology(json.loads((package / f"countries-{scale}.json").read_text()))
    grouped: dict[str, list[BaseGeometry]] = {}
    for feature in topology.objects["countries"]["geometries"]:
        code = iso_a3(feature)
        geometry = topology.geometry(feature)
        if code is None or geometry is None:
            continue
        grouped.setdefault(code, []).append(_polygonal(shapely.make_valid(shape(geometry))))
    return grouped


def country_name(code: str) -> str:
    """Return the common English name of a country."""
    if code in NAMES:
        return NAMES[code]
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        raise ValueError(f"no ISO 3166-1 country {code}")
    return str(getattr(country, "common_name", None) or country.name)


def clean(parts: list[BaseGeometry]) -> BaseGeometry:
    """Union the parts of one country on the grid and orient its rings for RFC 7946."""
    solid = [_polygonal(part) for part in parts if not part.is_empty]
    merged = _polygonal(shapely.set_precision(shapely.union_all(solid), GRID))
    polygons = [orient(p, sign=1.0) for p in getattr(merged, "geoms", [merged]) if not p.is_empty]
    return shapely.MultiPolygon(polygons) if len(polygons) > 1 else polygons[0]


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """Keep only the polygons of a geometry that repair or snapping turned into a collection."""
    if geometry.geom_type in {"Polygon", "MultiPolygon"}:
        return geometry
    polygons = [g for g in getattr(geometry, "geoms", []) if g.geom_type == "Polygon"]
    polygons += [
        p for g in getattr(geometry, "geoms", []) if g.geom_type == "MultiPolygon" for p in g.geoms
    ]
    return shapely.MultiPolygon(polygons)


def features(package: Path) -> Iterator[dict[str, Any]]:
    """Yield one GeoJSON feature per country, detailed ones from 1:10m and the rest from 1:50m."""
    fine, coarse = country_shapes(package, "10m"), country_shapes(package, "50m")
    for code in sorted(set(fine) | set(coarse)):
        if code in NEIGHBOURS:
            scale = "10m+50m"
            parts = [shapely.intersection(g, WINDOW) for g in fine[code]]
            parts += [shapely.difference(g, WINDOW) for g in coarse[code]]
        elif code in REGION or code not in coarse:
            scale, parts = "10m", fine[code]
        else:
            scale, parts = "50m", coarse[code]
        properties = {"iso_a3": code, "name": country_name(code), "scale": scale}
        yield {"type": "Feature", "properties": properties, "geometry": mapping(clean(parts))}


def write(collection: Mapping[str, Any], output: Path) -> None:
    """Write ``collection`` as compact, reproducible gzipped JSON."""
    text = json.dumps(collection, separators=(",", ":"), ensure_ascii=False, sort_keys=True)
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("wb") as raw, gzip.GzipFile("", "wb", fileobj=raw, mtime=0) as gz:
        gz.write(text.encode("utf-8"))


def build(package: Path, output: Path) -> int:
    """Build the boundaries file from an unpacked world-atlas package; return the feature count."""
    collected = list(features(package))
    write({"type": "FeatureCollection", "features": collected}, output)
    return len(collected)


def main() -> None:
    """Parse the command line and build the boundaries file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world-atlas", type=Path, help="unpacked package dir or .tgz")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        source: Path | None = args.world_atlas
        if source is None:
            package = fetch_world_atlas(workdir)
        elif source.is_file():
            package = unpack(source, workdir)
        else:
            package = source
        count = build(package, args.output)
    print(f"wrote {count} countries to {args.output}")  # noqa: T201


if __name__ == "__main__":
    main()
