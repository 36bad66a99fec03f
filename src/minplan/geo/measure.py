"""The measured facts: from a record's boundary and the run's layers to the facts rules read.

:func:`measure` is the one step the engine takes before any rule runs. It finds the county from the real
county boundaries, the zones and control lines the right overlaps from the layers, and gives back the
record with those facts in place of the declared ones, the findings where the two disagree (saying both),
and the report's ``spatial`` entry. Without the geo extra the boundary is not examined: the record is judged
on what it declares, and the report says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

from minplan.findings import Citation, Finding, Status
from minplan.geo import INSTALL, available
from minplan.geo.layers import CONTROL_LINES, LayerError
from minplan.say import Msg, join, msg_of, texts

if TYPE_CHECKING:
    from minplan.geo.context import GeoContext
    from minplan.record import Record
    from minplan.rulebook import Corpus

AREA_TOLERANCE = 0.01
"""Stated against computed area: a relative difference up to 1% is agreement. The application's figure is the
area in its own Gauss–Krüger plane (rounded); the ellipsoidal area differs from it by the plane's scale, under
0.1% within a 3-degree zone and under 0.3% within a 6-degree one. Both are computed; either may agree."""
TOUCH_M2 = 0.01
"""An overlap smaller than this (a square decimetre) is taken as shapes that only touch: reprojection noise."""


@dataclass
class Measured:
    record: Record
    spatial: dict[str, Any] | None = None
    findings: list[Finding] = field(default_factory=list)
    others: list[Record] = field(default_factory=list)  # the same record in each further county it lies in
    issues: list[tuple[Msg, str | None]] = field(default_factory=list)  # (message, field): the record is refused


# a stated point this far from the right is no rounding or datum shift (GCJ-02 moves a point some 500 m)
POINT_TOLERANCE_M = 2000.0


def _note(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def measure(record: Record, corpus: Corpus, context: GeoContext | None) -> Measured:
    """The record with its measured facts, or the issues that refuse it."""
    boundary = record.location.boundary
    if boundary is None:
        layers = sorted(context.kinds()) if context is not None else []
        return Measured(
            record,
            {
                "examined": False,
                "notes": [
                    _note(
                        f"记录无拐点坐标（location.boundary），图层（{'、'.join(layers)}）未作叠加：分区与场地事实均按申报",
                        f"the record gives no boundary (location.boundary): the layers ({', '.join(layers)}) were "
                        "not overlaid; zones and site facts are as declared",
                    )
                ],
            },
        )
    if not available() or boundary.footprint() is None:
        return Measured(
            record,
            {
                "examined": False,
                "crs": boundary.crs,
                "notes": [
                    _note(
                        f"未核查拐点范围：未安装 geo 扩展（{INSTALL}）；所在县、分区与场地事实均按申报",
                        f"the boundary was not examined: the geo extra is not installed ({INSTALL}); the county, zones "
                        "and site facts are as declared",
                    )
                ],
            },
            # corner points given and not looked at may contradict the county, area, zones or site declared:
            # a pass would vouch for what nobody checked
            [
                Finding(
                    "spatial/boundary",
                    "spatial",
                    "record",
                    "spatial",
                    Status.needs_info,
                    {
                        "zh": "记录给出了拐点坐标，但本安装无法核查（未安装 geo 扩展）：所在县、面积、分区与场地事实"
                        "未与拐点范围核对",
                        "en": "the record gives corner points, which this installation cannot examine (the geo extra "
                        "is not installed): the county, area, zones and site facts were not checked against them",
                    },
                    Citation("location.boundary"),
                    field="location.boundary",
                    remedy={
                        "zh": f"安装 geo 扩展后重新审查：{INSTALL}",
                        "en": f"install the geo extra and check again: {INSTALL}",
                    },
                )
            ],
        )
    try:
        return _Measurer(record, corpus, context).run()
    except LayerError as exc:
        return Measured(record, issues=[(msg_of(exc), None)])
    except Exception as exc:  # a geometry the libraries cannot work with: this record is refused, the batch goes on
        said = Msg("the boundary could not be measured: {error}", error=msg_of(exc))
        return Measured(record, issues=[(said, "location.boundary")])


class Plane:
    """A transverse Mercator plane near the right (its centre on the nearest half degree): metres, for buffers,
    distances and shares. Within 0.25° of the centre its scale is off by under 10⁻⁵."""

    def __init__(self, lon: float, lat: float) -> None:
        self._forward = _plane(round(lon * 2) / 2, round(lat * 2) / 2)

    def __call__(self, geometry: Any) -> Any:
        import numpy as np
        import shapely

        def move(xy: Any) -> Any:
            x, y = self._forward.transform(xy[:, 0], xy[:, 1])
            return np.column_stack([x, y])

        return shapely.transform(geometry, move)


@cache
def _plane(lon: float, lat: float) -> Any:
    from pyproj import CRS, Transformer

    crs = CRS.from_proj4(f"+proj=tmerc +lat_0={lat} +lon_0={lon} +k=1 +x_0=0 +y_0=0 +ellps=GRS80 +units=m")
    return Transformer.from_crs(CRS.from_epsg(4490), crs, always_xy=True)


def _local_area(geometry: Any) -> float:
    """Area in square degrees of longitude scaled by the cosine of each shape's latitude: proportional to the true
    area to within 10⁻⁵ for shapes a few kilometres across (the cosine varies that little over them)."""
    import numpy as np
    import shapely

    shapes = np.atleast_1d(geometry)
    lat = shapely.get_y(shapely.centroid(shapes))
    return float(np.nansum(shapely.area(shapes) * np.cos(np.radians(lat))))


@cache
def _geod() -> Any:
    from pyproj import Geod

    return Geod(ellps="GRS80")


class _Measurer:
    def __init__(self, record: Record, corpus: Corpus, context: GeoContext | None) -> None:
        import shapely

        self.record = record
        self.corpus = corpus
        self.context = context
        boundary = record.location.boundary
        assert boundary is not None
        self.boundary = boundary
        self.footprint = boundary.footprint()
        polygons = [shapely.Polygon(outer, list(holes)) for outer, holes in self.footprint.parcels]
        self.right = polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)
        shapely.prepare(self.right)
        c = self.right.centroid
        self.plane = Plane(c.x, c.y)
        self.findings: list[Finding] = []
        self.notes: list[dict[str, str]] = []
        self.spatial: dict[str, Any] = {"examined": True, "crs": self.footprint.crs}

    @cached_property
    def ellipsoidal_area(self) -> float:
        """The right's area in m² on the ellipsoid."""
        return self.ellipsoidal_m2(self.right)

    @cached_property
    def area_of_right(self) -> float:
        """The right's area in m², as the application reckons it: in its Gauss–Krüger plane where it has one."""
        plane = self.footprint.plane_area_m2
        return plane if plane is not None else self.ellipsoidal_area

    # --- areas --------------------------------------------------------------------------------------

    def flat_share(self, geometry: Any) -> float:
        """The share of the right that ``geometry`` (already cut to the right; one shape or an array) covers."""
        whole = _local_area(self.right)
        return float(_local_area(geometry) / whole) if whole else 0.0

    @staticmethod
    def ellipsoidal_m2(geometry: Any) -> float:
        # pyproj adds each ring's signed area as given: a hole wound as its shell would add to the area, and
        # parcels wound oppositely cancel out. Each polygon is wound shell anticlockwise, holes clockwise.
        import shapely
        from shapely.geometry.polygon import orient

        parts = shapely.get_parts(geometry)
        return sum(abs(float(_geod().geometry_area_perimeter(orient(part, 1.0))[0])) for part in parts)

    # --- the steps ----------------------------------------------------------------------------------

    def run(self) -> Measured:
        from minplan.geo.counties import CountyData

        ellipsoidal, area = self.ellipsoidal_area, self.area_of_right
        self.spatial["area_km2"] = round(area / 1e6, 6)
        if self.footprint.plane_area_m2 is not None:
            self.spatial["ellipsoidal_area_km2"] = round(ellipsoidal / 1e6, 6)
        self.spatial["parcels"] = len(self.footprint.parcels)
        location = self.record.location
        stated = self.record.stated_area_km2  # location.area_km2, or the record's area (矿区面积) in km²
        if stated is not None:
            self.spatial["stated_area_km2"] = stated
            self._area(stated, area, ellipsoidal)
        if location.lon is not None and location.lat is not None:
            self._stated_point(float(location.lon), float(location.lat))
        if location.depth is not None:
            d = location.depth
            self.spatial["depth"] = {"from": d.top, "to": d.bottom, "datum": d.datum.value}
        try:
            placed = self._county()
        except CountyData as exc:
            said = Msg("county boundaries: {error}", error=msg_of(exc))
            return Measured(self.record, issues=[(said, "location.boundary")])
        if isinstance(placed, Measured):
            return placed
        county, others = placed
        updates: dict[str, Any] = {"county": county}
        site: dict[str, Any] = {}
        try:
            layers = self.context.layers() if self.context is not None else []
        except LayerError as exc:
            return Measured(self.record, issues=[(msg_of(exc), None)])
        declared = self._declared_zones(county, others)
        if isinstance(declared, Measured):
            return declared
        if declared is not None:
            updates["zones"] = declared
        zone_layers = [layer for layer in layers if layer.spec.kind == "zones"]
        if zone_layers:
            zones = self._zones(zone_layers, county, others, declared)
            if zones is not None:
                updates["zones"] = zones
        overlaps = []
        for layer in layers:
            if layer.spec.kind in CONTROL_LINES:
                found = self._control(layer)
                if found is not None:  # several layers of one kind: the right overlaps it if it overlaps any
                    overlaps.append(found[0])
                    site[layer.spec.kind] = site.get(layer.spec.kind, False) or found[1]
        if zone_layers or any(layer.spec.kind in CONTROL_LINES for layer in layers):
            self.spatial["layers"] = [layer.spec.label() for layer in layers]
        self.spatial["overlaps"] = overlaps
        record = self._with(self.record, updates, site)
        if self.context is not None and self.context.map_dir:
            self._map(record, layers, county)
        if self.notes:
            self.spatial["notes"] = self.notes
        others_records = [self._with(record, {"county": code}, {}) for code in others]
        return Measured(record, self.spatial, self.findings, others_records)

    def _stated_point(self, lon: float, lat: float) -> None:
        """A stated longitude and latitude far from the corner points: one of the two is wrong (the points decide)."""
        import shapely

        far = float(shapely.distance(self.plane(shapely.Point(lon, lat)), self.plane(self.right)))
        if far <= POINT_TOLERANCE_M:
            return
        self.findings.append(
            self._finding(
                "lonlat",
                Status.warn,
                f"申报经纬度（{lon:g}, {lat:g}）距拐点范围 {far / 1000:.1f} 千米：二者必有一误，按拐点范围审查",
                f"the stated longitude and latitude ({lon:g}, {lat:g}) lie {far / 1000:.1f} km from the corner "
                "points: one of them is wrong; judged by the points",
                "location.lon",
                actual=f"{far / 1000:.1f} km",
                remedy={
                    "zh": "核对经纬度与拐点坐标，使经纬度位于拐点范围 2 千米以内",
                    "en": "check the longitude and latitude against the corner points: within 2 km of the right",
                },
            )
        )

    @staticmethod
    def _with(record: Record, location: dict[str, Any], site: dict[str, Any]) -> Record:
        update: dict[str, Any] = {"location": record.location.model_copy(update=location)}
        if site:
            update["site"] = record.site.model_copy(update=site)
        return record.model_copy(update=update)

    def _finding(self, rule: str, status: Status, zh: str, en: str, section: str, **extra: Any) -> Finding:
        """A finding of the measurement, cited by and pointing at the record field ``section`` it judged."""
        extra.setdefault("field", section)
        return Finding(
            f"spatial/{rule}",
            "spatial",
            "record",
            "spatial",
            status,
            {"zh": zh, "en": en},
            Citation(section),
            **extra,
        )

    def _area(self, stated: float, area: float, ellipsoidal: float) -> None:
        computed = area / 1e6
        close = min(abs(stated - a / 1e6) / (a / 1e6) for a in (area, ellipsoidal) if a > 0)
        basis_zh = "按拐点坐标计算" + ("（高斯平面）" if self.footprint.plane_area_m2 is not None else "（椭球面）")
        basis_en = "computed from the corner points" + (
            " (Gauss–Krüger plane)" if self.footprint.plane_area_m2 is not None else " (on the ellipsoid)"
        )
        figures = f"{stated:g} km²", f"{computed:.4f} km²"
        if close <= AREA_TOLERANCE:
            self.findings.append(
                self._finding(
                    "area",
                    Status.pass_,
                    f"申报面积 {figures[0]} 与{basis_zh} {figures[1]} 相符（容差 1%）",
                    f"the stated area {figures[0]} agrees with the area {basis_en}, {figures[1]} (tolerance 1%)",
                    self.record.stated_area_field,
                    required=figures[1],
                    actual=figures[0],
                )
            )
            return
        self.findings.append(
            self._finding(
                "area",
                Status.fail,
                f"申报面积 {figures[0]} 与{basis_zh} {figures[1]} 不符（相差 {close:.1%}，容差 1%）："
                "拐点坐标或面积有误",
                f"the stated area {figures[0]} does not agree with the area {basis_en}, {figures[1]} "
                f"({close:.1%} apart, tolerance 1%): the corner points or the area are wrong",
                self.record.stated_area_field,
                required=figures[1],
                actual=figures[0],
                remedy={
                    "zh": f"核对拐点坐标与申报面积，使二者相符（按拐点坐标为 {figures[1]}，容差 1%）",
                    "en": f"check the corner points and the stated area so that they agree (the points enclose "
                    f"{figures[1]}, tolerance 1%)",
                },
            )
        )

    def _county(self) -> tuple[str, list[str]] | Measured:
        from minplan.geo.counties import TOLERANCE_M, locate
        from minplan.regions import gazetteer

        places = gazetteer()
        hits = locate(self.right, self.plane)
        inside = [h for h in hits if h.inside] or [h for h in hits if h.share > 0]
        near = [h for h in hits if h not in inside]
        declared = self.record.location.county

        def name(code: str) -> str:
            return places.divisions[code].label()

        self.spatial["counties"] = [
            {"code": h.code, "name": places.divisions[h.code].zh, "share": round(h.share, 4)} for h in inside
        ]
        if near:
            self.spatial["near"] = [
                {"code": h.code, "name": places.divisions[h.code].zh, "distance_m": round(h.distance_m, 1)}
                for h in near
            ]
        codes = [h.code for h in inside]
        tol = f"{TOLERANCE_M:.0f}"
        if codes and sum(h.share for h in hits) < 0.999:
            self._beyond(tol)
        if declared is not None and declared not in codes:
            if declared in [h.code for h in near] and codes:
                self.notes.append(
                    _note(
                        f"据县界数据，拐点范围位于{'、'.join(name(c) for c in codes)}，"
                        f"距申报的{name(declared)}县界不足 "
                        f"{tol} 米（县界数据精度约 {tol} 米）：两县规划均适用",
                        f"by the county boundary data the right lies in {', '.join(name(c) for c in codes)}, within "
                        f"{tol} m of {name(declared)}, the county stated (the data are good to about {tol} m): the "
                        "plans of both apply",
                    )
                )
                return declared, codes
            if codes:
                where = join([Msg("{county} ({share:.0%})", county=name(h.code), share=h.share) for h in inside], ", ")
                said = Msg(
                    "the boundary lies in {where}, not in {county} as location.county states",
                    where=where,
                    county=name(declared),
                )
                return Measured(self.record, issues=[(said, "location.county")])
        if not codes:
            if declared is not None and declared in [h.code for h in near]:
                self.notes.append(
                    _note(
                        f"拐点范围在{name(declared)}县界外，但距县界不足 {tol} 米"
                        f"（县界数据精度约 {tol} 米），按申报县审查",
                        f"the right lies outside {name(declared)}, but within {tol} m of its line (the county data "
                        f"are good to about {tol} m): judged as in the county stated",
                    )
                )
                return declared, []
            distances = [Msg("{county} ({distance:.0f} m)", county=name(h.code), distance=h.distance_m) for h in near]
            nearest = Msg("; nearest: {counties}", counties=join(distances, ", ")) if near else ""
            said = Msg(
                "the boundary lies in none of the counties minplan encodes ({counties}){nearest}",
                counties=join([Msg.verbatim(name(d.code)) for d in places.counties()], ", "),
                nearest=nearest,
            )
            return Measured(self.record, issues=[(said, "location.boundary")])
        primary = declared if declared is not None else codes[0]
        others = [c for c in codes if c != primary]
        self.spatial["county"] = primary
        if others:
            shares = "、".join(f"{name(h.code)}（{h.share:.0%}）" for h in inside)
            shares_en = ", ".join(f"{name(h.code)} ({h.share:.0%})" for h in inside)
            self.notes.append(
                _note(
                    f"拐点范围跨县界：{shares}；各县适用的规划均予审查",
                    f"the right crosses a county line: {shares_en}; the plans of each county are applied",
                )
            )
        for h in near:
            self.notes.append(
                _note(
                    f"拐点范围距{name(h.code)}县界 {h.distance_m:.0f} 米，在县界数据精度（约 {tol} 米）之内",
                    f"the right lies {h.distance_m:.0f} m from the line of {name(h.code)}, within the accuracy of "
                    f"the county data (about {tol} m)",
                )
            )
        return primary, others

    def _beyond(self, tol: str) -> None:
        """Part of the right beyond every encoded county: no plan was looked at for that ground."""
        from minplan.geo.counties import beyond

        share, far = beyond(self.right, self.plane)
        if share * self.area_of_right < TOUCH_M2:
            return
        hectares = share * self.area_of_right / 1e4
        self.findings.append(
            self._finding(
                "county",
                Status.needs_info,
                f"拐点范围有 {hectares:.2f} 公顷（{share:.0%}）位于 minplan 所编码的各县之外，"
                f"最远处距其县界 {far:.0f} 米（超出县界数据精度约 {tol} 米）：该处适用的规划未予审查",
                f"{hectares:.2f} ha ({share:.0%}) of the right lie beyond every county minplan encodes, up to "
                f"{far:.0f} m from their lines (beyond the county data's accuracy of about {tol} m): no plan was "
                "checked for that ground",
                "location.boundary",
                actual=f"{share:.0%} beyond, up to {far:.0f} m",
                remedy={
                    "zh": "核对拐点坐标（误录的点、带号或坐标系）；如确跨出所编码的县，按该处适用的规划另行审查",
                    "en": "check the corner points (a mistyped point, zone or CRS); if the right does reach beyond the "
                    "encoded counties, review that ground against the plans in force there",
                },
            )
        )

    def _index(self, county: str) -> Any:
        return self.corpus.zone_index(county, self.record.date)

    def _declared_zones(self, county: str, others: list[str]) -> list[str] | Measured | None:
        """The declared zones as codes, resolved once the county is known (it was not, when the record was read)."""
        zones = self.record.location.zones
        if zones is None or self.record.location.county is not None:
            return zones
        index = self._index(county)
        place = f"for the county the boundary lies in ({county}) on {self.record.date.isoformat()}"
        values, errors = index.resolve_list(list(zones), place)
        unresolved = []
        for i, exc in errors:  # a right across a line may lie in a zone of its other county
            for other in others:
                found, again = self._index(other).resolve_list([zones[i]], place)
                if not again:
                    values += [v for v in found if v not in values]
                    break
            else:
                unresolved.append((i, exc))
        if unresolved:
            return Measured(self.record, issues=[(msg_of(exc), f"location.zones[{i}]") for i, exc in unresolved])
        return values

    def _zones(self, layers: list[Any], county: str, others: list[str], declared: list[str] | None) -> list[str] | None:
        import shapely

        indexes = [self._index(c) for c in [county, *others]]
        shares: dict[str, float] = {}
        unknown: dict[tuple[str, bool], float] = {}  # (value, a zone placed in another county) → share
        for layer in layers:
            for i in layer.query(self.right):
                piece = shapely.intersection(self.right, layer.shapes[i])
                share = self.flat_share(piece)
                if share * self.area_of_right < TOUCH_M2:
                    continue
                value = layer.values[i]
                code = None
                elsewhere = False  # a zone the plan prints as lying in other counties than the right's
                for index in indexes:
                    found = index.find(value) if value else set()
                    if len(found) == 1:
                        candidate = found.pop()
                        if index.misplaced(candidate):
                            elsewhere = True
                            continue
                        code = candidate
                        break
                if code is None:
                    key = (value or "—", elsewhere)
                    unknown[key] = unknown.get(key, 0.0) + share
                else:
                    shares[code] = shares.get(code, 0.0) + share
        zones = []
        for code, share in sorted(shares.items(), key=lambda kv: -kv[1]):
            zones.append({"code": code, "name": self._zone_name(code, indexes), "share": round(min(share, 1.0), 4)})
        self.spatial["zones"] = zones
        if unknown:
            # a feature the plans do not name may be a zone spelt otherwise: what it holds is not known, so
            # the layer cannot say the right lies in no zone, nor overrule what the record declares
            values = "、".join(
                f"“{v}”（{share:.0%}{'，规划载明位于他县' if away else ''}）" for (v, away), share in unknown.items()
            )
            values_en = ", ".join(
                f"{v!r} ({share:.0%}{', placed by the plan in another county' if away else ''})"
                for (v, away), share in unknown.items()
            )
            self.findings.append(
                self._finding(
                    "zones",
                    Status.needs_info,
                    f"分区图层中与拐点范围重叠的要素{values}与施行中规划在本县的分区均不对应，拐点范围所在分区无法全部判定；"
                    f"分区按申报及图层中可识别的分区（{'、'.join(z['code'] for z in zones) or '无'}）审查",
                    f"the zones layer's features overlapping the right, {values_en}, match no zone the plans in "
                    "force have in its county, so the zones the right lies in cannot all be told; zones are judged as "
                    "declared and as "
                    f"the layer's known features show ({', '.join(z['code'] for z in zones) or 'none'})",
                    "location.zones",
                    actual=values_en,
                    remedy={
                        "zh": "核对分区图层的分区代码或名称（minplan zones 列出规划的分区）",
                        "en": "check the zone codes or names in the zones layer (minplan zones lists the plans' zones)",
                    },
                )
            )
            known = [z["code"] for z in zones]
            if declared is None and not known:
                return None
            return [*(declared or []), *(code for code in known if code not in (declared or []))]
        beyond = [layer.spec.label() for layer in layers if not layer.covers_extent(self.right)]
        # a feature with no shape may hold the right: the layer cannot say it lies in no zone, or in these alone
        beyond += [f"{layer.spec.label()}: {layer.lost} features with no shape" for layer in layers if layer.lost]
        if beyond and not zones and not unknown:
            self.notes.append(
                _note(
                    f"拐点范围在分区图层（{'、'.join(beyond)}）的范围之外：分区按申报",
                    f"the right lies beyond the zones layer ({', '.join(beyond)}): zones are as declared",
                )
            )
            self.spatial.pop("zones")
            return None
        if beyond:
            self.notes.append(
                _note(
                    f"拐点范围部分超出分区图层（{'、'.join(beyond)}）的范围：图层外的部分分区未知",
                    f"the right reaches beyond the zones layer ({', '.join(beyond)}): zones outside it are unknown",
                )
            )
        measured = [z["code"] for z in zones]
        words = "、".join(f"{z['code']}（{z['share']:.0%}）" for z in zones) or "无"
        words_en = ", ".join(f"{z['code']} ({z['share']:.0%})" for z in zones) or "none"
        partial = [z for z in zones if z["share"] < 0.9999] or beyond
        said = "、".join(declared) if declared else "不在任何分区"
        said_en = ", ".join(declared) if declared else "no zone"
        if declared is not None and set(declared) != set(measured):
            self.findings.append(
                self._finding(
                    "zones",
                    Status.warn,
                    f"申报分区为{said}，但拐点范围位于：{words}；按拐点范围审查",
                    f"the record declares {said_en}, but the corner points lie in: {words_en}; judged by the points",
                    "location.zones",
                    required=", ".join(measured) or "[]",
                    actual=", ".join(declared) or "[]",
                    remedy={
                        "zh": f"按拐点范围申报分区（location.zones: [{', '.join(measured)}]），或核对拐点坐标",
                        "en": f"the zones the corner points lie in (location.zones: [{', '.join(measured)}]), or "
                        "corner points checked again",
                    },
                )
            )
        elif partial:
            self.findings.append(
                self._finding(
                    "zones",
                    Status.warn,
                    f"拐点范围仅部分位于分区内：{words}",
                    f"the right lies only partly in its zones: {words_en}",
                    "location.zones",
                    actual=words_en,
                    remedy={
                        "zh": "核对拐点范围与分区边界：矿业权范围应位于分区之内",
                        "en": "check the corner points against the zones' boundaries: the right within its zones",
                    },
                )
            )
        else:
            self.findings.append(
                self._finding(
                    "zones",
                    Status.pass_,
                    f"拐点范围位于：{words}" + ("，与申报一致" if declared is not None else ""),
                    f"the corner points lie in: {words_en}" + (", as declared" if declared is not None else ""),
                    "location.zones",
                    actual=words_en,
                )
            )
        return measured

    @staticmethod
    def _zone_name(code: str, indexes: list[Any]) -> str | None:
        for index in indexes:
            refs = index._by_value.get(code)  # the zone's printed name, from the plan's table
            if refs:
                return str(refs[0].zone.name)
        return None

    def _control(self, layer: Any) -> tuple[dict[str, Any], bool] | None:

        kind = layer.spec.kind
        zh, en = CONTROL_LINES[kind]
        pieces = layer.cut(self.right)
        share = self.flat_share(pieces) if len(pieces) else 0.0
        area = share * self.area_of_right
        overlaps = area >= TOUCH_M2
        if not overlaps and not layer.covers_extent(self.right):
            # a layer speaks for the ground it spans: beyond its extent, no overlap says nothing
            self.notes.append(
                _note(
                    f"拐点范围超出{zh}图层（{layer.spec.label()}）的范围，图层内无重叠：site.{kind} 按申报",
                    f"the right reaches beyond the layer of {en} ({layer.spec.label()}) and overlaps none of it: "
                    f"site.{kind} is as declared",
                )
            )
            return None
        if not overlaps and layer.lost:
            # a feature with no shape may be the one the right lies in: no overlap with the others says nothing
            self.notes.append(
                _note(
                    f"{zh}图层（{layer.spec.label()}）有 {layer.lost} 个要素无图形，其余要素与拐点范围无重叠："
                    f"site.{kind} 按申报",
                    f"the layer of {en} ({layer.spec.label()}) has {layer.lost} features with no shape and the right "
                    f"overlaps none of the others: site.{kind} is as declared",
                )
            )
            return None
        names = sorted({v for v in layer.names_in(self.right) if v}) if overlaps else []
        entry: dict[str, Any] = {
            "layer": kind,
            "area_m2": round(area, 2) if overlaps else 0.0,
            "share": round(share, 4) if overlaps else 0.0,
        }
        if names:
            entry["names"] = names
        declared = getattr(self.record.site, kind)
        if area >= 50:  # 0.01 公顷 and more, as bureaus write it
            hectares, hectares_en = f"{area / 1e4:.2f} 公顷（{share:.0%}）", f"{area / 1e4:.2f} ha ({share:.0%})"
        else:  # a sliver: in square metres, where hectares would print 0.00 beside an overlap that fails
            hectares, hectares_en = f"{area:.2f} 平方米（{share * 100:.2g}%）", f"{area:.2f} m² ({share * 100:.2g}%)"
        section = f"site.{kind}"
        if overlaps and declared is False:
            self.findings.append(
                self._finding(
                    section,
                    Status.fail,
                    f"申报不涉及{zh}，但拐点范围与其重叠 {hectares}",
                    f"the record declares no overlap with {en}, but the corner points overlap it by {hectares_en}",
                    section,
                    required="false",
                    actual=f"overlap {hectares_en}",
                    remedy={
                        "zh": f"调整拐点范围使其不与{zh}重叠，或如实申报（{section}: true）后按规划审查",
                        "en": f"corner points that do not overlap {en}, or the overlap declared ({section}: true) "
                        "and judged by the plans",
                    },
                )
            )
        elif not overlaps and declared is True:
            self.findings.append(
                self._finding(
                    section,
                    Status.warn,
                    f"申报涉及{zh}，但拐点范围与图层（{layer.spec.label()}）不重叠；按拐点范围审查",
                    f"the record declares an overlap with {en}, but the corner points do not overlap the layer "
                    f"({layer.spec.label()}); judged by the points",
                    section,
                    actual="no overlap",
                    remedy={
                        "zh": f"核对 {section} 的申报与拐点坐标",
                        "en": f"check {section} as declared against the corner points",
                    },
                )
            )
        else:
            said = "，与申报一致" if declared is not None else ""
            said_en = ", as declared" if declared is not None else ""
            self.findings.append(
                self._finding(
                    section,
                    Status.pass_,
                    (f"拐点范围与{zh}重叠 {hectares}" if overlaps else f"拐点范围不涉及{zh}") + said,
                    (
                        f"the corner points overlap {en} by {hectares_en}"
                        if overlaps
                        else f"the corner points do not overlap {en}"
                    )
                    + said_en,
                    section,
                    actual=f"overlap {hectares_en}" if overlaps else "no overlap",
                )
            )
        return entry, overlaps

    def _map(self, record: Record, layers: list[Any], county: str) -> None:
        from minplan.geo.maps import MapError, draw

        try:
            path = draw(record, self.right, self.plane, layers, county, self.spatial, self.context)
        except MapError as exc:
            en, zh = texts(exc)  # the Chinese of the error where it carries one
            self.notes.append(_note(f"未能绘制图件：{zh}", f"the map could not be drawn: {en}"))
            return
        self.spatial["map"] = path
