"""Nothing in the inputs is skipped silently, hangs or reads without bound: linked folders, link loops, FIFOs
and devices behind record names, bytes read past the limit, folders with no record file, standard input,
minplan's own reports, and files of very many documents."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minplan import runner as runner_module
from minplan.cli import app
from minplan.inputs import collect
from minplan.loader import load_file, load_text
from minplan.readers import Limits, ReadError, read_bytes

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "yanbian-gold.yaml"
RECORD = EXAMPLE.read_text(encoding="utf-8")
cli = CliRunner()
posix = pytest.mark.skipif(os.name != "posix", reason="links, FIFOs and devices as POSIX has them")


def _record(id_: str) -> str:
    return RECORD.replace("YB-2023-001", id_)


def _check(*args: str) -> tuple[int, dict]:
    result = cli.invoke(app, ["check", *args, "--format", "json"])
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.output)


def _minplan(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The command in a process of its own, so that a hang fails the test instead of stalling it."""
    return subprocess.run(
        [sys.executable, "-m", "minplan", *args], capture_output=True, text=True, timeout=timeout, check=False
    )


# ---- folders and links ----


@posix
def test_a_linked_sub_folder_is_searched(tmp_path: Path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "b.yaml").write_text(_record("LINKED"), encoding="utf-8")
    root = tmp_path / "apps"
    root.mkdir()
    (root / "a.yaml").write_text(_record("HERE"), encoding="utf-8")
    (root / "more").symlink_to(outside, target_is_directory=True)
    _, report = _check(str(root))
    assert {r["id"] for r in report["records"]} == {"HERE", "LINKED"}


@posix
def test_link_loops_end_and_are_listed(tmp_path: Path):
    root = tmp_path / "apps"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "a.yaml").write_text(_record("A"), encoding="utf-8")
    (root / "sub" / "up").symlink_to(root, target_is_directory=True)
    (root / "self").symlink_to(root / "self")  # a link to itself: a link to nothing
    (root / "gone").symlink_to(tmp_path / "nowhere")
    inputs = collect([root])
    assert inputs.files == [str(root / "sub" / "a.yaml")]
    reasons = {Path(i.path).name: i.reason for i in inputs.ignored}
    assert "searched already" in reasons["up"]
    assert "link to nothing" in reasons["self"] and "link to nothing" in reasons["gone"]


@posix
def test_a_broken_link_with_a_record_name_is_an_error(tmp_path: Path):
    (tmp_path / "a.yaml").symlink_to(tmp_path / "nowhere.yaml")
    code, report = _check(str(tmp_path))
    assert code == 2
    [record] = report["records"]
    assert record["status"] == "error" and "cannot read" in record["errors"][0]["message"]


def test_the_same_file_twice_is_checked_once(tmp_path: Path):
    path = tmp_path / "a.yaml"
    path.write_text(_record("ONCE"), encoding="utf-8")
    inputs = collect([path, tmp_path])
    assert inputs.files == [str(path)]
    assert "same file" in inputs.ignored[0].reason


def test_every_file_not_read_is_listed_with_a_reason(tmp_path: Path):
    (tmp_path / "a.yaml").write_text(_record("A"), encoding="utf-8")
    (tmp_path / "minutes.docx").write_bytes(b"PK")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".hidden.yaml").write_text(_record("H"), encoding="utf-8")
    _, report = _check(str(tmp_path))
    ignored = {Path(i["file"]).name: i for i in report["ignored"]}
    assert set(ignored) == {"minutes.docx", ".git", ".hidden.yaml"}
    assert all(i["reason"] and i["reason_zh"] for i in ignored.values())
    assert report["summary"]["ignored"] == 3


def test_an_office_owner_file_is_listed_as_such_and_a_workbook_so_named_is_read(tmp_path: Path):
    """Excel writes ~$申请.xlsx (a few bytes, the user's name) beside a workbook while it is open: a folder holding
    one was refused whole ("Cannot detect file format … save it as .xlsx"); it is listed as ignored, saying what it
    is, and named on the command line it is refused saying so. A real workbook of that name is read."""
    (tmp_path / "a.yaml").write_text(_record("A"), encoding="utf-8")
    owner = tmp_path / "~$申请.xlsx"
    owner.write_bytes(b"\x0bsomeuser  " + b"\x00" * 40)
    code, report = _check(str(tmp_path))
    assert code != 2 and [Path(i["file"]).name for i in report["ignored"]] == [owner.name]
    assert "owner file" in report["ignored"][0]["reason"] and "锁定文件" in report["ignored"][0]["reason_zh"]
    code, report = _check(str(owner))
    assert code == 2 and "the owner file Excel or WPS writes" in report["records"][0]["errors"][0]["message"]
    import openpyxl

    openpyxl.Workbook().save(owner)  # a workbook (a zip), whatever its name: read, not passed over
    inputs = collect([tmp_path])
    assert str(owner) in inputs.files and inputs.ignored == []


# ---- what is not a regular file ----


@posix
def test_a_fifo_behind_a_record_name_does_not_hang(tmp_path: Path):
    (tmp_path / "a.yaml").write_text(_record("A"), encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.yaml")  # no writer: opening it to read would wait for ever
    done = _minplan("check", str(tmp_path), "--format", "json", timeout=60)
    assert done.returncode == 2, done.stderr
    by_name = {Path(r["file"]).name: r for r in json.loads(done.stdout)["records"]}
    assert by_name["a.yaml"]["status"] == "fail"
    assert by_name["pipe.yaml"]["status"] == "error"
    assert "FIFO" in by_name["pipe.yaml"]["errors"][0]["message"]


@posix
@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_dev_zero_linked_as_a_record_is_refused_not_read(tmp_path: Path):
    (tmp_path / "x.yaml").symlink_to("/dev/zero")
    done = _minplan("check", str(tmp_path / "x.yaml"), str(tmp_path), "--format", "json", timeout=60)
    assert done.returncode == 2, done.stderr
    [record] = json.loads(done.stdout)["records"]  # named directly and found in the folder: read once
    assert "character device" in record["errors"][0]["message"]


def test_the_size_limit_counts_bytes_read(tmp_path: Path):
    path = tmp_path / "a.yaml"
    path.write_bytes(b"x" * 101)
    assert read_bytes(str(path), 101) == b"x" * 101
    with pytest.raises(ReadError, match="limit of 100 bytes"):
        read_bytes(str(path), 100)


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="no /proc")
def test_a_file_whose_stat_says_nothing_is_still_bounded():
    assert os.stat("/proc/self/status").st_size == 0  # what a size check by stat would let through
    [item] = load_file("/proc/self/status", Limits(max_bytes=10))
    assert item.record is None and "limit of 10 bytes" in item.issues[0].message


# ---- empty inputs ----


def test_a_folder_with_no_record_file_is_an_error_unless_allowed(tmp_path: Path):
    (tmp_path / "minutes.docx").write_bytes(b"PK")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    code, report = _check(str(tmp_path))
    assert code == 2
    [record] = report["records"]
    assert record["file"] == str(tmp_path) and "no record file" in record["errors"][0]["message"]
    assert "--allow-empty" in record["errors"][0]["message"]
    code, report = _check(str(tmp_path), "--allow-empty")
    assert code == 0 and report["records"] == [] and report["summary"]["ignored"] == 2


def test_an_empty_folder_among_others_is_named(tmp_path: Path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "a.yaml").write_text(_record("A"), encoding="utf-8")
    (tmp_path / "empty").mkdir()
    code, report = _check(str(tmp_path / "full"), str(tmp_path / "empty"))
    assert code == 2
    assert [r["file"] for r in report["records"] if r["status"] == "error"] == [str(tmp_path / "empty")]


def test_check_help_lists_the_input_options():
    result = cli.invoke(app, ["check", "--help"])
    for option in ("--allow-empty", "--max-documents", "--max-bytes"):
        assert option in result.output


# ---- standard input ----


def test_dash_reads_one_record_stream_from_standard_input():
    stream = _record("S1") + "---\n" + _record("S2")
    result = cli.invoke(app, ["check", "-", "--format", "json"], input=stream.encode("utf-8"))
    assert result.exit_code == 1, result.output
    records = json.loads(result.output)["records"]
    assert [(r["file"], r["id"]) for r in records] == [("<stdin>", "S1"), ("<stdin>", "S2")]


def test_standard_input_is_bounded_too():
    result = cli.invoke(app, ["check", "-", "--format", "json", "--max-bytes", "100"], input=RECORD.encode("utf-8"))
    assert result.exit_code == 2
    assert "limit of 100 bytes" in json.loads(result.output)["records"][0]["errors"][0]["message"]


def test_standard_input_is_read_by_the_main_process_in_a_parallel_batch(tmp_path: Path, monkeypatch):
    for i in range(3):
        (tmp_path / f"r{i}.yaml").write_text(_record(f"F{i}"), encoding="utf-8")
    monkeypatch.setattr(runner_module, "PARALLEL_FROM", 2)
    result = cli.invoke(
        app, ["check", str(tmp_path), "-", "--jobs", "2", "--format", "json"], input=_record("IN").encode("utf-8")
    )
    ids = sorted(r["id"] for r in json.loads(result.output)["records"])
    assert ids == ["F0", "F1", "F2", "IN"]


# ---- minplan's own reports ----


@pytest.mark.parametrize(("fmt", "name"), [("json", "report.json"), ("sarif", "out.json"), ("junit", "out.yaml")])
def test_a_report_written_into_the_checked_folder_is_listed_as_ignored(tmp_path: Path, fmt: str, name: str):
    (tmp_path / "a.yaml").write_text(_record("A"), encoding="utf-8")
    first = cli.invoke(app, ["check", str(tmp_path), "--format", fmt, "-o", str(tmp_path / name)])
    assert first.exit_code == 1, first.output
    code, report = _check(str(tmp_path))
    assert code == 1
    assert [r["id"] for r in report["records"]] == ["A"]
    [ignored] = report["ignored"]
    assert ignored["file"] == str(tmp_path / name) and "minplan's own" in ignored["reason"]


def test_reports_found_by_parallel_workers_are_listed(tmp_path: Path, monkeypatch):
    for i in range(4):
        (tmp_path / f"r{i}.yaml").write_text(_record(f"F{i}"), encoding="utf-8")
    cli.invoke(app, ["check", str(tmp_path), "--format", "json", "-o", str(tmp_path / "r9.json")])
    monkeypatch.setattr(runner_module, "PARALLEL_FROM", 2)
    _, report = _check(str(tmp_path), "--jobs", "2")
    assert len(report["records"]) == 4 and [Path(i["file"]).name for i in report["ignored"]] == ["r9.json"]


def test_a_record_is_not_taken_for_a_report():
    [item] = load_text('{"version": 1, "records": [], "id": "X"}', "a.json")
    assert item.ignored is None and item.issues
    [item] = load_text('{"version": 1, "records": [{"id": "x"}]}', "a.json")  # no report's record
    assert item.ignored is None


# ---- documents per file ----


def test_very_many_empty_documents_end_quickly_with_an_error(tmp_path: Path):
    path = tmp_path / "many.yaml"
    path.write_text("---\n" * 300_000, encoding="utf-8")  # 1.2 MB
    start = time.perf_counter()
    items = load_file(path)
    assert time.perf_counter() - start < 10
    [item] = items
    assert "more than 5000 documents" in item.issues[0].message and "document 5001 " in item.issues[0].message


def test_max_documents_bounds_a_stream_and_names_the_excess(tmp_path: Path):
    path = tmp_path / "stream.yaml"
    path.write_text("---\n".join(_record(f"S{i}") for i in range(5)), encoding="utf-8")
    code, report = _check(str(path), "--max-documents", "3")
    assert code == 2
    records = report["records"]
    assert [r["id"] for r in records[:3]] == ["S0", "S1", "S2"]
    assert records[3]["status"] == "error" and "--max-documents" in records[3]["errors"][0]["message"]
    assert records[3]["file"] == str(path)


def test_values_per_file_are_bounded_across_documents():
    doc = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b]\n"
    items = load_text("---\n".join([doc] * 3000), "a.yaml")  # 572 values a document as expanded, 1.7M in all
    assert "more than 1000000 values" in items[-1].issues[0].message


def test_a_trailing_document_marker_is_no_record():
    items = load_text(_record("A") + "---\n", "a.yaml")
    assert [i.id for i in items] == ["A"] and items[0].record is not None


# ---- what could not be read ----

UNDECODABLE = b"id: \x81\x30"  # no text in UTF-8, UTF-16 or GB18030


@pytest.mark.parametrize("name", ["bad.yaml", "bad.yml", "bad.json", "bad.csv"])
def test_a_file_that_cannot_be_decoded_is_an_error_and_the_batch_goes_on(tmp_path: Path, name: str):
    (tmp_path / name).write_bytes(UNDECODABLE)
    (tmp_path / "good.yaml").write_text(_record("G1"), encoding="utf-8")
    code, report = _check(str(tmp_path))
    assert code == 2
    by_file = {Path(r["file"]).name: r for r in report["records"]}
    assert by_file[name]["status"] == "error"
    assert "cannot decode" in by_file[name]["errors"][0]["message"]
    assert by_file["good.yaml"]["id"] == "G1" and by_file["good.yaml"]["status"] != "error"


def test_standard_input_that_cannot_be_decoded_is_an_error():
    result = cli.invoke(app, ["check", "-", "--format", "json"], input=UNDECODABLE)
    assert "Traceback" not in result.output and result.exit_code == 2
    assert "cannot decode" in json.loads(result.output)["records"][0]["errors"][0]["message"]


TAONAN_SAND = """\
id: {rid}
right: 采矿权
application: 新立
date: 2023-06-01
location: {{county: 洮南市, zones: [专栏7-5]}}
mineral: 建筑用砂
capacity: 10 万立方米/年
deposit_scale: 小型
holder: 某公司
"""


def _aggregate(report: dict, rule: str) -> dict:
    return next(f for f in report["aggregate"] if f["rule"] == rule)


def test_a_syntax_error_in_a_stream_says_the_rest_is_unread_and_no_batch_wide_pass_stands(tmp_path: Path):
    """YAML cannot be read on past a syntax error: the error says so, and a count the unread documents could
    overturn is needs_info, not pass (18 unread new rights would put Taonan's mines over its cap of 27)."""
    docs = [TAONAN_SAND.format(rid=f"T-{i:02d}") for i in range(20)]
    docs[1] = "id: [oops\n"
    (tmp_path / "apps.yaml").write_text("---\n".join(docs), encoding="utf-8")
    code, report = _check(str(tmp_path))
    assert code == 2
    [error] = [r for r in report["records"] if r["status"] == "error"]
    assert "not read" in error["errors"][0]["message"]
    mines = _aggregate(report, "taonan-2021/aggregate/mines")
    assert mines["status"] == "needs_info" and "could not be read" in mines["messages"]["en"]
    holder = _aggregate(report, "taonan-2021/aggregate/one-holder-per-mining-block")
    assert holder["status"] == "needs_info" and "could not be read" in holder["messages"]["en"]
    # read whole, the same batch passes both
    docs[1] = TAONAN_SAND.format(rid="T-01")
    (tmp_path / "apps.yaml").write_text("---\n".join(docs[:2]), encoding="utf-8")
    code, report = _check(str(tmp_path))
    assert _aggregate(report, "taonan-2021/aggregate/mines")["status"] == "pass"
    assert _aggregate(report, "taonan-2021/aggregate/one-holder-per-mining-block")["status"] == "pass"


def test_a_batch_wide_fail_stands_whatever_went_unread(tmp_path: Path):
    docs = [TAONAN_SAND.format(rid=f"T-{i:02d}") for i in range(20)]
    (tmp_path / "apps.yaml").write_text("---\n".join(docs), encoding="utf-8")
    (tmp_path / "bad.yaml").write_bytes(UNDECODABLE)
    _, report = _check(str(tmp_path))
    mines = _aggregate(report, "taonan-2021/aggregate/mines")
    assert mines["status"] == "fail"  # 11 + 20 > 27: more rights unread can only add
    assert "could not be read" not in mines["messages"]["en"]  # and the fail does not say they could change it


CONVERSION = """\
id: C-1
right: {right}
application: {application}
date: 2023-06-01
location: {{county: 临江市}}
mineral: 铁
method: 露天开采
capacity: 5 万吨/年
"""


@pytest.mark.parametrize("application", ["探转采", "生产矿山"])
def test_an_application_only_a_mining_right_makes_is_refused_for_an_exploration_right(tmp_path: Path, application: str):
    """Said of an exploration right, 探转采 and 生产矿山 would pass with no provision asked (the mining ones
    never apply to it): the record is refused at its application, and as a mining right it is judged."""
    path = tmp_path / "c.yaml"
    path.write_text(CONVERSION.format(right="探矿权", application=application), encoding="utf-8")
    code, report = _check(str(path))
    [record] = report["records"]
    assert code == 2 and record["status"] == "error"
    assert record["errors"][0]["line"] == 3 and "采矿权" in record["errors"][0]["message"]
    path.write_text(CONVERSION.format(right="采矿权", application=application), encoding="utf-8")
    code, report = _check(str(path))
    assert report["records"][0]["status"] in ("fail", "needs_info")  # 5 万吨/年 open-pit iron is below 30


def test_a_percentage_cell_says_which_it_is(tmp_path: Path):
    """In a CSV a share of 0.7 is refused at its cell (70% or 0.7%?), and 0.7% is read as written."""
    head = "编号,权利类型,申请类型,申请日期,县（市、区）,矿种,生产规模（万吨/年）,开采量占天然流量比例（%）\n"
    (tmp_path / "a.csv").write_text(head + "MW-1,采矿权,改扩建,2023-06-01,安图县,矿泉水,5,0.7\n", encoding="utf-8")
    code, report = _check(str(tmp_path / "a.csv"))
    [record] = report["records"]
    assert code == 2 and "70%" in record["errors"][0]["message"]
    (tmp_path / "a.csv").write_text(head + "MW-1,采矿权,改扩建,2023-06-01,安图县,矿泉水,5,0.7%\n", encoding="utf-8")
    code, report = _check(str(tmp_path / "a.csv"))
    [record] = report["records"]
    assert record["status"] != "error", record["errors"]


def test_indicators_against_a_folder_count_unread_inputs_as_check_does(tmp_path: Path):
    (tmp_path / "good.yaml").write_text(_record("G1"), encoding="utf-8")
    (tmp_path / "bad.yaml").write_bytes(UNDECODABLE)
    result = cli.invoke(app, ["indicators", "yanbian-2021", "--against", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert "bad.yaml" in result.stderr and "could not be read" in result.stderr
    rows = {r["name"]: r for r in json.loads(result.stdout)["indicators"]}
    assert rows["矿山数量"]["status"] == "needs_info"  # 143 of 165 with one input unread: not "within"
    (tmp_path / "bad.yaml").unlink()
    result = cli.invoke(app, ["indicators", "yanbian-2021", "--against", str(tmp_path), "--format", "json"])
    rows = {r["name"]: r for r in json.loads(result.stdout)["indicators"]}
    assert rows["矿山数量"]["status"] == "within"


def test_a_batch_wide_sum_of_daily_figures_without_working_days_is_judged_at_300_and_330(tmp_path: Path):
    """Taonan's 建筑用砂 output: 121.53 + 2600 立方米/日 is 199.53 at 300 days, 207.33 at 330, against 200."""
    text = TAONAN_SAND.replace("capacity: 10 万立方米/年", "capacity: {capacity}")
    (tmp_path / "a.yaml").write_text(text.format(rid="T-1", capacity="2600 立方米/日"), encoding="utf-8")
    _, report = _check(str(tmp_path))
    sand = _aggregate(report, "taonan-2021/aggregate/output-construction-sand")
    assert sand["status"] == "needs_info" and "207.33" in sand["messages"]["en"]
    (tmp_path / "a.yaml").write_text(text.format(rid="T-1", capacity="2600 立方米/日") + "working_days: 300\n", "utf-8")
    _, report = _check(str(tmp_path))
    assert _aggregate(report, "taonan-2021/aggregate/output-construction-sand")["status"] == "pass"


def test_a_ledgers_working_days_count_in_its_daily_figures(tmp_path: Path):
    """A ledger row of 4000 立方米/日 over 365 days is 146 万立方米/年, not 120 at 300 days: Taonan's sand output
    (cap 200) goes over with it, and a column the ledger gives is never dropped for the default."""
    (tmp_path / "apps").mkdir()
    text = TAONAN_SAND.replace("capacity: 10 万立方米/年", "capacity: 6 万立方米/年")
    (tmp_path / "apps" / "a.yaml").write_text(text.format(rid="A"), encoding="utf-8")
    head = "编号,所在县（市、区）,开采矿种,生产规模（立方米/日）,年工作天数,矿山规模,矿业权人\n"
    ledger = tmp_path / "ledger.csv"
    ledger.write_text(head + "L1,洮南市,建筑用砂,4000,365,中型,X\nL2,洮南市,建筑用砂,60万立方米/年,,中型,Y\n", "utf-8")
    _, report = _check(str(tmp_path / "apps"), "--baseline", str(ledger))
    sand = _aggregate(report, "taonan-2021/aggregate/output-construction-sand")
    assert sand["status"] == "warn" and "212" in sand["messages"]["en"], sand["messages"]["en"]
    assert "without working days" not in sand["messages"]["en"]


def test_ledger_columns_the_counts_do_not_use_are_named(tmp_path: Path):
    (tmp_path / "a.yaml").write_text(TAONAN_SAND.format(rid="A"), encoding="utf-8")
    head = "编号,所在县（市、区）,开采矿种,生产规模（万立方米/年）,开采方式,矿山规模,矿业权人,品位（%）\n"
    (tmp_path / "led.csv").write_text(head + "L1,洮南市,建筑用砂,40,露天开采,中型,X,30\n", encoding="utf-8")
    _, report = _check(str(tmp_path / "a.yaml"), "--baseline", str(tmp_path / "led.csv"), "--lang", "en")
    [note] = [n for n in report["notes"] if "ledger" in n]
    assert "not use: grade, method" in note and "capacity" not in note.split("not use:")[1]
