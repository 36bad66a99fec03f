"""Rights that list several minerals: the record's two forms, which provisions concern which mineral, the
finding's mineral, and a memo that never hands one mineral's finding to another."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from minplan.cli import app
from minplan.engine import check_record
from minplan.findings import Status
from minplan.kinds import KINDS
from minplan.loader import load_text
from minplan.record import record_schema
from minplan.rulebook import load_corpus

runner = CliRunner()

HEAD = """\
id: M
right: mining
application: new
date: 2023-06-01
location: {{county: 珲春市, zones: []}}
{minerals}
method: underground
capacity: 4 万吨/年
deposit_scale: small
mine_scale: small
documents: [开发利用方案, 矿山地质环境保护与土地复垦方案, 绿色矿山建设实施方案, 恢复基金]
site: {{ecological_red_line: false, permanent_basic_farmland: false, urban_development_boundary: false}}
project: {{splits_deposit: false}}
"""


def _load(minerals: str, corpus=None):
    [item] = load_text(HEAD.format(minerals=minerals), "m.yaml", corpus.record_context() if corpus else None)
    return item


def _check(corpus, minerals: str):
    item = _load(minerals, corpus)
    assert item.record is not None, item.issues
    return check_record(item, corpus)


# ── the record ────────────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "minerals",
    [
        "minerals: [金矿, 银矿]",
        "minerals: 金矿、银矿",
        "minerals: 金矿, 银矿",
        "minerals: 金矿，银矿",
        "mineral: 金矿\nassociated_minerals: [银矿]",
        "mineral: gold\nassociated_minerals: silver",
    ],
)
def test_both_forms_give_the_same_minerals(minerals):
    item = _load(minerals)
    assert item.record is not None, item.issues
    assert item.record.mineral == "金"
    assert item.record.associated_minerals == ["银"]
    assert item.record.all_minerals == ("金", "银")


def test_one_mineral_alone_is_still_a_record():
    record = _load("mineral: 岩金").record
    assert record.all_minerals == ("岩金",) and record.associated_minerals is None
    assert _load("minerals: 岩金").record.all_minerals == ("岩金",)


@pytest.mark.parametrize(
    ("minerals", "field", "line", "words"),
    [
        ("minerals: [金]\nmineral: 金", "minerals", 6, "not both"),
        ("minerals: [金, 银]\nassociated_minerals: [铜]", "minerals", 6, "not both"),
        ("minerals: []", "minerals", 6, "at least 1"),
        ("minerals: 金、银、银矿", "minerals", 6, "listed twice"),
        ("mineral: 金\nassociated_minerals: [金矿]", "associated_minerals", 7, "listed twice"),
        ("minerals: [金, glod]", "minerals[1]", 6, "unknown mineral 'glod'"),
        ("associated_minerals: [银]", "mineral", 1, "required field 'mineral' is missing"),
    ],
)
def test_bad_mineral_lists_are_refused_where_they_lie(minerals, field, line, words):
    item = _load(minerals)
    assert item.record is None
    [issue] = item.issues
    assert (issue.field, issue.line) == (field, line) and words in issue.message
    assert " object at 0x" not in issue.message  # what was written, never a stand-in's repr


def test_the_schema_knows_both_forms():
    schema = record_schema()
    base = {"id": "M", "right": "mining", "application": "new", "date": "2023-06-01", "location": {"county": "珲春市"}}
    validator = jsonschema.Draft202012Validator(schema)
    assert validator.is_valid({**base, "mineral": "金"})
    assert validator.is_valid({**base, "mineral": "金", "associated_minerals": ["银"]})
    assert validator.is_valid({**base, "minerals": ["金", "银"]})
    assert not validator.is_valid({**base, "minerals": ["金"], "mineral": "金"})
    assert not validator.is_valid(base)


# ── which provisions concern which mineral ───────────────────────────────────────────────────────────────


def test_every_kind_says_which_minerals_its_provisions_concern():
    reach = {name: kind.mineral_reach for name, kind in KINDS.items()}
    assert set(reach.values()) <= {"each", "any", "main"}
    assert reach["mineral_policy"] == "each"
    assert reach["min_scale"] == "main" and reach["extraction_cap"] == "main"
    assert reach["siting"] == "any" and reach["documents"] == "any"


def test_a_ban_reaches_an_associated_mineral(corpus):
    result = _check(corpus, "minerals: 岩金、砂金")
    banned = [f for f in result.findings if f.rule == "yanbian-2021/mineral-policy/mining-prohibited-placer-gold"]
    assert [(f.mineral, f.status.value) for f in banned] == [("砂金", "fail")]
    assert "〔矿种：砂金〕" in banned[0].message["zh"] and "[mineral: placer gold (砂金)]" in banned[0].message["en"]
    assert result.status.value == "fail"
    key = [f for f in result.findings if f.rule == "yanbian-2021/mineral-policy/mining-key"]
    assert [f.mineral for f in key] == ["岩金"]  # the rule keeps placer gold apart


def test_each_mineral_gets_its_own_policy_finding(corpus):
    result = _check(corpus, "minerals: 岩金、铜")
    key = [f for f in result.findings if f.rule == "yanbian-2021/mineral-policy/mining-key"]
    assert [(f.mineral, f.actual) for f in key] == [("岩金", "岩金"), ("铜", "铜")]
    assert "lode gold (岩金)" in key[0].message["en"] and "copper (铜)" in key[1].message["en"]


def test_a_minimum_scale_concerns_the_main_mineral_only(corpus):
    gold_first = _check(corpus, "minerals: 岩金、铜")
    scale = [(f.rule, f.mineral) for f in gold_first.findings if f.kind == "min_scale"]
    assert scale == [("yanbian-2021/min-scale/gold", "岩金")]
    copper_first = _check(corpus, "minerals: 铜、岩金")
    scale = [(f.rule, f.mineral) for f in copper_first.findings if f.kind == "min_scale"]
    assert scale == [("yanbian-2021/min-scale/copper", "铜")]


def test_a_place_or_a_document_is_judged_once_for_the_right(corpus):
    result = _check(corpus, "minerals: 岩金、铜、银")
    documents = [f for f in result.findings if f.kind == "documents"]
    assert documents and len({f.rule for f in documents}) == len(documents)
    assert all(f.mineral == "岩金" for f in documents)
    assert all("〔矿种：岩金、铜、银〕" in f.message["zh"] for f in documents)


def test_a_single_mineral_message_is_left_as_it_was(corpus):
    result = _check(corpus, "mineral: 岩金")
    assert result.findings and all(f.mineral == "岩金" for f in result.findings)
    assert not any("〔矿种" in f.message["zh"] or "[mineral:" in f.message["en"] for f in result.findings)


RULES = """\
plan: yanbian-2021
rules:
  - id: yanbian-2021/min-scale/gold-each
    kind: min_scale
    force: binding
    title: {zh: 甲, en: a}
    citation: {section: 第四章, table: 专栏5, row: "5"}
    scope: {rights: [mining], minerals: [金], mineral_reach: each}
    params: {unit: 万吨/年, minimum: 3}
    examples: [{name: x, expect: pass, record: {capacity: 3万吨/年}}]
  - id: yanbian-2021/mineral-policy/gold-main
    kind: mineral_policy
    force: info
    title: {zh: 乙, en: b}
    citation: {section: 第三章, quote: 乙}
    scope: {rights: [mining], minerals: [金], mineral_reach: main}
    params: {policy: key, activity: mining}
    examples: [{name: y, expect: pass, record: {}}]
"""


def test_a_rule_may_set_its_own_reach(tmp_path: Path):
    (tmp_path / "yanbian-2021").mkdir()
    (tmp_path / "yanbian-2021" / "r.yaml").write_text(RULES, encoding="utf-8")
    corpus = load_corpus(tmp_path)
    found = {f.rule: f for f in _check(corpus, "minerals: 铜、岩金").findings}
    assert found["yanbian-2021/min-scale/gold-each"].mineral == "岩金"  # an associated mineral, by the rule's word
    assert "yanbian-2021/mineral-policy/gold-main" not in found  # the main mineral is copper
    found = {f.rule: f for f in _check(corpus, "minerals: 岩金、铜").findings}
    assert found["yanbian-2021/mineral-policy/gold-main"].mineral == "岩金"


# ── the memo ─────────────────────────────────────────────────────────────────────────────────────────────


def _shown(result):
    return sorted((f.rule, f.mineral, f.status.value, f.actual, f.message["en"]) for f in result.findings)


def test_the_memo_never_hands_one_minerals_finding_to_another():
    """A warmed memo, and views of one record for several minerals, give what a fresh corpus gives."""
    warm = load_corpus()
    for single in ("mineral: 岩金", "mineral: 铜", "mineral: 砂金", "mineral: 银"):
        _check(warm, single)
    for several in ("minerals: 岩金、铜", "minerals: 铜、岩金", "minerals: 岩金、砂金、银"):
        fresh = load_corpus()
        assert _shown(_check(warm, several)) == _shown(_check(fresh, several)), several
        again = _check(warm, several)  # and once more, from the memo alone
        assert _shown(again) == _shown(_check(fresh, several)), several
    key = [f for f in _check(warm, "minerals: 岩金、铜").findings if f.rule.endswith("/mining-key")]
    assert [f.actual for f in key] == ["岩金", "铜"]


def test_a_single_mineral_finding_reused_from_the_memo_keeps_its_plain_message(corpus):
    _check(corpus, "minerals: 岩金、铜")
    result = _check(corpus, "mineral: 岩金")
    assert not any("〔矿种" in f.message["zh"] for f in result.findings)


# ── the report ───────────────────────────────────────────────────────────────────────────────────────────


def test_the_json_report_names_each_findings_mineral(tmp_path: Path):
    (tmp_path / "a.yaml").write_text(HEAD.format(minerals="minerals: 岩金、砂金"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(HEAD.format(minerals="mineral: 岩金").replace("id: M", "id: N"), encoding="utf-8")
    data = json.loads(runner.invoke(app, ["check", str(tmp_path), "--format", "json"]).output)
    by_id = {r["id"]: r for r in data["records"]}
    assert all("mineral" in f for r in by_id.values() for f in r["findings"])
    banned = [f for f in by_id["M"]["findings"] if f["rule"].endswith("prohibited-placer-gold")]
    assert [f["mineral"] for f in banned] == ["砂金"]
    assert {f["mineral"] for f in by_id["N"]["findings"]} == {"岩金"}


def test_requirements_stay_single_mineral():
    result = runner.invoke(app, ["requirements", "--county", "珲春市", "--mineral", "金、银"])
    assert result.exit_code == 2
    result = runner.invoke(app, ["requirements", "--county", "珲春市", "--mineral", "花岗岩"])
    assert result.exit_code == 2 and "several uses" in result.output


def test_an_example_record_names_one_mineral(tmp_path: Path):
    from minplan.lint import lint
    from minplan.resources import data_dir

    (tmp_path / "yanbian-2021").mkdir()
    text = RULES.replace("record: {}}]", "record: {minerals: [金, 银]}}]")
    (tmp_path / "yanbian-2021" / "r.yaml").write_text(text, encoding="utf-8")
    problems = [p.message for p in lint(tmp_path, data_dir() / "plans") if p.severity == "error"]
    assert any("an example names one mineral (mineral), not minerals" in m for m in problems), problems


def test_a_main_mineral_outside_the_plan_leaves_its_scale_rules_open_not_passed(corpus):
    """Dandong's plan leaves out natural gas: a right whose main mineral is gas, with granite beside it, cannot
    have the granite's minimum scale judged by the gas's figures, nor skipped — it needs information."""
    text = HEAD.format(minerals="minerals: [天然气, 建筑用花岗岩]").replace("珲春市", "东港市")
    text = text.replace("method: underground", "method: open_pit").replace("4 万吨/年", "10 万立方米/年")
    [item] = load_text(text, "m.yaml", corpus.record_context())
    result = check_record(item, corpus)
    scale = [f for f in result.findings if f.kind == "min_scale" and f.status is not Status.not_applicable]
    assert scale, [f.rule for f in result.findings]
    assert all(f.status is Status.needs_info and f.mineral == "建筑用花岗岩" for f in scale)
    assert all("主矿种天然气不在本规划范围内" in f.message["zh"] for f in scale)
    assert result.status is not Status.pass_ and result.status is not Status.warn
    alone = check_record(
        load_text(
            text.replace("minerals: [天然气, 建筑用花岗岩]", "mineral: 建筑用花岗岩"), "m.yaml", corpus.record_context()
        )[0],
        corpus,
    )
    assert any(f.kind == "min_scale" and f.status is Status.fail for f in alone.findings)  # granite alone fails


def test_batch_counts_say_when_a_rights_main_mineral_lies_outside_the_plan(tmp_path: Path):
    """Gas first and magnesite beside it in 宽甸: Dandong's magnesite caps cannot tell what the right adds (its
    figures are the gas's), so they are needs_info naming it, in check and in indicators alike."""
    text = HEAD.format(minerals="minerals: [天然气, 菱镁矿]").replace("珲春市", "宽甸满族自治县")
    text = text.replace("4 万吨/年", "30 万吨/年").replace("deposit_scale: small", "deposit_scale: large")
    (tmp_path / "m.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["check", str(tmp_path), "--format", "json"])
    caps = {a["rule"]: a for a in json.loads(result.stdout)["aggregate"] if "output-magnesite" in a["rule"]}
    assert caps and all(a["status"] == "needs_info" and a["records"] == ["M"] for a in caps.values()), caps
    assert all("主矿种不在本规划范围内" in a["messages"]["zh"] for a in caps.values())
    rows = json.loads(
        runner.invoke(app, ["indicators", "dandong-2021", "--against", str(tmp_path), "--format", "json"]).stdout
    )
    found = [r for r in rows["indicators"] if r["mineral"] == "菱镁矿" and r["county"] in (None, "210624")]
    found = [r for r in found if r["status"] != "not_measurable"]
    assert found and all(r["status"] in ("needs_info", "no_data") and r["records"] == ["M"] for r in found), found


def test_a_view_for_one_mineral_keeps_the_rights_minerals(corpus):
    """The record as seen for 银 of a right of 金、银 names 银 and still lists 金 beside it, not 银 twice."""
    from minplan.engine import MineralViews

    views = MineralViews(_load("minerals: [金矿, 银矿]", corpus).record)
    view, _ = views.of("银")
    assert view.mineral == "银" and set(view.all_minerals) == {"金", "银"} and len(view.all_minerals) == 2


def test_a_rights_candidates_are_those_of_any_of_its_minerals_in_the_plans_order(corpus):
    """A right of several minerals is judged by every rule whose fixed scope admits one of them (the union of
    the bit sets, rulebook.Selection.select_any): the same rules, in the same order, as asking mineral by
    mineral, for every plan, right, application and county and pairs and triples of minerals met in the plans."""
    import random

    from minplan.minerals import mineral_book
    from minplan.regions import gazetteer
    from minplan.vocab import Application, Right

    book, places = mineral_book(), gazetteer()
    named = sorted({m for rule in corpus.rules for m in rule.scope.minerals if m in book.minerals})
    picks = random.Random(16)
    groups = [tuple(picks.sample(named, k)) for k in (2, 2, 3) for _ in range(5)]
    asked = 0
    for plan_id, plan in corpus.plans.items():
        counties = [d.code for d in places.counties() if plan.covers(d.code)][:3]
        for right in Right:
            for application in Application:
                for county in counties:
                    for minerals in groups:
                        each = [corpus.candidates(plan_id, right, application, m, county) for m in minerals]
                        expected = [r.id for r in corpus.rules_of(plan_id) if any(r in found for found in each)]
                        got = corpus.candidates_any(plan_id, right, application, minerals, county)
                        assert [r.id for r in got] == expected, (plan_id, right, application, county, minerals)
                        asked += bool(expected)
    assert asked > 300
