"""A rule corpus that would leave a rule or a plan judging nothing is refused, by `check --rules` as by `rules lint`:
a condition no record can meet, a value a fact never takes, a row that lost its minerals or a cell, a mineral or
county of no known name, a plan's county or jurisdiction that is no division, two plans in force on one day.
Each made, before, a record pass in silence."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minplan.cli import app

ROOT = Path(__file__).resolve().parent.parent
RECORD = (ROOT / "examples" / "yanbian-gold.yaml").read_text(encoding="utf-8")  # fails 专栏5 at 2万吨/年
RED_LINE = RECORD.replace("capacity: 2 万吨/年", "capacity: 4 万吨/年").replace(
    "ecological_red_line: false", "ecological_red_line: true"
)


def _corpus(tmp_path: Path) -> Path:
    rules = tmp_path / "corpus"
    shutil.copytree(ROOT / "rules", rules)
    shutil.copytree(ROOT / "data" / "plans", rules / "plans")
    return rules


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _run(tmp_path: Path, rules: Path, record: str = RECORD) -> tuple[int, str, int, str]:
    """check's exit code and message, and lint's."""
    path = tmp_path / "r.yaml"
    path.write_text(record, encoding="utf-8")
    env = {"MINPLAN_CACHE": str(tmp_path / "cache")}
    checked = CliRunner().invoke(app, ["check", str(path), "--rules", str(rules), "-f", "concise"], env=env)
    linted = CliRunner().invoke(app, ["rules", "lint", str(rules)], env=env)
    return checked.exit_code, checked.output, linted.exit_code, linted.output


def test_the_records_fail_under_the_corpus_as_copied(tmp_path: Path):
    """The control: the copied corpus is whole, and the records fail as they should."""
    rules = _corpus(tmp_path)
    code, output, linted, said = _run(tmp_path, rules)
    assert code == 1 and "fail yanbian-2021/min-scale/gold" in output and linted == 0, said
    code, output, _, _ = _run(tmp_path, rules, RED_LINE)
    assert code == 1 and "fail yanbian-2021/siting/ecological-red-line" in output


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ("when: {site.ecological_red_line: true}", 'when: {site.ecological_red_line: "true"}', "'true' is none of"),
        ("when: {site.ecological_red_line: true}", "when: {site.ecological_red_line: 1}", "1 is none of its values"),
        (
            "when: {site.ecological_red_line: true}",
            "when: {site.ecological_red_line: true, method: undergound}",
            "method: 'undergound' is none of its values",
        ),
        (
            "when: {site.ecological_red_line: true}",
            "when: {site.ecological_red_line: true, location.zones: [KZ01]}",
            "location.zones takes no few values",
        ),
        ("when: {site.ecological_red_line: true}", "when: {site.ecological_red_lin: true}", "unknown fact"),
        ("when: {site.ecological_red_line: true}", "when: {site.ecological_red_line: []}", "no value listed"),
    ],
)
def test_a_condition_that_can_never_hold_is_refused(tmp_path: Path, old: str, new: str, said: str):
    rules = _corpus(tmp_path)
    _edit(rules / "yanbian-2021" / "siting.yaml", old, new)
    code, output, linted, lint_said = _run(tmp_path, rules, RED_LINE)
    assert code == 2 and "ecological-red-line" in output and said in output, output
    assert linted == 1 and said in lint_said


def test_a_cases_condition_and_a_deadlines_fact_are_checked_too(tmp_path: Path):
    rules = _corpus(tmp_path)
    _edit(rules / "jilin-2011" / "threshold.yaml", "when: {seam_thickness: thin}", "when: {seam_thickness: thinn}")
    code, output, linted, _ = _run(tmp_path, rules)
    assert code == 2 and "seam_thickness: 'thinn' is none of its values" in output and linted == 1
    rules = _corpus(tmp_path / "b")
    _edit(rules / "taonan-2021" / "deadline.yaml", "done: operation.green_mine", "done: mineral")
    code, output, linted, _ = _run(tmp_path, rules)
    assert code == 2 and "'mineral' is no fact of true or false" in output and linted == 1


def test_a_table_row_that_lost_a_cell_is_caught_by_its_own_examples(tmp_path: Path):
    """Without its small-deposit cell the copper row sets no minimum there: its example expecting a fail gets a
    pass, and lint says so (check cannot know a cell was meant)."""
    rules = _corpus(tmp_path)
    path = rules / "yanbian-2021" / "min_scale.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("minerals: [铜]")
    cut = text.index("        small: 3\n", start)
    path.write_text(text[:cut] + text[cut + len("        small: 3\n") :], encoding="utf-8")
    _, _, linted, said = _run(tmp_path, rules)
    assert linted == 1 and "yanbian-2021/min-scale/copper: example 'small at 2' expects fail, gets pass" in said


def test_a_table_row_that_lost_its_minerals_is_refused(tmp_path: Path):
    """A min_scale row with minerals: [] bound every mineral: the gold record failed copper's row too."""
    rules = _corpus(tmp_path)
    _edit(rules / "yanbian-2021" / "min_scale.yaml", "minerals: [铜]", "minerals: []")
    code, output, linted, _ = _run(tmp_path, rules)
    assert code == 2 and "min-scale/copper: a min_scale rule names no minerals" in output and linted == 1


@pytest.mark.parametrize(("minerals", "said"), [("[gold]", "unknown mineral 'gold'"), ("[金矿]", "unknown mineral")])
def test_a_rule_mineral_of_no_known_name_is_refused_by_check_too(tmp_path: Path, minerals: str, said: str):
    """lint refused it; check --rules judged on without the rule, and the gold record passed 专栏5."""
    rules = _corpus(tmp_path)
    path = rules / "yanbian-2021" / "min_scale.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"minerals: \[金\]", f"minerals: {minerals}", text, count=1), encoding="utf-8")
    code, output, linted, _ = _run(tmp_path, rules)
    assert code == 2 and said in output and linted == 1


def test_a_rule_county_outside_its_plan_is_refused_by_check_too(tmp_path: Path):
    rules = _corpus(tmp_path)
    _edit(
        rules / "dandong-2021" / "extraction_cap.yaml", 'scope: {counties: ["210624"]}', 'scope: {counties: ["222404"]}'
    )
    code, output, linted, _ = _run(tmp_path, rules)
    assert code == 2 and "county 222404 lies outside the plan's jurisdiction" in output and linted == 1


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ('jurisdiction: "222400"', 'jurisdiction: "222440"', "jurisdiction '222440' is no division code"),
        ("level: prefecture", "level: county", "level county, but 222400"),
        (
            "name: 矿山数量, unit: 个,",
            "name: 矿山数量, county: 珲春市, unit: 个,",
            "county '珲春市' is no division code",
        ),
    ],
)
def test_a_plan_that_would_judge_nothing_is_refused(tmp_path: Path, old: str, new: str, said: str):
    rules = _corpus(tmp_path)
    _edit(rules / "plans" / "yanbian-2021.yaml", old, new)
    code, output, linted, lint_said = _run(tmp_path, rules)
    assert code == 2 and said in output, output
    assert linted == 1 and said in lint_said


def test_two_plans_of_one_jurisdiction_in_force_on_one_day_are_refused(tmp_path: Path):
    """A successor encoded beside a plan left open-ended: both judged a record of 2026, the older one said to apply
    for want of a successor."""
    rules = _corpus(tmp_path)
    text = (rules / "plans" / "yanbian-2021.yaml").read_text(encoding="utf-8")
    successor = text.replace("id: yanbian-2021", "id: yanbian-2026").replace(
        "in_force: {start: 2021-01-01}", "in_force: {start: 2026-01-01}"
    )
    assert successor.count("2026-01-01") == 1, "the plan file's in_force line changed: adapt the test"
    (rules / "plans" / "yanbian-2026.yaml").write_text(successor, encoding="utf-8")
    code, output, linted, lint_said = _run(tmp_path, rules)
    said = "in force from 2026-01-01 while yanbian-2021 of the same jurisdiction is, until no end"
    assert code == 2 and said in output and linted == 1 and said in lint_said


def test_a_min_scale_row_in_an_amount_is_refused(tmp_path: Path):
    """万吨 for 万吨/年: lint passed it, and every record met "cannot convert a stock into a rate" as an error."""
    rules = _corpus(tmp_path)
    path = rules / "yanbian-2021" / "min_scale.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("minerals: [铜]")
    cut = text.index("unit: 万吨/年", start)
    path.write_text(text[:cut] + "unit: 万吨" + text[cut + len("unit: 万吨/年") :], encoding="utf-8")
    code, output, linted, _ = _run(tmp_path, rules)
    assert code == 2 and "unit '万吨' is an amount, not a rate" in output and linted == 1
