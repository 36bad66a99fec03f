"""The bureau's layers: planning zones and control lines, read once per process and indexed.

A layer is named on the command line as ``KIND=PATH[:LAYER][#FIELD]``: KIND is ``zones`` or a ``site.*`` fact
that an area decides (:data:`CONTROL_LINES`), PATH a GeoPackage, Shapefile or GeoJSON file, LAYER the layer
inside it (the first when left out) and FIELD the attribute that holds a zone's code or printed name (for
zones; for a control line, an optional name shown in the report). Any CRS the file declares is turned into
CGCS2000 longitude/latitude; a file without one is refused, as is a missing layer or attribute.

:class:`LayerSpec` is plain data (it travels to worker processes as such); :class:`Layer` holds the shapes
and their STRtree and is built where it is used.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONTROL_LINES: dict[str, tuple[str, str]] = {
    "ecological_red_line": ("生态保护红线", "the ecological protection red line"),
    "permanent_basic_farmland": ("永久基本农田", "permanent basic farmland"),
    "urban_development_boundary": ("城镇开发边界", "the urban development boundary"),
    "nature_reserve": ("自然保护地", "a nature reserve or protected area"),
    "wetland": ("湿地", "a wetland"),
    "arable_land": ("耕地", "arable land"),
    "visible_from_transport_corridor": (
        "铁路、国道、省道两侧直观可视范围",
        "the sight range of a railway or national/provincial road",
    ),
}
"""site.* facts an overlay decides: the right overlaps the layer's areas. (site.blank_area, ground with no
right yet, is the opposite of an overlay with the rights already granted, and is not taken from a layer.)"""

KINDS = ("zones", *CONTROL_LINES)
ZONE_FIELDS = ("code", "CODE", "编号", "分区编号", "区块编号", "name", "NAME", "名称", "分区名称")
"""Attributes tried, in this order, for a zones layer named without #FIELD."""
SUFFIXES = (".gpkg", ".shp", ".geojson", ".json", ".zip")


class LayerError(ValueError):
    """A layer that cannot be named, read or used as it stands."""


@dataclass(frozen=True)
class LayerSpec:
    kind: str
    path: str
    layer: str | None = None
    field: str | None = None

    @classmethod
    def parse(cls, text: str) -> LayerSpec:
        """``KIND=PATH[:LAYER][#FIELD]``; a colon belongs to the path unless what is before it is a file."""
        kind, sep, rest = text.partition("=")
        kind = kind.strip().removeprefix("site.")
        if not sep or not rest:
            raise LayerError(f"--layer {text!r}: expected KIND=PATH[:LAYER][#FIELD], KIND one of {', '.join(KINDS)}")
        if kind not in KINDS:
            raise LayerError(f"--layer {text!r}: unknown kind {kind!r}; one of {', '.join(KINDS)}")
        path, name, column = rest, None, None
        if "#" in path:
            path, column = path.rsplit("#", 1)
            column = column or None
        if ":" in path and not Path(path).exists():
            head, tail = path.rsplit(":", 1)
            if Path(head).exists() or head.lower().endswith(SUFFIXES):
                path, name = head, tail or None
        return cls(kind, path, name, column)

    def label(self) -> str:
        out = f"{self.kind}={self.path}"
        return out + (f":{self.layer}" if self.layer else "") + (f"#{self.field}" if self.field else "")


@dataclass
class Layer:
    spec: LayerSpec
    shapes: Any  # numpy array of shapely geometries, CGCS2000 lon/lat
    values: list[str | None]  # the FIELD's value per shape (None without a field)
    extent: tuple[float, float, float, float]
    crs: str
    note: str | None = None  # how the attributes were decoded, when the file does not say
    lost: int = 0  # features with no shape (null or empty): where they lie is not known
    tree: Any = field(repr=False, default=None)
    parts: Any = field(repr=False, default=None)  # the shapes as disjoint pieces (a control line's area)
    parts_tree: Any = field(repr=False, default=None)

    def query(self, geometry: Any) -> list[int]:
        """Indices of the shapes that intersect ``geometry``."""
        return [int(i) for i in self.tree.query(geometry, predicate="intersects")]

    def names_in(self, geometry: Any) -> list[str | None]:
        """The FIELD's values of the shapes that meet ``geometry``."""
        return [self.values[i] for i in self.query(geometry)] if self.spec.field else []

    def cut(self, geometry: Any) -> Any:
        """The pieces of the layer's area inside ``geometry`` (best prepared): disjoint, so their areas add up."""
        import numpy as np
        import shapely

        if self.parts is None:
            self.parts = disjoint(self.shapes, self.tree)
            self.parts_tree = shapely.STRtree(self.parts)
        hits = self.parts[self.parts_tree.query(geometry, predicate="intersects")]
        if not len(hits):
            return hits
        inside = shapely.contains_properly(geometry, hits)  # most pieces lie wholly inside: no need to cut them
        return np.concatenate([hits[inside], shapely.intersection(hits[~inside], geometry)])

    def covers_extent(self, geometry: Any) -> bool:
        """Does the geometry lie within the layer's extent? Outside it, no overlap says nothing."""
        x0, y0, x1, y1 = geometry.bounds
        e = self.extent
        return e[0] <= x0 and e[1] <= y0 and x1 <= e[2] and y1 <= e[3]


CHINA = (73.0, 3.0, 136.0, 54.0)  # lon, lat bounds of China's territory, its islands included


def _on_the_map(where: str, crs: str, bounds: Any) -> None:
    """A LayerError where the layer's longitudes and latitudes cannot be (metres read as degrees, latitude and
    longitude swapped) or lie wholly outside China: its coordinate system is not the one its coordinates are in,
    and every right would be found to overlap none of it."""
    x0, y0, x1, y1 = (float(b) for b in bounds)
    shown = f"longitude {x0:.6g} to {x1:.6g}, latitude {y0:.6g} to {y1:.6g}"
    if x0 < -180 or x1 > 180 or y0 < -90 or y1 > 90:
        why = "beyond any longitude and latitude"
    elif x1 < CHINA[0] or x0 > CHINA[2] or y1 < CHINA[1] or y0 > CHINA[3]:
        why = "wholly outside China"
    else:
        return
    raise LayerError(
        f"layer {where}: read in {crs}, its shapes lie {why} ({shown}): the file's coordinate system is not the one "
        "its coordinates are in (metres labelled as degrees, latitude and longitude swapped?)"
    )


def read_layer(spec: LayerSpec) -> Layer:
    """Read, reproject and index one layer; LayerError naming file, layer and attribute on any problem."""
    import numpy as np
    import pyogrio
    import shapely
    from pyproj import CRS, Transformer
    from pyproj.exceptions import CRSError

    where = spec.label()
    path = Path(spec.path)
    if not path.exists():
        raise LayerError(f"layer {where}: no such file {spec.path}")
    try:
        layers = [str(row[0]) for row in pyogrio.list_layers(spec.path)]
    except Exception as exc:  # pyogrio raises its own DataSourceError and others
        raise LayerError(f"layer {where}: cannot read {spec.path}: {exc}") from None
    if spec.layer is not None and spec.layer not in layers:
        raise LayerError(f"layer {where}: {spec.path} has no layer {spec.layer!r} (it has {', '.join(layers)})")
    encoding = _dbf_encoding(path)
    note = f"layer {where}: no .cpg beside the Shapefile; its attributes were read as {encoding}" if encoding else None
    try:
        info = pyogrio.read_info(spec.path, layer=spec.layer, encoding=encoding)
    except Exception as exc:
        raise LayerError(f"layer {where}: cannot read {spec.path}: {exc}") from None
    fields = [str(f) for f in info["fields"]]
    column = spec.field
    if column is None and spec.kind == "zones":
        column = next((f for f in ZONE_FIELDS if f in fields), None)
        if column is None:
            raise LayerError(
                f"layer {where}: name the attribute that holds the zone's code or name (#FIELD); "
                f"the layer has {', '.join(fields) or 'no attributes'}"
            )
    if column is not None and column not in fields:
        raise LayerError(f"layer {where}: no attribute {column!r}; the layer has {', '.join(fields) or 'none'}")
    if not info.get("crs"):
        raise LayerError(f"layer {where}: the file states no coordinate system (a .prj, or the layer's CRS)")
    try:
        source = CRS.from_user_input(info["crs"])
    except CRSError as exc:
        raise LayerError(f"layer {where}: cannot use its coordinate system: {exc}") from None
    try:
        _, _, wkb, values = pyogrio.raw.read(
            spec.path, layer=spec.layer, columns=[column] if column else [], encoding=encoding
        )
    except Exception as exc:
        raise LayerError(f"layer {where}: cannot read {spec.path}: {exc}") from None
    shapes = shapely.from_wkb(wkb)
    kinds = set(shapely.get_type_id(shapes[~shapely.is_missing(shapes)]).tolist())
    if kinds - {3, 6}:  # Polygon, MultiPolygon
        raise LayerError(f"layer {where}: holds {_type_names(kinds - {3, 6})}; areas (polygons) are expected")
    keep = ~shapely.is_missing(shapes) & ~shapely.is_empty(shapes)
    if not keep.any():  # an export that lost its features would otherwise decide "no overlap" for every right
        raise LayerError(f"layer {where}: holds no polygons ({len(shapes)} features, none with a shape)")
    lost = int((~keep).sum())
    shapes = shapes[keep]
    raw = values[0][keep] if column else [None] * len(shapes)
    if not source.equals(CRS.from_epsg(4490)) and len(shapes):
        # a CRS with TOWGS84 shifts to WGS 84 (taken as CGCS2000), PROJ's only path that applies it; without one,
        # PROJ's "ballpark" between datums is no shift at all, which a record's corner points are not allowed
        bound = source.type_name == "Bound CRS"
        transformer = Transformer.from_crs(source, CRS.from_epsg(4326 if bound else 4490), always_xy=True)
        if "ballpark" in transformer.description.lower() and (bound or source.ellipsoid.semi_major_metre != 6378137):
            datum = source.datum.name if source.datum else source.name
            raise LayerError(
                f"layer {where}: its coordinate system {source.name} is on the {datum} datum, which has no shift to "
                "CGCS2000 that minplan may assume: reproject the layer to CGCS2000 with the survey's parameters"
            )

        def to_lonlat(xy: Any) -> Any:
            lon, lat = transformer.transform(xy[:, 0], xy[:, 1])
            return np.column_stack([lon, lat])

        shapes = shapely.transform(shapes, to_lonlat)
    with warnings.catch_warnings():  # points PROJ cannot place become inf, said below in minplan's words
        warnings.simplefilter("ignore", RuntimeWarning)
        invalid = ~shapely.is_valid(shapes)
        if invalid.any():
            shapes[invalid] = shapely.make_valid(shapes[invalid])
    if len(shapes) and not np.all(np.isfinite(shapely.bounds(shapes))):
        raise LayerError(f"layer {where}: some shapes cannot be placed on the earth from {source.name}")
    texts = [None if v is None else str(v).strip() for v in raw]
    bounds = shapely.total_bounds(shapes) if len(shapes) else (0.0, 0.0, 0.0, 0.0)
    _on_the_map(where, source.name, bounds)
    if lost:
        said = f"layer {where}: {lost} of its {lost + len(shapes)} features have no shape; where they lie is not known"
        note = f"{note}; {said}" if note else said
    layer = Layer(spec, shapes, texts, tuple(float(b) for b in bounds), source.to_string(), note, lost)  # type: ignore[arg-type]
    layer.tree = shapely.STRtree(shapes)
    if spec.kind != "zones":
        layer.cut(shapely.Point(0, 0))  # dissolve now, once, before any worker process forks
    return layer


def disjoint(shapes: Any, tree: Any) -> Any:
    """The shapes with those that overlap (or hold one another) merged: a layer's area as disjoint pieces.

    Real control-line layers are coverages, whose shapes only touch: they are kept as they are, and only a
    layer with overlapping shapes pays for merging them."""
    import numpy as np
    import shapely

    a, b = tree.query(shapes)  # pairs whose boxes meet; then whether their interiors do
    pairs = a != b
    a, b = a[pairs], b[pairs]
    meet = shapely.relate_pattern(shapes[a], shapes[b], "T********")
    clash = np.zeros(len(shapes), dtype=bool)
    clash[a[meet]] = True
    clash[b[meet]] = True
    if not clash.any():
        return shapes
    merged = shapely.get_parts(shapely.union_all(shapes[clash]))
    return np.concatenate([shapes[~clash], merged])


def _dbf_encoding(path: Path) -> str | None:
    """A Shapefile without .cpg: GDAL would read its attributes as Latin-1, garbling GBK names. Read them as
    record files are read: UTF-8 if the .dbf is valid UTF-8, else GB18030. None when the .dbf is plain ASCII."""
    if path.suffix.lower() != ".shp" or path.with_suffix(".cpg").exists():
        return None
    try:
        data = path.with_suffix(".dbf").read_bytes()
    except OSError:
        return None
    if data[32:].isascii():
        return None
    try:
        data[32:].decode("utf-8")
        return "UTF-8"
    except UnicodeDecodeError:
        return "GB18030"


def _type_names(ids: set[int]) -> str:
    names = {0: "points", 1: "lines", 2: "rings", 4: "points", 5: "lines", 7: "collections"}
    return ", ".join(sorted({names.get(i, "other shapes") for i in ids}))
