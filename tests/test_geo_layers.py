"""Boundaries against the bureau's layers: the acceptance cases, Shapefiles with GBK names, and bad layers."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo_support import SQUARE, X0, Y0, box, check, only, record_text, statuses, write_layer


@pytest.fixture
def layers(tmp_path: Path) -> dict[str, Path]:
    zone = box(X0 - 1000, Y0 - 1000, X0 + 2000, Y0 + 2000)
    red = box(X0, Y0, X0 + 500, Y0 + 500)  # a quarter of the right
    return {
        "zones": write_layer(tmp_path / "zones.gpkg", [zone], ["KZ01"]),
        "red": write_layer(tmp_path / "redline.gpkg", [red], ["红线一"], field="名称"),
    }


def _record(tmp_path: Path, **kw) -> Path:
    path = tmp_path / f"{kw.get('id', 'r')}.yaml"
    path.write_text(record_text(**kw), encoding="utf-8")
    return path


def test_the_red_line_a_record_denies_is_found(tmp_path: Path, layers):
    code, report, _ = check(
        str(_record(tmp_path)),
        "--layer",
        f"zones={layers['zones']}#CODE",
        "--layer",
        f"ecological_red_line={layers['red']}",
    )
    record = only(report)
    spatial = record["spatial"]
    assert spatial["county"] == "222404"
    assert spatial["area_km2"] == pytest.approx(1.0)
    assert [z["code"] for z in spatial["zones"]] == ["KZ01"] and spatial["zones"][0]["share"] == pytest.approx(1.0)
    [overlap] = spatial["overlaps"]
    assert overlap["layer"] == "ecological_red_line"
    assert overlap["area_m2"] == pytest.approx(250_000, rel=1e-3) and overlap["share"] == pytest.approx(0.25, abs=1e-3)
    found = statuses(record)
    assert (
        found["yanbian-2021/siting/ecological-red-line"] == "fail"
    )  # judged on the measured fact, not the declared one
    assert found["spatial/site.ecological_red_line"] == "fail"
    message = next(f for f in record["findings"] if f["rule"] == "spatial/site.ecological_red_line")["messages"]["zh"]
    assert message == "申报不涉及生态保护红线，但拐点范围与其重叠 25.00 公顷（25%）"
    assert record["status"] == "fail" and code == 1


def test_the_county_comes_from_the_boundary(tmp_path: Path):
    _, report, _ = check(str(_record(tmp_path, county=None)))
    record = only(report)
    assert [p["id"] for p in record["plans"] if p["applied"]] == ["yanbian-2021"]
    assert record["jurisdiction"][0]["code"] == "222404"
    assert record["spatial"]["county"] == "222404"


def test_a_boundary_in_another_county_is_refused_naming_it(tmp_path: Path):
    code, report, _ = check(str(_record(tmp_path, county="敦化市")))
    record = only(report)
    assert record["status"] == "error" and code == 2
    [error] = record["errors"]
    assert "珲春市 222404" in error["message"] and "敦化市" in error["message"]
    assert error["field"] == "location.county"


def test_a_stated_area_that_does_not_match_does_not_pass(tmp_path: Path):
    _, report, _ = check(str(_record(tmp_path, area=1.5)))
    record = only(report)
    assert statuses(record)["spatial/area"] == "fail"
    assert record["status"] == "fail"
    _, report, _ = check(str(_record(tmp_path, area=1.004)))  # within 1%
    assert statuses(only(report))["spatial/area"] == "pass"


def test_declared_zones_that_the_layer_contradicts_are_replaced_and_said(tmp_path: Path, layers):
    text = record_text().replace("  area_km2", "  zones: []\n  area_km2")
    path = tmp_path / "z.yaml"
    path.write_text(text, encoding="utf-8")
    _, report, _ = check(str(path), "--layer", f"zones={layers['zones']}")  # the CODE attribute found unnamed
    record = only(report)
    zones = next(f for f in record["findings"] if f["rule"] == "spatial/zones")
    assert zones["status"] == "warn"
    assert "不在任何分区" in zones["messages"]["zh"] and "KZ01" in zones["messages"]["zh"]


@pytest.mark.parametrize("declared", [None, "[KZ01]", "[]"])
def test_a_layer_feature_that_names_no_zone_leaves_the_zones_open(tmp_path: Path, declared):
    """A feature spelt otherwise than the plan (KZ-01 for KZ01) may be that zone: the right is not taken to lie
    in no zone, what the record declares is not overruled, and the record cannot pass."""
    zone = box(X0 - 1000, Y0 - 1000, X0 + 2000, Y0 + 2000)
    layer = write_layer(tmp_path / "spelt.gpkg", [zone], ["KZ-01"])
    text = record_text()
    if declared is not None:
        text = text.replace("  area_km2", f"  zones: {declared}\n  area_km2")
    path = tmp_path / "z.yaml"
    path.write_text(text, encoding="utf-8")
    _, report, _ = check(str(path), "--layer", f"zones={layer}#CODE")
    record = only(report)
    zones = next(f for f in record["findings"] if f["rule"] == "spatial/zones")
    assert zones["status"] == "needs_info" and "KZ-01" in zones["messages"]["zh"]
    assert record["status"] not in ("pass", "warn")
    assert record["spatial"]["zones"] == []
    _, plain, _ = check(str(path))  # without the layer: the zone rules see the declared zones
    judged = {k: v for k, v in statuses(only(plain)).items() if not k.startswith("spatial/")}
    with_layer = {k: v for k, v in statuses(record).items() if not k.startswith("spatial/")}
    assert with_layer == judged


def test_a_declared_overlap_the_layer_does_not_show_is_a_warning(tmp_path: Path):
    far = box(X0 + 5000, Y0 + 5000, X0 + 6000, Y0 + 6000)
    near = box(X0 - 5000, Y0 - 5000, X0 - 4000, Y0 - 4000)
    layer = write_layer(tmp_path / "red.gpkg", [far, near], ["a", "b"])
    path = tmp_path / "r.yaml"
    path.write_text(record_text().replace("ecological_red_line: false", "ecological_red_line: true"), encoding="utf-8")
    _, report, _ = check(str(path), "--layer", f"ecological_red_line={layer}")
    found = statuses(only(report))
    assert found["spatial/site.ecological_red_line"] == "warn"
    assert found["yanbian-2021/siting/ecological-red-line"] == "not_applicable"  # the measured fact: no overlap


def test_a_layer_that_does_not_reach_the_right_decides_nothing(tmp_path: Path):
    elsewhere = box(X0 + 50_000, Y0 + 50_000, X0 + 51_000, Y0 + 51_000)
    layer = write_layer(tmp_path / "red.gpkg", [elsewhere, box(X0 + 60_000, Y0 + 60_000, X0 + 61_000, Y0 + 61_000)])
    path = tmp_path / "r.yaml"
    path.write_text(
        record_text().replace("  ecological_red_line: false\n", "  permanent_basic_farmland: false\n"), "utf-8"
    )
    _, report, _ = check(str(path), "--layer", f"ecological_red_line={layer}")
    record = only(report)
    assert statuses(record)["yanbian-2021/siting/ecological-red-line"] == "needs_info"  # not declared, not measured
    assert any("as declared" in n or "按申报" in n for n in record["spatial"]["notes"])


def test_a_shapefile_with_gbk_names_matches_zones_by_printed_name(tmp_path: Path):
    zone = box(X0 - 1000, Y0 - 1000, X0 + 2000, Y0 + 2000)
    layer = write_layer(
        tmp_path / "zones.shp",
        [zone],
        ["吉林珲春小西南岔金矿重点勘查区"],
        field="名称",
        driver="ESRI Shapefile",
        encoding="GBK",
    )
    assert (tmp_path / "zones.cpg").read_text().strip() == "GBK"
    _, report, _ = check(str(_record(tmp_path)), "--layer", f"zones={layer}#名称")
    assert [z["code"] for z in only(report)["spatial"]["zones"]] == ["KZ01"]
    (tmp_path / "zones.cpg").unlink()  # GDAL would read the names as Latin-1: minplan reads them as GB18030
    _, report, err = check(str(_record(tmp_path)), "--layer", f"zones={layer}#名称")
    assert [z["code"] for z in only(report)["spatial"]["zones"]] == ["KZ01"]
    assert "GB18030" in err


def test_layers_in_other_crs_are_reprojected(tmp_path: Path):
    import shapely
    from pyproj import Transformer

    to_lonlat = Transformer.from_crs("EPSG:4531", "EPSG:4490", always_xy=True)
    quarter = box(X0, Y0, X0 + 500, Y0 + 500)
    lonlat = shapely.transform(
        quarter, lambda xy: __import__("numpy").column_stack(to_lonlat.transform(xy[:, 0], xy[:, 1]))
    )
    layer = write_layer(tmp_path / "red.geojson", [lonlat], ["x"], crs="EPSG:4490", driver="GeoJSON")
    _, report, _ = check(str(_record(tmp_path)), "--layer", f"ecological_red_line={layer}")
    [overlap] = only(report)["spatial"]["overlaps"]
    assert overlap["share"] == pytest.approx(0.25, abs=1e-3)


def test_a_layer_that_carries_its_shift_to_wgs84_is_shifted(tmp_path: Path):
    from pyproj import CRS

    # Xi'an 80 zone 43 with the survey's shift, which moves it some 61 m east: a strip 100 m into the right keeps 39
    wkt = CRS.from_proj4("+proj=tmerc +lon_0=129 +x_0=43500000 +ellps=IAU76 +towgs84=24,-123,-94 +units=m").to_wkt()
    layer = write_layer(tmp_path / "red.gpkg", [box(X0 - 5000, Y0 + 900, X0 + 5000, Y0 + 3000)], crs=wkt)
    _, report, _ = check(str(_record(tmp_path)), "--layer", f"ecological_red_line={layer}")
    [overlap] = only(report)["spatial"]["overlaps"]
    assert 0.035 < overlap["share"] < 0.042, overlap


def _line():
    import shapely

    return shapely.LineString(box(0, 0, 1, 1).exterior.coords)


def _garbage(path: Path) -> Path:
    path.write_bytes(b"not a geopackage")
    return path


def _empty(folder: Path) -> Path:
    """A layer with its schema and no feature, as an export that lost them writes it."""
    import numpy as np
    import pyogrio

    path = folder / "empty.gpkg"
    pyogrio.raw.write(
        str(path),
        np.array([], dtype=object),
        [np.array([], dtype=object)],
        fields=["名称"],
        crs="EPSG:4531",
        geometry_type="Polygon",
        driver="GPKG",
    )
    return path


@pytest.mark.parametrize(
    ("make", "option", "words"),
    [
        (lambda p: p / "none.gpkg", "zones={}#CODE", "no such file"),
        (lambda p: write_layer(p / "z.gpkg", [box(0, 0, 1, 1)], ["A"]), "zones={}#NAME", "no attribute 'NAME'"),
        (lambda p: write_layer(p / "z.gpkg", [box(0, 0, 1, 1)], ["A"]), "zones={}:other#CODE", "no layer 'other'"),
        (
            lambda p: write_layer(p / "z.gpkg", [box(0, 0, 1, 1)], ["A"], crs=None),
            "zones={}#CODE",
            "no coordinate system",
        ),
        (lambda p: write_layer(p / "z.gpkg", [box(0, 0, 1, 1)], ["A"], field="X"), "zones={}", "name the attribute"),
        (lambda p: _garbage(p / "bad.gpkg"), "zones={}#CODE", "cannot read"),
        (
            lambda p: write_layer(p / "l.gpkg", [_line()], ["A"]),
            "ecological_red_line={}",
            "polygons",
        ),
        (_empty, "ecological_red_line={}", "holds no polygons"),  # else it would find no overlap anywhere
        (  # PROJ would take it as CGCS2000 (a "ballpark" offset of nothing), as a record's points may not be
            lambda p: write_layer(p / "x80.gpkg", [box(0, 0, 1, 1)], ["A"], crs="EPSG:2367"),
            "ecological_red_line={}",
            "Xian 1980 datum, which has no shift",
        ),
    ],
)
def test_a_layer_that_cannot_be_used_is_exit_2(tmp_path: Path, make, option, words):
    path = make(tmp_path)
    code, _, err = check(str(_record(tmp_path)), "--layer", option.format(path))
    assert code == 2
    assert words in err


def test_an_unknown_kind_is_exit_2(tmp_path: Path):
    code, _, err = check(str(_record(tmp_path)), "--layer", "red_line=x.gpkg")
    assert code == 2 and "unknown kind" in err


def test_a_parallel_batch_gives_what_one_process_gives(tmp_path: Path, layers):
    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(420):  # enough for two workers
        shift = (i % 3) * 400
        points = [[x + shift, y] for x, y in SQUARE]
        (folder / f"r{i:03d}.yaml").write_text(record_text(id=f"R{i}", points=points), encoding="utf-8")
    opts = ["--layer", f"zones={layers['zones']}#CODE", "--layer", f"ecological_red_line={layers['red']}"]
    _, serial, _ = check(str(folder), *opts, "--jobs", "1")
    _, parallel, _ = check(str(folder), *opts, "--jobs", "2")
    assert serial["records"] == parallel["records"]
    shares = {r["id"]: [o["share"] for o in r["spatial"]["overlaps"]] for r in serial["records"]}
    assert shares["R0"] == [pytest.approx(0.25, abs=1e-3)] and shares["R1"] == [pytest.approx(0.05, abs=1e-3)]
    assert shares["R2"] == []  # beyond the layer's extent, no overlap says nothing: as declared, with a note


def test_zones_declared_without_a_county_are_resolved_in_the_county_found(tmp_path: Path, layers):
    text = record_text(county=None).replace("  area_km2", "  zones: [小西南岔金矿重点勘查区]\n  area_km2")
    path = tmp_path / "z.yaml"
    path.write_text(text, encoding="utf-8")
    _, report, _ = check(str(path), "--layer", f"zones={layers['zones']}#CODE")
    zones = next(f for f in only(report)["findings"] if f["rule"] == "spatial/zones")
    assert zones["status"] == "pass" and "as declared" in zones["messages"]["en"]  # the short name is KZ01
    path.write_text(text.replace("小西南岔金矿重点勘查区", "不存在的区"), encoding="utf-8")
    code, report, _ = check(str(path))
    [error] = only(report)["errors"]
    assert code == 2 and error["field"] == "location.zones[0]" and "222404" in error["message"]


def test_the_run_context_crosses_to_a_worker_as_plain_data(layers):
    """A spawned worker gets the layers' names, not their shapes (nor any code), and reads them itself."""
    import pickle

    from minplan.geo.context import GeoContext
    from minplan.geo.layers import LayerSpec

    context = GeoContext((LayerSpec.parse(f"zones={layers['zones']}#CODE"),), map_dir=None)
    read = context.layers()
    state = context.__getstate__()
    assert set(state) == {"specs", "map_dir", "started"}
    clone = pickle.loads(pickle.dumps(context))
    assert clone._layers is None
    assert clone.layers()[0].values == read[0].values == ["KZ01"]


def test_layer_options_parse():
    from minplan.geo.layers import LayerError, LayerSpec

    assert LayerSpec.parse("zones=a.gpkg:blocks#编号") == LayerSpec("zones", "a.gpkg", "blocks", "编号")
    assert LayerSpec.parse("site.nature_reserve=b.shp") == LayerSpec("nature_reserve", "b.shp")
    assert LayerSpec.parse("zones=C:/gis/a.gpkg#CODE").path == "C:/gis/a.gpkg"
    with pytest.raises(LayerError):
        LayerSpec.parse("zones")


def test_measured_findings_and_refusals_point_at_the_field_they_concern(tmp_path: Path, layers):
    """FILE:LINE:COL of a measured finding is its field's line (site.ecological_red_line, the area), and a
    boundary that lies in another county is refused at the county's line, not the record's first."""
    from typer.testing import CliRunner

    from minplan.cli import app

    path = _record(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    red = next(i for i, line in enumerate(lines, 1) if "ecological_red_line" in line)
    area = next(i for i, line in enumerate(lines, 1) if "area_km2" in line)
    args = ["check", str(path), "--format", "concise", "--layer", f"ecological_red_line={layers['red']}"]
    out = CliRunner().invoke(app, args).output
    assert f"{path}:{red}:3: fail spatial/site.ecological_red_line" in out, out
    assert f"{path}:{area}:" in out or "spatial/area" not in out
    other = _record(tmp_path, id="o", county="敦化市")
    county = next(i for i, line in enumerate(other.read_text(encoding="utf-8").splitlines(), 1) if "county:" in line)
    out = CliRunner().invoke(app, ["check", str(other), "--format", "concise"]).output
    assert f"{other}:{county}:3: error" in out, out


def test_a_stated_point_far_from_the_corner_points_is_said(tmp_path: Path):
    """lon/lat 185 km from the right: one of the two is wrong; a point on the right says nothing."""
    far = record_text().replace("  area_km2: 1.0\n", "  area_km2: 1.0\n  lon: 128.2\n  lat: 43.4\n")
    near = record_text().replace("  area_km2: 1.0\n", "  area_km2: 1.0\n  lon: 130.38\n  lat: 42.87\n")
    found = {}
    for name, text in (("far", far), ("near", near)):
        path = tmp_path / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        _, report, _ = check(str(path))
        found[name] = statuses(only(report)).get("spatial/lonlat")
    assert found == {"far": "warn", "near": None}


def test_a_stray_feature_keeps_the_zones_the_layer_does_know(tmp_path: Path, corpus):
    """KZ01 over the right and a sliver coded 待定: the right is judged in KZ01 beside what it declares, and the
    sliver leaves spatial/zones needs_info."""
    from minplan.geo.context import GeoContext
    from minplan.geo.layers import LayerSpec
    from minplan.geo.measure import measure
    from minplan.loader import load_text

    zone = box(X0 - 1000, Y0 - 1000, X0 + 2000, Y0 + 2000)
    sliver = box(X0, Y0, X0 + 100, Y0 + 100)
    layer = write_layer(tmp_path / "mixed.gpkg", [zone, sliver], ["KZ01", "待定"])
    context = GeoContext((LayerSpec.parse(f"zones={layer}#CODE"),), map_dir=None)
    for declared, judged in (("[]", ["KZ01"]), (None, ["KZ01"])):
        text = record_text()
        if declared is not None:
            text = text.replace("  area_km2", f"  zones: {declared}\n  area_km2")
        [item] = load_text(text, "z.yaml", corpus.record_context())
        measured = measure(item.record, corpus, context)
        assert measured.record.location.zones == judged
        [zones] = [f for f in measured.findings if f.rule == "spatial/zones"]
        assert zones.status.value == "needs_info" and "待定" in zones.message["zh"]


def test_every_measured_finding_not_met_says_what_would_satisfy_it(tmp_path: Path, layers):
    """An area that disagrees, a red line denied and overlapped, zones other than the measured ones, a stated
    point far off: each names what would settle it (remedy), as a rule's finding does."""
    text = record_text(area=1.5).replace("  area_km2", "  zones: []\n  lon: 128.2\n  lat: 43.4\n  area_km2")
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    _, report, _ = check(
        str(path), "--layer", f"zones={layers['zones']}#CODE", "--layer", f"ecological_red_line={layers['red']}"
    )
    spatial = {f["rule"]: f for f in only(report)["findings"] if f["rule"].startswith("spatial/")}
    not_met = {rule: f for rule, f in spatial.items() if f["status"] not in ("pass", "not_applicable")}
    assert {"spatial/area", "spatial/site.ecological_red_line", "spatial/zones", "spatial/lonlat"} <= set(not_met)
    for rule, found in not_met.items():
        assert found.get("remedy", {}).get("zh") and found["remedy"].get("en"), rule
    assert "KZ01" in not_met["spatial/zones"]["remedy"]["zh"]


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_two_layers_of_one_kind_decide_an_overlap_if_either_shows_it(tmp_path: Path, layers, order):
    """The last layer of a kind decided the fact: a red line found by the first was lost to a second that spans
    the right without touching it, and the record passed."""
    around = [box(X0 - 3000, Y0 - 3000, X0 - 2000, Y0 - 2000), box(X0 + 3000, Y0 + 3000, X0 + 4000, Y0 + 4000)]
    far = write_layer(tmp_path / "far.gpkg", around)
    given = [f"ecological_red_line={layers['red']}", f"ecological_red_line={far}"]
    args = [a for i in order for a in ("--layer", given[i])]
    code, report, _ = check(str(_record(tmp_path)), *args)
    assert statuses(only(report))["yanbian-2021/siting/ecological-red-line"] == "fail" and code == 1


@pytest.mark.parametrize(
    ("crs", "shift", "said"),
    [
        ("EPSG:4490", None, "beyond any longitude and latitude"),  # Gauss–Krüger metres labelled as degrees
        ("EPSG:4326", None, "beyond any longitude and latitude"),
        ("EPSG:4490", (10.0, 50.0), "wholly outside China"),  # degrees, but in Europe
    ],
)
def test_a_layer_whose_coordinates_its_crs_cannot_hold_is_refused(tmp_path: Path, crs, shift, said):
    """Metres labelled as degrees were read as they came: the right overlapped none of the layer, and passed."""
    import shapely

    red = box(X0, Y0, X0 + 500, Y0 + 500)
    if shift is not None:
        red = shapely.box(shift[0], shift[1], shift[0] + 0.01, shift[1] + 0.01)
    layer = write_layer(tmp_path / "red.gpkg", [red], crs=crs)
    code, _, err = check(str(_record(tmp_path)), "--layer", f"ecological_red_line={layer}")
    assert code == 2 and said in err and "is not the one its coordinates are in" in err


def _with_a_lost_feature(path: Path, shapes: list) -> Path:
    import numpy as np
    import pyogrio
    import shapely

    wkb = np.array([None, *(shapely.to_wkb(g) for g in shapes)], dtype=object)
    pyogrio.raw.write(str(path), wkb, [], fields=[], crs="EPSG:4531", geometry_type="Polygon", driver="GPKG")
    return path


def test_a_layer_feature_with_no_shape_leaves_no_overlap_undecided(tmp_path: Path):
    """A feature with no shape may be the one the right lies in: the others' no overlap decided "no red line" and
    the record passed; now the fact is as declared (here: not), and the layer says how many it could not place."""
    around = [box(X0 - 3000, Y0 - 3000, X0 - 2000, Y0 - 2000), box(X0 + 3000, Y0 + 3000, X0 + 4000, Y0 + 4000)]
    layer = _with_a_lost_feature(tmp_path / "red.gpkg", around)
    path = tmp_path / "r.yaml"
    path.write_text(record_text().replace("  ecological_red_line: false\n", "  wetland: false\n"), "utf-8")
    _, report, err = check(str(path), "--layer", f"ecological_red_line={layer}")
    record = only(report)
    assert statuses(record)["yanbian-2021/siting/ecological-red-line"] == "needs_info"
    assert "1 of its 3 features have no shape" in err
    assert any("features with no shape" in n or "无图形" in n for n in record["spatial"]["notes"])
    inside = _with_a_lost_feature(tmp_path / "inside.gpkg", [box(X0, Y0, X0 + 500, Y0 + 500)])
    _, report, _ = check(str(path), "--layer", f"ecological_red_line={inside}")
    assert statuses(only(report))["yanbian-2021/siting/ecological-red-line"] == "fail"  # an overlap stands


def test_a_zones_layers_zone_the_plan_places_in_another_county_is_not_taken(tmp_path: Path):
    """KZ02 lies, by 专栏3, in 龙井市: a layer placing a 珲春市 right in it was believed, where the same record
    declaring it is refused; the zone is not taken, and the zones are asked."""
    zone = box(X0 - 1000, Y0 - 1000, X0 + 2000, Y0 + 2000)
    layer = write_layer(tmp_path / "zones.gpkg", [zone], ["KZ02"])
    _, report, _ = check(str(_record(tmp_path)), "--layer", f"zones={layer}#CODE")
    record = only(report)
    finding = next(f for f in record["findings"] if f["rule"] == "spatial/zones")
    assert finding["status"] == "needs_info" and "placed by the plan in another county" in finding["messages"]["en"]
    assert "KZ02" not in record.get("spatial", {}).get("zones", [])


def test_a_map_folder_that_cannot_be_made_is_exit_2(tmp_path: Path):
    pytest.importorskip("matplotlib")
    taken = tmp_path / "maps"
    taken.write_text("a file", "utf-8")
    code, _, err = check(str(_record(tmp_path)), "--map", str(taken))
    assert code == 2 and "--map" in err and "cannot make the folder" in err


def test_a_sliver_of_overlap_is_said_in_square_metres(tmp_path: Path):
    """A 1 m² overlap fails, and said "0.00 公顷（0%）" beside the fail."""
    sliver = box(X0 + 10, Y0 + 10, X0 + 11, Y0 + 11)
    layer = write_layer(tmp_path / "red.gpkg", [sliver, box(X0 - 3000, Y0 - 3000, X0 + 3000, Y0 - 2000)])
    _, report, _ = check(str(_record(tmp_path)), "--layer", f"ecological_red_line={layer}")
    found = next(f for f in only(report)["findings"] if f["rule"] == "spatial/site.ecological_red_line")
    assert (
        found["status"] == "fail" and "1.00 平方米" in found["messages"]["zh"] and "1.00 m²" in found["messages"]["en"]
    )
