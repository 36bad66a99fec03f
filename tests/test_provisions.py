"""Provisions judged from declared facts, caps counted at a grade, and counts of the rights a batch grants."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from minplan.engine import check_record
from minplan.kinds.declaration import DeclarationParams
from minplan.loader import load_text
from minplan.rulebook import default_corpus


@pytest.mark.parametrize(
    ("params", "problem"),
    [
        ({"fact": "operation.beyond_bounds", "expect": False}, "unknown fact"),
        ({"fact": "capacity", "expect": "30万吨/年"}, "no closed set of values"),
        ({"fact": "operation.high_grading", "expect": "no"}, "not a value"),
        ({"fact": "method", "expect": True}, "not a value"),
        ({"fact": "method", "expect": "shaft"}, "not a value"),
    ],
)
def test_a_declaration_names_a_fact_with_closed_values_and_one_of_them(params, problem):
    with pytest.raises(ValidationError, match=problem):
        DeclarationParams.model_validate({**params, "what": {"zh": "甲", "en": "a"}})


def test_a_declaration_takes_a_vocabulary_value():
    params = DeclarationParams.model_validate(
        {"fact": "method", "expect": "underground", "what": {"zh": "甲", "en": "a"}}
    )
    assert params.expect == "underground"


def _findings(text: str) -> dict[str, str]:
    [item] = load_text(text, "r.yaml")
    assert item.record is not None, item.issues
    return {f.rule: f.status.value for f in check_record(item, default_corpus()).findings}


CANCEL = """\
id: C-1
right: mining
application: 注销
date: 2023-06-01
location: {{county: 洮南市}}
mineral: 建筑用砂
{extra}
"""


@pytest.mark.parametrize(
    ("extra", "expect"),
    [
        ("closure: {restoration_accepted: true}", "pass"),
        ("closure: {restoration_accepted: false}", "fail"),
        ("", "needs_info"),
    ],
)
def test_a_cancellation_is_judged_by_the_acceptance_of_its_restoration(extra, expect):
    found = _findings(CANCEL.format(extra=extra))
    assert found["taonan-2021/declaration/cancellation-after-acceptance"] == expect
    # only provisions that name cancellations judge one: no minimum scale, no documents of a new mine
    assert all(rule.split("/")[1] == "declaration" for rule in found), found
