"""A "—" in a minimum-scale table is read as the plan defines it, or else never passes silently: it warns against
the figure the plan points to elsewhere (dash_elsewhere), and a capacity that meets that figure passes, saying so."""

from __future__ import annotations

import pytest

from minplan.examples import run_example
from minplan.kinds import KINDS
from minplan.kinds.min_scale import MinScaleParams
from minplan.rulebook import Example, Rule, load_corpus

CORPUS = load_corpus()


def _judge(rule_id: str, record: dict):
    rule = CORPUS.rule(rule_id)
    _, finding = run_example(CORPUS, rule, Example(name="t", expect="pass", record=record))
    assert finding is not None
    return finding


def test_a_new_open_pit_gold_mine_of_1_wan_tonnes_no_longer_passes_in_yanbian():
    found = _judge(
        "yanbian-2021/min-scale/gold",
        {"mineral": "金", "method": "open_pit", "capacity": "1万吨/年", "deposit_scale": "small"},
    )
    assert found.status.value == "warn"
    assert "does not define" in found.message["en"] and "300 t/d" in found.message["en"]
    assert "本规划未说明其含义" in found.message["zh"]
    assert found.remedy is not None and "300吨/日" in found.remedy["zh"] and "300 t/d" in found.remedy["en"]


def test_meeting_the_figure_elsewhere_passes_and_says_so():
    found = _judge("yanbian-2021/min-scale/coal", {"mineral": "煤", "capacity": "30万吨/年", "deposit_scale": "small"})
    assert found.status.value == "pass" and "does not define" in found.message["en"]


def test_above_every_column_still_passes_whatever_the_deposit():
    assert _judge("taonan-2021/min-scale/coal", {"mineral": "煤", "capacity": "150万吨/年"}).status.value == "pass"


def test_no_dash_cell_in_the_corpus_is_left_without_a_reading():
    for rule in CORPUS.rules:
        if rule.kind != "min_scale":
            continue
        params: MinScaleParams = CORPUS.params[rule.id]
        cells = [params.large, params.medium, params.small, params.minimum]
        for entry in (params.underground, params.open_pit):
            cells += [entry.large, entry.medium, entry.small] if hasattr(entry, "large") else [entry]
        if "—" in cells:
            assert params.dash or params.dash_elsewhere, rule.id


def _rule(**params) -> tuple[Rule, MinScaleParams]:
    rule = Rule.model_validate(
        {
            "id": "yanbian-2021/min-scale/t",
            "plan": "yanbian-2021",
            "kind": "min_scale",
            "force": "binding",
            "title": {"zh": "甲", "en": "a"},
            "citation": {"section": "x", "table": "专栏5", "row": "1"},
            "params": {"unit": "万吨/年", "large": 10, "medium": 5, "small": "—", **params},
        }
    )
    return rule, KINDS["min_scale"].parse(rule)


def _small_deposit(capacity: str):
    from minplan.facts import Facts
    from minplan.record import Record

    record = Record.model_validate(
        {
            "id": "x",
            "right": "mining",
            "application": "new",
            "date": "2023-06-01",
            "location": {"county": "珲春市"},
            "mineral": "金",
            "capacity": capacity,
            "deposit_scale": "small",
        }
    )
    return Facts(record)


def test_a_dash_the_plan_defines_reads_as_its_note_says():
    rule, params = _rule(dash="no_minimum", dash_reason="“—”指没有最低开采规模准入要求。")
    verdict = KINDS["min_scale"].judge(rule, params, _small_deposit("1万吨/年"))
    assert verdict.outcome == "comply" and "its note defines as no minimum" in verdict.en


def test_an_undefined_dash_without_a_figure_elsewhere_warns():
    rule, params = _rule()
    verdict = KINDS["min_scale"].judge(rule, params, _small_deposit("100万吨/年"))
    assert verdict.outcome == "caution" and "higher plans" in verdict.en
    remedy = KINDS["min_scale"].remedy(rule, params, verdict)
    assert remedy is not None and "上级规划" in remedy["zh"]


@pytest.mark.parametrize(
    "bad",
    [
        {"dash": "no_minimum"},
        {"dash": "no_minimum", "dash_reason": "x", "dash_elsewhere": {"minimum": 3, "source": {"zh": "甲", "en": "a"}}},
        {"dash_elsewhere": {"minimum": 3, "unit": "bananas", "source": {"zh": "甲", "en": "a"}}},
    ],
)
def test_a_dash_reading_is_given_whole(bad):
    with pytest.raises(ValueError):
        _rule(**bad)
