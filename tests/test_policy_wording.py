"""A mineral_policy message says what the plan says: it never calls a banned or restricted mineral key, nor a
mineral prohibited outright where only a case of it is."""

from __future__ import annotations

import pytest

from minplan.examples import run_example
from minplan.findings import Status
from minplan.minerals import mineral_book
from minplan.rulebook import Example, load_corpus

CORPUS = load_corpus()
POLICY = [r for r in CORPUS.rules if r.kind == "mineral_policy"]
WORD = {"prohibited": "禁止", "restricted": "限制", "key": "重点", "encouraged": "鼓励"}
STATUS = {
    "prohibited": {Status.fail, Status.warn},
    "restricted": {Status.warn},
    "key": {Status.pass_},
    "encouraged": {Status.pass_},
}


def _finding(rule_id: str, record: dict):
    rule = CORPUS.rule(rule_id)
    _, finding = run_example(CORPUS, rule, Example(name="t", expect="pass", record=record))
    return finding


@pytest.mark.parametrize("rule", POLICY, ids=lambda r: r.id)
def test_every_policy_message_agrees_with_its_status(rule):
    policy = rule.params["policy"]
    for example in rule.examples:
        _, finding = run_example(CORPUS, rule, example)
        if finding is None or finding.status in (Status.not_applicable, Status.needs_info):
            continue
        assert finding.status in STATUS[policy], (example.name, finding.status)
        text = finding.message["zh"].split("：", 1)[1]  # the verdict, after the rule's title
        assert WORD[policy] in text, (example.name, text)
        assert not {w for p, w in WORD.items() if p != policy} & set(_words(text)), (example.name, text)


def _words(text: str) -> list[str]:
    return [w for w in WORD.values() if w in text]


def test_placer_gold_is_not_called_a_key_mineral_for_exploration():
    finding = _finding("yanbian-2021/mineral-policy/exploration-key", {"right": "exploration", "mineral": "砂金"})
    assert finding.status is Status.pass_
    assert "砂金 属本规划重点勘查矿种" not in finding.message["zh"]
    assert "列有金，砂金 属金" in finding.message["zh"]
    assert (
        "names gold (金) as a key mineral for exploration, and placer gold (砂金) falls under it"
        in (finding.message["en"])
    )


def test_a_listed_mineral_is_named_as_listed():
    finding = _finding("yanbian-2021/mineral-policy/exploration-key", {"right": "exploration", "mineral": "银"})
    assert finding.message["zh"].endswith("银 属本规划重点勘查矿种")


def test_a_case_of_a_mineral_is_not_a_prohibited_mineral():
    finding = _finding(
        "yanbian-2021/mineral-policy/mining-prohibited-toxic-coal",
        {"mineral": "煤", "quality": {"arsenic_exceeds_standard": True}},
    )
    assert finding.status is Status.fail
    assert "煤 属本规划禁止开采矿种" not in finding.message["zh"]
    assert "本条所述情形下，煤 按禁止开采矿种对待" in finding.message["zh"]
    finding = _finding(
        "jilin-2011/mineral-policy/restricted-mining-area", {"mineral": "钼", "location": {"zones": ["JL-XZ-01"]}}
    )
    assert finding.status is Status.warn and "in the case this provision names" in finding.message["en"]


def test_no_plan_lists_one_mineral_as_both_key_and_banned():
    """What a key or encouraged rule lists itself, no unconditional ban or restriction of the plan lists too."""
    book = mineral_book()
    for plan in CORPUS.plans:
        rules = [r for r in POLICY if r.plan == plan]
        good = [r for r in rules if r.params["policy"] in ("key", "encouraged")]
        bad = [r for r in rules if r.params["policy"] in ("prohibited", "restricted") and not (r.when or r.when_any)]
        for g in good:
            for b in bad:
                if g.params["activity"] != b.params["activity"]:
                    continue
                for mineral in b.scope.minerals:
                    listed = book.listed_as(mineral, g.scope.minerals)
                    kept = book.admits(mineral, g.scope.minerals, g.scope.except_minerals)
                    assert not (listed == mineral and kept), (g.id, b.id, mineral)
