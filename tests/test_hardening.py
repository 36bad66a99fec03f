"""A folder holding one of each awkward or hostile input: every file answered, none crashes the run."""

from __future__ import annotations

import codecs
import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minplan.cli import app

runner = CliRunner()

BASE = """\
id: {id}
right: 采矿权
application: 新立
date: 2023-06-01
location:
  county: {county}
  zones: []
mineral: 岩金
method: 地下开采
capacity: {capacity}
deposit_scale: 小型
"""

VALID = {
    "utf8-bom.yaml": ("bytes", codecs.BOM_UTF8 + BASE.format(id="U8", county="珲春市", capacity="4 万吨/年").encode()),
    "utf16.yaml": ("bytes", BASE.format(id="U16", county="珲春市", capacity="4 万吨/年").encode("utf-16")),
    "gbk.yaml": ("bytes", BASE.format(id="GBK", county="珲春市", capacity="4 万吨/年").encode("gb18030")),
    "crlf.yaml": (
        "bytes",
        BASE.format(id="CRLF", county="珲春市", capacity="4 万吨/年").replace("\n", "\r\n").encode(),
    ),
    "fullwidth.yaml": (
        "text",
        BASE.format(id="FW", county="珲春市", capacity="４万吨／年").replace("2023-06-01", "２０２３－０６－０１"),
    ),
    "code.yaml": ("text", BASE.format(id="CODE", county="222404", capacity="4 万吨/年")),
    "spaces.yaml": ("text", BASE.format(id="SP", county=" 珲春市 ", capacity=" 4  万吨/年 ")),
}

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)

BROKEN = {
    "duplicate.yaml": BASE.format(id="D", county="珲春市", capacity="4 万吨/年") + "mineral: 铁\n",
    "tag.yaml": "id: !!python/object/apply:os.system [ls]\n",
    "bomb.yaml": BOMB,
    "deep.yaml": "a: " + "[" * 2000 + "]" * 2000 + "\n",
    "empty.yaml": "",
    "list.yaml": "- 1\n- 2\n",
    "baddate.yaml": BASE.format(id="BD", county="珲春市", capacity="4 万吨/年").replace("2023-06-01", "2023-13-45"),
    "negative.yaml": BASE.format(id="NEG", county="珲春市", capacity="-4 万吨/年"),
    "nan.yaml": BASE.format(id="NAN", county="珲春市", capacity="{value: .nan, unit: 万吨/年}"),
    "inf.yaml": BASE.format(id="INF", county="珲春市", capacity="{value: .inf, unit: 万吨/年}"),
    "county.yaml": BASE.format(id="C", county="珲春县", capacity="4 万吨/年"),
    "mineral.yaml": BASE.format(id="M", county="珲春市", capacity="4 万吨/年").replace("岩金", "岩金金"),
    "zone.yaml": BASE.format(id="Z", county="珲春市", capacity="4 万吨/年").replace("zones: []", "zones: [KZ011]"),
    "big.yaml": "# " + "x" * 6000 + "\n",
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("awkward")
    for name, (how, content) in VALID.items():
        path = root / name
        path.write_bytes(content) if how == "bytes" else path.write_text(content, encoding="utf-8")
    for name, content in BROKEN.items():
        (root / name).write_text(content, encoding="utf-8")
    return root


def test_every_input_answered(folder: Path):
    start = time.perf_counter()
    result = runner.invoke(app, ["check", str(folder), "--format", "json", "--max-bytes", "5000"])
    elapsed = time.perf_counter() - start
    assert result.exit_code == 2
    report = json.loads(result.output)
    by_file = {Path(r["file"]).name: r for r in report["records"]}
    assert set(by_file) == set(VALID) | set(BROKEN)
    for name in VALID:
        record = by_file[name]
        assert record["status"] != "error", (name, record["errors"])
        gold = next(f for f in record["findings"] if f["rule"] == "yanbian-2021/min-scale/gold")
        assert gold["status"] == "pass", name
    assert any("gb18030" in n for n in by_file["gbk.yaml"].get("notes", []))
    for name in BROKEN:
        record = by_file[name]
        assert record["status"] == "error", name
        assert record["errors"] and record["errors"][0]["message"], name
    with_lines = (
        "duplicate.yaml",
        "tag.yaml",
        "bomb.yaml",
        "deep.yaml",
        "list.yaml",
        "baddate.yaml",
        "negative.yaml",
        "nan.yaml",
        "inf.yaml",
        "county.yaml",
        "mineral.yaml",
        "zone.yaml",
    )
    for name in with_lines:
        assert by_file[name]["errors"][0].get("line"), name
    messages = {name: by_file[name]["errors"][0]["message"] for name in BROKEN}
    assert "珲春市" in messages["county.yaml"]
    assert "岩金" in messages["mineral.yaml"]
    assert "KZ01" in messages["zone.yaml"]
    assert "duplicate key" in messages["duplicate.yaml"]
    assert "not allowed" in messages["tag.yaml"]
    assert "over" in messages["bomb.yaml"] and "nesting" in messages["deep.yaml"]
    assert "5000" in messages["big.yaml"]
    assert "Traceback" not in result.output
    assert elapsed < 60
