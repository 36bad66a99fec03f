"""A right's boundary as the application gives it (拐点坐标), checked and turned into CGCS2000 longitude/latitude.

:func:`angle` and :func:`rings` need nothing beyond the standard library; :func:`examine` needs the ``geo``
extra (pyproj, shapely) and returns either a :class:`Footprint` or the problems, each at the point it
concerns. Points come in the CRS's own axis order as surveyors write them: X (northing) then Y (easting,
with the zone number in front for zone CRSs); latitude then longitude for geographic ones.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from minplan.geo.crs import table
from minplan.say import Msg, Refusal, join, msg_of

Loc = tuple[str | int, ...]

_DMS = re.compile(
    r"^\s*(?P<sign>[-+])?\s*(?P<d>\d+(?:\.\d+)?)\s*(?:°|º|度|:|d)\s*"
    r"(?:(?P<m>\d+(?:\.\d+)?)\s*(?:′|'|’|分|:|m)\s*)?"
    r"(?:(?P<s>\d+(?:\.\d+)?)\s*(?P<su>″|\"|”|''|′′|秒|s)?\s*)?(?P<h>[NSEW北南东西])?\s*$",
    re.IGNORECASE,
)
_SOUTH_WEST = set("SWsw南西")


def angle(raw: Any) -> float:
    """A coordinate as a float: a number, or an angle in 度分秒 (``130°21′36.5″``, ``130度21分36.5秒``)."""
    if isinstance(raw, bool):
        raise Refusal(Msg("a coordinate must be a number"))
    from minplan.quantities import QuantityError, number

    if isinstance(raw, int | float):
        try:
            return number(raw)  # finite, as for every figure
        except QuantityError as exc:
            raise Refusal(msg_of(exc)) from None
    if isinstance(raw, str):
        text = raw.strip()
        try:  # a decimal as written (no exponent, inf, 1_000 or decimal comma), else 度分秒
            return number(text)
        except QuantityError:
            pass
        m = _DMS.match(text)
        if m:
            if m.group("s") and not m.group("m") and not m.group("su"):
                # 42°51 or 42:51: minutes or seconds? a unit says which
                raise Refusal(
                    Msg("{raw!r}: mark the minutes (′ or 分) or the seconds (″ or 秒) after the degrees", raw=raw)
                )
            parts = [m.group(k) for k in ("d", "m", "s") if m.group(k)]
            if any("." in part for part in parts[:-1]):
                raise Refusal(
                    Msg("{raw!r}: only the last of degrees, minutes and seconds may have a fraction", raw=raw)
                )
            minutes, seconds = float(m.group("m") or 0), float(m.group("s") or 0)
            if minutes >= 60 or seconds >= 60:
                raise Refusal(Msg("{raw!r}: minutes and seconds must be below 60", raw=raw))
            value = float(m.group("d")) + minutes / 60 + seconds / 3600
            negative = m.group("sign") == "-" or (m.group("h") or "") in _SOUTH_WEST
            return -value if negative else value
    raise Refusal(
        Msg("{raw!r} is not a coordinate: a number, or degrees-minutes-seconds such as 130°21′36.5″", raw=raw)
    )


def rings(boundary: Any) -> Iterator[tuple[Loc, Msg, list[tuple[float, float]], list[tuple[Loc, list[Any]]]]]:
    """Each parcel of a boundary: its location in the record, its label (``parcel 2, ``: the start of a message
    about it; empty for a boundary of one parcel), outer ring and holes (with theirs)."""
    if boundary.parcels is None:
        holes = [(("holes", j), h) for j, h in enumerate(boundary.holes or [])]
        yield ("points",), Msg(""), list(boundary.points or []), holes
        return
    for i, parcel in enumerate(boundary.parcels):
        holes = [(("parcels", i, "holes", j), h) for j, h in enumerate(parcel.holes)]
        yield ("parcels", i, "points"), Msg("parcel {n}, ", n=i + 1), list(parcel.points), holes


def open_ring(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """The ring without a closing point that repeats the first."""
    pts = list(points)
    return pts[:-1] if len(pts) > 1 and pts[0] == pts[-1] else pts


_RING = {"ring": Msg("ring"), "hole": Msg("hole")}
"""How a message names a parcel's outer ring and a hole cut out of it."""


def count_problems(boundary: Any) -> list[tuple[Loc, Msg]]:
    """Rings of fewer than three distinct points (checked with or without the geo extra)."""
    out: list[tuple[Loc, Msg]] = []
    for loc, label, outer, holes in rings(boundary):
        for where, ring, what in [(loc, outer, "ring"), *((hl, h, "hole") for hl, h in holes)]:
            distinct = len(set(open_ring(ring)))
            if distinct < 3:
                said = Msg(
                    "{label}{what}: {distinct} distinct points; a {what} needs at least three",
                    label=label,
                    what=_RING[what],
                    distinct=distinct,
                )
                out.append((where, said))
    return out


@dataclass(frozen=True)
class Footprint:
    """A boundary in CGCS2000 longitude/latitude (EPSG:4490, lon first), with its plane area where it has one."""

    crs: str
    parcels: tuple[tuple[tuple[tuple[float, float], ...], tuple[tuple[tuple[float, float], ...], ...]], ...]
    plane_area_m2: float | None  # in the record's own map plane (Gauss–Krüger), as applications compute it


class BoundaryProblems(Refusal):
    """What is wrong with a boundary: each problem at the place in the record it concerns, said in both languages
    (``str()``: the English of all, joined by "; ")."""

    def __init__(self, problems: list[tuple[Loc, Msg]]):
        super().__init__(join([m for _, m in problems], "; "))
        self.problems = problems

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.problems,)


@dataclass(frozen=True)
class _Frame:
    """How one CRS's points are read: axis order, zone number, and the transformer to CGCS2000."""

    code: str
    geographic: bool
    first_is_north: bool
    zone: int | None  # the zone number Y carries (false easting in millions), None when Y carries none
    cm: float | None
    band: float | None
    transformer: Any


def _central(crs: Any) -> tuple[float | None, float | None, float]:
    if crs.is_geographic:
        return None, None, 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PROJ's note that a PROJ string may lose detail: these three survive
        params = crs.to_dict()
    return params.get("lon_0"), params.get("x_0"), params.get("k", 1.0)


@cache
def _frame(code: str, towgs84: tuple[float, ...] | None) -> _Frame:
    from pyproj import CRS, Transformer
    from pyproj.exceptions import CRSError

    try:
        crs = CRS.from_user_input(code)
    except CRSError:
        raise BoundaryProblems([(("crs",), Msg("{code} is not a coordinate system PROJ knows", code=code))]) from None
    if crs.is_geocentric or not (crs.is_geographic or crs.is_projected):
        said = Msg("{code} ({name}) is neither geographic nor a map projection", code=code, name=crs.name)
        raise BoundaryProblems([(("crs",), said)])
    number = crs.to_epsg()
    datum = table().datum_of(number) if number else None
    needs = datum.needs_parameters if datum else not _shift_free(crs)
    source = crs
    if needs and towgs84 is None:
        name = datum.en if datum else (crs.datum.name if crs.datum else crs.name)
        said = Msg(
            "{code} ({crs}) is on the {datum} datum, which has no shift to CGCS2000 that minplan may "
            "assume: give the transformation parameters (towgs84: [dx, dy, dz] or seven values "
            "[dx, dy, dz, rx, ry, rz, ds]) the survey used, or the coordinates in CGCS2000",
            code=code,
            crs=crs.name,
            datum=name,
        )
        raise BoundaryProblems([(("towgs84",), said)])
    if towgs84 is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            proj = crs.to_proj4()
        proj = re.sub(r"\+towgs84=\S+", "", proj)
        source = CRS.from_proj4(f"{proj} +towgs84={','.join(repr(float(v)) for v in towgs84)}")
    axes = crs.axis_info
    first_is_north = bool(axes) and axes[0].direction.lower() in ("north", "south")
    lon_0, x_0, _ = _central(crs)
    zone = None
    if x_0 is not None and x_0 >= 1_000_000:
        zone = int(x_0 // 1_000_000)
    band = None
    if datum is not None and number is not None:
        band = next((float(s.band) for s in datum.series if number in s.codes()), None)
    # +towgs84 shifts to WGS 84, and PROJ takes that path only to WGS 84 itself: towards CGCS2000 it would fall back
    # on a "ballpark" offset that drops the parameters. CGCS2000 and WGS 84 are taken as one.
    target = CRS.from_epsg(4326 if towgs84 is not None else 4490)
    transformer = Transformer.from_crs(source, target, always_xy=True)
    if towgs84 is not None and "ballpark" in transformer.description.lower():
        said = Msg("{code}: PROJ cannot apply the transformation parameters", code=code)
        raise BoundaryProblems([(("towgs84",), said)])
    return _Frame(code, crs.is_geographic, first_is_north, zone, lon_0, band, transformer)


def _shift_free(crs: Any) -> bool:
    """CGCS2000 and the WGS 84/ITRF family agree within a metre; any other datum needs parameters."""
    name = (crs.datum.name if crs.datum else "").lower()
    return any(w in name for w in ("china 2000", "cgcs2000", "world geodetic system 1984", "wgs 84", "itrf"))


def _label(where: Msg, i: int, point: tuple[float, float]) -> Msg:
    return Msg("{where}point {n} ({x}, {y})", where=where, n=i + 1, x=_num(point[0]), y=_num(point[1]))


def _num(v: float) -> str:
    return f"{v:.10g}"


def _read(
    frame: _Frame, loc: Loc, where: Msg, ring: list[tuple[float, float]]
) -> tuple[list[Any], list[tuple[Loc, Msg]]]:
    """The ring as (easting, northing) or (lon, lat), and the problems of its points."""
    out: list[Any] = []
    problems: list[tuple[Loc, Msg]] = []
    for i, point in enumerate(ring):
        a, b = point
        at = (*loc, i)
        if frame.geographic:
            lat, lon = (a, b) if frame.first_is_north else (b, a)
            if frame.first_is_north and 70 <= a <= 140 and 0 <= b <= 56:
                said = Msg(
                    "{point}: reads longitude first, but {code} takes latitude first (纬度, 经度): swap the two values",
                    point=_label(where, i, point),
                    code=frame.code,
                )
                problems.append((at, said))
            elif not (-90 <= lat <= 90 and -180 <= lon <= 180):
                problems.append((at, Msg("{point}: not a latitude and longitude", point=_label(where, i, point))))
            out.append((lon, lat))
            continue
        north, east = (a, b) if frame.first_is_north else (b, a)
        problem = _plane_problem(frame, north, east)
        if problem:
            problems.append((at, Msg("{point}: {problem}", point=_label(where, i, point), problem=problem)))
        out.append((east, north))
    return out, problems


def _plane_problem(frame: _Frame, north: float, east: float) -> Msg | None:
    """What is wrong with a plane point's two values, if anything: their order, or the zone number in Y."""
    swap = Msg("reads Y (easting) first, but points give X (northing) first, then Y: swap the two values")
    if frame.zone is not None:
        if int(east // 1_000_000) == frame.zone:
            return None
        if int(north // 1_000_000) == frame.zone:
            return swap
        if east < 1_000_000:
            return Msg(
                "Y {east} carries no zone number, but {code} is zone {zone} (Y = {zone}xxxxxx): "
                "give the zone number, or the CRS of the central meridian {cm:g}° (Y without zone numbers)",
                east=_num(east),
                code=frame.code,
                zone=frame.zone,
                cm=frame.cm,
            )
        carried = _zone_of(east)
        if carried is not None:
            return Msg(
                "Y carries zone {carried}, but {code} is zone {zone} (central meridian {cm:g}°): "
                "the zone of the CRS and of the points must agree",
                carried=carried,
                code=frame.code,
                zone=frame.zone,
                cm=frame.cm,
            )
        return Msg(
            "Y {east} is no easting of zone {zone} ({zone}000000–{zone}999999)", east=_num(east), zone=frame.zone
        )
    if frame.band is None:  # not a Gauss–Krüger CRS of the table (UTM, Web Mercator …): its eastings may be large
        return None
    if north < 1_000_000 <= east:
        return swap
    if east >= 1_000_000 and _zone_of(east) is not None:
        return Msg(
            "Y {east} carries a zone number ({carried}), but {code} has none (central meridian {cm:g}°): "
            "give the CRS of that zone",
            east=_num(east),
            carried=int(east // 1_000_000),
            code=frame.code,
            cm=frame.cm,
        )
    return None


def _zone_of(value: float) -> int | None:
    """The zone number an easting with zone prefix carries (13–23 or 25–45), if it has that shape."""
    if 13_000_000 <= value < 46_000_000:
        zone = int(value // 1_000_000)
        return zone if zone != 24 else None
    return None


def examine(boundary: Any) -> Footprint:
    """The boundary in CGCS2000 lon/lat, or BoundaryProblems naming each point or ring at fault."""
    import numpy as np
    import shapely

    towgs84 = tuple(boundary.towgs84) if boundary.towgs84 is not None else None
    frame = _frame(boundary.crs, towgs84)
    problems = count_problems(boundary)
    if problems:
        raise BoundaryProblems(problems)
    parcels = []
    plane_area = 0.0
    shapes = []
    for loc, label, outer, holes in rings(boundary):
        read_rings = []
        for where_loc, ring, what in [(loc, outer, "ring"), *((hl, h, "hole") for hl, h in holes)]:
            pts = open_ring(ring)
            plane, found = _read(frame, where_loc, label if what == "ring" else Msg("{label}hole, ", label=label), pts)
            problems += found
            read_rings.append((where_loc, what, plane))
        if problems:
            continue
        lonlat_rings = []
        for where_loc, what, plane in read_rings:
            arr = np.asarray(plane, dtype=float)
            lon, lat = frame.transformer.transform(arr[:, 0], arr[:, 1])
            if not (np.all(np.isfinite(lon)) and np.all(np.isfinite(lat))):
                said = Msg(
                    "{label}{what}: the points cannot be placed on the earth in {code}",
                    label=label,
                    what=_RING[what],
                    code=frame.code,
                )
                problems.append((where_loc, said))
                continue
            if frame.cm is not None and frame.band is not None:
                off = np.abs(lon - frame.cm)
                worst = int(np.argmax(off))
                if off[worst] > frame.band / 2 + 0.5:
                    said = Msg(
                        "{point}: lies {off:.2f}° from the central meridian {cm:g}° of {code}, outside its "
                        "{band:g}-degree zone: is the zone or the CRS right?",
                        point=_label(label, worst, pts_at(read_rings, where_loc, worst, outer, holes)),
                        off=off[worst],
                        cm=frame.cm,
                        code=frame.code,
                        band=frame.band,
                    )
                    problems.append(((*where_loc, worst), said))
                    continue
            simple = _crossing(plane)
            if simple is not None:
                i, j = simple
                n = len(plane)
                said = Msg(
                    "{label}{what} crosses itself: the side from point {a} to point {b} "
                    "crosses the side from point {c} to point {d}",
                    label=label,
                    what=_RING[what],
                    a=i + 1,
                    b=(i + 1) % n + 1,
                    c=j + 1,
                    d=(j + 1) % n + 1,
                )
                problems.append(((*where_loc, i), said))
                continue
            lonlat_rings.append((where_loc, what, plane, tuple(zip(lon.tolist(), lat.tolist(), strict=True))))
        if problems:
            continue
        outer_plane = shapely.Polygon(lonlat_rings[0][2])
        hole_rings = []
        hole_shapes: list[Any] = []
        for where_loc, _, plane, _ in lonlat_rings[1:]:
            hole = shapely.Polygon(plane)
            if not outer_plane.contains(hole):
                problems.append((where_loc, Msg("{label}hole: does not lie inside its parcel's ring", label=label)))
            for k, other in enumerate(hole_shapes):  # else the ground they share would be taken out twice
                if hole.intersection(other).area > 0:
                    said = Msg("{label}hole {n}: overlaps hole {k}", label=label, n=len(hole_shapes) + 1, k=k + 1)
                    problems.append((where_loc, said))
            hole_rings.append(plane)
            hole_shapes.append(hole)
        if problems:
            continue
        polygon = shapely.Polygon(lonlat_rings[0][2], hole_rings)
        if not polygon.area > 0:
            problems.append((loc, Msg("{label}ring: its holes leave it no area", label=label)))
            continue
        for k, other in enumerate(shapes):
            if polygon.intersection(other).area > 0:  # shapes holds the parcels before this one, all read
                said = Msg("parcel {n} overlaps parcel {k}", n=len(shapes) + 1, k=k + 1)
                problems.append((loc, said))
        shapes.append(polygon)
        plane_area += polygon.area
        parcels.append((lonlat_rings[0][3], tuple(r[3] for r in lonlat_rings[1:])))
    if problems:
        raise BoundaryProblems(problems)
    return Footprint(frame.code, tuple(parcels), None if frame.geographic else plane_area)


def pts_at(read_rings: list[Any], loc: Loc, i: int, outer: list[Any], holes: list[Any]) -> tuple[float, float]:
    """The point as the record gives it, for a message."""
    if loc == read_rings[0][0]:
        return tuple(open_ring(outer)[i])  # type: ignore[return-value]
    for hl, h in holes:
        if hl == loc:
            return tuple(open_ring(h)[i])  # type: ignore[return-value]
    return (float("nan"), float("nan"))


def _crossing(ring: list[tuple[float, float]]) -> tuple[int, int] | None:
    """The first two sides of a closed ring that cross or touch (not neighbours), by index of their first point."""
    import shapely

    n = len(ring)
    if shapely.LinearRing(ring).is_simple:
        return None
    sides = [shapely.LineString([ring[i], ring[(i + 1) % n]]) for i in range(n)]
    tree = shapely.STRtree(sides)
    for i, side in enumerate(sides):
        for j in sorted(int(k) for k in tree.query(side, predicate="intersects")):
            if j <= i or j == (i + 1) % n or (i == 0 and j == n - 1):
                continue
            return i, j
    # collinear overlap of neighbouring sides (a spike back along the last side)
    return 0, n - 1
