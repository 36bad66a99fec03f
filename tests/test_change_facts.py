"""A change (变更) that enlarges the scale or the area is judged by the provisions on enlarged mines; one that does
not say is asked, never out of scope; and changes_parameters stays the fact that a change alters anything."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from minplan.examples import run_example
from minplan.record import Record
from minplan.rulebook import Example, load_corpus

CORPUS = load_corpus()


def _status(rule_id: str, record: dict) -> str | None:
    rule = CORPUS.rule(rule_id)
    _, finding = run_example(CORPUS, rule, Example(name="t", expect="pass", record=record))
    return finding.status.value if finding else None


def _change(**project) -> dict:
    return {"application": "change", "mineral": "煤", "documents": ["development_plan"], "project": project}


@pytest.mark.parametrize(
    "rule_id",
    [
        "yanbian-2021/documents/coal-project-approval",
        "yanbian-2021/documents/reclamation-plan-revision",
        "jilin-2011/documents/land-reclamation-plan",
    ],
)
def test_a_change_enlarging_the_scale_is_judged(rule_id):
    assert _status(rule_id, _change(enlarges_scale=True)) == "fail"
    assert _status(rule_id, _change()) == "needs_info"  # never out of scope
    assert _status(rule_id, _change(changes_parameters=False)) == "not_applicable"


def test_enlarging_the_area_needs_a_revised_reclamation_plan_but_no_coal_approval():
    assert _status("yanbian-2021/documents/reclamation-plan-revision", _change(enlarges_area=True)) == "fail"
    record = _change(enlarges_area=True, enlarges_scale=False)
    assert _status("yanbian-2021/documents/coal-project-approval", record) == "not_applicable"


def _project(**project) -> Record:
    return Record.model_validate(
        {
            "id": "x",
            "right": "mining",
            "application": "change",
            "date": "2023-06-01",
            "location": {"county": "珲春市"},
            "mineral": "煤",
            "project": project,
        }
    )


def test_a_change_that_alters_nothing_enlarges_nothing():
    project = _project(changes_parameters="否").project
    assert project.enlarges_scale is False and project.enlarges_area is False and project.changes_method is False


def test_an_enlargement_is_a_change_of_parameters():
    assert _project(enlarges_area=True).project.changes_parameters is True
    assert _project(enlarges_area=False).project.changes_parameters is None


def test_a_contradiction_is_refused_naming_both():
    with pytest.raises(ValidationError, match=r"changes_parameters is false.*enlarges_scale is true"):
        _project(changes_parameters=False, enlarges_scale=True)
