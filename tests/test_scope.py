"""What a rule applies to (its scope), what a plan applies to (its own scope, from its 总则), and that the
engine and the corpus's candidate lists agree on both."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from minplan.cli import app
from minplan.engine import check_record, in_scope
from minplan.facts import Facts, Missing
from minplan.loader import load_text
from minplan.plans import PlanScope, ScopeCitation
from minplan.record import Record
from minplan.rulebook import Rule, Scope

runner = CliRunner()


def _record(**over: Any) -> Record:
    data: dict[str, Any] = {
        "id": "R",
        "right": "mining",
        "application": "new",
        "date": "2023-06-01",
        "location": {"county": "珲春市", "zones": []},
        "mineral": "岩金",
        "method": "underground",
    }
    for key, value in over.items():
        if key == "location":
            data["location"] = {**data["location"], **value}
        else:
            data[key] = value
    return Record.model_validate(data)


def _rule(**scope: Any) -> Rule:
    return Rule.model_validate(
        {
            "id": "yanbian-2021/siting/t",
            "plan": "yanbian-2021",
            "kind": "siting",
            "force": "binding",
            "title": {"zh": "甲", "en": "a"},
            "citation": {"section": "x", "quote": "y"},
            "scope": scope,
            "params": {"place": {"zh": "甲", "en": "a"}},
        }
    )


ZONE_TYPES = {"KZ01": "key_exploration_area", "CZ01": "key_mining_area"}


def _in(rule: Rule, record: Record) -> bool:
    return in_scope(rule, record, Facts(record, zone_types=ZONE_TYPES))


# each field alone: (scope, a record it admits, a record it does not)
ALONE = [
    ({"rights": ["exploration"]}, {"right": "exploration"}, {"right": "mining"}),
    ({"applications": ["renewal"]}, {"application": "renewal"}, {"application": "new"}),
    ({"minerals": ["金"]}, {"mineral": "砂金"}, {"mineral": "铜"}),
    ({"except_minerals": ["地热", "矿泉水"]}, {"mineral": "金"}, {"mineral": "矿泉水"}),
    ({"except_minerals": ["地热"]}, {"mineral": "铜"}, {"mineral": "干热岩"}),  # what lies under it too
    ({"except_minerals": ["地热"]}, {"mineral": "铜"}, {"mineral": "地下热水"}),  # by any of its names
    ({"methods": ["open_pit"]}, {"method": "open_pit"}, {"method": "underground"}),
    ({"counties": ["222404"]}, {"location": {"county": "珲春市"}}, {"location": {"county": "延吉市"}}),
    ({"zones": ["KZ01"]}, {"location": {"zones": ["KZ01"]}}, {"location": {"zones": ["CZ01"]}}),
    ({"zones": ["key_mining_area"]}, {"location": {"zones": ["CZ01"]}}, {"location": {"zones": ["KZ01"]}}),
]


@pytest.mark.parametrize(("scope", "inside", "outside"), ALONE, ids=[str(a[0]) for a in ALONE])
def test_each_scope_field_alone(scope, inside, outside):
    rule = _rule(**scope)
    assert _in(rule, _record(**inside))
    assert not _in(rule, _record(**outside))


def test_an_empty_scope_admits_all_but_a_cancellation():
    rule = _rule()
    for application in ("new", "expansion", "renewal", "change", "transfer", "conversion", "existing"):
        assert _in(rule, _record(application=application))
    assert not _in(rule, _record(application="cancellation"))


def test_a_cancellation_is_judged_by_the_provisions_that_name_it():
    rule = _rule(applications=["cancellation"], except_minerals=["矿泉水"])
    assert _in(rule, _record(application="cancellation"))
    assert not _in(rule, _record(application="cancellation", mineral="矿泉水"))
    assert not _in(rule, _record(application="new"))
    assert not _in(_rule(except_minerals=["矿泉水"]), _record(application="cancellation"))


def test_minerals_and_minerals_kept_apart_together():
    rule = _rule(minerals=["金", "铜"], except_minerals=["砂金"])
    assert _in(rule, _record(mineral="岩金")) and _in(rule, _record(mineral="铜"))
    assert not _in(rule, _record(mineral="砂金")) and not _in(rule, _record(mineral="铁"))


def test_a_combined_mineral_is_kept_apart_only_as_a_whole():
    rule = _rule(except_minerals=["铅"])
    assert _in(rule, _record(mineral="铅锌"))  # its zinc is not kept apart
    assert not _in(rule, _record(mineral="铅"))


COMBINED = {
    "rights": ["mining"],
    "applications": ["new", "conversion"],
    "minerals": ["金"],
    "except_minerals": ["砂金"],
    "methods": ["underground"],
    "counties": ["222404"],
    "zones": ["key_exploration_area"],
}
BREAK_ONE = [
    {"right": "exploration"},
    {"application": "renewal"},
    {"mineral": "铜"},
    {"mineral": "砂金"},
    {"method": "open_pit"},
    {"location": {"county": "延吉市"}},
    {"location": {"zones": ["CZ01"]}},
]


def test_every_field_combined_and_each_one_broken():
    rule = _rule(**COMBINED)
    good = {"location": {"zones": ["KZ01"]}}
    assert _in(rule, _record(**good))
    for change in BREAK_ONE:
        over = {**good, **change}
        if "location" in change:
            over["location"] = {**good["location"], **change["location"]}
        assert not _in(rule, _record(**over)), change


def test_an_undeclared_method_or_zone_is_asked_for_not_assumed():
    record = _record(method=None, location={"zones": None})
    with pytest.raises(Missing):
        _in(_rule(methods=["underground"]), record)
    with pytest.raises(Missing):
        _in(_rule(zones=["KZ01"]), record)
    assert not _in(_rule(rights=["exploration"], methods=["underground"]), record)  # decided before asking


def test_the_scope_admits_what_the_candidate_lists_hold(corpus):
    """Corpus.candidates and engine.in_scope are one test: for every rule and a grid of records, agree."""
    records = [
        _record(right=right, application=app_, mineral=mineral, location={"county": county})
        for right in ("mining", "exploration")
        for app_ in ("new", "renewal", "existing", "cancellation")
        for mineral in ("岩金", "砂金", "地热", "矿泉水", "建筑用砂岩", "砖瓦用粘土", "煤", "铅锌")
        for county in ("珲春市", "临江市", "洮南市", "宽甸满族自治县")
        if not (right == "exploration" and app_ == "existing")  # an operating mine is a mining right's
    ]
    for plan_id in corpus.plans:
        for record in records:
            held = {
                r.id
                for r in corpus.candidates(
                    plan_id, record.right, record.application, record.mineral, record.location.county
                )
            }
            for rule in corpus.rules_of(plan_id):
                if rule.scope.methods or rule.scope.zones:
                    continue
                assert (rule.id in held) == in_scope(rule, record, Facts(record)), (rule.id, record.mineral)


BOUNDARY = "dandong-2021/siting/urban-development-boundary"


def _check(corpus, text: str):
    [item] = load_text(text, "r.yaml", corpus.record_context())
    assert item.record is not None, item.issues
    return check_record(item, corpus)


DANDONG = """\
id: D
right: mining
application: new
date: 2023-06-01
location: {{county: 宽甸县}}
mineral: {mineral}
site: {{urban_development_boundary: true}}
project: {{combined_land_mine: false}}
"""


@pytest.mark.parametrize(
    ("mineral", "applies"), [("地热", False), ("矿泉水", False), ("地下热水", False), ("铜", True)]
)
def test_the_urban_boundary_ban_spares_what_the_plan_exempts(corpus, mineral, applies):
    result = _check(corpus, DANDONG.format(mineral=mineral))
    found = [f for f in result.findings if f.rule == BOUNDARY]
    assert bool(found) is applies
    if applies:
        assert found[0].status.value == "fail"


# ── the plans' own scopes ─────────────────────────────────────────────────────────────────────────────────


def test_every_plan_has_a_scope_citing_its_general_provisions(corpus):
    for plan in corpus.plans.values():
        assert plan.scope is not None, plan.id
        assert plan.scope.citation.section and plan.scope.citation.quote


def test_every_scope_quote_is_one_sentence_of_its_plan(corpus, seeds):
    for plan in corpus.plans.values():
        quote = plan.scope.citation.quote
        source = re.sub(r"\s+", "", (seeds / plan.source.file).read_text("utf-8"))
        assert re.sub(r"\s+", "", quote) in source, plan.id
        assert len([s for s in re.split(r"[。！？]", quote) if s.strip()]) == 1, plan.id


def test_dandong_covers_every_mineral_but_oil_and_gas(corpus):
    dandong = corpus.plans["dandong-2021"]
    assert dandong.scope.except_minerals == ["石油", "天然气"]
    assert dandong.covered("mining", ("石油",)) == ()
    assert dandong.covered("exploration", ("天然气",)) == ()
    assert dandong.covered("mining", ("金", "天然气")) == ("金",)
    for other in ("jilin-2011", "yanbian-2021", "linjiang-2021", "taonan-2021"):
        assert corpus.plans[other].covered("mining", ("石油", "金")) == ("石油", "金")


@pytest.mark.parametrize("mineral", ["石油", "天然气", "natural gas"])
def test_an_oil_or_gas_record_does_not_get_dandongs_plan(corpus, mineral):
    result = _check(corpus, DANDONG.format(mineral=mineral))
    [use] = [p for p in result.plans if p.id == "dandong-2021"]
    assert not use.applied and use.out_of_scope
    assert "适用范围为丹东市所辖行政区域内所有矿产资源（除石油、天然气）。" in use.reason["en"]
    assert "scope leaves out" in use.reason["en"] and "本规划适用范围不含" in use.reason["zh"]
    # no plan judges it, and the record says so rather than pass: nothing was checked
    [finding] = result.findings
    assert finding.rule == "coverage/no-plan-in-force" and finding.status.value == "needs_info"
    assert "除石油、天然气" in finding.message["en"]
    prefecture = next(lv for lv in result.levels if lv.division.level == "prefecture")
    assert "does not cover this record" in prefecture.note("2023-06-01")["en"]


def test_the_report_says_why_the_plan_was_not_applied(tmp_path: Path):
    path = tmp_path / "oil.yaml"
    path.write_text(DANDONG.format(mineral="石油"), encoding="utf-8")
    data = json.loads(runner.invoke(app, ["check", str(path), "--format", "json", "--lang", "en"]).output)
    [entry] = [p for p in data["records"][0]["plans"] if p["id"] == "dandong-2021"]
    assert entry["applied"] is False
    assert "scope leaves out petroleum (石油)" in entry["reason"]
    assert "除石油、天然气" in entry["reason_zh"]
    table = runner.invoke(app, ["check", str(path), "--lang", "en"], env={"COLUMNS": "200"}).output
    assert "dandong-2021" in table and "scope leaves out petroleum" in table


def test_a_right_partly_outside_a_plan_is_judged_for_the_rest(corpus):
    text = DANDONG.format(mineral="铜").replace("mineral: 铜", "minerals: 铜、天然气")
    result = _check(corpus, text)
    [use] = [p for p in result.plans if p.id == "dandong-2021"]
    assert use.applied and any("天然气" in n["zh"] for n in use.notes)
    assert result.findings and {f.mineral for f in result.findings} == {"铜"}


def test_a_plan_scope_may_limit_the_rights(corpus):
    plan = corpus.plans["yanbian-2021"].model_copy(
        update={"scope": PlanScope(rights=["exploration"], citation=ScopeCitation(section="总则", quote="甲。"))}
    )
    record = _record()
    use = plan.use_for(record.date, record.right, record.all_minerals)
    assert not use.applied and "mining rights" in use.reason["en"]
    assert plan.use_for(record.date, "exploration", record.all_minerals).applied


def test_a_plan_scope_may_name_its_only_minerals(corpus):
    plan = corpus.plans["yanbian-2021"].model_copy(
        update={"scope": PlanScope(minerals=["建筑用石料"], citation=ScopeCitation(section="总则", quote="甲。"))}
    )
    assert plan.covered("mining", ("建筑用花岗岩", "金")) == ("建筑用花岗岩",)


def test_scope_model_rejects_unknown_fields():
    with pytest.raises(ValueError):
        Scope.model_validate({"mineral": ["金"]})


def test_a_plan_scope_naming_an_unknown_mineral_is_a_corpus_error(tmp_path: Path):
    from minplan.resources import data_dir, rules_dir
    from minplan.rulebook import CorpusError, load_corpus

    plans = tmp_path / "plans"
    plans.mkdir()
    text = (data_dir() / "plans" / "dandong-2021.yaml").read_text("utf-8")
    (plans / "dandong-2021.yaml").write_text(text.replace("[石油, 天然气]", "[石油, 天燃气]"), encoding="utf-8")
    shutil.copytree(rules_dir() / "dandong-2021", tmp_path / "rules" / "dandong-2021")
    with pytest.raises(CorpusError, match=r"(?s)dandong-2021\.yaml.*unknown mineral '天燃气'"):
        load_corpus(tmp_path / "rules", plans)


def test_the_rule_listing_and_the_requirements_follow_the_scopes(corpus):
    from minplan.lookup import requirements, select_rules

    assert BOUNDARY not in {r.id for r in select_rules(corpus, mineral="地热")}
    assert BOUNDARY in {r.id for r in select_rules(corpus, mineral="金")}
    oil = requirements(corpus, "宽甸县", "石油", date=__import__("datetime").date(2023, 6, 1))
    assert not oil["requirements"]
    [entry] = [p for level in oil["jurisdiction"] for p in level["plans"] if p["id"] == "dandong-2021"]
    assert entry["applied"] is False and "scope leaves out" in entry["reason"]
