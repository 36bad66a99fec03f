"""A finding's message speaks with the rule's force: a warning or a pass of a rule whose own words do not bind
never says "does not allow", "must", "banned" or 禁止/须/不允许/不得 (kinds.wording words it by the force)."""

from __future__ import annotations

import re

import pytest

from minplan.examples import run_example
from minplan.findings import Status
from minplan.kinds.wording import say
from minplan.lint import wording
from minplan.rulebook import Example, load_corpus

CORPUS = load_corpus()
BINDING_WORDS = re.compile(r"不允许|禁止|(?<![无毋])须|不得|must|banned|does not allow")


def _own_words_bind(rule) -> bool:
    return "binding" in wording(rule.citation.quote) or "binding" in wording(rule.title.zh)


def _verdict(message: str, title: str) -> str:
    """The message after the rule's title (the title is the rule's own words, quoted as they are)."""
    return message[len(title) + 1 :] if message.startswith(title) else message


SOFT = [r for r in CORPUS.rules if not _own_words_bind(r)]


@pytest.mark.parametrize("rule", SOFT, ids=lambda r: r.id)
def test_no_binding_word_where_the_rule_does_not_bind(rule):
    for example in rule.examples:
        _, finding = run_example(CORPUS, rule, example)
        if finding is None or finding.status not in (Status.warn, Status.pass_):
            continue
        for lang, title in (("zh", rule.title.zh), ("en", rule.title.en)):
            text = _verdict(finding.message[lang], title)
            assert not BINDING_WORDS.search(text), (example.name, lang, text)


def _message(rule_id: str, record: dict) -> dict[str, str]:
    rule = CORPUS.rule(rule_id)
    _, finding = run_example(CORPUS, rule, Example(name="t", expect="pass", record=record))
    assert finding is not None
    return {"status": finding.status.value, **finding.message}


def test_a_guidance_siting_rule_warns_without_forbidding():
    found = _message(
        "dandong-2021/siting/ecological-red-line", {"mineral": "铁", "site": {"ecological_red_line": True}}
    )
    assert found["status"] == "warn"
    assert "steers away from" in found["en"] and "does not allow" not in found["en"]
    assert "本规划不允许" not in found["zh"]


def test_a_binding_siting_rule_still_forbids():
    found = _message(
        "dandong-2021/siting/urban-development-boundary",
        {"mineral": "铁", "site": {"urban_development_boundary": True}, "project": {"combined_land_mine": False}},
    )
    assert found["status"] == "fail" and "which the plan does not allow" in found["en"]


def test_an_in_principle_zone_rule_says_should():
    found = _message(
        "dandong-2021/zone/sand-gravel-concentrated-area", {"mineral": "建筑用花岗岩", "location": {"zones": []}}
    )
    assert found["status"] == "warn"
    assert "should, as a rule, lie inside" in found["en"] and "原则上应位于" in found["zh"]


def test_a_non_binding_technology_rule_names_no_ban():
    found = _message(
        "linjiang-2021/technology/outdated-equipment-phased-out",
        {"application": "existing", "mineral": "硅藻土", "techniques": ["restricted_or_obsolete"]},
    )
    assert found["status"] == "warn" and "phase out" in found["en"] and "banned" not in found["en"]


def test_construction_stone_is_not_called_a_restricted_mineral_in_linjiang():
    found = _message(
        "linjiang-2021/mineral-policy/mining-restricted-new-construction-stone", {"mineral": "建筑用花岗岩"}
    )
    assert found["status"] == "warn"
    assert "限制开采矿种列有" not in found["zh"] and "本条所述情形下" in found["zh"]
    assert "in the case this provision names" in found["en"]


def test_the_words_come_from_one_table_by_force():
    binding = CORPUS.rule("dandong-2021/siting/urban-development-boundary")
    guidance = CORPUS.rule("dandong-2021/siting/ecological-red-line")
    assert say(binding, "inside") != say(guidance, "inside")


def test_no_doubled_article_when_a_missing_fact_does_not_matter():
    found = _message("yanbian-2021/min-scale/iron", {"mineral": "铁", "capacity": "250万吨/年"})
    assert found["status"] == "pass"
    assert "the the" not in found["en"] and "either way: mining method" in found["en"]
