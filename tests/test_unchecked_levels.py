"""Formats that do not show each record's chain of plans (markdown, concise, GitHub annotations) say which levels
nothing was checked at, and for how many records: a pass there says nothing of a province no encoded plan is in
force at."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from minplan.cli import app

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
        "yet in force on 2009-06-01 (from 2011-01-01)); this level's provisions were not checked (1 records)",
        "minplan: not checked: province (Jilin Province): no encoded plan in force on 2023-06-01, 2023-06-02, "
        "2024-02-29 (jilin-2011: superseded after 2015-12-31); this level's provisions were not checked (3 records)",
    ]
