"""The mineral vocabulary: the national list, its hierarchy, common variants and the plans' own words."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from minplan.loader import load_text
from minplan.minerals import mineral_book
from minplan.textnorm import fold

DATA = Path(__file__).resolve().parent / "data"
NATIONAL: dict[str, dict[str, list[str]]] = yaml.safe_load((DATA / "national-minerals.yaml").read_text("utf-8"))
PLAN_WORDS: dict[str, list[str]] = yaml.safe_load((DATA / "plan-mineral-words.yaml").read_text("utf-8"))
KINDS = [(kind, subs) for group in NATIONAL.values() for kind, subs in group.items()]

RECORD = """\
id: R
right: mining
application: new
date: 2023-06-01
location: {{county: 珲春市}}
{minerals}
"""


def _record(minerals: str):
    [item] = load_text(RECORD.format(minerals=minerals), "r.yaml")
    return item


def test_the_national_list_has_its_kinds():
    counts = {group: len(kinds) for group, kinds in NATIONAL.items()}
    assert counts["energy"] == 13 and counts["metal"] == 59 and counts["water_and_gas"] == 6
    assert 90 <= counts["nonmetal"] <= 100


def test_the_national_list_here_is_the_reference_one(seeds):
    reference = seeds.parent / "reference" / "mineral-classification.md"
    if not reference.is_file():
        pytest.skip("the shared reference list is not beside this checkout")
    text = reference.read_text("utf-8")
    for kind, subs in KINDS:
        assert kind in text, kind
        for sub in subs:
            assert sub in text, sub


@pytest.mark.parametrize(("kind", "subs"), KINDS, ids=[k for k, _ in KINDS])
def test_every_national_kind_and_sub_kind_resolves_under_its_kind(kind, subs):
    book = mineral_book()
    parent = book.resolve(kind).name
    for sub in subs:
        child = book.resolve(sub).name
        assert child != parent, sub
        assert parent in book.ancestors(child), f"{sub} does not sit under {kind}"


@pytest.mark.parametrize(
    ("child", "umbrella"),
    [
        ("水泥用灰岩", "石灰岩"),
        ("建筑石料用灰岩", "石灰岩"),
        ("建筑石料用灰岩", "建筑用石料"),
        ("建筑用花岗岩", "花岗岩"),
        ("建筑用花岗岩", "普通建筑用砂石土"),
        ("饰面用花岗岩", "饰面用石材"),
        ("玻璃用砂岩", "砂岩"),
        ("玻璃用砂岩", "石英砂岩"),
        ("建筑用砂岩", "砂岩"),
        ("褐煤", "煤"),
        ("烟煤", "煤"),
        ("无烟煤", "煤"),
        ("长焰煤", "煤"),
        ("岩金", "金"),
        ("砂金", "重砂矿物"),
        ("镝", "重稀土"),
        ("镝", "稀土"),
        ("钕", "稀土"),
        ("钯", "铂族金属"),
        ("干热岩", "地热"),
        ("地下热水", "地热"),
        ("硼镁石", "硼"),
        ("钠长石", "长石"),
        ("岩盐", "钠盐"),
        ("砖瓦用黏土", "其他粘土"),
    ],
)
def test_hierarchy(child, umbrella):
    book = mineral_book()
    assert book.covers([umbrella], book.resolve(child).name)


@pytest.mark.parametrize(
    ("rule", "record"), [("饰面用石材", "建筑用花岗岩"), ("煤", "煤层气"), ("金", "铜"), ("石灰岩", "泥灰岩")]
)
def test_no_false_kinship(rule, record):
    assert not mineral_book().covers([rule], record)


def test_every_clay_name_is_read_with_either_character():
    book = mineral_book()
    clays = [m for m in book.minerals if "粘土" in m]
    assert len(clays) >= 10
    for name in clays:
        assert book.resolve(name.replace("粘土", "黏土")).name == name
    assert book.resolve("伊利石黏土").name == "伊利石"


def test_a_mine_of_any_mineral_reads_as_the_mineral():
    book = mineral_book()
    for name in book.minerals:
        assert book.resolve(f"{name}矿").name == name, name
        assert book.resolve(f"{name}矿石").name == name, name
    assert book.resolve("金矿").name == "金" and book.resolve("砂金矿").name == "砂金"


@pytest.mark.parametrize(("plan", "word"), [(p, w) for p, words in PLAN_WORDS.items() for w in words])
def test_every_mineral_word_of_the_plans_resolves(plan, word):
    assert mineral_book().resolve(word)


@pytest.mark.parametrize("plan", sorted(PLAN_WORDS))
def test_the_plan_words_are_the_plans_own(plan, corpus, seeds):
    text = fold((seeds / corpus.plans[plan].source.file).read_text("utf-8"))
    absent = [w for w in PLAN_WORDS[plan] if fold(w) not in text]
    assert not absent, f"not in {plan}'s text: {absent}"


def test_the_plan_words_cover_every_plan(corpus):
    assert set(PLAN_WORDS) == set(corpus.plans)


def test_a_name_with_several_uses_must_name_the_use():
    """Decided from the data: every mineral with two or more uses is refused bare, with its uses as choices."""
    book = mineral_book()
    several = [m for m in book.minerals if book.needs_use(m)]
    assert {"花岗岩", "玄武岩", "大理岩", "石灰岩", "砂岩", "白云岩", "石英岩", "凝灰岩", "安山岩"} <= set(several)
    for name in several:
        item = _record(f"mineral: {name}")
        assert item.record is None, name
        [issue] = item.issues
        assert issue.field == "mineral" and issue.line == 6
        assert f"{name} has several uses: {', '.join(book.uses(name))}" in issue.message
        assert "name the one the right is for" in issue.message


def test_the_use_is_asked_for_in_every_form_of_the_minerals():
    item = _record("minerals: 金矿、花岗岩")
    assert item.record is None and item.issues[0].field == "minerals[1]"
    item = _record("mineral: 金\nassociated_minerals: [granite]")
    assert item.record is None and item.issues[0].field == "associated_minerals[0]"
    assert "建筑用花岗岩, 饰面用花岗岩" in item.issues[0].message


@pytest.mark.parametrize("name", ["建筑用花岗岩", "饰面用大理岩", "石英砂岩", "金", "煤", "普通建筑用砂石土", "石墨"])
def test_a_name_without_several_uses_is_accepted(name):
    assert _record(f"mineral: {name}").record is not None


def test_a_rule_may_still_name_the_bare_rock(tmp_path: Path):
    from minplan.examples import run_example
    from minplan.lint import lint
    from minplan.resources import data_dir
    from minplan.rulebook import load_corpus

    (tmp_path / "r.yaml").write_text(
        """\
plan: dandong-2021
rules:
  - id: dandong-2021/siting/granite-anywhere
    kind: siting
    force: binding
    title: {zh: 甲, en: a}
    citation: {section: 总则, quote: 甲}
    scope: {minerals: [花岗岩]}
    when: {site.wetland: true}
    params: {place: {zh: 湿地, en: in a wetland}}
    examples:
      - {name: construction granite, expect: fail, record: {mineral: 建筑用花岗岩, site: {wetland: true}}}
      - {name: dimension granite, expect: fail, record: {mineral: 饰面用花岗岩, site: {wetland: true}}}
      - {name: basalt, expect: out_of_scope, record: {mineral: 建筑用玄武岩, site: {wetland: true}}}
""",
        encoding="utf-8",
    )
    assert not [p for p in lint(tmp_path, data_dir() / "plans") if p.severity == "error"]
    corpus = load_corpus(tmp_path)
    [rule] = corpus.rules
    for example in rule.examples:
        _, finding = run_example(corpus, rule, example)
        assert (finding.status.value if finding else "out_of_scope") == example.expect
