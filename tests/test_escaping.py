"""Hostile text in ids, holders, messages and file names: shown, never acted on, in every format."""

from __future__ import annotations

import io
import json
import os
import re
import sys
import unicodedata
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from typer.testing import CliRunner

from minplan.cli import app
from minplan.report.base import names
from minplan.report.escape import HIDDEN, json_text, markdown, uri, visible, workflow_data, workflow_property

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))
runner = CliRunner()

FAKE = "\x1b[2J\x1b[H✓ pass"  # clear the screen, home the cursor, print a verdict
HOSTILE_ID = f"HX-1{FAKE}\u202e\x01"
HOSTILE_HOLDER = "<img src=x onerror=alert(1)> @octocat [link](http://evil.example) *bold* $x$ www.evil.example"

RECORD = """\
id: "{id}"
right: mining
application: new
date: 2023-06-01
location: {{county: 珲春市, zones: [KZ01]}}
mineral: 金
method: underground
capacity: 2 万吨/年
deposit_scale: small
holder: "{holder}"
"""


def _yaml_escape(text: str) -> str:
    return "".join(c if c.isprintable() and c not in '"\\' else f"\\U{ord(c):08x}" for c in text)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """Records with hostile ids and holders, in files with hostile names, one of them not UTF-8."""
    root = tmp_path_factory.mktemp("hostile")
    text = RECORD.format(id=_yaml_escape(HOSTILE_ID), holder=_yaml_escape(HOSTILE_HOLDER))
    (root / "a.yaml").write_text(text, encoding="utf-8")
    second = RECORD.format(id="HX-2", holder=_yaml_escape("另一家\x1b[31m公司"))
    (root / "b\x1b[2J\u202e.yaml").write_text(second, encoding="utf-8")  # a name that acts, on a terminal
    with open(os.path.join(os.fsencode(root), b"c-\xff\xfe.yaml"), "wb") as fh:  # not UTF-8
        fh.write(RECORD.format(id="HX-3", holder="第三家").encode())
    (root / "broken\x1b[5m.yaml").write_text('id: "X\\e[2J"\nright: [mining\n', encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def outputs(hostile: Path, tmp_path_factory) -> dict[str, str]:
    """Every format, written with -o (strict UTF-8 must read it back) and to stdout."""
    folder, tmp_path = hostile, tmp_path_factory.mktemp("reports")
    out = {}
    for name in names():
        target = tmp_path / f"report.{name}"
        result = runner.invoke(app, ["check", str(folder), "--format", name, "--lang", "en", "-o", str(target)])
        assert result.exit_code in (1, 2), (name, result.output, result.exception)
        assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), name
        if name == "xlsx":  # a workbook: the text of its cells, as a spreadsheet program reads them
            out[name] = _cells(target)
            continue
        out[name] = target.read_bytes().decode("utf-8")  # strict: no raw bytes, no lone surrogates
        printed = runner.invoke(app, ["check", str(folder), "--format", name, "--lang", "en"])
        assert printed.stdout_bytes.decode("utf-8").replace("\r\n", "\n")
    return out


def _cells(path: Path) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(path.read_bytes()), read_only=True)  # whatever its name
    return "\n".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v)


def test_no_format_passes_control_or_bidi_characters_through(outputs: dict[str, str]):
    for name, text in outputs.items():
        if name == "csv":  # the BOM Excel needs, and CSV's own line ends
            text = text.removeprefix("\ufeff").replace("\r\n", "\n")
        found = {hex(ord(c)) for c in HIDDEN.findall(text) if c != "\n"}
        assert not found, (name, found)


def test_the_table_shows_the_fake_verdict_as_text(outputs: dict[str, str]):
    table = outputs["table"]
    assert "HX-1\\x1b[2J\\x1b[H✓ pass\\u202e\\x01" in table
    assert "b\\x1b[2J\\u202e.yaml" in table and "c-\\xff\\xfe.yaml" in table


def test_json_keeps_the_data_and_the_contract(outputs: dict[str, str]):
    report = json.loads(outputs["json"])
    jsonschema.validate(report, SCHEMA)
    ids = {r["id"] for r in report["records"]}
    assert HOSTILE_ID in ids  # JSON escapes are lossless: programs get the id as the record has it
    files = {Path(r["file"]).name for r in report["records"]}
    assert "c-\\xff\\xfe.yaml" in files  # the undecodable bytes, as text
    assert "b\x1b[2J\u202e.yaml" in files


def test_junit_is_well_formed_for_strict_parsers(outputs: dict[str, str]):
    lxml = pytest.importorskip("lxml.etree")
    text = outputs["junit"]
    root = ET.fromstring(text)
    strict = lxml.fromstring(text.encode("utf-8"), lxml.XMLParser(recover=False, resolve_entities=False))
    assert strict.tag == "testsuites"
    names_ = [case.get("name") for case in root.iter("testcase")]
    assert "HX-1\\x1b[2J\\x1b[H✓ pass\\u202e\\x01" in names_


COMMAND = re.compile(r"^::(error|warning|notice)( (file|line|col|title)=[^,:]*(,(file|line|col|title)=[^,:]*)*)?::.+$")


def test_github_commands_stay_one_line_each(outputs: dict[str, str]):
    text = outputs["github"]
    lines = text.splitlines()
    for line in lines:
        assert COMMAND.match(line) or line.startswith("minplan: "), line
    assert any("file=" in line and "b\\x1b[2J\\u202e.yaml" in line for line in lines)


def test_markdown_cells_bring_in_no_markup(outputs: dict[str, str]):
    text = outputs["markdown"]
    assert "<img" not in text and "](http" not in text and "@octocat" not in text
    rows = [line for line in text.splitlines() if line.startswith("| ") and "HX-" in line]
    assert rows
    widths = {len(re.findall(r"(?<!\\)\|", line)) for line in rows}
    assert widths == {6}, widths  # five cells: no pipe from a record splits one


def test_sarif_uris_are_percent_encoded(outputs: dict[str, str]):
    doc = json.loads(outputs["sarif"])
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for result in doc["runs"][0]["results"]
        for loc in result.get("locations", [])
    }
    assert any(u.endswith("c-%FF%FE.yaml") for u in uris), uris
    assert any(u.endswith("b%1B%5B2J%E2%80%AE.yaml") for u in uris), uris
    for result in doc["runs"][0]["results"]:
        assert not HIDDEN.search(result["message"]["text"])


def test_the_hidden_class_covers_the_unicode_database():
    """Every control, format, surrogate and separator character of this Python's Unicode is escaped."""
    wanted = {"Cc", "Cf", "Cs", "Zl", "Zp"}
    missed = [
        hex(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) in wanted and not HIDDEN.match(chr(c))
    ]
    assert not missed, f"add to minplan.report.escape (Unicode {unicodedata.unidata_version}): {missed}"


def test_helpers():
    assert visible("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert visible("名\u202e称\udcff") == "名\\u202e称\\xff"
    assert visible("plain 中文") == "plain 中文"
    assert json.loads(json_text(json.dumps("\u202e\x85\U000e0001", ensure_ascii=False))) == "\u202e\x85\U000e0001"
    assert json.loads(json_text(json.dumps("bad\udcff", ensure_ascii=False))) == "bad\\xff"
    assert workflow_data("50%\nx") == "50%25\\x0ax"
    assert workflow_property("a:b,c") == "a%3Ab%2Cc"
    assert markdown("a|b") == "a\\|b" and markdown("<b>") == "\\<b\\>"
    assert uri("dir/a b.yaml") == "dir/a%20b.yaml" and uri("a\\b.yaml") == "a%5Cb.yaml"
    assert uri("矿/a.yaml") == "%E7%9F%BF/a.yaml"
    assert uri("a:b.yaml") == "a%3Ab.yaml" and uri("d/a:b.yaml") == "d/a:b.yaml"  # no scheme read into a name
