"""The look-up views for people (rules, explain, requirements) in the reader's words: a rule's kind and an
example's outcome by their Chinese names in Chinese, scopes, conditions, parameters and records as the rule files
write them (YAML), never as a Python repr; the JSON stays as docs/contract.md has it."""

from __future__ import annotations

import json
import re
import typing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minplan.cli import app
from minplan.i18n import EXAMPLE_OUTCOME, KIND, STATUS
from minplan.kinds import KINDS
from minplan.report.lookup_views import written
from minplan.rulebook import Example, load_corpus

runner = CliRunner()
_CORPUS = load_corpus()
WIDE = {"COLUMNS": "400"}  # no cell folded: a line of the view is one line of the output
# a status or outcome code alone in a table cell
CODE_CELL = re.compile(r"│ (pass|warn|fail|needs_info|not_applicable|out_of_scope|error|waived) +│")
# a Python repr of a mapping, list or value: {'key': …, ['a', …] of a key, True/False/None
REPR = re.compile(r"\{'|'\w[\w.]*': |\b(True|False|None)\b")


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args), env=WIDE)
    assert result.exit_code == 0, result.output
    return result.output


def _table(output: str, title: str) -> str:
    """The part of ``output`` from the examples table's title on."""
    assert title in output, output
    return output[output.index(title) :]


def test_every_kind_has_a_chinese_name_and_every_outcome_a_word():
    assert set(KINDS) <= set(KIND)
    assert all(re.search(r"[\u4e00-\u9fff]", KIND[k]["zh"]) and KIND[k]["en"] == k for k in KINDS)
    expects = typing.get_args(Example.model_fields["expect"].annotation)
    assert set(expects) <= set(EXAMPLE_OUTCOME)
    assert all(EXAMPLE_OUTCOME[s] == STATUS[s] for s in STATUS)  # the check reports' own words
    assert EXAMPLE_OUTCOME["out_of_scope"] == {"zh": "不在适用范围内", "en": "out of scope"}


def test_explain_in_chinese_reads_as_chinese():
    output = _run("explain", "yanbian-2021/extraction-cap/gold")
    lines = output.splitlines()
    assert "重要矿产资源年开采量（开采总量调控）  [开采总量调控，预期性]" in lines
    assert "适用范围: rights: [采矿权], minerals: [金]" in lines
    at = lines.index("参数:")  # one parameter a line, as the rule file has them
    assert lines[at + 1 : at + 6] == [
        "  indicator: 重要矿产资源年开采量",
        "  cap: 4",
        "  unit: 吨/年",
        "  grade_basis: 100",
        "  grade_at_most: 0.1",
    ]
    assert "转述上级规划: 吉林省矿产资源总体规划（2021—2025年）" in lines
    assert any(line.startswith("说明: 预期性, so a breach warns.") for line in lines)  # the encoder's note, as written
    assert not REPR.search(output), REPR.search(output)
    table = _table(output, "示例记录")
    assert not CODE_CELL.search(table), CODE_CELL.search(table)
    for word in ("通过", "警示", "需补充信息", "不在适用范围内"):
        assert re.search(rf"│ {word} +│ {word} +│", table), word  # expected and got
    # the record, one field a line
    assert re.search(r"│ mineral: 金 +│", table) and re.search(r"│ grade: 3\.5 g/t +│", table)
    assert re.search(r"│ right: exploration +│", table)  # a record's value as the record writes it


def test_explain_in_english_shows_yaml_and_status_words():
    output = _run("explain", "yanbian-2021/extraction-cap/gold", "--lang", "en")
    lines = output.splitlines()
    assert any(line.endswith("  [extraction_cap, expected]") for line in lines)
    assert "scope: rights: [mining], minerals: [金]" in lines
    assert "params:" in lines and "  cap: 4" in lines
    assert not REPR.search(output), REPR.search(output)
    table = _table(output, "example records")
    assert not {"needs_info", "not_applicable", "out_of_scope"} & set(CODE_CELL.findall(table)), table
    for word in ("pass", "warn", "needs info", "out of scope"):
        assert re.search(rf"│ {word} +│ {word} +│", table), word


def test_explain_nested_parameters_and_conditions():
    output = _run("explain", "yanbian-2021/min-scale/gold")
    lines = output.splitlines()
    assert "适用范围: rights: [采矿权], applications: [新立, 探转采], minerals: [金]" in lines
    at = lines.index("参数:")
    assert lines[at + 3 : at + 7] == [
        "  underground: {large: 15, medium: 6, small: 3}",
        "  open_pit: {large: 15, medium: 9, small: —}",
        "  dash_elsewhere:",
        "    minimum: 300",
    ]
    assert re.search(r"│ deposit_scale: small +│", output)
    en = _run("explain", "dandong-2021/mineral-policy/mining-prohibited-toxic-coal", "--lang", "en").splitlines()
    assert "when_any: quality.arsenic_exceeds_standard: true, quality.radioactivity_exceeds_standard: true" in en
    zh = _run("explain", "dandong-2021/min-scale/iron").splitlines()
    assert "变更按改扩建审查的条件（任一）: [project.enlarges_area]" in zh
    assert "  underground: {large: 100, medium: 30, small: 10}" in zh
    sand = _run("explain", "taonan-2021/min-scale/construction-sand")
    assert "  small: —" in sand.splitlines() and not REPR.search(sand)


def test_no_rule_is_explained_by_a_repr_or_a_status_code():
    """Every rule of the corpus, in both languages: its notes aside (English by design), no Python repr, and the
    examples' outcomes in words."""
    bad = []
    for rule in _CORPUS.rules:
        for lang, title in (("zh", "示例记录"), ("en", "example records")):
            output = _run("explain", rule.id, "--lang", lang)
            if REPR.search(output):
                bad.append((rule.id, lang, REPR.search(output)))
            codes = CODE_CELL.findall(_table(output, title))
            if (lang == "zh" and codes) or {"needs_info", "not_applicable", "out_of_scope"} & set(codes):
                bad.append((rule.id, lang, codes))
    assert not bad, bad[:10]


@pytest.mark.parametrize("args", [["--county", "珲春市"], ["--plan", "yanbian-2021"]])
def test_rules_table_names_the_kind_in_chinese(args: list[str]):
    output = _run("rules", *args)
    rows = [line.split("│") for line in output.splitlines() if line.startswith("│")]
    kinds = {row[2].strip() for row in rows} - {""}
    assert kinds and kinds <= {KIND[k]["zh"] for k in KINDS}, kinds
    assert {"最低开采规模", "开采总量调控", "申请材料"} <= kinds
    en = _run("rules", *args, "--lang", "en")
    en_kinds = {line.split("│")[2].strip() for line in en.splitlines() if line.startswith("│")} - {""}
    assert en_kinds <= set(KINDS) and "min_scale" in en_kinds


def test_requirements_table_names_the_kind_in_chinese():
    args = ["requirements", "--county", "珲春市", "--mineral", "金", "--date", "2023-06-01"]
    output = _run(*args)
    assert re.search(r"│ yanbian-2021 +│ 最低开采规模 +│ 约束性", output), output
    assert not re.search(r"│ min_scale +│", output)
    assert re.search(r"│ yanbian-2021 +│ min_scale +│ binding", _run(*args, "--lang", "en"))


def test_json_keeps_codes_and_the_record_as_data():
    for lang in ("zh", "en"):
        data = json.loads(_run("explain", "yanbian-2021/extraction-cap/gold", "--format", "json", "--lang", lang))
        assert data["kind"] == "extraction_cap" and data["scope"] == {"rights": ["mining"], "minerals": ["金"]}
        assert data["params"]["cap"] == 4
        last = data["examples"][-1]
        assert last["got"] == last["expect"] == "out_of_scope" and last["record"]["right"] == "exploration"
        assert {e["got"] for e in data["examples"]} == {"pass", "warn", "needs_info", "out_of_scope"}
        rules = json.loads(_run("rules", "--plan", "yanbian-2021", "--format", "json", "--lang", lang))["rules"]
        assert {r["kind"] for r in rules} <= set(KINDS)


def test_written_is_yaml():
    assert written({"rights": ["mining"], "minerals": ["金"]}) == "rights: [mining], minerals: [金]"
    assert written(["project.enlarges_area"]) == "[project.enlarges_area]"
    assert written({"counties": ["210624"], "op": ">="}) == "counties: ['210624'], op: '>='"  # quoted as YAML needs
    assert written({"a": 1, "b": "x y"}, flow=False) == "a: 1\nb: x y"  # plain values: still one line each
    nested = {"unit": "万吨/年", "underground": {"large": 15}, "cases": [{"when": {"x": True}, "minimum": 1}]}
    assert written(nested, flow=False) == (
        "unit: 万吨/年\nunderground: {large: 15}\ncases:\n- when: {x: true}\n  minimum: 1"
    )
    assert written("30万吨/年") == "30万吨/年" and written(4) == "4"


def test_a_record_with_control_characters_is_shown_escaped_line_by_line():
    from io import StringIO

    from rich.console import Console

    from minplan.report.lookup_views import lines

    shown = written({"name": "a\u202eb", "x": 1}, flow=False)  # YAML keeps a bidi override as it is
    assert "\u202e" in shown
    out = StringIO()
    Console(file=out, width=200, color_system=None).print(lines(shown))
    assert out.getvalue() == "name: a\\u202eb\nx: 1\n"  # escaped, the line break kept


def test_requirements_say_what_a_plan_says_of_itself_as_check_does():
    """Dandong's plan is a draft for comment: check says so, and so must the list of what a right must satisfy."""
    args = ["requirements", "--county", "宽甸满族自治县", "--mineral", "硼", "--date", "2023-06-01"]
    assert "dandong-2021: 本规划为征求意见稿" in _run(*args)
    data = json.loads(_run(*args, "--format", "json"))
    [plan] = [p for level in data["jurisdiction"] for p in level["plans"] if p["id"] == "dandong-2021"]
    assert plan["applied"] and any("draft" in n["en"] and "征求意见稿" in n["zh"] for n in plan["notes_i18n"])


def test_the_requirements_head_and_a_sarif_batch_result_in_the_readers_words():
    query = ["--county", "珲春市", "--mineral", "岩金", "--method", "underground", "--date", "2023-06-01"]
    assert "珲春市 222404 · 岩金 · 地下开采 · 采矿权 · 新立 · 2023-06-01" in _run("requirements", *query)
    batch = str(Path(__file__).parent / "data" / "shapes" / "batch")
    sarif = json.loads(runner.invoke(app, ["check", batch, "-f", "sarif", "--no-config"], env=WIDE).output)
    texts = [r["message"]["text"] for r in sarif["runs"][0]["results"] if r["ruleId"].startswith(("minplan/", "yan"))]
    assert any("（记录：" in t for t in texts) and not any("(records: " in t for t in texts)
