"""Record facts for provisions still to be encoded: each is declared, labelled, read from a record, asked for
when missing, and usable by a rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from minplan.engine import check_record
from minplan.facts import FACTS
from minplan.loader import load_text
from minplan.rulebook import load_corpus
from minplan.template import template
from minplan.vocab import Document, Technique, enum_value, label

NEW = ["closure.restoration_accepted", "operation.beyond_licensed_bounds", "operation.high_grading"]
NEW += ["project.fully_state_funded"]


@pytest.mark.parametrize("name", NEW)
def test_each_new_fact_is_declared_with_both_labels(name):
    fact = FACTS[name]
    assert fact.zh and fact.en and fact.domain == (True, False)


def test_the_new_values_of_the_closed_vocabularies():
    assert enum_value(Document, "环境影响评价批复") == Document.eia_approval
    assert enum_value(Document, "环评批复") == Document.eia_approval
    assert enum_value(Technique, "国家限制和淘汰的采选技术、工艺和设备") == Technique.restricted_or_obsolete
    for value in (Document.eia_approval, Technique.restricted_or_obsolete):
        assert label(value, "zh") != value.value and label(value, "en") != value.value


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_template_mentions_them(lang):
    text = template(lang)
    for word in ("restoration_accepted", "beyond_licensed_bounds", "high_grading", "fully_state_funded"):
        assert word in text
    assert ("环境影响评价批复" if lang == "zh" else "eia_approval") in text


RULES = """\
plan: taonan-2021
rules:
  - id: taonan-2021/siting/cancel-before-acceptance
    kind: siting
    force: binding
    title: {zh: 验收合格后方可注销, en: cancellation only after restoration is accepted}
    citation: {section: 第七章, quote: 并经验收合格后方可办理注销登记。}
    scope: {rights: [mining], applications: [cancellation]}
    when: {closure.restoration_accepted: false}
    params: {place: {zh: 治理恢复未经验收合格的情形, en: in the case of restoration not accepted}}
    examples: [{name: x, expect: fail, record: {closure: {restoration_accepted: false}}}]
  - id: taonan-2021/siting/beyond-bounds
    kind: siting
    force: binding
    title: {zh: 严禁超层越界开采, en: no mining beyond the licensed bounds}
    citation: {section: 第五章, quote: 严禁矿山超层越界开采。}
    scope: {rights: [mining], applications: [existing]}
    when: {operation.beyond_licensed_bounds: true}
    params: {place: {zh: 超层越界开采的情形, en: in the case of mining beyond the licensed bounds}}
    examples: [{name: y, expect: fail, record: {operation: {beyond_licensed_bounds: true}}}]
  - id: taonan-2021/documents/eia
    kind: documents
    force: binding
    title: {zh: 环境影响评价批复, en: EIA approval}
    citation: {section: 第五章, quote: 环评。}
    scope: {rights: [mining], applications: [new]}
    params: {required: [eia_approval]}
    examples: [{name: z, expect: pass, record: {documents: [eia_approval]}}]
  - id: taonan-2021/technology/obsolete
    kind: technology
    force: binding
    title: {zh: 不得采用国家限制和淘汰的技术, en: no technique the state restricts or phases out}
    citation: {section: 第五章, quote: 不得。}
    scope: {rights: [mining], applications: [new]}
    params: {banned: [restricted_or_obsolete]}
    examples: [{name: w, expect: pass, record: {techniques: []}}]
"""

RECORD = """\
id: C
right: mining
application: {application}
date: 2023-06-01
location: {{county: 洮南市}}
mineral: 建筑用花岗岩
{extra}
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder: Path = tmp_path_factory.mktemp("rules") / "taonan-2021"
    folder.mkdir()
    (folder / "r.yaml").write_text(RULES, encoding="utf-8")
    return load_corpus(folder.parent)


def _status(corpus, rule: str, application: str, extra: str) -> str:
    [item] = load_text(RECORD.format(application=application, extra=extra), "c.yaml")
    assert item.record is not None, item.issues
    found = [f for f in check_record(item, corpus).findings if f.rule == rule]
    return found[0].status.value if found else "out_of_scope"


@pytest.mark.parametrize(
    ("rule", "application", "extra", "expect"),
    [
        (
            "taonan-2021/siting/cancel-before-acceptance",
            "cancellation",
            "closure: {restoration_accepted: false}",
            "fail",
        ),
        (
            "taonan-2021/siting/cancel-before-acceptance",
            "注销",
            "closure: {restoration_accepted: true}",
            "not_applicable",
        ),
        ("taonan-2021/siting/cancel-before-acceptance", "cancellation", "", "needs_info"),
        ("taonan-2021/siting/cancel-before-acceptance", "renewal", "", "out_of_scope"),
        ("taonan-2021/siting/beyond-bounds", "existing", "operation: {beyond_licensed_bounds: true}", "fail"),
        (
            "taonan-2021/siting/beyond-bounds",
            "existing",
            "operation: {beyond_licensed_bounds: false}",
            "not_applicable",
        ),
        ("taonan-2021/siting/beyond-bounds", "existing", "", "needs_info"),
        ("taonan-2021/documents/eia", "new", "documents: [环境影响评价批复]", "pass"),
        ("taonan-2021/documents/eia", "new", "documents: [开发利用方案]", "fail"),
        ("taonan-2021/technology/obsolete", "new", "techniques: [国家限制和淘汰的技术]", "fail"),
        ("taonan-2021/technology/obsolete", "new", "techniques: []", "pass"),
    ],
)
def test_a_rule_can_use_the_new_facts(corpus, rule, application, extra, expect):
    assert _status(corpus, rule, application, extra) == expect


def test_the_other_new_facts_are_read_from_a_record():
    text = RECORD.format(
        application="existing",
        extra="operation: {high_grading: false, waste_residue_use_share: 96.5}\nproject: {fully_state_funded: true}",
    )
    [item] = load_text(text, "c.yaml")
    assert item.record.operation.high_grading is False and item.record.project.fully_state_funded is True
    assert item.record.operation.waste_residue_use_share == 96.5
    assert FACTS["operation.waste_residue_use_share"].zh
    [bad] = load_text(RECORD.format(application="existing", extra="operation: {waste_residue_use_share: 120}"), "c")
    assert bad.record is None and bad.issues[0].field == "operation.waste_residue_use_share"
