"""Every example record a rule file carries gets the finding status it declares."""

from __future__ import annotations

import pytest

from minplan.examples import run_example
from minplan.rulebook import load_corpus

_CORPUS = load_corpus()
CASES = [
    pytest.param(rule, example, id=f"{rule.id}::{example.name}") for rule in _CORPUS.rules for example in rule.examples
]


@pytest.mark.parametrize(("rule", "example"), CASES)
def test_example(rule, example):
    _record, finding = run_example(_CORPUS, rule, example)
    got = finding.status.value if finding else "out_of_scope"
    assert got == example.expect, finding.message["en"] if finding else "rule did not apply"
    if finding is not None:
        assert finding.rule == rule.id and finding.citation.table == rule.citation.table


def test_every_checkable_rule_has_examples():
    bare = [rule.id for rule in _CORPUS.rules if not rule.examples]
    assert not bare, f"rules without example records: {bare}"


def test_every_prohibition_has_a_failing_example():
    """A record that breaks each binding rule must fail with that rule's citation."""
    missing = [
        rule.id
        for rule in _CORPUS.rules
        if rule.force == "binding" and not any(e.expect == "fail" for e in rule.examples)
    ]
    assert not missing, f"binding rules without a failing example: {missing}"


def test_every_rule_has_an_example_that_meets_it():
    """A record that meets each provision must not fail it."""
    missing = [rule.id for rule in _CORPUS.rules if not any(e.expect != "fail" for e in rule.examples)]
    assert not missing, f"rules without an example that meets them: {missing}"
