"""Citations are honest: every quote stands verbatim in its plan's source text."""

from __future__ import annotations

import re

import pytest

from minplan.rulebook import load_corpus

_CORPUS = load_corpus()


def _sentences(text: str) -> int:
    return len([s for s in re.split(r"[。！？]", text) if s.strip()])


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("rule", [r for r in _CORPUS.rules if r.citation.quote], ids=lambda r: r.id)
def test_quote_is_in_source(rule, seeds):
    source = (seeds / _CORPUS.plans[rule.plan].source.file).read_text(encoding="utf-8")
    quote = rule.citation.quote
    assert _squash(quote) in _squash(source), f"{rule.id}: quote not found in {rule.plan}'s text"


@pytest.mark.parametrize("rule", [r for r in _CORPUS.rules if r.citation.quote], ids=lambda r: r.id)
def test_quote_is_at_most_one_sentence(rule):
    assert _sentences(rule.citation.quote) <= 1, f"{rule.id}: quote runs past one sentence"


@pytest.mark.parametrize("plan", sorted(_CORPUS.plans.values(), key=lambda p: p.id), ids=lambda p: p.id)
def test_plan_source_exists(plan, seeds):
    assert (seeds / plan.source.file).is_file()


def test_every_rule_cites_section_and_table_or_quote():
    bare = [r.id for r in _CORPUS.rules if not (r.citation.table or r.citation.quote)]
    assert not bare, f"rules citing neither a table nor a sentence: {bare}"


def test_dandong_iron_quotes_the_sentence_of_both_its_methods():
    """专栏六 row 1's 备注 gives the table's figures as underground and the open-pit ones in one sentence: a finding on
    an underground mine must not cite the open-pit figures alone."""
    quote = next(r for r in _CORPUS.rules if r.id == "dandong-2021/min-scale/iron").citation.quote
    assert "地下开采" in quote and "露天开采" in quote
