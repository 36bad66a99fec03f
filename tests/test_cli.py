from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minplan.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "yanbian-gold.yaml"
runner = CliRunner()


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_check_fails_with_exit_1_and_cites_box_5():
    result = runner.invoke(app, ["check", str(EXAMPLE)])
    assert result.exit_code == 1
    assert "专栏5" in result.output
    assert "不通过" in result.output


def test_check_passes_with_exit_0(tmp_path: Path):
    path = _write(tmp_path, "ok.yaml", EXAMPLE.read_text(encoding="utf-8").replace("2 万吨/年", "4 万吨/年"))
    result = runner.invoke(app, ["check", str(path), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "pass" in result.output


@pytest.mark.parametrize(
    ("lang", "at", "hint"), [("zh", "第 {} 行", "是否应为 'mineral'"), ("en", "line {}", "did you mean 'mineral'")]
)
def test_typo_is_an_error_with_line_and_exit_2(tmp_path: Path, lang: str, at: str, hint: str):
    text = EXAMPLE.read_text(encoding="utf-8").replace("mineral:", "minerl:")
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if row.startswith("minerl:"))
    path = _write(tmp_path, "typo.yaml", text)
    result = runner.invoke(app, ["check", str(path), "--lang", lang], env={"COLUMNS": "400"})  # unwrapped
    assert result.exit_code == 2
    assert at.format(line) in result.output
    assert hint in result.output


def test_json_keeps_the_contract():
    result = runner.invoke(app, ["check", str(EXAMPLE), "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["version"] == 1
    [record] = report["records"]
    assert set(record) >= {"file", "id", "status", "plans", "findings", "errors"}
    assert record["status"] == "fail"
    for plan in record["plans"]:
        assert set(plan) >= {"id", "level", "applied", "reason"}
        assert plan["level"] in {"province", "prefecture", "county"}
    gold = next(f for f in record["findings"] if f["rule"] == "yanbian-2021/min-scale/gold")
    assert set(gold) >= {"rule", "plan", "level", "kind", "status", "message", "citation"}
    assert gold["citation"]["table"] == "专栏5"
    assert report["summary"] == {
        "records": 1,
        "pass": 0,
        "warn": 0,
        "needs_info": 0,
        "fail": 1,
        "error": 0,
        "ignored": 0,
    }
    for finding in report["aggregate"]:
        assert set(finding) >= {"rule", "plan", "level", "kind", "status", "message", "citation", "records"}


def test_missing_file_is_reported_and_exit_2(tmp_path: Path):
    result = runner.invoke(app, ["check", str(tmp_path / "nope.yaml"), "--format", "json"])
    assert result.exit_code == 2
    assert json.loads(result.output)["records"][0]["status"] == "error"


def test_error_wins_over_fail(tmp_path: Path):
    bad = _write(tmp_path, "bad.yaml", "id: [\n")
    result = runner.invoke(app, ["check", str(EXAMPLE), str(bad)])
    assert result.exit_code == 2


def test_folder_reports_every_file_and_counts_the_rest(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    _write(tmp_path, "sub/a.yaml", EXAMPLE.read_text(encoding="utf-8"))
    _write(tmp_path, "b.yml", "id: [\n")
    _write(tmp_path, "notes.txt", "not a record")
    result = runner.invoke(app, ["check", str(tmp_path), "--format", "json"])
    report = json.loads(result.output)
    assert {Path(r["file"]).name for r in report["records"]} == {"a.yaml", "b.yml"}
    assert report["summary"]["ignored"] == 1


def test_fail_on_warn(tmp_path: Path):
    text = (
        EXAMPLE.read_text(encoding="utf-8")
        .replace("岩金", "硅藻土")
        .replace("采矿权", "探矿权")
        .replace("  - 矿产资源开发利用方案", "  - 勘查实施方案\n  - 绿色勘查章节")
        .replace("  splits_deposit: false", "  splits_deposit: false\n  resource_integration: false")
    )
    path = _write(tmp_path, "w.yaml", text)
    assert runner.invoke(app, ["check", str(path)]).exit_code == 0
    assert runner.invoke(app, ["check", str(path), "--fail-on", "warn"]).exit_code == 1


def test_output_file(tmp_path: Path):
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["check", str(EXAMPLE), "--format", "json", "--output", str(out)])
    assert result.exit_code == 1
    assert json.loads(out.read_text(encoding="utf-8"))["records"][0]["id"] == "YB-2023-001"


def test_bad_option_is_exit_2():
    assert runner.invoke(app, ["check", str(EXAMPLE), "--format", "xml"]).exit_code == 2


def test_schema_is_json_schema_of_the_record():
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.output)
    assert schema["additionalProperties"] is False
    assert {"id", "right", "application", "date", "location"} <= set(schema["required"])
    assert [form["required"] for form in schema["oneOf"]] == [["mineral"], ["minerals"]]


def test_python_dash_m(tmp_path: Path):
    proc = subprocess.run(
        [sys.executable, "-m", "minplan", "check", str(EXAMPLE), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["records"][0]["status"] == "fail"


def test_a_corpus_of_ones_own(tmp_path: Path):
    """--rules DIR replaces the shipped rules; plan files come from DIR/plans when it has them."""
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "hunchun-2024.yaml").write_text(
        "id: hunchun-2024\ntitle: 珲春市规划\ntitle_en: Hunchun plan\njurisdiction: '222404'\nlevel: county\n"
        "period: {start: 2021-01-01, end: 2028-12-31}\nbase_year: 2020\ntarget_year: 2028\nstatus: final\n"
        "in_force: {start: 2021-01-01}\nsource: {file: none.txt}\n",
        encoding="utf-8",
    )
    (tmp_path / "gold.yaml").write_text(
        "plan: hunchun-2024\nrules:\n  - id: hunchun-2024/min-scale/gold\n    kind: min_scale\n    force: binding\n"
        "    title: {zh: 金矿最低规模, en: gold minimum}\n    citation: {section: 第一章, table: 表1, row: '1'}\n"
        "    scope: {rights: [mining], minerals: [金]}\n    params: {unit: 万吨/年, minimum: 10}\n"
        "    examples: [{name: small, expect: fail, record: {capacity: 5万吨/年}}]\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", str(EXAMPLE), "--rules", str(tmp_path), "--format", "json", "--date"])
    assert result.exit_code == 2  # --date is not an option of check: usage error
    result = runner.invoke(app, ["check", str(EXAMPLE), "--rules", str(tmp_path), "--format", "json"])
    [record] = json.loads(result.output)["records"]
    assert {f["rule"] for f in record["findings"]} == {"hunchun-2024/min-scale/gold"}
    assert record["status"] == "fail"
    assert runner.invoke(app, ["rules", "lint", str(tmp_path)]).exit_code == 0  # any layout will do here


def test_help_keeps_square_brackets_the_markup_would_eat():
    """`[tool.minplan]` is text in the help, not a style tag rich swallows."""
    for command in ("check", "hook"):
        result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
        assert "with [tool.minplan])" in result.output, result.output
