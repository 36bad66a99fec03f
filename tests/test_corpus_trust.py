"""A corpus that cannot be trusted is refused: every command exits 2 with a message, never a traceback or a pass."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from minplan.cli import app

runner = CliRunner()
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "yanbian-gold.yaml"

# every command that takes --rules, as a user would type it
COMMANDS = {
    "check": ["check", str(EXAMPLE)],
    "rules": ["rules"],
    "explain": ["explain", "yanbian-2021/min-scale/gold"],
    "requirements": ["requirements", "--county", "珲春市", "--mineral", "金"],
    "indicators": ["indicators", "yanbian-2021"],
    "plans": ["plans"],
}


def _refused(args: list[str], *expected: str) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert isinstance(result.exception, SystemExit), result.exception  # a message, not a traceback
    assert "rule corpus error" in result.output, result.output
    for text in expected:
        assert text in result.output, result.output
    return result.output


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("where", ["missing", "empty", "file"])
def test_a_corpus_folder_that_holds_nothing_is_refused(tmp_path: Path, command: str, where: str):
    folder = {"missing": tmp_path / "nope", "empty": tmp_path / "empty", "file": tmp_path / "rules.yaml"}[where]
    if where == "empty":
        folder.mkdir()
        (folder / "README.md").write_text("no rules here\n", "utf-8")
    if where == "file":
        folder.write_text("plan: yanbian-2021\n", "utf-8")
    said = {"missing": "no such folder", "empty": "holds no rule files", "file": "is a file"}[where]
    _refused([*COMMANDS[command], "--rules", str(folder)], str(folder), said)


@pytest.mark.parametrize("where", ["missing", "empty", "file"])
def test_lint_of_a_folder_that_holds_nothing_is_exit_2_not_zero_errors(tmp_path: Path, where: str):
    folder = tmp_path / "nope"
    if where == "empty":
        folder.mkdir()
    if where == "file":
        folder.write_text("", "utf-8")
    output = _refused(["rules", "lint", str(folder)], str(folder))
    assert "0 errors" not in output


RULE = """\
  - id: yanbian-2021/min-scale/x
    kind: min_scale
    force: binding
    title: {zh: 甲, en: a}
    citation: {section: 第四章, table: 专栏5, row: "1"}
    scope: {minerals: [金]}
    params: {unit: 万吨/年, minimum: 3}
    examples: [{name: x, expect: fail, record: {capacity: 1万吨/年}}]
"""
TABLE = "  - {table: 专栏5, id: yanbian-2021/min-scale, kind: min_scale, section: 第四章, force: binding, "
BROKEN = {
    "rules is a number": ("plan: yanbian-2021\nrules: 5\n", "rules must be a list"),
    "top-level list": ("- plan: yanbian-2021\n  rules: []\n", "a rule file is a mapping"),
    "rule not a mapping": ("plan: yanbian-2021\nrules:\n" + RULE + "  - just text\n", "rules[2]: a rule is a mapping"),
    "table without rows": ("plan: yanbian-2021\ntables:\n" + TABLE + "title: {zh: 甲, en: a}}\n", "lacks rows"),
    "rows not a list": ("plan: yanbian-2021\ntables:\n" + TABLE + "rows: 3}\n", "rows must be a list"),
    "row not a mapping": ("plan: yanbian-2021\ntables:\n" + TABLE + "rows: [7]}\n", "row 1 is a number"),
    "table not a mapping": ("plan: yanbian-2021\ntables: [5]\n", "tables[1]: a table is a mapping"),
    "no plan": ("rules:\n" + RULE, "must name its plan"),
    "plan not text": ("plan: [yanbian-2021]\nrules:\n" + RULE, "must name its plan"),
    "unknown top-level field": ("plan: yanbian-2021\nrule:\n" + RULE, "unknown top-level field(s) rule"),
    "empty file": ("", "a rule file is a mapping"),
    "nothing in it": ("plan: yanbian-2021\n", "holds no rules"),
    "syntax error": ("plan: yanbian-2021\nrules: [\n", "YAML syntax error"),
    "scope not a mapping": (
        "plan: yanbian-2021\nrules:\n" + RULE.replace("scope: {minerals: [金]}", "scope: 5"),
        "scope",
    ),
}


RULE_LEVEL = {"scope not a mapping"}


@pytest.mark.parametrize("command", [*COMMANDS, "lint"])
@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_rule_file_is_a_corpus_error_naming_file_and_place(tmp_path: Path, command: str, case: str):
    text, said = BROKEN[case]
    path = tmp_path / "rules" / "broken.yaml"
    path.parent.mkdir()
    path.write_text(text, "utf-8")
    if command == "lint":
        result = runner.invoke(app, ["rules", "lint", str(path.parent)])
        # a file that is no rule file is unreadable (2); a rule that fails its schema is an error found (1)
        assert result.exit_code == (1 if case in RULE_LEVEL else 2), result.output
        assert isinstance(result.exception, SystemExit), result.exception
        assert str(path) in result.output and said in result.output, result.output
    else:
        _refused([*COMMANDS[command], "--rules", str(path.parent)], str(path), said)


def test_a_corpus_file_the_reader_refuses_is_a_corpus_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Whatever the reader raises (depth, size, tags …) becomes a message naming the file."""
    from minplan import yamlio

    def refuse(*_: object) -> None:
        raise RecursionError("too deep")

    monkeypatch.setattr(yamlio, "_read_yaml", refuse)
    monkeypatch.setenv("MINPLAN_NO_CACHE", "1")
    monkeypatch.setenv("MINPLAN_CACHE", str(tmp_path / "empty-cache"))
    path = tmp_path / "rules" / "a.yaml"
    path.parent.mkdir()
    path.write_text("plan: yanbian-2021\nrules:\n" + RULE, "utf-8")
    _refused(["rules", "--rules", str(path.parent)], "cannot read", "too deep")


def test_a_custom_corpus_that_reads_well_still_works(tmp_path: Path):
    path = tmp_path / "rules" / "ok.yml"
    path.parent.mkdir()
    path.write_text("plan: yanbian-2021\nrules:\n" + RULE, "utf-8")
    result = runner.invoke(app, ["rules", "--rules", str(path.parent), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "yanbian-2021/min-scale/x" in result.output


def test_a_rule_file_named_in_capitals_is_read(tmp_path: Path):
    """``min_scale.YAML`` is a rule file as ``a.YAML`` is a record: left unread, the example would pass."""
    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(Path(__file__).resolve().parent.parent / "rules", rules)
    (rules / "yanbian-2021" / "min_scale.yaml").rename(rules / "yanbian-2021" / "min_scale.YAML")
    result = runner.invoke(app, ["check", str(EXAMPLE), "--rules", str(rules), "--format", "json"])
    assert result.exit_code == 1, result.output
    assert "yanbian-2021/min-scale/gold" in result.stdout
    lint = runner.invoke(app, ["rules", "lint", str(rules)])
    assert "not a rule file" not in lint.output


def test_a_file_of_a_corpus_that_is_not_read_is_said(tmp_path: Path):
    """min_scale.yaml.bak is not a rule file: the check goes on without it, and says so on standard error."""
    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(Path(__file__).resolve().parent.parent / "rules", rules)
    (rules / "yanbian-2021" / "min_scale.yaml").rename(rules / "yanbian-2021" / "min_scale.yaml.bak")
    result = runner.invoke(app, ["check", str(EXAMPLE), "--rules", str(rules), "--format", "json"])
    assert "not read: " in result.stderr and "min_scale.yaml.bak" in result.stderr
