"""Indicator tables: as the plans print them, and measured against records."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minplan.cli import app
from minplan.quantities import format_number
from minplan.rulebook import load_corpus

runner = CliRunner()
_CORPUS = load_corpus()


def _run(*args: str) -> str:
    result = runner.invoke(app, ["indicators", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_yanbian_matches_box_2_row_for_row():
    rows = json.loads(_run("yanbian-2021", "--format", "json"))["indicators"]
    assert len(rows) == 12
    assert [r["target"] for r in rows] == [600, 4, 1500, 5, 1, 10000, 780, 860, 4, 240, 165, 61]
    assert [r["nature"] for r in rows].count("binding") == 2
    for row in rows:
        assert set(row) >= {
            "plan",
            "category",
            "name",
            "mineral",
            "unit",
            "target",
            "year",
            "nature",
            "base",
            "actual",
            "status",
        }
        assert row["nature"] in ("binding", "expected")


def _digits(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("plan", sorted(_CORPUS.plans.values(), key=lambda p: p.id), ids=lambda p: p.id)
def test_every_target_stands_in_the_source(plan, seeds):
    source = _digits((seeds / plan.source.file).read_text(encoding="utf-8"))
    assert plan.indicators, f"{plan.id} has no indicator table encoded"
    missing = []
    for ind in plan.indicators:
        shown = ind.target_text or (format_number(ind.target) if ind.target is not None else "")
        numbers = re.findall(r"\d+(?:\.\d+)?", shown)
        if not all(n in source for n in numbers):
            missing.append(f"{ind.table} {ind.name} {ind.mineral or ''}: {shown}")
    assert not missing, f"targets not found in the source: {missing}"


def test_a_place_resolves_to_its_plans_in_force():
    rows = json.loads(_run("临江市", "--date", "2023-06-01", "--format", "json"))["indicators"]
    assert {r["plan"] for r in rows} == {"linjiang-2021"}
    rows = json.loads(_run("临江市", "--date", "2013-06-01", "--format", "json"))["indicators"]
    assert {r["plan"] for r in rows} == {"jilin-2011"}
    rows = json.loads(_run("延边州", "--date", "2023-06-01", "--format", "json"))["indicators"]
    assert {r["plan"] for r in rows} == {"yanbian-2021"}


def test_unknown_target_is_exit_2():
    assert runner.invoke(app, ["indicators", "nowhere-2030"]).exit_code == 2


MINE = """\
id: TN-{i:02d}
right: mining
application: existing
date: 2023-06-01
location: {{county: 洮南市}}
mineral: 建筑用砂
capacity: 20 万立方米/年
mine_scale: {scale}
"""


def test_a_folder_over_the_cap_shows_exceeded_and_binding(tmp_path: Path):
    for i in range(28):
        (tmp_path / f"m{i:02d}.yaml").write_text(MINE.format(i=i, scale="medium" if i < 26 else "small"), "utf-8")
    rows = json.loads(_run("taonan-2021", "--against", str(tmp_path), "--format", "json"))["indicators"]
    total = next(r for r in rows if r["name"] == "矿山总数量")
    assert (total["actual"], total["status"], total["nature"]) == (28, "exceeded", "binding")
    assert len(total["records"]) == 28
    sand = [r for r in rows if r["mineral"] == "建筑用砂" and r["unit"] == "万立方米/年"]
    assert sand and all(r["actual"] == 560 and r["status"] == "exceeded" for r in sand)
    share = next(r for r in rows if r["name"] == "大中型矿山比例")
    assert share["actual"] == pytest.approx(92.86, abs=0.01)  # 26 of 28
    assert share["status"] == "not_yet"  # the goal is 93%
    money = next(r for r in rows if r["unit"] == "亿元")
    assert money["status"] == "not_measurable"
    result = runner.invoke(
        app, ["indicators", "taonan-2021", "--against", str(tmp_path), "--lang", "en"], env={"COLUMNS": "250"}
    )
    table = result.output
    assert "exceeded (binding)" in table


def test_csv_and_markdown():
    text = _run("dandong-2021", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(_CORPUS.plans["dandong-2021"].indicators)
    assert {r["nature"] for r in rows} <= {"binding", "expected"}
    md = _run("dandong-2021", "--format", "markdown")
    assert md.splitlines()[1].startswith("|--")


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_chart(tmp_path: Path, suffix: str):
    pytest.importorskip("matplotlib")
    target = tmp_path / f"chart{suffix}"
    result = runner.invoke(app, ["indicators", "taonan-2021", "--chart", str(target)])
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    assert data.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in data[:2000]
