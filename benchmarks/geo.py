"""Benchmark: a batch of records with boundaries, with and without a layer of many polygons.

    python benchmarks/geo.py [N] [--polygons P] [--runs R] [--jobs J]

Writes N records (default 5 000), each a 1 km² right in 珲春市 given by its corner points in CGCS2000 /
3-degree Gauss–Krüger zone 43, and a GeoPackage of P polygons (default 50 000) covering the same ground as a
red-line layer. Times the whole ``minplan check FOLDER --format json`` command without the layer and with it,
run by run in turn, and prints the medians and their ratio (the aim: at most 2×). Needs the geo extra.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

X0, Y0 = 4_745_000, 43_605_000  # south-west corner of the ground, inside 珲春市
SPAN = 40_000  # metres each way: 1 600 km², a third of 珲春市


def make_records(folder: Path, n: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    for i in range(n):
        x = X0 + rng.randint(0, SPAN - 1000)
        y = Y0 + rng.randint(0, SPAN - 1000)
        points = "\n".join(
            f"      - [{a}, {b}]" for a, b in ((x, y), (x, y + 1000), (x + 1000, y + 1000), (x + 1000, y))
        )
        text = (
            f"id: GEO-{i:05d}\nright: 采矿权\napplication: 新立\ndate: 2023-06-01\n"
            f"location:\n  boundary:\n    crs: EPSG:4531\n    points:\n{points}\n  area_km2: 1.0\n"
            f"mineral: 岩金\nmethod: 地下开采\ncapacity: {rng.randint(1, 10)} 万吨/年\ndeposit_scale: 小型\n"
            "site: {ecological_red_line: false, permanent_basic_farmland: false}\n"
        )
        path = folder / f"d{i % 50:02d}" / f"r{i:05d}.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")


def make_layer(path: Path, count: int, overlapping: bool, seed: int = 5) -> None:
    """Patches covering a quarter of the ground: one per cell of a grid, as a control line's shapes only touch or
    lie apart; with ``overlapping``, at random places, so that many overlap and must be merged once."""
    import numpy as np
    import pyogrio
    import shapely

    rng = np.random.default_rng(seed)
    cells = int(np.ceil(np.sqrt(count)))
    cell = SPAN / cells
    side = cell / 2
    if overlapping:
        xs = X0 + rng.uniform(0, SPAN - side, count)
        ys = Y0 + rng.uniform(0, SPAN - side, count)
    else:
        index = np.arange(count)
        xs = X0 + (index // cells) * cell + rng.uniform(0, cell - side, count)
        ys = Y0 + (index % cells) * cell + rng.uniform(0, cell - side, count)
    shapes = shapely.box(ys, xs, ys + side, xs + side)  # stored easting first, as GIS files are
    names = np.array([f"红线{i}" for i in range(count)], dtype=object)
    pyogrio.raw.write(
        str(path),
        shapely.to_wkb(shapes),
        [names],
        fields=["名称"],
        crs="EPSG:4531",
        geometry_type="Polygon",
        driver="GPKG",
    )


def run(folder: Path, extra: list[str], jobs: int | None) -> float:
    command = [sys.executable, "-m", "minplan", "check", str(folder), "--format", "json", *extra]
    if jobs:
        command += ["--jobs", str(jobs)]
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1, 2) or done.stderr.strip():  # 2: a few rights lie beyond the county
        raise SystemExit(f"minplan exited {done.returncode}: {done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=5000)
    parser.add_argument("--polygons", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--overlapping", action="store_true", help="shapes at random places, many overlapping")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        records = root / "records"
        records.mkdir()
        make_records(records, args.n)
        layer = root / "redline.gpkg"
        made = time.perf_counter()
        make_layer(layer, args.polygons, args.overlapping)
        kind = "overlapping" if args.overlapping else "apart"
        print(f"{args.n} records, a layer of {args.polygons} polygons, {kind} ({time.perf_counter() - made:.1f} s)")
        print(f"{platform.machine()}, Python {platform.python_version()}")
        plain, layered = [], []
        for _ in range(args.runs):
            plain.append(run(records, [], args.jobs))
            layered.append(run(records, ["--layer", f"ecological_red_line={layer}"], args.jobs))
        a, b = statistics.median(plain), statistics.median(layered)
        print(f"without the layer: {a:.2f} s (runs {', '.join(f'{t:.2f}' for t in plain)})")
        print(f"with the layer:    {b:.2f} s (runs {', '.join(f'{t:.2f}' for t in layered)})")
        print(f"ratio: {b / a:.2f}×")


if __name__ == "__main__":
    main()
