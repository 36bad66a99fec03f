"""Look-ups: plans, rules, explain, requirements, init."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minplan.cli import app
from minplan.loader import load_text
from minplan.rulebook import load_corpus

runner = CliRunner()
_CORPUS = load_corpus()


def _json(*args: str) -> dict:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_plans_lists_the_five_with_status_and_counts():
    plans = {p["id"]: p for p in _json("plans")["plans"]}
    assert set(plans) == {"jilin-2011", "yanbian-2021", "dandong-2021", "linjiang-2021", "taonan-2021"}
    assert plans["dandong-2021"]["status"] == "draft"
    assert plans["jilin-2011"]["in_force_until"] == "2015-12-31"
    assert all(p["rules"] > 0 and p["indicators"] > 0 for p in plans.values())
    assert plans["yanbian-2021"]["level"] == "prefecture"


def test_rules_json_lists_every_rule_with_a_citation():
    rules = _json("rules")["rules"]
    assert len(rules) == len(_CORPUS.rules)
    for rule in rules:
        assert {"id", "plan", "kind", "citation"} <= set(rule)
        assert rule["citation"]["section"]


def test_rule_filters():
    gold = _json("rules", "--mineral", "岩金", "--county", "珲春市")["rules"]
    assert gold and {r["plan"] for r in gold} <= {"yanbian-2021", "jilin-2011"}
    assert "yanbian-2021/min-scale/gold" in {r["id"] for r in gold}
    assert all(r["kind"] == "siting" for r in _json("rules", "--kind", "siting")["rules"])
    assert all(r["plan"] == "taonan-2021" for r in _json("rules", "--plan", "taonan-2021")["rules"])


@pytest.mark.parametrize("place", ["延边州", "吉林"])
def test_rules_of_a_prefecture_or_province_are_refused_not_listed_without_its_counties_rules(place: str):
    """--county 延边州 listed the plan's rules but those scoped to its counties (42 of 44), and --county 吉林
    listed none, each without a word."""
    result = runner.invoke(app, ["rules", "--plan", "yanbian-2021", "--county", place])
    assert result.exit_code == 2 and "not a county" in result.output


@pytest.mark.parametrize("rule_id", [r.id for r in _CORPUS.rules])
def test_explain_works_for_every_rule(rule_id):
    data = _json("explain", rule_id)
    assert data["id"] == rule_id and data["citation"]["section"]
    assert data["examples"], "every rule carries examples"
    assert all(e["got"] == e["expect"] for e in data["examples"])


def test_explain_unknown_rule_suggests():
    result = runner.invoke(app, ["explain", "yanbian-2021/min-scale/gol"])
    assert result.exit_code == 2
    assert "yanbian-2021/min-scale/gold" in result.output


def test_explain_of_a_batch_wide_finding_says_where_it_comes_from():
    """An id every report shows (yanbian-2021/aggregate/…) was "no rule", with min-scale ids suggested."""
    result = runner.invoke(app, ["explain", "yanbian-2021/aggregate/large-medium-share"])
    assert result.exit_code == 2 and "batch-wide check of yanbian-2021" in result.output
    assert "minplan indicators yanbian-2021" in result.output


def test_explain_table_in_english():
    result = runner.invoke(app, ["explain", "yanbian-2021/min-scale/gold", "--lang", "en"])
    assert result.exit_code == 0
    assert "专栏5" in result.output and "example records" in result.output


def test_requirements_linjiang_basalt():
    data = _json(
        "requirements",
        "--county",
        "临江市",
        "--mineral",
        "建筑用玄武岩",
        "--method",
        "open_pit",
        "--date",
        "2023-06-01",
    )
    plans = {r["plan"] for r in data["requirements"]}
    assert "yanbian-2021" not in plans and "linjiang-2021" in plans
    for scale in ("large", "medium", "small"):
        top = data["min_scale_by_class"][scale][0]
        assert top["figure"] == "30万立方米/年" and top["plan"] == "linjiang-2021"
        assert any(e.startswith("10万立方米/年") for e in top["exceptions"])


def test_requirements_hunchun_underground_gold():
    data = _json(
        "requirements", "--county", "珲春市", "--mineral", "金", "--method", "underground", "--date", "2023-06-01"
    )
    by_class = {k: v[0] for k, v in data["min_scale_by_class"].items()}
    assert {k: v["figure"] for k, v in by_class.items()} == {
        "large": "15万吨/年",
        "medium": "6万吨/年",
        "small": "3万吨/年",
    }
    assert {v["plan"] for v in by_class.values()} == {"yanbian-2021"}
    assert {f["fact"] for f in data["facts"]} >= {"capacity", "deposit_scale"}
    for req in data["requirements"]:
        assert {"plan", "level", "kind", "rule"} <= set(req)


def test_requirements_names_zones_of_the_county():
    data = _json("requirements", "--county", "安图县", "--mineral", "矿泉水", "--date", "2023-06-01")
    assert {"KZ05", "CZ01"} <= {z["code"] for z in data["zones"]}


def test_requirements_bad_county_is_exit_2():
    result = runner.invoke(app, ["requirements", "--county", "nowhere", "--mineral", "金"])
    assert result.exit_code == 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_init_writes_a_valid_record(tmp_path: Path, lang: str):
    target = tmp_path / "new.yaml"
    assert runner.invoke(app, ["init", str(target), "--lang", lang]).exit_code == 0
    [item] = load_text(target.read_text(encoding="utf-8"), str(target))
    assert item.record is not None, item.issues
    assert runner.invoke(app, ["init", str(target)]).exit_code == 2  # never overwrites


def test_requirements_say_why_a_level_applies_nothing():
    """A plan in force whose scope leaves the mineral out is not "no plan": the level's note says which it is."""
    from typer.testing import CliRunner

    from minplan.cli import app

    result = CliRunner().invoke(app, ["requirements", "--county", "凤城市", "--mineral", "天然气", "--format", "json"])
    levels = {lv["level"]: lv for lv in json.loads(result.stdout)["jurisdiction"]}
    assert "dandong-2021" in levels["prefecture"]["note"] and "does not cover" in levels["prefecture"]["note"]
    result = CliRunner().invoke(app, ["requirements", "--county", "凤城市", "--mineral", "天然气", "--lang", "en"])
    assert "does not cover" in result.stdout and "no encoded plan in force" not in result.stdout


def test_requirements_apply_the_plans_check_applies(tmp_path: Path):
    """With a rule corpus that holds no rule of Linjiang's plan, check does not apply it; neither do the
    requirements, which say why rather than list the plan as applied."""
    import shutil

    from typer.testing import CliRunner

    from minplan.cli import app

    shutil.copytree(Path(__file__).resolve().parent.parent / "rules" / "yanbian-2021", tmp_path / "yanbian-2021")
    args = ["requirements", "--county", "临江市", "--mineral", "铁", "--rules", str(tmp_path), "--format", "json"]
    result = CliRunner().invoke(app, args)
    [county] = [lv for lv in json.loads(result.stdout)["jurisdiction"] if lv["level"] == "county"]
    assert [p["applied"] for p in county["plans"]] == [False] and "holds no rule" in county["note"]


def test_requirements_judge_the_associated_minerals_as_check_does():
    """A gold right listing placer gold beside it fails Yanbian's ban on placer gold in check; the requirements
    for the same right list that ban, for 砂金, and the plan a right with associated minerals carries."""
    from typer.testing import CliRunner

    from minplan.cli import app

    args = ["requirements", "--county", "珲春市", "--mineral", "岩金", "--date", "2023-06-01", "--format", "json"]
    result = CliRunner().invoke(app, [*args, "--associated", "砂金"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["query"]["associated"] == ["砂金"]
    banned = [
        r for r in data["requirements"] if r["rule"] == "yanbian-2021/mineral-policy/mining-prohibited-placer-gold"
    ]
    assert [r["mineral"] for r in banned] == ["砂金"] and "prohibited" in banned[0]["detail"]["en"]
    old = CliRunner().invoke(app, [*args[:-4], "--date", "2014-06-01", "--format", "json", "--associated", "铜、银"])
    rules = {r["rule"]: r for r in json.loads(old.stdout)["requirements"]}
    assert "has_associated_minerals" not in rules["jilin-2011/documents/associated-minerals-plan"]["needs"]
    assert CliRunner().invoke(app, [*args, "--associated", "、"]).exit_code == 2


def test_rules_of_a_county_leave_out_the_rules_scoped_to_other_counties():
    """Yanbian's encouragement of geothermal exploration names Longjing, Antu, Yanji and Hunchun: check never
    applies it to a record of Tumen, so the rules of Tumen do not list it, while those of Hunchun do."""
    from minplan.lookup import select_rules

    rule = "yanbian-2021/mineral-policy/exploration-geothermal-counties"
    assert rule not in {r.id for r in select_rules(_CORPUS, mineral="地热", county="图们市")}
    assert rule in {r.id for r in select_rules(_CORPUS, mineral="地热", county="珲春市")}


def test_requirements_list_the_zones_that_print_no_county():
    """Dandong's 五龙 key exploration area for gold prints no county: a record of Zhen'an may lie in it and
    give its code, as the zones look-up of the county lists it, so the requirements list it too, marked."""
    data = _json(
        "requirements", "--county", "振安区", "--mineral", "金", "--right", "exploration", "--date", "2023-06-01"
    )
    [zone] = [z for z in data["zones"] if z["code"] == "KZ21060000002"]
    assert zone["counties"] == []
    listed = _json("zones", "--county", "振安区", "--date", "2023-06-01")
    assert "KZ21060000002" in {z["code"] for z in listed["zones"]}


def test_requirements_list_the_zones_of_a_kind_under_the_mineral_asked_about():
    """东港市's concentrated mining areas CS21060000002–4 are for 建筑用花岗岩: a record of 建筑用石料 names its
    kind and may lie in one, so the requirements for 建筑用石料 list them, as those for 建筑用花岗岩 do."""
    args = ["requirements", "--county", "东港市", "--date", "2023-06-01", "--mineral"]
    granite = {z["code"] for z in _json(*args, "建筑用花岗岩")["zones"]}
    stone = {z["code"] for z in _json(*args, "建筑用石料")["zones"]}
    assert "CS21060000002" in granite and granite <= stone
    assert "CS21060000002" not in {z["code"] for z in _json(*args, "铁")["zones"]}


@pytest.mark.parametrize(
    ("county", "mineral", "date"),
    [("东港市", "铁", "2015-06-01"), ("凤城市", "天然气", "2023-06-01")],  # no plan in force; none covering it
)
def test_requirements_where_no_plan_applies_say_nothing_was_looked_at(county: str, mineral: str, date: str):
    """check finds such a record needs_info; an empty table of provisions would read as "nothing is required"."""
    args = ["requirements", "--county", county, "--mineral", mineral, "--date", date]
    data = _json(*args)
    assert data["plans_in_force"] == [] and data["requirements"] == []
    assert "no provision was looked at" in data["note"] and "未审查任何条款" in data["note_i18n"]["zh"]
    shown = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert "未审查任何条款" in shown.output and "适用条款" not in shown.output
    assert _json("requirements", "--county", "珲春市", "--mineral", "岩金")["plans_in_force"] == ["yanbian-2021"]


def test_requirements_name_zone_types_in_the_readers_language():
    """The zones table printed key_exploration_area in a Chinese view."""
    result = runner.invoke(app, ["requirements", "--county", "珲春市", "--mineral", "岩金"], env={"COLUMNS": "200"})
    assert result.exit_code == 0 and "重点勘查区" in result.output and "key_exploration_area" not in result.output


def test_a_siting_remedy_reads_as_chinese():
    from minplan.examples import run_example
    from minplan.rulebook import Example

    rule = _CORPUS.rule("yanbian-2021/siting/ecological-red-line")
    record = {"mineral": "铁", "site": {"ecological_red_line": True}}
    _, finding = run_example(_CORPUS, rule, Example(name="t", expect="fail", record=record))
    assert finding.remedy["zh"] == "选址须避开生态保护红线"  # not 避开生态保护红线内
