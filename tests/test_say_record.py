"""A record's fields refused in both languages: the English as it always was, the Chinese said in Chinese (the
record's validators, and the mineral, division and zone look-ups they call)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import minplan.record
from minplan.cli import app
from minplan.loader import load_text
from minplan.minerals import DescribedMineral, MineralBook, UnknownMineral, UseNotStated, mineral_book
from minplan.regions import UnknownPlace, gazetteer
from minplan.rulebook import default_corpus
from minplan.say import Msg
from minplan.zones import UnknownZone, rule_zone_refs

CORPUS = default_corpus()

RECORD = """\
id: X-1
right: {right}
application: {application}
date: {date}
location:
  county: {county}
{location}mineral: {mineral}
{extra}"""

BASE = {
    "right": "采矿权",
    "application": "新立",
    "date": "2023-06-01",
    "county": "珲春市",
    "location": "",
    "mineral": "岩金",
    "extra": "",
}

# the words of an English sentence: none of them in a message said in Chinese (field names and values aside)
_ENGLISH = re.compile(
    r"\b(the|is|are|not|an?|of|or|and|must|expected|unknown|got|give|write|lies|written|zone|name|mean)\b"
)


def _issue(fields: dict[str, str], corpus=CORPUS):
    text = RECORD.format(**{**BASE, **fields})
    [item] = load_text(text, "a.yaml", corpus.record_context())
    assert item.record is None, text
    return item.issues[0]


CASES = [
    # name, record fields, field refused, its English (as before), words of its Chinese
    (
        "unknown mineral",
        {"mineral": "岩金子"},
        "mineral",
        "unknown mineral '岩金子' (did you mean 岩金, 金?)",
        ["未知的矿种 '岩金子'", "是否应为 岩金、金"],
    ),
    ("unknown mineral, no hint", {"mineral": "xyzzyq"}, "mineral", "unknown mineral 'xyzzyq'", ["未知的矿种"]),
    (
        "use not stated",
        {"mineral": "花岗岩"},
        "mineral",
        "花岗岩 has several uses: 建筑用花岗岩, 饰面用花岗岩; name the one the right is for",
        ["有多种用途", "建筑用花岗岩、饰面用花岗岩", "请写明"],
    ),
    (
        "minerals beside mineral",
        {"mineral": "岩金\nminerals: [金, 银]"},
        "minerals",
        "give either minerals or mineral (with associated_minerals), not both: mineral given beside minerals",
        ["只能二选一", "同时给出"],
    ),
    (
        "a mineral twice",
        {"mineral": "岩金\nassociated_minerals: [岩金]"},
        "associated_minerals",
        "a mineral is listed twice among the right's minerals: 岩金",
        ["矿种中有重复：岩金"],
    ),
    (
        "unknown division",
        {"county": "珲春县"},
        "location.county",
        "unknown division '珲春县' (did you mean 珲春市?)",
        ["未知的行政区划 '珲春县'（是否应为 珲春市？）"],
    ),
    (
        "a prefecture",
        {"county": "延边朝鲜族自治州"},
        "location.county",
        "延边朝鲜族自治州 (222400) is a prefecture, not a county",
        ["延边朝鲜族自治州（222400）是地级行政区", "不是县级行政区"],
    ),
    (
        "a province",
        {"county": "吉林省"},
        "location.county",
        "吉林省 (220000) is a province, not a county",
        ["省级行政区"],
    ),
    (
        "no name",
        {"county": "[1, 2]"},
        "location.county",
        "expected a name or code, got ['1', '2']",
        ["应为名称或代码，实为 ['1', '2']"],
    ),
    (
        "an amount for a rate",
        {"extra": "capacity: 2 万吨\n"},
        "capacity",
        "'2 万吨' is an amount, not a rate: write it per year or per day (万吨/年, 吨/日 …)",
        ["是总量", "按年或按日", "万吨/年、吨/日"],
    ),
    (
        "a share for a rate",
        {"extra": "capacity: 50%\n"},
        "capacity",
        "'50%' is a share, not a rate: write it per year or per day (万吨/年, 吨/日 …)",
        ["是比例"],
    ),
    (
        "a rate of zero",
        {"extra": "capacity: 0 万吨/年\n"},
        "capacity",
        "'0 万吨/年': a rate must be above zero",
        ["应大于零"],
    ),
    (
        "no quantity",
        {"extra": "capacity: [1]\n"},
        "capacity",
        "expected a quantity such as '6 万吨/年' or {value: 6, unit: 万吨/年}, got ['1']",
        ["应为带单位的数量", "'6 万吨/年' 或 {value: 6, unit: 万吨/年}"],
    ),
    (
        "no area",
        {"extra": "area: 2 万吨/年\n"},
        "area",
        "'2 万吨/年' is not an area (平方千米, 公顷)",
        ["不是面积（平方千米、公顷）"],
    ),
    ("an area of zero", {"extra": "area: 0 公顷\n"}, "area", "'0 公顷': an area must be above zero", ["面积应大于零"]),
    (
        "no area's quantity",
        {"extra": "area: [1]\n"},
        "area",
        "expected a quantity such as '0.35 平方千米' or '12 公顷', got ['1']",
        ["'0.35 平方千米' 或 '12 公顷'"],
    ),
    (
        "a density in kg/m³",
        {"extra": "density: 2700\n"},
        "density",
        "2700 吨/立方米 is no ore's density (at most 25): write it in 吨/立方米, 2.7 for 2700 kg/m³",
        ["不是矿石的密度（至多 25）", "2700 kg/m³ 应写作 2.7"],
    ),
    ("a density of zero", {"extra": "density: 0\n"}, "density", "'0': must be above zero", ["'0'：应大于零"]),
    (
        "days not whole",
        {"extra": "working_days: 2.5\n"},
        "working_days",
        "'2.5': must be a whole number",
        ["应为整数"],
    ),
    (
        "no text",
        {"extra": "holder: [甲]\n"},
        "holder",
        "expected text, got ['甲'] (quote it)",
        ["应为文本", "请加引号"],
    ),
    (
        "no flag",
        {"extra": "site:\n  wetland: maybe\n"},
        "site.wetland",
        "expected true or false (yes/no, 是/否, ✓/✗), got 'maybe'",
        ["应为 true 或 false", "实为 'maybe'"],
    ),
    (
        "no such month",
        {"date": "2024/13/01"},
        "date",
        "'2024/13/01' is not a valid date (month must be in 1..12)",
        ["不是有效的日期", "月份"],
    ),
    (
        "no such day",
        {"date": "2023年2月30日"},
        "date",
        "'2023年2月30日' is not a valid date (day is out of range for month)",
        ["不是有效的日期（该月没有这一天）"],
    ),
    (
        "no date",
        {"date": "soon"},
        "date",
        "expected a date written YYYY-MM-DD, got 'soon'",
        ["应为 YYYY-MM-DD 格式的日期，实为 'soon'"],
    ),
    (
        "no unit of a grade",
        {"extra": "grade: 3 mg/t\n"},
        "grade",
        "'3 mg/t': 'mg/t' is no unit of a grade; a grade is written in % (1.2%) or in g/t (3.5 g/t, 3.5克/吨)",
        ["'mg/t' 不是品位的单位", "品位以 % 计"],
    ),
    (
        "a fraction for a grade",
        {"extra": "grade: 0.5\n"},
        "grade",
        "'0.5': a percentage is asked for, and 0.5 may mean 50% (a fraction) or 0.5%; write 50 for 50%, or 0.5% "
        "for 0.5 per cent; a grade is written in % (1.2%) or in g/t (3.5 g/t, 3.5克/吨)",
        ["应填百分数", "表示 50% 请写 50", "品位以 % 计"],
    ),
    (
        "a fraction for a rate",
        {"extra": "recovery:\n  mining: 0.7\n"},
        "recovery.mining",
        "'0.7': a percentage is asked for, and 0.7 may mean 70% (a fraction) or 0.7%; write 70 for 70%, or 0.7% "
        "for 0.7 per cent",
        ["应填百分数", "百分之 0.7 请写 0.7%"],
    ),
    (
        "a corner point as text",
        {"location": "  boundary:\n    crs: EPSG:4531\n    points: ['4748064, 43611148', [1, 2], [3, 4]]\n"},
        "location.boundary.points[0]",
        "a corner point is a pair [X, Y] (a list of two figures), not one text (written: '4748064, 43611148')",
        ["拐点坐标应为一对数值 [X, Y]", "原文"],
    ),
    (
        "a corner point of three",
        {"location": "  boundary:\n    crs: EPSG:4531\n    points: [[1, 2, 3], [1, 2], [3, 4]]\n"},
        "location.boundary.points[0]",
        "a corner point is a pair [X, Y]; 3 figures given",
        ["实为 3 个数"],
    ),
    (
        "neither points nor parcels",
        {"location": "  boundary:\n    crs: EPSG:4531\n"},
        "location.boundary",
        "give either points (one parcel) or parcels, not both or neither",
        ["应给出且只给出其一"],
    ),
    (
        "holes beside parcels",
        {
            "location": "  boundary:\n    crs: EPSG:4531\n    parcels: [{points: [[1, 2], [3, 4], [5, 6]]}]\n"
            "    holes: [[[1, 2], [3, 4], [5, 6]]]\n"
        },
        "location.boundary",
        "holes belong to their parcel: parcels: [{points: …, holes: […]}]",
        ["所属地块之内：parcels: [{points: …, holes: […]}]"],
    ),
    (
        "towgs84 of four",
        {
            "location": "  boundary:\n    crs: EPSG:4531\n    points: [[1, 2], [3, 4], [5, 6]]\n"
            "    towgs84: [1, 2, 3, 4]\n"
        },
        "location.boundary",
        "towgs84 takes three values [dx, dy, dz] or seven [dx, dy, dz, rx, ry, rz, ds]",
        ["应为三个值", "七个值"],
    ),
    (
        "elevations upside down",
        {"location": "  depth: {from: 100, to: 200}\n"},
        "location.depth",
        "elevations run from the top down: from 100 m must be above to 200 m",
        ["标高应自上而下", "from 100 m 应高于 to 200 m"],
    ),
    (
        "depths upside down",
        {"location": "  depth: {from: 200, to: 100, datum: 深度}\n"},
        "location.depth",
        "depths run from the surface down: 0 ≤ from (200 m) < to (100 m)",
        ["深度应自地表向下"],
    ),
    (
        "a point outside the county",
        {"location": "  lon: 100.5\n  lat: 42.9\n"},
        "location",
        "lon/lat (100.5, 42.9) lies outside 延边朝鲜族自治州 222400: lon 127.4628–131.3147, lat 41.9969–44.5119 "
        "(yanbian-2021, 第一章 第一节)",
        ["位于 延边朝鲜族自治州 222400 的范围之外", "lon 127.4628–131.3147，lat"],
    ),
    (
        "a change that changes nothing",
        {"application": "变更", "extra": "project:\n  changes_parameters: false\n  enlarges_scale: true\n"},
        "project",
        "changes_parameters is false (the change alters no area, mineral, method, scale or service life), but "
        "enlarges_scale is true",
        ["changes_parameters 为 false", "但 enlarges_scale 为 true"],
    ),
    (
        "a renewal that enlarges",
        {"application": "延续", "extra": "project:\n  enlarges_scale: true\n"},
        "project",
        "enlarges_scale is true, but the application is renewal: a right that enlarges its scale or area, or "
        "changes its method, is filed as a change (变更) or an expansion (改扩建)",
        ["申请类型为 延续（renewal）", "应按变更或改扩建申请"],
    ),
    (
        "a conversion of an exploration right",
        {"right": "探矿权", "application": "探转采"},
        "application",
        "探转采 (conversion) applies for a mining right: give right: 采矿权, the right applied for (the exploration "
        "right it comes from is not the one judged)",
        ["申请的是采矿权", "请填 right: 采矿权"],
    ),
    (
        "an existing mine under an exploration right",
        {"right": "探矿权", "application": "生产矿山"},
        "application",
        "生产矿山 (existing) is a mine worked under a mining right: give right: 采矿权",
        ["依采矿权开采的矿山"],
    ),
    (
        "two areas",
        {"location": "  area_km2: 0.5\n", "extra": "area: 12 公顷\n"},
        "area",
        "area 12公顷 and location.area_km2 0.5 disagree: give the area once (written: '12 公顷')",
        ["不一致：面积只需填写一处"],
    ),
    (
        "an unknown zone",
        {"county": "临江市", "mineral": "铁", "location": "  zones: [长白—临江硅藻土矿重点开采区]\n"},
        "location.zones[0]",
        "unknown zone '长白—临江硅藻土矿重点开采区' for 临江市 220681 under the plans in force on 2023-06-01 "
        "(linjiang-2021) (did you mean 专栏6-2 临江硅藻土矿重点开采区 (linjiang-2021); "
        "专栏6-1 临江大栗子铁矿重点开采区 (linjiang-2021); "
        "专栏4-1 临江硅藻土矿产资源产业重点发展区域 (linjiang-2021)?); "
        "`minplan zones --county 220681 --date 2023-06-01` lists them",
        [
            "未知的规划分区 '长白—临江硅藻土矿重点开采区'：临江市 220681 于 2023-06-01 施行中的规划"
            "（linjiang-2021）中没有此分区",
            "（是否应为 专栏6-2 临江硅藻土矿重点开采区 (linjiang-2021)；专栏6-1",
            "可列出这些分区",
        ],
    ),
    (
        "a zone before any plan",
        {"county": "临江市", "mineral": "铁", "date": "2019-06-01", "location": "  zones: [专栏6-1]\n"},
        "location.zones[0]",
        "unknown zone '专栏6-1' for 临江市 220681 under the plans in force on 2019-06-01 (none); no plan in force "
        "there then prints zones (a block code of the national pattern is accepted)",
        ["施行中的规划（无）", "均未列出规划分区"],
    ),
    (
        "a code of a printed series",
        {"county": "宽甸满族自治县", "mineral": "金", "location": "  zones: [KZ21060000111]\n"},
        "location.zones[0]",
        "unknown zone 'KZ21060000111' for 宽甸满族自治县 210624 under the plans in force on 2023-06-01 "
        "(dandong-2021) (did you mean KZ21060000011 丹东宽甸青椅山镇赫甸城村-大川头镇圈场子村 (dandong-2021); "
        "KZ21060000010 丹东宽甸步达远镇新兴村-胜利村 (dandong-2021); KZ21060000012 丹东宽甸毛甸子镇宝石村 "
        "(dandong-2021)?); codes KZ210600… are those dandong-2021's zone tables print in full, not block codes; "
        "`minplan zones --county 210624 --date 2023-06-01` lists them",
        ["KZ210600… 系列编号由 dandong-2021 的分区表完整列出，不是规划区块编号"],
    ),
    (
        "a code of another plan's series",
        {"county": "临江市", "mineral": "铁", "location": "  zones: [CS21060000001]\n"},
        "location.zones[0]",
        "unknown zone 'CS21060000001' for 临江市 220681 under the plans in force on 2023-06-01 (linjiang-2021); "
        "codes CS210600… are those the zone tables of dandong-2021, not in force here print in full, not block "
        "codes; `minplan zones --county 220681 --date 2023-06-01` lists them",
        ["dandong-2021（此处未施行）的分区表"],
    ),
    (
        "a zone of another county",
        {"county": "凤城市", "mineral": "建筑用花岗岩", "location": "  zones: [CS21060000001]\n"},
        "location.zones[0]",
        "zone 'CS21060000001' is CS21060000001 丹东市振安区九连城镇庙岭村建筑用花岗岩集中开采区 (dandong-2021), which "
        "专栏八 places in 振安区 210604: it does not lie in the record's county (zones looked up for 凤城市 210682 "
        "under the plans in force on 2023-06-01 (dandong-2021)); give a zone of that county, or the county the "
        "site lies in",
        ["专栏八 载明其位于 振安区 210604", "不在本记录所在县", "凤城市 210682 于 2023-06-01 施行中的规划"],
    ),
]


def _said_in_chinese(zh: str, en: str, words: list[str]) -> None:
    assert zh != en
    for word in words:
        assert word in zh, (word, zh)
    assert not _ENGLISH.search(zh), zh


@pytest.mark.parametrize(("fields", "field", "english", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_refused_field_is_said_in_both_languages(fields, field, english, words):
    issue = _issue(fields)
    assert issue.field == field
    assert issue.message == english
    _said_in_chinese(issue.zh, english, words)


def test_an_ambiguous_zone_name_is_said_in_both(tmp_path: Path):
    from test_zones import two_dalizi_zones

    corpus = two_dalizi_zones(tmp_path)
    issue = _issue({"county": "临江市", "mineral": "铁", "location": "  zones: [大栗子铁矿]\n"}, corpus)
    assert issue.message == (
        "zone name '大栗子铁矿' is ambiguous for 临江市 220681 under the plans in force on 2023-06-01 "
        "(linjiang-2021): it may be 专栏5-4 吉林临江大栗子铁矿重点勘查区 (linjiang-2021) or 专栏6-1 "
        "临江大栗子铁矿重点开采区 (linjiang-2021); give the code or the full name"
    )
    _said_in_chinese(
        issue.zh,
        issue.message,
        [
            "规划分区名称 '大栗子铁矿' 在临江市 220681 于 2023-06-01 施行中的规划",
            "有歧义",
            " 或 专栏6-1",
            "请填写编号或全称",
        ],
    )


def test_a_county_is_asked_for_without_the_geo_extra(monkeypatch: pytest.MonkeyPatch):
    points = "  boundary: {crs: EPSG:4531, points: [[4748064, 43611148], [4748064, 43611348], [4748264, 43611348]]}\n"
    text = RECORD.format(**BASE).replace("  county: 珲春市\n", points)
    monkeypatch.setattr(minplan.record, "geo_available", lambda: False)
    [item] = load_text(text, "a.yaml", CORPUS.record_context())
    [issue] = item.issues
    assert issue.message == (
        "location.county is required here: the county would be found from the boundary, but the geo extra is not "
        "installed (pip install 'minplan[geo]')"
    )
    _said_in_chinese(issue.zh, issue.message, ["此处须填写 location.county", "未安装 geo 扩展"])
    [item] = load_text(RECORD.format(**BASE).replace("  county: 珲春市\n", "  zones: []\n"), "a.yaml")
    [issue] = item.issues
    assert issue.message == "location.county is required (or a boundary to find it from)"
    _said_in_chinese(issue.zh, issue.message, ["缺少 location.county"])


def test_the_cli_says_a_refusal_in_both(tmp_path: Path):
    path = tmp_path / "a.yaml"
    path.write_text(RECORD.format(**{**BASE, "mineral": "花岗岩"}), encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path), "--format", "json"])
    [error] = json.loads(result.output)["records"][0]["errors"]
    english = "花岗岩 has several uses: 建筑用花岗岩, 饰面用花岗岩; name the one the right is for"
    assert error["message"] == english and error["message_i18n"]["en"] == english
    assert error["message_i18n"]["zh"] == "花岗岩 有多种用途：建筑用花岗岩、饰面用花岗岩；请写明本矿业权所针对的用途"


def test_the_look_ups_carry_their_message():
    """The exceptions keep their class and English, and carry the message in both languages."""
    with pytest.raises(UnknownPlace) as place:
        gazetteer().resolve("珲春县")
    assert isinstance(place.value, LookupError) and isinstance(place.value.msg, Msg)
    assert str(place.value) == place.value.msg.text("en") == "unknown division '珲春县' (did you mean 珲春市?)"
    with pytest.raises(UnknownMineral) as mineral:
        mineral_book().resolve("碱性花岗岩")
    assert isinstance(mineral.value, DescribedMineral) and str(mineral.value).startswith("'碱性花岗岩' is a kind")
    uses = UseNotStated("石灰岩", ("水泥用灰岩", "熔剂用灰岩"))
    assert isinstance(uses, ValueError) and str(uses).startswith("石灰岩 has several uses: 水泥用灰岩, 熔剂用灰岩;")


def test_a_described_mineral_is_said_in_the_chinese_its_entry_gives():
    """A word of minerals.yaml's descriptions is answered by its hint, and by its hint_zh in Chinese (where the
    entry gives none, the English in both)."""
    issue = _issue({"mineral": "多金属"})
    english = (
        "'多金属' names no one mineral (多金属矿: several metals): list the right's minerals, main first "
        "(minerals: [铅, 锌, 铜] …)"
    )
    assert issue.message == english
    book = mineral_book()
    hint = book.descriptions["多金属"]
    zh = "并非单一矿种（多金属矿：含多种金属）：请列出矿业权的各矿种，主矿种在前（minerals: [铅, 锌, 铜] …）"
    assert issue.zh == (
        english if "多金属" not in book.descriptions_zh else f"'多金属' {book.descriptions_zh['多金属']}"
    )
    said = MineralBook(book.minerals, {"多金属": hint}, {"多金属": zh})
    with pytest.raises(DescribedMineral) as caught:
        said.resolve("多金属矿")
    assert str(caught.value) == "'多金属矿' " + hint
    _said_in_chinese(caught.value.msg.text("zh"), str(caught.value), ["'多金属矿' 并非单一矿种"])


def test_a_rule_zone_unknown_is_said_in_both():
    with pytest.raises(UnknownZone) as caught:
        rule_zone_refs(["大栗子铁矿重点开区x"], CORPUS.plans["linjiang-2021"])
    assert str(caught.value).startswith(
        "unknown zone code or type '大栗子铁矿重点开区x' in linjiang-2021's zone tables"
    )
    assert caught.value.msg.text("zh").startswith(
        "未知的规划分区编号或分区类型 '大栗子铁矿重点开区x'：规划 linjiang-2021 的分区表中没有此编号或类型"
    )


def test_a_where_given_in_english_is_said_in_english():
    """A caller's own English (a text, not a message) is not half said in Chinese."""
    index = CORPUS.zone_index("220681", CORPUS.plans["linjiang-2021"].in_force.start)
    with pytest.raises(UnknownZone) as caught:
        index.resolve("KZ99", "for somewhere")
    assert caught.value.msg.text("zh") == caught.value.msg.text("en") == str(caught.value)
