"""Zones as the plans print them: codes, printed names and short forms resolve to one identity."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from minplan.cli import app
from minplan.lint import lint
from minplan.loader import load_text
from minplan.plans import Plan
from minplan.record import Record
from minplan.regions import gazetteer
from minplan.resources import data_dir, rules_dir
from minplan.rulebook import Corpus, CorpusError, default_corpus, load_corpus
from minplan.zones import short_forms

runner = CliRunner()
CORPUS = default_corpus()

RECORD = """\
id: {id}
right: 采矿权
application: 新立
date: {date}
location:
  county: {county}
  zones: {zones}
mineral: {mineral}
method: 露天开采
capacity: {capacity}
deposit_scale: 小型
mine_scale: 小型
holder: {holder}
"""


def _record(zones: str, county: str = "临江市", date: str = "2023-06-01", **kw: str) -> Record:
    fields = {"id": "Z-1", "mineral": "铁", "capacity": "30 万吨/年", "holder": "甲公司", **kw}
    text = RECORD.format(zones=zones, county=county, date=date, **fields)
    [item] = load_text(text, "z.yaml", CORPUS.record_context())
    assert item.record is not None, [i.message for i in item.issues]
    return item.record


def _refused(zones: str, county: str = "临江市", date: str = "2023-06-01") -> str:
    text = RECORD.format(
        id="Z-1", zones=zones, county=county, date=date, mineral="铁", capacity="3万吨/年", holder="甲"
    )
    [item] = load_text(text, "z.yaml", CORPUS.record_context())
    assert item.record is None
    [issue] = item.issues
    assert issue.field and issue.field.startswith("location.zones") and issue.line == 7
    return issue.message


def _place_and_day(plan: Plan, zone) -> tuple[str, dt.date]:
    """A county of the gazetteer where the zone lies (or else under the plan), and a day the plan is in force."""
    places = gazetteer()
    under = sorted(d.code for d in places.counties() if plan.jurisdiction in {c.code for c in places.chain(d.code)})
    own = [c for c in zone.county if c in under]
    return (own or under)[0], plan.in_force.start


@pytest.mark.parametrize("plan_id", sorted(CORPUS.plans))
def test_every_printed_name_and_short_form_resolves_to_its_zone(plan_id: str):
    plan = CORPUS.plans[plan_id]
    assert plan.zones
    for zone in plan.zones:
        county, day = _place_and_day(plan, zone)
        index = CORPUS.zone_index(county, day)
        assert index.find(zone.code) == {zone.code.upper()}
        for name in zone.names():
            assert index.find(name) == {zone.code.upper()}, (zone.code, name)
            if index.local(zone):
                for form in short_forms(name, zone.type, index.prefixes):
                    assert index.find(form) == {zone.code.upper()}, (zone.code, form)


def test_linjiang_names_and_short_forms_give_the_code():
    cases = {
        "吉林省临江市老岭金矿重点勘查区": "专栏5-1",
        "老岭金矿重点勘查区": "专栏5-1",  # without 吉林省临江市
        "临江市老岭金矿勘查区": "专栏5-1",  # suffix varied
        "吉林省白山市老岭金矿重点勘查区": "专栏5-1",  # the higher plan's name, as 专栏5 prints it
        "吉林临江六道沟金,铜矿重点勘查区": "专栏5-2",  # , for 、
        "六道沟金，铜矿重点勘查区域": "专栏5-2",
        "大栗子铁矿重点开采区": "专栏6-1",
        "临江老三队地热": "专栏6-3",  # suffix left out
        "专栏６－２": "专栏6-2",  # full-width
    }
    for given, code in cases.items():
        assert _record(f"[{given}]").location.zones == [code], given


def test_a_list_in_one_string_keeps_names_with_commas_whole():
    record = _record('"吉林临江六道沟金、铜矿重点勘查区, 专栏6-1；KQ22068100001"')
    assert record.location.zones == ["专栏5-2", "专栏6-1", "KQ22068100001"]
    assert _record("[专栏6-1, 临江大栗子铁矿重点开采区]").location.zones == ["专栏6-1"]  # one value per zone


def _report(tmp_path: Path, name: str, text: str) -> dict:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--format", "json", "--lang", "en"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


@pytest.mark.parametrize(
    ("county", "date", "mineral", "capacity", "code", "names"),
    [
        ("临江市", "2023-06-01", "铁", "30 万吨/年", "专栏6-1", ["临江大栗子铁矿重点开采区", "大栗子铁矿重点开采区"]),
        # a coined code a rule names (jilin-2011/mine-class/key-mining-area-medium): a small mine there fails
        (
            "临江市",
            "2013-06-01",
            "硅藻土",
            "5 万吨/年",
            "JL-CZ-12",
            ["长白—临江硅藻土矿重点开采区", "长白-临江硅藻土矿"],
        ),
        # a printed code a rule names (taonan-2021/min-scale/cs002)
        (
            "洮南市",
            "2023-06-01",
            "建筑用砂",
            "20 万立方米/年",
            "CS002",
            ["洮南市蛟流河乡建筑用砂集中开采区", "蛟流河乡建筑用砂集中开采区"],
        ),
    ],
)
def test_a_zone_named_is_judged_as_its_code(tmp_path, county, date, mineral, capacity, code, names):
    def report(zones: str) -> dict:
        text = RECORD.format(
            id="R", county=county, date=date, zones=zones, mineral=mineral, capacity=capacity, holder="甲"
        )
        return _report(tmp_path, "r.yaml", text)["records"][0]

    by_code = report(f"[{code}]")
    assert by_code["findings"] and by_code["status"] != "error"
    for name in names:
        by_name = report(f"[{name}]")
        assert by_name["findings"] == by_code["findings"], name
        assert by_name["status"] == by_code["status"]
    if code != "专栏6-1":  # the plans' rules read these zones: the finding turns on them
        by_none = report("[]")
        assert by_none["findings"] != by_code["findings"]


def test_batch_checks_count_a_zone_once_whatever_it_is_called(tmp_path):
    """Taonan CS002 plans 5 new rights: 6 records, half by code and half by name, exceed it."""
    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(6):
        zones = "[CS002]" if i % 2 else "[蛟流河乡建筑用砂集中开采区]"
        text = RECORD.format(
            id=f"TN-{i}",
            county="洮南市",
            date="2023-06-01",
            zones=zones,
            mineral="建筑用砂",
            capacity="30 万立方米/年",
            holder=f"砂业{i}",
        )
        (folder / f"r{i}.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["check", str(folder), "--format", "json"])
    report = json.loads(result.output)
    [permits] = [f for f in report["aggregate"] if f["rule"] == "taonan-2021/aggregate/concentrated-area-permits"]
    assert permits["status"] == "fail" and len(permits["records"]) == 6 and permits["actual"] == "6"


def test_an_unknown_zone_is_answered_from_the_county_zones_in_force():
    message = _refused("[长白—临江硅藻土矿重点开采区]")  # jilin-2011's name, on a 2023 record
    assert "专栏6-2" in message and "linjiang-2021" in message
    assert "JL-" not in message and "jilin-2011" not in message
    assert _record("[长白—临江硅藻土矿重点开采区]", date="2013-06-01").location.zones == ["JL-CZ-12"]
    # a zone of another plan (Taonan's), and one of the prefecture but another county (安图's CZ01), not suggested
    assert "CS002" not in _refused("[洮南市蛟流河乡建筑用砂集中开采区]")
    hunchun = _refused("[二道白河矿泉水重点开采区]", county="珲春市")
    assert "CZ01" not in hunchun and "KZ05" not in hunchun
    # before any plan: nothing to suggest, and said so
    assert "no plan in force" in _refused("[专栏6-1]", date="2019-06-01")
    # a superseded plan's zones are not suggested however close
    assert "KZ01" not in _refused("[吉林珲春小西南岔金矿重点勘查区]", county="珲春市", date="2013-06-01")


def two_dalizi_zones(tmp_path: Path) -> Corpus:
    """Linjiang's corpus with a second zone whose name holds 大栗子铁矿 (an exploration area beside the mining one)."""
    plans = tmp_path / "corpus" / "plans"
    plans.mkdir(parents=True)
    shutil.copy(data_dir() / "plans" / "linjiang-2021.yaml", plans)
    text = (plans / "linjiang-2021.yaml").read_text(encoding="utf-8")
    extra = (
        "  - {code: 专栏5-4, coined: true, name: 吉林临江大栗子铁矿重点勘查区, type: key_exploration_area, "
        'table: 专栏5, minerals: [铁], county: ["220681"]}\n'
    )
    (plans / "linjiang-2021.yaml").write_text(text.replace("\nbatch:", f"\n{extra}batch:", 1), encoding="utf-8")
    shutil.copytree(rules_dir() / "linjiang-2021", tmp_path / "corpus" / "linjiang-2021")  # an empty corpus is refused
    return load_corpus(rules=tmp_path / "corpus", plans=plans)


def test_an_ambiguous_short_form_is_refused_naming_both(tmp_path):
    corpus = two_dalizi_zones(tmp_path)
    data = {
        "id": "A",
        "right": "采矿权",
        "application": "新立",
        "date": "2023-06-01",
        "location": {"county": "临江市", "zones": ["大栗子铁矿"]},
        "mineral": "铁",
    }
    with pytest.raises(ValidationError) as caught:
        Record.model_validate(data, context=corpus.record_context())
    [error] = caught.value.errors()
    assert error["loc"] == ("location", "zones", 0)
    assert "ambiguous" in error["msg"] and "专栏5-4" in error["msg"] and "专栏6-1" in error["msg"]
    # the full names and the codes still tell them apart
    for given, code in (("临江大栗子铁矿重点开采区", "专栏6-1"), ("吉林临江大栗子铁矿重点勘查区", "专栏5-4")):
        data["location"]["zones"] = [given]
        assert Record.model_validate(data, context=corpus.record_context()).location.zones == [code]


RULE = """\
plan: taonan-2021
rules:
  - id: taonan-2021/min-scale/by-name
    kind: min_scale
    force: binding
    title: {{zh: 甲, en: a}}
    citation: {{section: 第三章, table: 专栏5, row: CS002}}
    scope: {{rights: [mining], minerals: [建筑用砂], zones: [{zone}]}}
    params: {{unit: 万立方米/年, minimum: 30}}
    examples: [{{name: x, expect: fail, record: {{mineral: 建筑用砂, capacity: 20万立方米/年}}}}]
"""


def test_a_rule_may_name_a_zone_by_its_printed_name(tmp_path):
    (tmp_path / "r.yaml").write_text(RULE.format(zone="蛟流河乡建筑用砂集中开采区"), encoding="utf-8")
    corpus = load_corpus(rules=tmp_path)
    [rule] = corpus.rules
    assert rule.scope.zones == ["CS002"]
    assert not [p for p in lint(tmp_path) if p.severity == "error"]
    (tmp_path / "r.yaml").write_text(RULE.format(zone="蛟流河乡建筑用石集中开采区"), encoding="utf-8")
    with pytest.raises(CorpusError, match="unknown zone code or type"):
        load_corpus(rules=tmp_path)
    assert any("CS002" in p.message for p in lint(tmp_path) if p.severity == "error")


def test_plan_files_keep_zone_codes_apart():
    raw = {"code": "KQ22068100001", "coined": True, "name": "甲", "type": "exploration_block", "table": "专栏1"}
    base = CORPUS.plans["linjiang-2021"].model_dump(mode="json")
    with pytest.raises(ValidationError, match="looks like a printed block code"):
        Plan.model_validate({**base, "zones": [raw]})
    with pytest.raises(ValidationError, match="appears twice"):
        Plan.model_validate({**base, "zones": [base["zones"][0], base["zones"][0]]})


def _cells(source: str, box: str) -> list[list[str]]:
    """The rows of a 专栏 box in the source text, where each cell stands on its own tab-led line."""
    start = source.index(f"\t{box}  ")
    lines = source[start:].splitlines()[1:]
    cells: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        if not line.startswith("\t"):
            break
        cells.append(line.strip())
    width = cells.index("1")  # the header ends where row 1 begins
    return [cells[i : i + width] for i in range(width, len(cells), width)]


def test_minplan_zones_lists_linjiang_as_its_boxes_print_them(seeds):
    result = runner.invoke(app, ["zones", "--county", "临江市", "--date", "2023-06-01", "--format", "json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)["zones"]
    source = (seeds / CORPUS.plans["linjiang-2021"].source.file).read_text(encoding="utf-8")
    for box in ("专栏5", "专栏6"):
        rows = _cells(source, box)
        zones = [z for z in listed if z["table"] == box]
        assert [z["name"] for z in zones] == [row[1] for row in rows]
        for zone, row in zip(zones, rows, strict=True):
            assert row[-1] in (zone["name"], *zone["aliases"])  # 隶属上级规划名称
            assert zone["coined"] is True  # the boxes print no codes


def test_minplan_zones_marks_coined_codes_and_filters():
    result = runner.invoke(app, ["zones", "--format", "json"])
    data = json.loads(result.output)
    by_code = {(z["plan"], z["code"]): z for z in data["zones"]}
    assert len(by_code) == sum(len(p.zones) for p in CORPUS.plans.values())
    for plan in CORPUS.plans.values():
        for zone in plan.zones:
            assert by_code[(plan.id, zone.code)]["coined"] is zone.coined
    assert by_code[("taonan-2021", "CS002")]["coined"] is False
    assert by_code[("taonan-2021", "专栏4-1")]["coined"] is True
    assert data["block_code_pattern"] == r"^[A-Z]{2}\d{11}$"
    one = json.loads(runner.invoke(app, ["zones", "--plan", "yanbian-2021", "--format", "json"]).output)
    assert {z["plan"] for z in one["zones"]} == {"yanbian-2021"}
    antu = json.loads(runner.invoke(app, ["zones", "--county", "安图", "--date", "2023-06-01", "-f", "json"]).output)
    assert {z["code"] for z in antu["zones"]} == {"KZ03", "KZ05", "CZ01", "IA-SW"} and antu["elsewhere"] == 6
    table = runner.invoke(app, ["zones", "--county", "临江市", "--lang", "en"])
    assert table.exit_code == 0 and "专栏6-1 *" in table.output and "coined" in table.output
    assert runner.invoke(app, ["zones", "--plan", "nowhere"]).exit_code == 2
    assert runner.invoke(app, ["zones", "--county", "nowhere"]).exit_code == 2


def test_zones_help_documents_names_and_the_block_code_pattern():
    result = runner.invoke(app, ["zones", "--help"], env={"COLUMNS": "200"})
    text = re.sub(r"\s+", " ", result.output)
    assert "two letters and eleven digits" in text and "block annexes are not part of their printed text" in text
    assert "printed name" in text


def test_the_zones_table_breaks_a_name_from_its_short_forms_on_lines():
    """A zone's printed name and its short forms stand on lines of their own, not joined by an escaped break."""
    result = CliRunner().invoke(app, ["zones", "--county", "临江市"])
    assert result.exit_code == 0, result.output
    assert "（亦作" in result.output and "\\x0a" not in result.output


@pytest.mark.parametrize(
    ("county", "code", "series"),
    [
        ("宽甸满族自治县", "KZ21060000111", "KZ210600"),  # KZ21060000011 mistyped: 专栏三 lists KZ…001 to …013
        ("凤城市", "CS21060000022", "CS210600"),  # 专栏八 lists 21 areas
        ("东港市", "cz21060000003", "CZ210600"),  # 专栏七 lists 2
        ("临江市", "CS21060000001", "CS210600"),  # a Dandong area named in a Linjiang record
        ("珲春市", "GK21060000001", "GK210600"),
    ],
)
def test_a_code_of_a_series_a_zone_table_prints_is_no_block_code(county: str, code: str, series: str):
    message = _refused(f"[{code}]", county=county)
    assert f"unknown zone {code!r}" in message and f"codes {series}…" in message


def test_a_mistyped_key_area_code_does_not_pass_a_rule_on_key_areas(tmp_path: Path):
    # dandong-2021/zone/concentrated-area-outside-key-areas: the mistyped code was taken for a block, and the
    # site read as lying outside every key area
    text = RECORD.format(
        id="D-1",
        zones="[CS21060000008, KZ21060000111]",
        county="宽甸满族自治县",
        date="2023-06-01",
        mineral="建筑用玄武岩",
        capacity="30 万立方米/年",
        holder="甲",
    )
    path = tmp_path / "d.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--format", "json", "--lang", "en"])
    assert result.exit_code == 2, result.output
    [record] = json.loads(result.output)["records"]
    assert not record["findings"]
    [error] = record["errors"]
    assert error["field"] == "location.zones[1]" and "KZ21060000111" in error["message"]


def test_a_block_code_outside_the_printed_series_is_still_accepted():
    assert _record("[KQ21060000022]", county="凤城市").location.zones == ["KQ21060000022"]
    assert _record("[KC22068100003]").location.zones == ["KC22068100003"]
