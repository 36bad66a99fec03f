"""Without the geo extra: a boundary is not examined, the record is judged on what it declares, as the report says."""

from __future__ import annotations

from pathlib import Path

import pytest

import minplan.geo
from geo_support import check, only, record_text


@pytest.fixture
def no_extra(monkeypatch: pytest.MonkeyPatch):
    real = minplan.geo.find_spec
    monkeypatch.setattr(minplan.geo, "find_spec", lambda name: None if name == "shapely" else real(name))
    minplan.geo.available.cache_clear()
    yield
    minplan.geo.available.cache_clear()


def test_a_boundary_is_not_examined_and_the_report_says_so(tmp_path: Path, no_extra):
    path = tmp_path / "r.yaml"
    path.write_text(record_text(area=1.5), encoding="utf-8")  # an area the points would contradict
    _, report, _ = check(str(path))
    record = only(report)
    spatial = record["spatial"]
    assert spatial["examined"] is False
    assert any("未核查拐点范围" in n and "geo" in n for n in spatial["notes"])
    found = {f["rule"]: f["status"] for f in record["findings"]}
    # nothing measured: the points are said to be unchecked, so the record cannot pass on what nobody looked at
    assert [rule for rule in found if rule.startswith("spatial/")] == ["spatial/boundary"]
    assert found["spatial/boundary"] == "needs_info" and record["status"] == "needs_info"
    assert found["yanbian-2021/siting/ecological-red-line"] == "not_applicable"  # as declared: false


def test_without_a_county_the_record_asks_for_one(tmp_path: Path, no_extra):
    path = tmp_path / "r.yaml"
    path.write_text(record_text(county=None), encoding="utf-8")
    code, report, _ = check(str(path))
    [error] = only(report)["errors"]
    assert code == 2 and "location.county is required" in error["message"] and "geo extra" in error["message"]


def test_layers_need_the_extra(tmp_path: Path, no_extra):
    path = tmp_path / "r.yaml"
    path.write_text(record_text(), encoding="utf-8")
    code, _, err = check(str(path), "--layer", "zones=z.gpkg")
    assert code == 2 and "geo extra" in err


def test_a_bad_crs_is_refused_without_the_extra_too(tmp_path: Path, no_extra):
    path = tmp_path / "r.yaml"
    path.write_text(record_text(crs="2000国家大地坐标系"), encoding="utf-8")
    _, report, _ = check(str(path))
    [error] = only(report)["errors"]
    assert error["field"] == "location.boundary.crs" and "names the datum only" in error["message"]
