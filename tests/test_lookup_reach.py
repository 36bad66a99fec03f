"""Look-ups list the rules a record of an umbrella mineral would meet: a rule on some of its kinds (建筑用石料 for
建筑用砂石) applies once the record names its kind, so ``rules`` and ``requirements`` list it, with a note."""

from __future__ import annotations

import datetime as dt
import json

from typer.testing import CliRunner

from minplan.cli import app
from minplan.examples import run_example
from minplan.lookup import requirements, rule_rows, select_rules
from minplan.rulebook import Example, load_corpus

runner = CliRunner()
CORPUS = load_corpus()
STONE = "taonan-2021/min-scale/construction-stone"


def test_rules_by_umbrella_mineral_lists_the_rules_on_its_kinds():
    ids = {r.id for r in select_rules(CORPUS, plan="taonan-2021", mineral="建筑用砂石")}
    assert {STONE, "taonan-2021/min-scale/construction-sand", "taonan-2021/extraction-cap/construction-stone"} <= ids


def test_what_rules_lists_is_what_check_applies():
    """Every rule listed for the umbrella answers a record of it (needs_info: which kind?), none is out of scope."""
    for row in rule_rows(CORPUS, plan="taonan-2021", mineral="建筑用砂石"):
        if row.get("reach") != "some":
            continue
        rule = CORPUS.rule(row["id"])
        _, finding = run_example(CORPUS, rule, Example(name="t", expect="needs_info", record={"mineral": "建筑用砂石"}))
        assert finding is not None and finding.status.value == "needs_info", row["id"]
        assert "mineral_kind" in finding.needs


def test_a_rule_on_some_kinds_carries_a_note_naming_them():
    rows = {r["id"]: r for r in rule_rows(CORPUS, plan="taonan-2021", mineral="建筑用砂石")}
    assert rows[STONE]["reach"] == "some"
    assert "建筑用石料" in rows[STONE]["reach_note"]["zh"] and "some kinds" in rows[STONE]["reach_note"]["en"]
    assert "reach" not in rows["taonan-2021/documents/new-mine-plans"]  # a rule on every mineral reaches all kinds


def test_a_rule_on_another_mineral_is_still_left_out():
    ids = {r.id for r in select_rules(CORPUS, plan="taonan-2021", mineral="建筑用砂石")}
    assert "taonan-2021/min-scale/copper" not in ids and "taonan-2021/min-scale/coal" not in ids


def test_the_rules_command_prints_the_note():
    result = runner.invoke(app, ["rules", "--mineral", "建筑用砂石", "--plan", "taonan-2021", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in json.loads(result.output)["rules"]}
    assert rows[STONE]["reach"] == "some"
    args = ["rules", "--mineral", "建筑用砂石", "--plan", "taonan-2021", "--kind", "min_scale", "--lang", "en"]
    table = runner.invoke(app, args, env={"COLUMNS": "400"})
    assert "concerns only some kinds" in table.output


def test_requirements_note_the_rules_on_some_kinds():
    found = requirements(CORPUS, "洮南市", "建筑用砂石", date=dt.date(2023, 6, 1))
    by_rule = {r["rule"]: r for r in found["requirements"]}
    assert by_rule[STONE]["reach_note"]["en"].startswith("concerns only some kinds")
    assert "reach_note" not in by_rule["taonan-2021/documents/new-mine-plans"]
