"""A map of one right: its boundary, the zones and control lines around it, overlaps hatched.

Drawn with matplotlib in a plane centred on the right (north up, metres), with a north arrow and a scale
bar; labels in Chinese where a CJK font is installed, else in English. One SVG and one PNG per record, named
after the record's id; a second record of the same id in the same run gets ``-2``, ``-3`` …
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from minplan.geo.layers import CONTROL_LINES
from minplan.report.fonts import cjk_font


class MapError(RuntimeError):
    """The map cannot be drawn or written."""


_UNSAFE = re.compile(r"[^\w.-]+")
COLOURS = {
    "zones": "#2e86c1",
    "ecological_red_line": "#27ae60",
    "permanent_basic_farmland": "#d4ac0d",
    "urban_development_boundary": "#8e44ad",
    "nature_reserve": "#16a085",
    "wetland": "#5dade2",
    "arable_land": "#b7950b",
    "visible_from_transport_corridor": "#7f8c8d",
}


def _name(map_dir: Path, record_id: str, started: float) -> Path:
    """A file stem of the record's id, not yet written in this run."""
    stem = _UNSAFE.sub("_", record_id).strip("._") or "record"
    n = 1
    while True:
        candidate = map_dir / (stem if n == 1 else f"{stem}-{n}")
        svg = candidate.with_suffix(".svg")
        try:
            fd = os.open(svg, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)  # a picture, not a program
            os.close(fd)
            return candidate
        except FileExistsError:
            if svg.stat().st_mtime < started:  # left from an earlier run: overwrite it
                return candidate
        n += 1


def _patch(geometry: Any, **style: Any) -> Any:
    """A matplotlib patch of a (multi)polygon, holes included."""
    import numpy as np
    import shapely
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MPath

    vertices: list[Any] = []
    codes: list[int] = []
    polygons = [g for g in shapely.get_parts(geometry) if g.geom_type == "Polygon" and not g.is_empty]
    for polygon in polygons:
        for ring in (polygon.exterior, *polygon.interiors):
            xy = np.asarray(ring.coords)
            vertices.extend(xy)
            codes += [MPath.MOVETO] + [MPath.LINETO] * (len(xy) - 2) + [MPath.CLOSEPOLY]
    if not vertices:
        return None
    return PathPatch(MPath(np.asarray(vertices), codes), **style)


def draw(
    record: Any, right: Any, plane: Any, layers: list[Any], county: str, spatial: dict[str, Any], context: Any
) -> str:
    """Write the record's map; the SVG's path."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import shapely
    except ImportError:
        raise MapError("a map needs matplotlib: pip install 'minplan[geo,chart]'") from None
    from minplan.geo.counties import county_shape
    from minplan.regions import gazetteer

    font = cjk_font()
    zh = font is not None
    if font:
        matplotlib.rcParams["font.family"] = [font, "DejaVu Sans"]
    flat = plane(right)
    x0, y0, x1, y1 = flat.bounds
    pad = max(x1 - x0, y1 - y0) * 0.6 + 200
    view = shapely.box(x0 - pad, y0 - pad, x1 + pad, y1 + pad)
    fig, ax = plt.subplots(figsize=(8, 8))
    ax.set_aspect("equal")
    handles = []
    from matplotlib.patches import Patch

    division = gazetteer().divisions[county]
    codes = dict.fromkeys(
        [county, *(c["code"] for c in spatial.get("counties", [])), *(c["code"] for c in spatial.get("near", []))]
    )
    for code in codes:
        shape = county_shape(code)
        if shape is None:
            continue
        outline = plane(shape).intersection(view)
        p = _patch(outline, facecolor="#f8f9f9", edgecolor="#566573", linewidth=1.2, linestyle="--")
        if p is None:
            continue
        ax.add_patch(p)
        place = gazetteer().divisions[code]
        at = outline.representative_point()
        ax.annotate(place.zh if zh else place.en, (at.x, at.y), color="#566573", fontsize=10, ha="center")
    handles.append(
        Patch(facecolor="#f8f9f9", edgecolor="#566573", linestyle="--", label="县界" if zh else "county line")
    )
    lonlat_view = shapely.box(*right.buffer(max(right.bounds[2] - right.bounds[0], 0.01) * 2).bounds)
    for layer in layers:
        kind = layer.spec.kind
        colour = COLOURS.get(kind, "#555555")
        hits = layer.query(lonlat_view)
        if not hits:
            continue
        label = ("规划分区" if zh else "planning zones") if kind == "zones" else CONTROL_LINES[kind][0 if zh else 1]
        for i in hits:
            piece = plane(layer.shapes[i]).intersection(view)
            p = _patch(piece, facecolor=colour, alpha=0.18, edgecolor=colour, linewidth=1)
            if p is not None:
                ax.add_patch(p)
            value = layer.values[i]
            if value and not piece.is_empty:
                at = piece.representative_point()
                text = value if (zh or value.isascii()) else f"#{i + 1}"
                ax.annotate(text, (at.x, at.y), color=colour, fontsize=8, ha="center")
            if kind != "zones":
                overlap = flat.intersection(plane(layer.shapes[i]))
                p = _patch(overlap, facecolor="none", edgecolor=colour, hatch="////", linewidth=0)
                if p is not None:
                    ax.add_patch(p)
        handles.append(Patch(facecolor=colour, alpha=0.35, edgecolor=colour, label=label))
        if kind != "zones":
            handles.append(
                Patch(facecolor="none", edgecolor=colour, hatch="////", label=("重叠部分" if zh else "overlap"))
            )
    p = _patch(flat, facecolor="none", edgecolor="#c0392b", linewidth=2.2)
    if p is not None:
        ax.add_patch(p)
        handles.append(
            Patch(facecolor="none", edgecolor="#c0392b", linewidth=2.2, label="矿业权范围" if zh else "the right")
        )
    ax.set_xlim(x0 - pad, x1 + pad)
    ax.set_ylim(y0 - pad, y1 + pad)
    _north_arrow(ax, zh)
    _scale_bar(ax, x0 - pad, y0 - pad, (x1 - x0) + 2 * pad, zh)
    area = spatial.get("area_km2")
    where = division.zh if zh else division.en
    title = f"{record.id} · {where} · {area:.4f} km²" if area is not None else f"{record.id} · {where}"
    ax.set_title(title)
    ax.legend(handles=handles, loc="upper left", fontsize=8, framealpha=0.9)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.text(
        0.99,
        0.01,
        ("CGCS2000，局部横轴墨卡托投影" if zh else "CGCS2000, local transverse Mercator")
        + f" · {spatial.get('crs', '')}",
        transform=ax.transAxes,
        ha="right",
        fontsize=7,
        color="#566573",
    )
    map_dir = Path(context.map_dir)
    try:
        stem = _name(map_dir, record.id, context.started)
        fig.savefig(stem.with_suffix(".svg"), format="svg", bbox_inches="tight")
        fig.savefig(stem.with_suffix(".png"), format="png", dpi=110, bbox_inches="tight")
    except OSError as exc:
        raise MapError(f"cannot write to {map_dir}: {exc.strerror or exc}") from None
    finally:
        plt.close(fig)
    return str(stem.with_suffix(".svg"))


def _north_arrow(ax: Any, zh: bool) -> None:
    ax.annotate(
        "北" if zh else "N",
        xy=(0.94, 0.95),
        xytext=(0.94, 0.84),
        xycoords="axes fraction",
        ha="center",
        va="center",
        fontsize=12,
        fontweight="bold",
        arrowprops={"facecolor": "black", "width": 4, "headwidth": 12},
    )


def _scale_bar(ax: Any, x: float, y: float, width: float, zh: bool) -> None:
    """A bar of a round length, about a fifth of the map's width, at the bottom left."""
    import math

    target = width / 5
    power = 10 ** math.floor(math.log10(target))
    length = max(s * power for s in (1, 2, 5) if s * power <= target)
    left, bottom = x + width * 0.05, y + width * 0.05
    ax.plot([left, left + length], [bottom, bottom], color="black", linewidth=3, solid_capstyle="butt")
    label = f"{length / 1000:g} km" if length >= 1000 else f"{length:g} m"
    ax.text(left + length / 2, bottom + width * 0.015, label + (" 比例尺" if zh else ""), ha="center", fontsize=8)
