"""The stated area may come as ``area`` (矿区面积, a spreadsheet's column) or ``location.area_km2``: one meaning."""

from __future__ import annotations

from pathlib import Path

from geo_support import check, only, record_text, statuses


def _with_area(area_line: str | None, area_km2: float | None = None) -> str:
    text = record_text(area=area_km2 if area_km2 is not None else 1.0)
    if area_km2 is None:
        text = text.replace("  area_km2: 1.0\n", "")
    return text + (f"{area_line}\n" if area_line else "")


def test_the_area_column_is_checked_against_the_corner_points(tmp_path: Path) -> None:
    for area, expected in (("area: 150 公顷", "fail"), ("area: 100 公顷", "pass"), ("area: 1 平方千米", "pass")):
        path = tmp_path / "r.yaml"
        path.write_text(_with_area(area), encoding="utf-8")
        _, report, _ = check(str(path))
        record = only(report)
        assert statuses(record)["spatial/area"] == expected, (area, record["findings"][:2])
        assert record["spatial"]["stated_area_km2"] == float(area.split()[1]) / (100 if "公顷" in area else 1)


def test_both_forms_must_agree(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(_with_area("area: 150 公顷", area_km2=1.0), encoding="utf-8")
    code, report, _ = check(str(path))
    record = only(report)
    assert code == 2 and record["status"] == "error"
    [error] = [e for e in record["errors"] if "disagree" in e["message"]]
    assert error["field"] == "area" and error["line"] > 1  # at the field, as every error is (it was the record's)
    path.write_text(_with_area("area: 100 公顷", area_km2=1.0), encoding="utf-8")
    _, report, _ = check(str(path))
    assert statuses(only(report))["spatial/area"] == "pass"


def test_a_hole_is_taken_out_of_the_area_whichever_way_its_points_run(tmp_path: Path) -> None:
    from geo_support import SQUARE, X0, Y0

    hole = [[X0 + 250, Y0 + 250], [X0 + 250, Y0 + 750], [X0 + 750, Y0 + 750], [X0 + 750, Y0 + 250]]
    for ring in (hole, hole[::-1]):  # the first runs the way its parcel does
        rows = "\n".join(f"        - [{x}, {y}]" for x, y in ring)
        lines = "\n".join(f"      - [{x}, {y}]" for x, y in SQUARE)
        for area, expected in ((1.25, "fail"), (0.75, "pass")):
            text = record_text(area=area).replace(lines, f"{lines}\n    holes:\n      -\n{rows}")
            path = tmp_path / "r.yaml"
            path.write_text(text, encoding="utf-8")
            _, report, _ = check(str(path))
            record = only(report)
            assert statuses(record)["spatial/area"] == expected, (ring, area, record["spatial"])
            assert abs(record["spatial"]["ellipsoidal_area_km2"] - 0.75) < 0.001, record["spatial"]


def test_parcels_running_opposite_ways_add_up(tmp_path: Path) -> None:
    from geo_support import SQUARE, X0, Y0

    second = [[X0, Y0 + 2000], [X0 + 1000, Y0 + 2000], [X0 + 1000, Y0 + 3000], [X0, Y0 + 3000]]
    parcels = "".join(
        "      - points:\n" + "\n".join(f"          - [{x}, {y}]" for x, y in ring) + "\n" for ring in (SQUARE, second)
    )
    lines = "\n".join(f"      - [{x}, {y}]" for x, y in SQUARE)
    text = record_text(area=2.0).replace(f"    points:\n{lines}\n", f"    parcels:\n{parcels}")
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    _, report, _ = check(str(path))
    spatial = only(report)["spatial"]
    assert spatial["parcels"] == 2 and abs(spatial["ellipsoidal_area_km2"] - 2.0) < 0.002, spatial
