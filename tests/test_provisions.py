"""Provisions judged from declared facts, caps counted at a grade, and counts of the rights a batch grants."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from minplan.kinds.declaration import DeclarationParams


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
