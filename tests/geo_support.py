"""Records with boundaries and layers built with shapely and pyogrio, for the geo tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from minplan.cli import app

pytest.importorskip("shapely")
pytest.importorskip("pyogrio")

# a square kilometre in 珲春市, in CGCS2000 / 3-degree Gauss–Krüger zone 43: X (northing), Y (easting)
X0, Y0 = 4748064, 43611148
SQUARE = [[X0, Y0], [X0, Y0 + 1000], [X0 + 1000, Y0 + 1000], [X0 + 1000, Y0]]

RECORD = """\
id: {id}
right: 采矿权
application: 新立
date: 2023-06-01
location:
{county}  boundary:
    crs: {crs}
    points:
{points}
  area_km2: {area}
mineral: 岩金
method: 地下开采
capacity: 4 万吨/年
deposit_scale: 小型
site:
  ecological_red_line: false
"""


def record_text(
    id: str = "YB-GEO-1",
    county: str | None = "珲春市",
    points: list[list[Any]] | None = None,
    crs: str = "EPSG:4531",
    area: float = 1.0,
) -> str:
    rows = "\n".join(f"      - [{p[0]}, {p[1]}]" for p in (points or SQUARE))
    return RECORD.format(id=id, county=f"  county: {county}\n" if county else "", crs=crs, points=rows, area=area)


def box(x0: float, y0: float, x1: float, y1: float) -> Any:
    """A rectangle given in X (northing) and Y (easting), stored as GIS files do: easting first."""
    import shapely

    return shapely.box(y0, x0, y1, x1)


def write_layer(
    path: Path,
    shapes: list[Any],
    values: list[str] | None = None,
    field: str = "CODE",
    crs: str | None = "EPSG:4531",
    driver: str = "GPKG",
    encoding: str | None = None,
) -> Path:
    import warnings

    import numpy as np
    import pyogrio
    import shapely

    warnings.filterwarnings("ignore", message="'crs' was not provided")
    kinds = {g.geom_type for g in shapes}
    fields = [np.array(values, dtype=object)] if values is not None else []
    pyogrio.raw.write(
        str(path),
        np.array([shapely.to_wkb(g) for g in shapes], dtype=object),
        fields,
        fields=[field] if values is not None else [],
        crs=crs,
        geometry_type=kinds.pop() if len(kinds) == 1 else "Unknown",
        driver=driver,
        **({"encoding": encoding} if encoding else {}),
    )
    return path


def check(*args: str) -> tuple[int, dict[str, Any], str]:
    """`minplan check … --format json`: exit code, the report, and what went to stderr."""
    result = CliRunner().invoke(app, ["check", *args, "--format", "json"])
    try:
        report = json.loads(result.stdout) if result.stdout.strip() else {}
    except ValueError:
        report = {}
    return result.exit_code, report, result.stderr


def only(report: dict[str, Any]) -> dict[str, Any]:
    assert len(report["records"]) == 1
    return report["records"][0]


def statuses(record: dict[str, Any]) -> dict[str, str]:
    return {f["rule"]: f["status"] for f in record["findings"]}
