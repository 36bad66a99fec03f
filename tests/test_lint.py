"""rules lint finds what is wrong with a corpus, and finds nothing in the shipped one."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from minplan.cli import app
from minplan.lint import lint

runner = CliRunner()

BAD = """\
plan: yanbian-2021
rules:
  - id: yanbian-2021/min-scale/a
    kind: min_scale
    force: binding
    title: {zh: 甲, en: a}
    citation: {section: 第四章, table: 专栏5, row: "1"}
    scope: {minerals: [glod], zones: [KZ99]}
    params: {unit: 万吨/年, minimum: 3}
    examples: [{name: x, expect: fail, record: {capacity: 1万吨/年}}]
  - id: yanbian-2021/min-scale/a
    kind: min_scale
    force: binding
    title: {zh: 乙, en: b}
    citation: {section: 第四章, table: 专栏5, row: "1"}
    params: {unit: 万吨/年, minimum: 3}
  - id: yanbian-2021/min-scale/b
    kind: min_scale
    force: binding
    title: {zh: 丙, en: c}
    citation: {section: 第四章}
    scope: {minerals: [金]}
    when: {site.wetlnd: true}
    params: {unit: 万吨/年, minimum: 3}
    examples: [{name: y, expect: pass, record: {capacity: 3 bananas}}]
  - id: yanbian-2021/min-scale/c
    kind: min_scale
    force: binding
    title: {zh: 丁, en: d}
    citation: {section: 第四章, table: 专栏5, row: "5"}
    scope: {minerals: [铜]}
    params: {unit: 万吨/年, minimum: 3}
    examples: [{name: z, expect: pass, record: {capacity: 3万吨/年}}]
  - id: yanbian-2021/min-scale/d
    kind: min_scale
    force: binding
    title: {zh: 戊, en: e}
    citation: {section: 第四章, table: 专栏5, row: "5"}
    scope: {minerals: [铜]}
    params: {unit: 万吨/年, minimum: 5}
    examples: [{name: z, expect: pass, record: {capacity: 5万吨/年}}]
  - id: nowhere-2021/min-scale/e
    kind: min_scale
    force: binding
    title: {zh: 己, en: f}
    citation: {section: 第四章, table: 专栏5, row: "5"}
    params: {unit: 万吨/年, minimum: 5}
    examples: [{name: z, expect: pass, record: {capacity: 5万吨/年}}]
  - id: yanbian-2021/mystery/f
    kind: mystery
    force: binding
    title: {zh: 庚, en: g}
    citation: {section: 第四章, table: 专栏5, row: "5"}
"""


def test_lint_finds_each_problem(tmp_path: Path):
    (tmp_path / "bad.yaml").write_text(BAD, encoding="utf-8")
    orphan = BAD.replace("plan: yanbian-2021", "plan: nowhere-2021").replace("/min-scale/", "/min-scale/o-")
    (tmp_path / "orphan.yaml").write_text(orphan, encoding="utf-8")
    problems = lint(tmp_path)
    text = "\n".join(f"{p.severity} {p.rule} {p.message}" for p in problems)
    assert "unknown mineral 'glod'" in text
    assert "unknown zone code or type 'KZ99'" in text
    assert "duplicate id" in text
    assert "unknown fact 'site.wetlnd'" in text
    assert "neither a table nor a quoted sentence" in text
    assert "is no valid record" in text
    assert "same scope as" in text
    assert "names plan 'nowhere-2021'" in text
    assert "id does not start with its plan" in text
    assert "unknown kind 'mystery'" in text
    result = runner.invoke(app, ["rules", "lint", str(tmp_path)])
    assert result.exit_code == 1


def test_shipped_corpus_is_clean():
    problems = lint()
    assert not [p for p in problems if p.severity == "error"], problems
    result = runner.invoke(app, ["rules", "lint"])
    assert result.exit_code == 0
