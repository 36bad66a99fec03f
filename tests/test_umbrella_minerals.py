"""A record naming an umbrella (金) where a provision concerns only some kinds under it (砂金) is asked which."""

from __future__ import annotations

import pytest

from minplan.engine import check_record
from minplan.loader import load_text
from minplan.minerals import mineral_book

RECORD = """\
id: U-1
right: 采矿权
application: 新立
date: 2023-06-01
location: {{county: 珲春市}}
mineral: {mineral}
method: 露天开采
capacity: 20万吨/年
deposit_scale: 中型
"""


@pytest.mark.parametrize(
    ("mineral", "included", "excluded", "reach"),
    [
        ("金", ["砂金"], [], "some"),  # the gold may be placer gold
        ("砂金", ["砂金"], [], "all"),
        ("岩金", ["砂金"], [], "none"),
        ("金", ["金"], ["砂金"], "some"),  # lode gold is judged, placer gold kept apart
        ("岩金", ["金"], ["砂金"], "all"),
        ("砂金", ["金"], ["砂金"], "none"),
        ("石棉", ["蓝石棉"], [], "some"),
        ("铅锌", ["锌"], [], "all"),  # lead-zinc is both, not either
        ("铅锌", [], [], "all"),
        ("煤", [], ["褐煤"], "some"),
        ("铜", ["金"], [], "none"),
        ("镁", ["菱镁矿"], [], "some"),  # 镁矿: in Liaoning said of magnesite; in the national list the metal's ore
        ("菱镁矿", ["菱镁矿"], [], "all"),
    ],
)
def test_reach_tells_all_some_or_none(mineral: str, included: list[str], excluded: list[str], reach: str) -> None:
    assert mineral_book().reach(mineral, included, excluded) == reach


def _findings(corpus, mineral: str) -> dict[str, tuple[str, list[str]]]:
    [item] = load_text(RECORD.format(mineral=mineral), "u.yaml", corpus.record_context())
    assert item.record is not None, item.issues
    result = check_record(item, corpus)
    return {f.rule: (f.status.value, f.needs) for f in result.findings}


def test_a_ban_on_a_kind_asks_a_record_naming_the_umbrella(corpus) -> None:
    ban = "yanbian-2021/mineral-policy/mining-prohibited-placer-gold"
    assert _findings(corpus, "金")[ban] == ("needs_info", ["mineral_kind"])
    assert _findings(corpus, "砂金")[ban][0] == "fail"
    assert ban not in _findings(corpus, "岩金")  # out of scope: lode gold is not placer gold


def test_a_rule_keeping_a_kind_apart_asks_too(corpus) -> None:
    rule = "yanbian-2021/mineral-policy/mining-key"  # 金 without 砂金
    assert _findings(corpus, "金")[rule] == ("needs_info", ["mineral_kind"])
    assert _findings(corpus, "岩金")[rule][0] == "pass"


def test_candidate_lists_keep_rules_on_kinds_under_the_record_mineral(corpus) -> None:
    ids = {r.id for r in corpus.candidates("yanbian-2021", "mining", "new", "金", "222404")}
    assert "yanbian-2021/mineral-policy/mining-prohibited-placer-gold" in ids


def test_a_record_of_magnesium_ore_is_asked_whether_it_is_magnesite(corpus) -> None:
    """镁矿 read as the metal alone: every Dandong provision on 菱镁矿 passed it by."""
    text = RECORD.format(mineral="镁矿").replace("珲春市", "宽甸满族自治县").replace("20万吨/年", "3万吨/年")
    [item] = load_text(text, "u.yaml", corpus.record_context())
    found = {f.rule: (f.status.value, f.needs) for f in check_record(item, corpus).findings}
    assert found["dandong-2021/min-scale/magnesite"] == ("needs_info", ["mineral_kind"])
    [item] = load_text(text.replace("镁矿", "菱镁矿"), "u.yaml", corpus.record_context())
    found = {f.rule: f.status.value for f in check_record(item, corpus).findings}
    assert found["dandong-2021/min-scale/magnesite"] == "fail"
