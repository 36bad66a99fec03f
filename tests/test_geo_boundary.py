"""A record's boundary: CRS names, the points' order and zone, rings, parcels, holes, depth; each error at its point."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo_support import SQUARE, X0, Y0, check, only, record_text
from minplan.geo.crs import CRSError, epsg_code, table
from minplan.loader import load_text


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("EPSG:4531", 4531),
        ("4531", 4531),
        ("2000国家大地坐标系 3度带 43带", 4531),
        ("２０００国家大地坐标系　３度带　第43带", 4531),
        ("CGCS2000 中央经线129°", 4552),
        ("CGCS2000 3度带 中央经线126°", 4551),
        ("2000国家大地坐标系 6度带 22带", 4500),
        ("2000国家大地坐标系 经纬度", 4490),
        ("1980西安坐标系 3度带 43带", 2367),
        ("北京54 3度带 中央子午线129", 2440),
        ("WGS84 经纬度", 4326),
        ("2000国家大地坐标系 3度带 第43带 中央经线129°", 4552),  # one zone said twice: the meridian's CRS
        ("2000国家大地坐标系 6度带 22带 中央经线129°", 4511),
    ],
)
def test_crs_names_people_write(text: str, code: int):
    assert epsg_code(text) == code


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2000国家大地坐标系", "names the datum only"),
        ("2000国家大地坐标系 3度带 60带", "has no 3-degree"),
        ("地方坐标系", "unknown coordinate system"),
        ("2000国家大地坐标系 43带", "which band"),
        ("2000国家大地坐标系 3度带 42带 中央经线129°", "zone 42 has its central meridian on 126°, not 129°"),
        ("2000国家大地坐标系 6度带 22带 中央经线126°", "on 129°, not 126°"),
        ("2000国家大地坐标系 3度带 43带 L0=126", "on 129°, not 126°"),
    ],
)
def test_crs_names_that_say_too_little(text: str, words: str):
    with pytest.raises(CRSError, match=words):
        epsg_code(text)


def test_every_code_of_the_table_is_the_system_proj_names():
    from pyproj import CRS

    names = {"cgcs2000": "CGCS2000", "xian1980": "Xian 1980", "beijing1954": "Beijing 1954"}
    for datum in table().datums:
        assert CRS.from_epsg(datum.geographic).is_geographic
        for series in datum.series:
            for i, code in enumerate(series.codes()):
                crs = CRS.from_epsg(code)
                assert crs.name.startswith(names[datum.key]), (code, crs.name)
                band = "3-degree Gauss-Kruger" if series.band == 3 else "Gauss-Kruger"
                assert band in crs.name and (series.band == 6) == ("3-degree" not in crs.name)
                if series.zones:
                    zone = series.zones[0] + i
                    assert crs.name.endswith(f"zone {zone}")
                    params = {p.name: p.value for p in crs.coordinate_operation.params}
                    lon_0 = params["Longitude of natural origin"]  # the meridian epsg_code holds a zone to
                    assert lon_0 == (3 * zone if series.band == 3 else 6 * zone - 3), (code, lon_0)
                else:
                    assert crs.name.endswith(f"CM {series.cms[0] + i * series.band}E")  # type: ignore[index]


def _issues(text: str):
    [loaded] = load_text(text, "r.yaml")
    assert loaded.record is None, "the record should be refused"
    return loaded.issues


def _with(points) -> str:
    return record_text(points=points)


def test_points_in_the_wrong_order_are_named():
    points = [list(p) for p in SQUARE]
    points[2] = points[2][::-1]
    [issue] = _issues(_with(points))
    assert issue.field == "location.boundary.points[2]"
    assert "point 3" in issue.message and "swap" in issue.message
    assert issue.line == record_text().splitlines().index("      - [4749064, 43612148]") + 1


def test_a_zone_that_does_not_match_the_crs_is_named():
    points = [list(p) for p in SQUARE]
    points[1] = [X0, Y0 + 1000 - 1_000_000]  # zone 42
    [issue] = _issues(_with(points))
    assert "point 2" in issue.message and "zone 42" in issue.message and "zone 43" in issue.message


def test_a_y_without_its_zone_number_is_named():
    points = [[x, y - 43_000_000] for x, y in SQUARE]
    issues = _issues(_with(points))
    assert len(issues) == 4 and all("no zone number" in i.message for i in issues)
    text = record_text(points=points, crs="CGCS2000 中央经线129°")
    [loaded] = load_text(text, "r.yaml")
    assert loaded.record is not None  # the central-meridian CRS takes them as they are


def test_a_ring_that_crosses_itself_is_named():
    points = [SQUARE[0], SQUARE[2], SQUARE[1], SQUARE[3]]
    [issue] = _issues(_with(points))
    assert "crosses itself" in issue.message and "point 1" in issue.message


def test_a_ring_of_two_points_is_refused():
    [issue] = _issues(_with([*SQUARE[:2], SQUARE[0]]))
    assert "2 distinct points" in issue.message and issue.field == "location.boundary.points"


def test_points_far_outside_the_zone_are_refused():
    points = [[x, y - 43_000_000 + 400_000] for x, y in SQUARE]  # 500 km east of the central meridian
    [issue, *_] = _issues(record_text(points=points, crs="CGCS2000 中央经线129°"))
    assert "outside its 3-degree zone" in issue.message


def test_xian80_needs_its_parameters():
    text = record_text(crs="1980西安坐标系 3度带 43带")
    [issue] = _issues(text)
    assert issue.field == "location.boundary.towgs84" and "Xian 1980" in issue.message
    with_shift = text.replace("    points:", "    towgs84: [24, -123, -94]\n    points:")
    [loaded] = load_text(with_shift, "r.yaml")
    assert loaded.record is not None
    lon, lat = loaded.record.location.boundary.footprint().parcels[0][0][0]
    assert 130.3 < lon < 130.4 and 42.8 < lat < 42.9
    # the parameters move the point: by geocentric shift on the Xi'an 80 ellipsoid (IAG 1975), worked here by hand
    from pyproj import Transformer

    to_xyz = Transformer.from_crs("EPSG:2367", "+proj=geocent +ellps=IAU76", always_xy=True)
    x, y, z = to_xyz.transform(Y0, X0, 0.0)
    back = Transformer.from_crs("+proj=geocent +ellps=WGS84", "+proj=longlat +ellps=WGS84", always_xy=True)
    want = back.transform(x + 24, y - 123, z - 94)
    assert abs(lon - want[0]) < 1e-7 and abs(lat - want[1]) < 1e-7, ((lon, lat), want)
    [loaded] = load_text(with_shift.replace("[24, -123, -94]", "[0, 0, 0]"), "r.yaml")
    lon0, _ = loaded.record.location.boundary.footprint().parcels[0][0][0]
    assert abs(lon - lon0) * 81_500 > 50  # some 60 m east


def test_lon_lat_in_degrees_minutes_seconds(tmp_path: Path):
    text = record_text(
        crs="2000国家大地坐标系 经纬度",
        points=[
            ["42°51′36″", "130°21′36″"],
            ["42°51′36″", "130°22′20″"],
            ["42°52′08″", "130°22′20″"],
            ["42°52′08″", "130°21′36″"],
        ],
        area=1.0,
    ).replace("  area_km2: 1.0\n", "")
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    _, report, _ = check(str(path))
    spatial = only(report)["spatial"]
    assert spatial["county"] == "222404" and spatial["crs"] == "EPSG:4490"
    assert 0.9 < spatial["area_km2"] < 1.1


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("42°51", "mark the minutes"),  # not 42°0′51″
        ("42度51", "mark the minutes"),
        ("42:51", "mark the minutes"),
        ("42.5°30′", "only the last"),  # not 43°
        ("42°51.5′30″", "only the last"),
    ],
)
def test_degrees_minutes_seconds_that_do_not_say_which_is_which_are_refused(text: str, words: str):
    from minplan.geo.boundary import angle

    with pytest.raises(ValueError, match=words):
        angle(text)
    points = [[text, "130°21′36″"], ["42°51′36″", "130°22′20″"], ["42°52′08″", "130°22′20″"]]
    issues = _issues(record_text(crs="EPSG:4490", points=points))
    assert any(words in i.message and "points[0][0]" in str(i.field) for i in issues), issues


def test_lon_lat_given_longitude_first_is_refused():
    text = record_text(crs="EPSG:4490", points=[[130.36, 42.86], [130.37, 42.86], [130.37, 42.87]])
    issues = _issues(text)
    assert all("longitude first" in i.message for i in issues) and len(issues) == 3


PARCELS = """\
    parcels:
      - points: [[4748064, 43611148], [4748064, 43612148], [4749064, 43612148], [4749064, 43611148]]
        holes:
          - [[4748264, 43611348], [4748264, 43611448], [4748364, 43611448], [4748364, 43611348]]
      - points: [[4750064, 43611148], [4750064, 43611648], [4750564, 43611648], [4750564, 43611148]]
"""


def _parcels_text(parcels: str, area: float) -> str:
    text = record_text(area=area)
    start = text.index("    points:")
    end = text.index("  area_km2")
    return text[:start] + parcels + text[end:]


def test_several_parcels_and_a_hole(tmp_path: Path):
    path = tmp_path / "r.yaml"
    path.write_text(_parcels_text(PARCELS, 1.24), encoding="utf-8")  # 1 - 0.01 + 0.25
    _, report, _ = check(str(path))
    record = only(report)
    assert record["spatial"]["parcels"] == 2
    assert record["spatial"]["area_km2"] == pytest.approx(1.24)
    assert {f["rule"]: f["status"] for f in record["findings"]}["spatial/area"] == "pass"


def test_a_hole_outside_its_parcel_and_overlapping_parcels_are_refused():
    outside = PARCELS.replace(
        "[[4748264, 43611348], [4748264, 43611448], [4748364, 43611448], [4748364, 43611348]]",
        "[[4758264, 43611348], [4758264, 43611448], [4758364, 43611448], [4758364, 43611348]]",
    )
    [issue] = _issues(_parcels_text(outside, 1.24))
    assert "does not lie inside" in issue.message and issue.field == "location.boundary.parcels[0].holes[0]"
    overlapping = PARCELS.replace("4750064", "4748564")
    issues = _issues(_parcels_text(overlapping, 1.24))
    assert any("overlaps parcel 1" in i.message for i in issues)


def test_holes_that_overlap_or_leave_no_area_are_refused():
    hole = "[[4748264, 43611348], [4748264, 43611448], [4748364, 43611448], [4748364, 43611348]]"
    other = "[[4748314, 43611398], [4748314, 43611498], [4748414, 43611498], [4748414, 43611398]]"
    for second in (hole, other):  # the ground both cover would be taken out twice
        twice = PARCELS.replace(f"          - {hole}\n", f"          - {hole}\n          - {second}\n")
        [issue] = _issues(_parcels_text(twice, 1.24))
        assert "hole 2: overlaps hole 1" in issue.message and issue.field == "location.boundary.parcels[0].holes[1]"
    shell = "[[4748064, 43611148], [4748064, 43612148], [4749064, 43612148], [4749064, 43611148]]"
    whole = PARCELS.replace(hole, shell)
    [issue] = _issues(_parcels_text(whole, 0.25))
    assert "no area" in issue.message and issue.field == "location.boundary.parcels[0].points"


@pytest.mark.parametrize(
    ("depth", "ok"),
    [
        ("{from: 1250, to: 800}", True),
        ("{from: 800, to: 1250}", False),
        ("{from: 0, to: 500, datum: 深度}", True),
        ("{from: 500, to: 0, datum: below_surface}", False),
    ],
)
def test_depth_ranges(depth: str, ok: bool):
    text = record_text().replace("  area_km2", f"  depth: {depth}\n  area_km2")
    [loaded] = load_text(text, "r.yaml")
    assert (loaded.record is not None) is ok


def test_other_projections_are_taken_in_their_own_terms(tmp_path: Path):
    """Web Mercator's eastings are large without being Gauss–Krüger zone numbers."""
    path = tmp_path / "r.yaml"
    text = record_text(crs="EPSG:3857", points=[[14511000, 5290000], [14512000, 5290000], [14512000, 5291000]])
    path.write_text(text.replace("  area_km2: 1.0\n", ""), encoding="utf-8")
    _, report, _ = check(str(path))
    assert only(report)["spatial"]["county"] == "222404"
