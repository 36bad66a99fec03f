"""The table for people at 80 and 120 columns: failures first, passes folded, what would satisfy each failing
finding, and cells that never split a rule id, a date or a code, nor start a line with a closing mark."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console

from minplan.findings import Status
from minplan.report.base import Ending
from minplan.report.formats.table import record_panel
from minplan.report.wrap import CLOSING, lines
from minplan.runner import run_check

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "examples" / "yanbian-gold.yaml").read_text(encoding="utf-8")


def rendered(tmp_path: Path, corpus, text: str, width: int, lang: str, verbose: bool = False) -> tuple[str, list]:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    [result] = run_check([path], corpus, keep=True).records
    buffer = io.StringIO()
    Console(file=buffer, width=width, color_system=None).print(record_panel(result, lang, width, verbose))
    return buffer.getvalue(), result.findings


def cells(text: str) -> list[str]:
    """The text of each line inside the boxes, borders stripped."""
    return [part.strip() for line in text.splitlines() for part in re.split(r"[│┃]", line) if part.strip()]


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ids_dates_and_codes_stay_whole(tmp_path: Path, corpus, width: int, lang: str):
    record = EXAMPLE.replace("documents:\n  - 矿产资源开发利用方案\n", "documents:\n")  # a missing document too
    text, findings = rendered(tmp_path, corpus, record, width, lang, verbose=True)
    assert all(len(line) <= width for line in text.splitlines())
    inside = cells(text)
    for f in findings:
        if f.status is not Status.not_applicable:
            assert any(f.rule in line for line in inside), (f.rule, text)
    for token in ("2023-06-01", "222404", "220000"):
        assert token in text
    assert not [line for line in inside if line[0] in CLOSING], text


def test_failures_come_first_and_passes_fold(tmp_path: Path, corpus):
    record = EXAMPLE
    text, _ = rendered(tmp_path, corpus, record.replace("  - 绿色矿山建设实施方案\n", ""), 120, "zh")
    fail = text.index("yanbian-2021/min-scale/gold")
    docs = text.index("yanbian-2021/documents/green-mine-plan")
    assert fail < docs  # both fail: in the plan's order; passes are not listed
    assert "documents/reclamation-plan" not in text
    assert re.search(r"\d+ 条条款通过（--verbose 列出）", text)
    assert "→ 设计规模需不低于 3万吨/年" in text
    assert "→ 请提供：绿色矿山建设实施方案" in text
    verbose, _ = rendered(tmp_path, corpus, record, 120, "zh", verbose=True)
    assert verbose.index("min-scale/gold") < verbose.index("documents/reclamation-plan")  # fail before pass


def test_line_breaking_rules():
    assert lines("规则 yanbian-2021/min-scale/gold 设计规模", 28) == ["规则", "yanbian-2021/min-scale/gold", "设计规模"]
    assert lines("日期 2023-06-01 之后", 10) == ["日期", "2023-06-01", "之后"]
    broken = lines("“采矿权人编制矿山土地复垦与生态修复方案”，其余", 10)
    assert all(line[0] not in CLOSING for line in broken), broken
    assert "3万吨/年" in " ".join(lines("设计规模需不低于 3万吨/年", 10))


def test_folded_counts_say_what_was_folded(tmp_path: Path, corpus):
    """The lines under a table count passes and provisions not applicable apart, each in its own words."""
    from minplan.report.formats.table import Report

    text, findings = rendered(tmp_path, corpus, EXAMPLE, 120, "en")
    passed = sum(f.status is Status.pass_ for f in findings)
    idle = sum(f.status is Status.not_applicable for f in findings)
    assert passed > 1 and idle > 1
    assert f"{passed} provisions pass (--verbose lists them)" in text
    assert f"{idle} provisions not applicable as their conditions do not hold" in text
    aggregate = [f for f in findings if f.status is Status.pass_][:1] + [
        f for f in findings if f.status is Status.not_applicable
    ][:2]
    buffer = io.StringIO()
    report = Report(buffer, "en")
    report.start(None)
    report.finish(Ending(aggregate, {"records": 1, "ignored": 0}, [], ()))
    out = buffer.getvalue()
    assert "1 provision passes (--verbose lists it)" in out  # not three: the others did not pass
    assert "2 provisions not applicable as their conditions do not hold" in out


@pytest.mark.parametrize("width", [60, 80, 120])
def test_a_long_id_never_pushes_the_verdict_out_of_the_panels_title(tmp_path: Path, corpus, width: int):
    """A panel cuts its title at the right: an id of 60 characters left no room for ✗ 不通过 at 80 columns."""
    long = "YB-2023-珲春市某某矿业有限公司-岩金-地下开采-新立-申请-0001-补正材料-第二次-复核"
    text, _ = rendered(tmp_path, corpus, EXAMPLE.replace("YB-2023-001", long), width, "zh")
    title = text.splitlines()[0]
    assert "✗ 不通过" in title and "YB-2023-" in title
    short, _ = rendered(tmp_path, corpus, EXAMPLE, width, "zh")
    assert "YB-2023-001 ✗ 不通过" in short.splitlines()[0]  # an id that fits is shown whole
