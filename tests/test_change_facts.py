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


def _enlarging_change(mineral: str, county: str, **extra) -> dict:
    return {"right": "mining", "application": "change", "mineral": mineral, "location": {"county": county}, **extra}


@pytest.mark.parametrize(
    ("rule_id", "record"),
    [
        # provisions on 改扩建 whose scope does not name 变更: a change that is an expansion is judged by them
        (
            "yanbian-2021/siting/ecological-red-line",
            _enlarging_change("铁", "敦化市", site={"ecological_red_line": True}),
        ),
        (
            "yanbian-2021/threshold/mineral-water-natural-flow",
            _enlarging_change("矿泉水", "安图县", operation={"natural_flow_share": 85}),
        ),
        (
            "dandong-2021/min-scale/gold",
            _enlarging_change("岩金", "凤城市", capacity="2万吨/年", method="underground", deposit_scale="small"),
        ),
    ],
)
def test_a_change_that_is_an_expansion_is_judged_by_the_provisions_on_expansions(rule_id, record):
    rule = CORPUS.rule(rule_id)
    assert "change" in rule.scope.applications and rule.expansion_by_change
    enlarging = "enlarges_area" if rule.plan == "dandong-2021" else "enlarges_scale"
    assert _status(rule_id, {**record, "project": {enlarging: True}}) == "fail"
    assert _status(rule_id, {**record, "project": {"changes_parameters": False}}) == "not_applicable"
    assert _status(rule_id, record) == "needs_info"  # a change that does not say what it enlarges is asked
    assert _status(rule_id, {**record, "application": "expansion"}) == "fail"  # as filed as an expansion


@pytest.mark.parametrize(
    ("rule_id", "county"),
    [
        ("yanbian-2021/min-scale/coal-upgrade", "珲春市"),
        ("taonan-2021/min-scale/coal-upgrade", "洮南市"),
        ("linjiang-2021/min-scale/coal-upgrade", "临江市"),
    ],
)
def test_a_coal_upgrade_is_an_expansion_or_change_that_enlarges_the_scale(rule_id: str, county: str):
    """The 技改提能 floor concerns a raised capacity: an expansion or a change of the area alone is none, and one
    that does not say whether it raises the scale is asked, whichever way it is filed."""
    for application in ("change", "expansion"):
        record = {**_enlarging_change("煤", county, capacity="20万吨/年"), "application": application}
        assert _status(rule_id, {**record, "project": {"enlarges_scale": True}}) == "fail"
        assert _status(rule_id, {**record, "project": {"enlarges_area": True, "enlarges_scale": False}}) == (
            "not_applicable"
        )
        assert _status(rule_id, record) == "needs_info"


def test_a_plan_that_defines_an_expansion_by_its_area_judges_a_change_so():
    """Dandong's 专栏六 defines 改扩建 as 已有矿山整合或扩大矿区范围: a change raising only the scale is none."""
    record = _enlarging_change("岩金", "凤城市", capacity="2万吨/年", method="underground", deposit_scale="small")
    rule_id = "dandong-2021/min-scale/gold"
    assert CORPUS.plans["dandong-2021"].expansion_by_change == ["project.enlarges_area"]
    assert _status(rule_id, {**record, "project": {"enlarges_scale": True, "enlarges_area": False}}) == "not_applicable"
    assert _status(rule_id, {**record, "project": {"enlarges_scale": True}}) == "needs_info"


def test_a_plan_may_name_only_the_facts_that_make_a_change_an_expansion():
    from minplan.plans import Plan

    plan = CORPUS.plans["dandong-2021"].model_dump()
    with pytest.raises(ValidationError, match="expansion_by_change"):
        Plan.model_validate({**plan, "expansion_by_change": ["project.changes_method"]})
    with pytest.raises(ValidationError, match="expansion_by_change"):
        Plan.model_validate({**plan, "expansion_by_change": []})


def test_a_change_gets_its_own_finding_beside_a_new_mine_in_a_batch():
    """A finding is reused for a record agreeing on the facts its rule read: whether the record is a change is one
    of them, so a new mine's finding on the red line is never a change's that enlarges nothing, whatever the order."""
    from minplan.engine import check_record
    from minplan.loader import load_text
    from minplan.rulebook import default_corpus

    corpus = default_corpus()
    text = "id: {id}\nright: 采矿权\napplication: {app}\ndate: 2023-06-01\nlocation: {{county: 珲春市}}\nmineral: 铁\n"
    text += "site: {{ecological_red_line: true}}\n"
    new = text.format(id="A", app="新立")
    change = text.format(id="B", app="变更") + "project: {enlarges_scale: false, enlarges_area: false}\n"
    rule = "yanbian-2021/siting/ecological-red-line"
    found = {}
    for record in (new, change):
        [item] = load_text(record, "r.yaml", corpus.record_context())
        found[item.record.id] = next(f.status.value for f in check_record(item, corpus).findings if f.rule == rule)
    assert found == {"A": "fail", "B": "not_applicable"}


def test_an_exploration_rights_change_is_an_expansion_by_its_area_alone():
    """An exploration right has no scale of production: its change that enlarges the ground it covers into the red
    line breaks the provision on enlarged rights, as the same right's 改扩建 does; one that does not is no
    expansion, one that does not say is asked, and a provision a change enlarges by its scale alone leaves it out."""
    record = {"right": "exploration", "application": "change", "mineral": "铁", "location": {"county": "敦化市"}}
    record["site"] = {"ecological_red_line": True}
    rule = "yanbian-2021/siting/ecological-red-line"
    assert _status(rule, {**record, "application": "expansion"}) == "fail"
    assert _status(rule, {**record, "project": {"enlarges_area": True}}) == "fail"
    assert _status(rule, {**record, "project": {"enlarges_area": False, "enlarges_scale": True}}) == "not_applicable"
    assert _status(rule, record) == "needs_info"
    coal = {
        **record,
        "mineral": "煤",
        "capacity": "10万吨/年",
        "project": {"enlarges_area": True, "enlarges_scale": False},
    }
    assert _status("yanbian-2021/min-scale/coal-upgrade", {**coal, "right": "mining"}) == "not_applicable"


def test_a_rule_beside_one_on_changes_leaves_changes_to_it():
    """Taonan's and Linjiang's reclamation-plan provisions on expansions have siblings for changes (on
    changes_parameters): the expansion rule says so (expansion_by_change: []), and a change is judged once."""
    for rule_id in (
        "taonan-2021/documents/change-reclamation-plan",
        "linjiang-2021/documents/reclamation-plan-on-change",
    ):
        rule = CORPUS.rule(rule_id)
        assert rule.expansion_by_change == [] and "change" not in rule.scope.applications


def test_the_reason_a_change_is_no_expansion_follows_the_plans_reading():
    record = _enlarging_change("岩金", "凤城市", capacity="2万吨/年", method="underground", deposit_scale="small")
    record["project"] = {"enlarges_scale": True, "enlarges_area": False}
    rule = CORPUS.rule("dandong-2021/min-scale/gold")
    _, finding = run_example(CORPUS, rule, Example(name="t", expect="pass", record=record))
    assert finding.status.value == "not_applicable"
    assert "变更未扩大矿区范围，" in finding.message["zh"] and "does not enlarge the area" in finding.message["en"]


def test_requirements_for_a_change_say_what_makes_it_an_expansion():
    from typer.testing import CliRunner

    from minplan.cli import app

    args = ["requirements", "--county", "珲春市", "--mineral", "煤", "--application", "change", "--date", "2023-06-01"]
    table = CliRunner().invoke(app, [*args, "--lang", "en"], env={"COLUMNS": "400"})
    row = next(line for line in table.output.splitlines() if "min_scale" in line and "30" in line)
    assert "needs: project.enlarges_scale" in row and "enlarges_area" not in row  # 技改提能 raises the capacity
    explained = CliRunner().invoke(
        app, ["explain", "dandong-2021/min-scale/iron", "--lang", "en"], env={"COLUMNS": "400"}
    )
    assert "expansion_by_change: [project.enlarges_area]" in explained.output


def test_facts_that_make_a_change_an_expansion_belong_to_a_provision_on_expansions():
    from minplan.rulebook import Rule

    rule = CORPUS.rule("linjiang-2021/siting/split-deposit").model_dump(mode="json")
    rule["scope"]["applications"] = ["change"]
    with pytest.raises(ValidationError, match="expansion_by_change is for a scope that names expansion"):
        Rule.model_validate({**rule, "expansion_by_change": ["project.enlarges_area"]})


@pytest.mark.parametrize("application", ["renewal", "transfer", "new", "existing"])
def test_an_enlargement_said_of_another_application_is_refused_at_its_line(application: str):
    """A renewal that says it enlarges the area would meet no provision on enlarged mines: it is filed as a change
    or an expansion, so the record is refused, pointing at what it says; false is no enlargement and is taken."""
    from minplan.loader import load_text

    text = (
        f"id: R1\nright: 采矿权\napplication: {application}\ndate: 2023-06-01\nlocation: {{county: 珲春市}}\n"
        "mineral: 岩金\nproject:\n  enlarges_area: true\n"
    )
    [item] = load_text(text, "r.yaml", CORPUS.record_context())
    assert item.record is None and "enlarges_area is true" in item.issues[0].message
    assert item.issues[0].line in (7, 8)
    [item] = load_text(text.replace("true", "false"), "r.yaml", CORPUS.record_context())
    assert item.record is not None
    for enlarging in ("change", "expansion"):
        [item] = load_text(text.replace(f"application: {application}", f"application: {enlarging}"), "r.yaml")
        assert item.record is not None, item.issues


def _dandong_gold(**extra) -> dict:
    record = _enlarging_change("岩金", "凤城市", capacity="2万吨/年", method="underground", deposit_scale="small")
    return {**record, "application": "expansion", **extra}


def test_a_plan_that_defines_an_expansion_reads_what_is_filed_as_one_by_its_definition():
    """Dandong's 改扩建 is 已有矿山整合或扩大矿区范围: what is filed as 改扩建 but states that it does not enlarge the
    area is none, as the same facts filed as a change; one that does not say is taken as filed; an integration is
    one whichever way it is filed."""
    rule_id = "dandong-2021/min-scale/gold"
    assert CORPUS.rule(rule_id).expansion_defined
    scale_only = {"enlarges_scale": True, "enlarges_area": False}
    for application in ("expansion", "change"):
        assert _status(rule_id, _dandong_gold(application=application, project=scale_only)) == "not_applicable"
        integration = {**scale_only, "resource_integration": True}
        assert _status(rule_id, _dandong_gold(application=application, project=integration)) == "fail"
        assert _status(rule_id, _dandong_gold(application=application, project={"enlarges_area": True})) == "fail"
    assert _status(rule_id, _dandong_gold()) == "fail"
    assert _status(rule_id, _dandong_gold(project={"enlarges_area": False, "resource_integration": False})) == (
        "not_applicable"
    )
    _, finding = run_example(
        CORPUS, CORPUS.rule(rule_id), Example(name="t", expect="pass", record=_dandong_gold(project=scale_only))
    )
    assert "改扩建未扩大矿区范围，" in finding.message["zh"]
    assert "the expansion does not enlarge the area" in finding.message["en"]


def test_a_plan_without_its_own_definition_judges_what_is_filed_as_an_expansion_as_filed():
    """Yanbian defines no 改扩建: an expansion saying it enlarges neither scale nor area (a reconstruction, 改建) is
    judged by the provisions on expansions, while a change saying so is not."""
    rule_id = "yanbian-2021/siting/ecological-red-line"
    assert not CORPUS.rule(rule_id).expansion_defined
    record = _enlarging_change("铁", "敦化市", site={"ecological_red_line": True})
    nothing = {"enlarges_scale": False, "enlarges_area": False}
    assert _status(rule_id, {**record, "application": "expansion", "project": nothing}) == "fail"
    assert _status(rule_id, {**record, "project": nothing}) == "not_applicable"


def test_an_expansions_finding_is_reused_only_for_one_that_says_the_same_of_its_area():
    """Whether an expansion says it enlarges the area keys its finding: whichever comes first, the one that does not
    say gets its own fail and the one that says no its own not_applicable."""
    from minplan.engine import check_record
    from minplan.loader import load_text
    from minplan.rulebook import default_corpus

    corpus = default_corpus()
    text = (
        "id: {id}\nright: 采矿权\napplication: 改扩建\ndate: 2023-06-01\nlocation: {{county: 凤城市}}\nmineral: 岩金\n"
        "method: underground\ncapacity: 2万吨/年\ndeposit_scale: small\n"
    )
    said = text.format(id="B") + "project: {enlarges_area: false, enlarges_scale: true}\n"
    rule = "dandong-2021/min-scale/gold"
    for order in ((text.format(id="A"), said), (said, text.format(id="A"))):
        found = {}
        for record in order:
            [item] = load_text(record, "r.yaml", corpus.record_context())
            found[item.record.id] = next(f.status.value for f in check_record(item, corpus).findings if f.rule == rule)
        assert found == {"A": "fail", "B": "not_applicable"}


def test_a_definition_of_an_expansion_needs_the_facts_that_define_it():
    from minplan.rulebook import Rule

    rule = CORPUS.rule("yanbian-2021/siting/ecological-red-line").model_dump(mode="json")
    with pytest.raises(ValidationError, match="expansion_defined needs the facts"):
        Rule.model_validate({**rule, "expansion_by_change": [], "expansion_defined": True})
    from typer.testing import CliRunner

    from minplan.cli import app

    explained = CliRunner().invoke(app, ["explain", "dandong-2021/min-scale/iron"], env={"COLUMNS": "400"})
    assert "规划以此定义改扩建" in explained.output
    plain = CliRunner().invoke(app, ["explain", "yanbian-2021/siting/ecological-red-line"], env={"COLUMNS": "400"})
    assert plain.exit_code == 0 and "规划以此定义改扩建" not in plain.output
