"""Refusals of figures, units, coordinate systems and corner points in both languages: the English as it always
was, the Chinese said to bureau staff, through the real loader and the real `minplan check`."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from geo_support import SQUARE, X0, Y0, record_text
from minplan.cli import app
from minplan.loader import load_text

CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH = re.compile(r"[A-Za-z]{3,}(?: [A-Za-z]{2,}){2,}")  # three English words in a row: a sentence left in English


def record(
    capacity: str = "4 万吨/年",
    crs: str = "EPSG:4531",
    points: list[list[Any]] | None = None,
    county: str | None = "珲春市",
    area: float = 1.0,
) -> str:
    text = record_text("YB-SAY-1", county, points, crs, area)
    return text.replace("capacity: 4 万吨/年", f"capacity: {capacity}")


def issue(text: str, field: str) -> tuple[str, str]:
    """The English and the Chinese of the one refusal of ``field`` (the first, where a field has several)."""
    [item] = load_text(text, "a.yaml")
    found = [i for i in item.issues if i.field == field]
    assert found, [(i.field, i.message) for i in item.issues]
    assert found[0].zh is not None, found[0].message
    return found[0].message, found[0].zh


def chinese(zh: str, *words: str) -> None:
    assert CJK.search(zh), zh
    assert not ENGLISH.search(zh), zh  # figures, units, codes and names stay as written; no English sentence
    for word in words:
        assert word in zh, (word, zh)


# ---- figures and units (minplan.quantities) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("capacity", "en", "words"),
    [
        (
            "3,5 万吨/年",
            "'3,5 万吨/年': '3,5' is not a decimal number: a comma stands only between groups of three digits "
            "(30,000); write a decimal point (0.5)",
            ["不是十进制数", "小数点", "30,000"],
        ),
        (
            "2.5-3万吨/年",
            "'2.5-3万吨/年' is a range: give one figure (the design figure), e.g. '3 万吨/年'",
            ["'2.5-3万吨/年' 是一个范围", "设计值", "'3 万吨/年'"],
        ),
        (
            "10⁴吨/年",
            "'10⁴吨/年': '⁴' after '10' is no digit (superscript, subscript and circled figures are not read): write "
            "the figure in plain digits, e.g. '1 万吨/年' or '10000 吨/年'",
            ["'⁴' 不是数字", "上标", "'1 万吨/年' 或 '10000 吨/年'"],
        ),
        ("-3 万吨/年", "negative quantity: '-3 万吨/年'", ["数量不能为负", "'-3 万吨/年'"]),
        (
            "abc",
            "expected a number and a unit, e.g. '6 万吨/年', got 'abc'",
            ["应为数值加单位", "实为 'abc'"],
        ),
        (
            "1e3 吨/年",
            "'1e3 吨/年': '1e3' is not a decimal number: write the figure without an exponent",
            ["不是十进制数", "指数"],
        ),
    ],
)
def test_a_figure_that_cannot_be_read_is_refused_in_both_languages(capacity: str, en: str, words: list[str]) -> None:
    message, zh = issue(record(capacity=capacity), "capacity")
    assert message == en
    chinese(zh, *words)


def test_an_unknown_unit_says_what_it_may_have_meant_in_both_languages() -> None:
    message, zh = issue(record(capacity="6 万顿/年"), "capacity")
    assert message == (
        "unknown unit '万顿/年' (did you mean 万方/年 (万立方米/年) or 万吨/年 (万吨/年) or 万t/年 (万吨/年)?) "
        "(written: '6 万顿/年')"
    )
    chinese(zh, "未知的单位 '万顿/年'", "是否应为", "万吨/年（万吨/年）", " 或 ", "原文")
    message, zh = issue(record(capacity="6 mt/a"), "capacity")
    assert message.startswith("unknown unit 'mt/a': units are read as written, and case matters (did you mean Mt/a")
    chinese(zh, "未知的单位 'mt/a'", "区分大小写", "Mt/a（百万吨/年）")


def test_a_coordinate_that_cannot_be_read_is_refused_in_both_languages() -> None:
    points = [["42°51", Y0], [X0, Y0 + 1000], [X0 + 1000, Y0 + 1000]]
    message, zh = issue(record(points=points), "location.boundary.points[0][0]")
    assert message == "'42°51': mark the minutes (′ or 分) or the seconds (″ or 秒) after the degrees"
    chinese(zh, "'42°51'", "分（′ 或 分）", "秒（″ 或 秒）")
    points = [["1e6", Y0], [X0, Y0 + 1000], [X0 + 1000, Y0 + 1000]]
    message, zh = issue(record(points=points), "location.boundary.points[0][0]")
    assert message == "'1e6' is not a coordinate: a number, or degrees-minutes-seconds such as 130°21′36.5″"
    chinese(zh, "'1e6' 不是坐标", "度分秒", "130°21′36.5″")


# ---- coordinate systems (minplan.geo.crs) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("crs", "en", "words"),
    [
        (
            "2000国家大地坐标系",
            "coordinate system '2000国家大地坐标系': CGCS2000 names the datum only; add the zone (3度带 43带) or the "
            "central meridian (中央经线129°) of Gauss–Krüger coordinates, 经纬度 for longitude and latitude, or an "
            "EPSG code",
            ["只指明了大地基准", "带号（3度带 43带）", "EPSG 代码"],
        ),
        (
            "火星坐标",
            "unknown coordinate system '火星坐标': give an EPSG code (EPSG:4531) or a datum "
            "(CGCS2000: 2000国家大地坐标系; WGS 84: WGS84; Xian 1980: 1980西安坐标系; Beijing 1954: 1954北京坐标系)",
            ["未知的坐标系 '火星坐标'", "EPSG:4531", "CGCS2000：2000国家大地坐标系；WGS 84：WGS84"],
        ),
        (
            "2000国家大地坐标系 43带",
            "coordinate system '2000国家大地坐标系 43带': zone 43 of which band? write 3度带 or 6度带",
            ["第 43 带", "3度带 或 6度带"],
        ),
        (
            "2000国家大地坐标系 3度带 43带 中央经线120°",
            "coordinate system '2000国家大地坐标系 3度带 43带 中央经线120°': 3-degree zone 43 has its central meridian "
            "on 129°, not 120°: which is right?",
            ["3度带第 43 带的中央经线为 129°", "而非 120°", "以哪个为准"],
        ),
        (
            "2000国家大地坐标系 3度带 99带",
            "coordinate system '2000国家大地坐标系 3度带 99带': CGCS2000 has no 3-degree Gauss–Krüger zone 99",
            ["3度带高斯-克吕格投影没有第 99 带"],
        ),
    ],
)
def test_a_coordinate_system_that_cannot_be_placed_is_refused_in_both_languages(
    crs: str, en: str, words: list[str]
) -> None:
    message, zh = issue(record(crs=crs), "location.boundary.crs")
    assert message == en
    chinese(zh, *words)


# ---- corner points (minplan.geo.boundary) ---------------------------------------------------------------------


def test_a_ring_of_too_few_points_is_refused_in_both_languages() -> None:  # checked with or without the geo extra
    message, zh = issue(record(points=[[X0, Y0], [X0, Y0 + 1000], [X0, Y0]]), "location.boundary.points")
    assert message == "ring: 2 distinct points; a ring needs at least three"
    chinese(zh, "范围线", "只有 2 个不同的点", "至少需要三个点")


def test_corner_points_at_fault_are_refused_in_both_languages() -> None:
    pytest.importorskip("shapely")
    pytest.importorskip("pyproj")
    swapped = [[p[1], p[0]] for p in SQUARE]
    message, zh = issue(record(points=swapped), "location.boundary.points[0]")
    assert message == (
        "point 1 (43611148, 4748064): reads Y (easting) first, but points give X (northing) first, then Y: swap "
        "the two values"
    )
    chinese(zh, "拐点 1（43611148, 4748064）", "先写了 Y（东坐标）", "请交换两个值")
    no_zone = [[x, y - 43_000_000] for x, y in SQUARE]
    message, zh = issue(record(points=no_zone), "location.boundary.points[0]")
    assert message == (
        "point 1 (4748064, 611148): Y 611148 carries no zone number, but EPSG:4531 is zone 43 (Y = 43xxxxxx): give "
        "the zone number, or the CRS of the central meridian 129° (Y without zone numbers)"
    )
    chinese(zh, "Y 611148 不带带号", "EPSG:4531 为第 43 带", "中央经线 129°")
    crossing = [SQUARE[0], SQUARE[2], SQUARE[1], SQUARE[3]]
    message, zh = issue(record(points=crossing), "location.boundary.points[0]")
    assert message == "ring crosses itself: the side from point 1 to point 2 crosses the side from point 3 to point 4"
    chinese(zh, "范围线自相交", "拐点 1 至拐点 2 的边", "拐点 3 至拐点 4 的边相交")
    message, zh = issue(record(crs="EPSG:2367"), "location.boundary.towgs84")
    assert message.startswith("EPSG:2367 (Xian 1980 / 3-degree Gauss-Kruger zone 43) is on the Xian 1980 datum")
    assert zh.startswith("EPSG:2367（Xian 1980 / 3-degree Gauss-Kruger zone 43）采用 Xian 1980 大地基准")  # PROJ's name
    assert "转换参数" in zh and "towgs84: [dx, dy, dz]" in zh


def test_a_parcel_and_its_hole_are_named_in_both_languages() -> None:
    pytest.importorskip("shapely")
    hole = [[X0 + 100, Y0 + 100], [X0 + 100, Y0 + 200], [X0 + 200, Y0 + 200], [X0 + 200, Y0 + 100]]
    far = [[X0 + 5000, Y0 + 5000], [X0 + 5000, Y0 + 5100], [X0 + 5100, Y0 + 5100]]

    def ring(points: list[list[Any]], indent: str) -> str:
        return "\n".join(f"{indent}- [{x}, {y}]" for x, y in points)

    text = record().replace(
        "    points:\n" + ring(SQUARE, "      ") + "\n",
        "    parcels:\n      - points:\n"
        + ring(SQUARE, "          ")
        + "\n      - points:\n"
        + ring(hole, "          ")
        + "\n        holes:\n          -\n"
        + ring(far, "            ")
        + "\n",
    )
    [item] = load_text(text, "a.yaml")
    said = {i.field: (i.message, i.zh) for i in item.issues}
    message, zh = said["location.boundary.parcels[1].holes[0]"]
    assert message == "parcel 2, hole: does not lie inside its parcel's ring"
    assert zh == "地块 2，扣除范围：不在所属地块的范围线之内"


# ---- measuring the boundary (minplan.geo.measure): `minplan check` -----------------------------------------


def check(tmp_path: Path, text: str, lang: str = "zh") -> dict[str, Any]:
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path), "--format", "json", "--lang", lang])
    report: dict[str, Any] = json.loads(result.stdout)
    [record] = report["records"]
    return record  # type: ignore[no-any-return]


def test_a_boundary_in_another_county_is_refused_in_both_languages(tmp_path: Path) -> None:
    pytest.importorskip("shapely")
    [error] = check(tmp_path, record(county="敦化市"))["errors"]
    assert error["field"] == "location.county"
    assert (
        error["message"] == "the boundary lies in 珲春市 222404 (100%), not in 敦化市 222403 as location.county states"
    )
    assert error["message_i18n"]["en"] == error["message"]
    zh = error["message_i18n"]["zh"]
    assert zh == "拐点范围位于 珲春市 222404（100%），而非 location.county 所填的 敦化市 222403"


def test_a_boundary_in_no_encoded_county_is_refused_in_both_languages(tmp_path: Path) -> None:
    pytest.importorskip("shapely")
    # about 129.6°E 44.58°N (牡丹江, 黑龙江): in no county minplan encodes
    points = [[4937946, 43547152], [4937946, 43548152], [4938946, 43548152], [4938946, 43547152]]
    [error] = check(tmp_path, record(county=None, points=points), lang="en")["errors"]
    assert error["message"].startswith("the boundary lies in none of the counties minplan encodes (")
    zh = error["message_i18n"]["zh"]
    assert zh.startswith("拐点范围不在 minplan 所编码的任何县内（") and "珲春市" in zh
    assert not ENGLISH.search(zh), zh
