"""Jilin 2011's batch-wide provisions that no rule example can show: one explorer per planning block."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from minplan.cli import app

runner = CliRunner()

EXPLORATION = """\
id: JL-EX-{i}
right: 探矿权
application: 新立
date: {date}
location: {{county: 珲春市, zones: [{block}]}}
mineral: 岩金
holder: {holder}
"""


def _blocks(folder: Path, *records: dict[str, str]) -> list[dict]:
    for i, fields in enumerate(records):
        values = {"date": "2013-06-01", "block": "KQ22240400001", **fields}
        (folder / f"r{i}.yaml").write_text(EXPLORATION.format(i=i, **values), encoding="utf-8")
    result = runner.invoke(app, ["check", str(folder), "--format", "json", "--lang", "en"])
    rule = "jilin-2011/aggregate/one-explorer-per-block"
    return [f for f in json.loads(result.output)["aggregate"] if f["rule"] == rule]


def test_two_explorers_in_one_block_warn(tmp_path: Path):
    [found] = _blocks(tmp_path, {"holder": "甲公司"}, {"holder": "乙公司"})
    assert found["status"] == "warn" and found["records"] == ["JL-EX-0", "JL-EX-1"]
    assert "KQ22240400001" in found["message"]


def test_one_explorer_per_block_passes(tmp_path: Path):
    found = _blocks(tmp_path, {"holder": "甲公司"}, {"holder": "乙公司", "block": "KQ22240400002"})
    assert [f["status"] for f in found] == ["pass", "pass"]


def test_the_plan_is_not_applied_after_it_was_superseded(tmp_path: Path):
    later = "2023-06-01"
    assert _blocks(tmp_path, {"holder": "甲公司", "date": later}, {"holder": "乙公司", "date": later}) == []
