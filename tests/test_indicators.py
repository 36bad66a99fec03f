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
application: {application}
date: 2023-06-01
location: {{county: 洮南市}}
mineral: 建筑用砂
capacity: 20 万立方米/年
mine_scale: {scale}
"""


def _folder(root: Path, new: int, existing: int = 0, small: int = 0) -> Path:
    """``new`` applications for new sand mines (the last ``small`` of them small) and ``existing`` mines."""
    root.mkdir(exist_ok=True)
    for i in range(new):
        scale = "small" if i >= new - small else "medium"
        (root / f"n{i:02d}.yaml").write_text(MINE.format(i=i, application="new", scale=scale), "utf-8")
    for i in range(existing):
        text = MINE.format(i=50 + i, application="existing", scale="small")
        (root / f"e{i:02d}.yaml").write_text(text, "utf-8")
    return root


def test_a_folder_over_the_cap_shows_exceeded_and_binding(tmp_path: Path):
    folder = _folder(tmp_path / "records", new=17, existing=6, small=2)
    rows = json.loads(_run("taonan-2021", "--against", str(folder), "--format", "json"))["indicators"]
    total = next(r for r in rows if r["name"] == "矿山总数量")
    # 11 mines in the base year 2020 + 17 new = 28 > 27; the 6 existing mines are among the 11 already
    assert (total["actual"], total["status"], total["nature"]) == (28, "exceeded", "binding")
    assert total["basis"] == "base_year"
    assert len(total["records"]) == 17
    sand = next(r for r in rows if r["table"] == "专栏8" and r["name"] == "产量" and r["mineral"] == "建筑用砂")
    assert (sand["actual"], sand["status"]) == (pytest.approx(121.53 + 17 * 20), "exceeded")
    share = next(r for r in rows if r["name"] == "大中型矿山比例")
    assert share["actual"] == pytest.approx(100 * (8 + 15) / 28, abs=0.01)  # round(11 × 72.72%) = 8 of 11
    assert share["status"] == "not_yet"  # the goal is 93%
    money = next(r for r in rows if r["unit"] == "亿元")
    assert money["status"] == "not_measurable"
    result = runner.invoke(
        app, ["indicators", "taonan-2021", "--against", str(folder), "--lang", "en"], env={"COLUMNS": "250"}
    )
    table = result.output
    assert "exceeded (binding)" in table


def _both(folder: Path, *extra: str) -> tuple[dict[str, dict], dict[str, dict]]:
    """The batch-wide findings of ``check`` and the indicator rows of ``indicators --against``, by finding id."""
    from minplan.aggregate import indicator_finding_id

    checked = runner.invoke(app, ["check", str(folder), "--format", "json", *extra])
    assert checked.exit_code in (0, 1), checked.output
    findings = {f["rule"]: f for f in json.loads(checked.output)["aggregate"]}
    measured = runner.invoke(app, ["indicators", "--against", str(folder), "--format", "json", *extra])
    assert measured.exit_code == 0, measured.output
    rows = {}
    for row in json.loads(measured.output)["indicators"]:
        plan = _CORPUS.plans[row["plan"]]
        ind = next(
            i
            for i in plan.indicators
            if (i.table, i.name, i.mineral, i.county) == (row["table"], row["name"], row["mineral"], row["county"])
        )
        if row["status"] != "not_measurable":
            rows[indicator_finding_id(plan, ind)] = row
    return findings, rows


STATUS_OF = {"within": "pass", "reached": "pass", "needs_info": "needs_info"}


@pytest.mark.parametrize("ledger", [False, True])
def test_check_and_indicators_count_one_folder_alike(tmp_path: Path, ledger: bool):
    folder = _folder(tmp_path / "records", new=5, existing=6, small=1)
    extra: list[str] = []
    if ledger:
        path = tmp_path / "ledger.csv"
        rows = "".join(f"M{i},洮南市,建筑用砂,10 万立方米/年,{'中型' if i % 2 else '小型'},h{i},\n" for i in range(9))
        path.write_text("id,county,mineral,capacity,mine_scale,holder,zones\n" + rows, "utf-8")
        extra = ["--baseline", str(path)]
    findings, rows = _both(folder, *extra)
    counted = [fid for fid in findings if fid in rows]
    assert {"taonan-2021/aggregate/mines", "taonan-2021/aggregate/mines-construction-sand"} <= set(counted)
    assert "taonan-2021/aggregate/large-medium-share" in counted
    for fid in counted:
        finding, row = findings[fid], rows[fid]
        number = float(finding["actual"].rstrip("%").replace("万立方米/年", "")) if finding["actual"] else None
        assert number == pytest.approx(row["actual"], abs=0.01), (fid, finding["actual"], row["actual"])
        assert finding["records"] == row["records"], fid
        worse = "fail" if row["nature"] == "binding" else "warn"
        assert finding["status"] == STATUS_OF.get(row["status"], worse), (fid, finding["status"], row["status"])
    mines = rows["taonan-2021/aggregate/mines"]
    assert mines["actual"] == (9 + 5 if ledger else 11 + 5)  # the 6 existing records are not added again
    share = rows["taonan-2021/aggregate/large-medium-share"]
    expected = 100 * ((4 + 4) / (9 + 5) if ledger else (8 + 4) / (11 + 5))
    assert share["actual"] == pytest.approx(expected, abs=0.01)


def test_a_folder_of_existing_mines_alone_changes_no_count(tmp_path: Path):
    folder = _folder(tmp_path / "records", new=0, existing=6)
    findings, rows = _both(folder)
    assert not [f for f in findings if "/aggregate/" in f and "taonan" in f]  # nothing new: no batch-wide finding
    assert rows["taonan-2021/aggregate/mines"]["actual"] == 11  # the base year's figure, as the plan prints it
    assert rows["taonan-2021/aggregate/mines"]["records"] == []


def test_csv_and_markdown():
    text = _run("dandong-2021", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(_CORPUS.plans["dandong-2021"].indicators)
    assert {r["属性"] for r in rows} <= {"约束性", "预期性"}  # in Chinese by default, as the table view
    rows = list(csv.DictReader(io.StringIO(_run("dandong-2021", "--format", "csv", "--lang", "en"))))
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


def test_markdown_names_the_county_of_a_countys_row():
    md = _run("dandong-2021", "--format", "markdown")
    magnesite = [line for line in md.splitlines() if "菱镁矿开采控制量" in line]
    # 宽甸 21, 凤城 10 and the city's 31: three rows that differ only by the area they cover
    assert [("(210624)" in line, "(210682)" in line) for line in magnesite] == [
        (True, False),
        (False, True),
        (False, False),
    ]


@pytest.mark.parametrize("format", ["table", "markdown"])
def test_a_floor_is_not_shown_as_a_cap(format: str):
    result = runner.invoke(
        app, ["indicators", "jilin-2011", "--format", format, "--lang", "en"], env={"COLUMNS": "250"}
    )
    assert result.exit_code == 0, result.output
    table4 = [line for line in result.output.splitlines() if "表4" in line]
    # 表4 caps ten minerals' extraction and floors oil shale's (printed 300以上)
    assert sum("≤" in line for line in table4) == 10
    assert [line for line in table4 if "≥" in line] == [next(line for line in table4 if "油页岩" in line)]
    assert "300以上" in next(line for line in table4 if "油页岩" in line)


STONE = """\
id: TN-S
right: mining
application: new
date: 2023-06-01
location: {{county: 洮南市}}
mineral: 建筑用花岗岩
capacity: 600 万吨/年
mine_scale: large
{density}"""


@pytest.mark.parametrize("density", ["density: 2.7", ""])
def test_a_mass_capacity_counts_against_a_volume_cap_through_the_records_density(tmp_path: Path, density: str):
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "stone.yaml").write_text(STONE.format(density=density), "utf-8")
    findings, rows = _both(folder)
    finding = findings["taonan-2021/aggregate/output-construction-stone"]
    row = rows["taonan-2021/aggregate/output-construction-stone"]
    if density:  # 81.71 in 2020 + 600万吨 / 2.7 吨/立方米 = 303.93万立方米/年, above the cap of 300
        assert row["actual"] == pytest.approx(81.71 + 600 / 2.7, abs=0.001)
        assert (row["status"], finding["status"]) == ("exceeded", "warn")
        assert "TN-S" in finding["message"]
    else:  # mass and volume are not compared without a density: not counted, and not passed
        assert (row["status"], finding["status"]) == ("needs_info", "needs_info")


def test_a_ledger_mine_the_batch_gives_up_is_not_counted(tmp_path: Path):
    folder = _folder(tmp_path / "records", new=1)  # TN-00, a new medium sand mine
    (folder / "gone.yaml").write_text(
        MINE.format(i=50, application="cancellation", scale="large").replace("TN-50", "M0"), "utf-8"
    )
    ledger = tmp_path / "ledger.csv"  # 27 sand mines, Taonan's binding cap: M0 given up, TN-00 new
    lines = "".join(f"M{i},洮南市,建筑用砂,5 万立方米/年,{'大型' if i < 25 else '小型'}\n" for i in range(27))
    ledger.write_text("id,county,mineral,capacity,mine_scale\n" + lines, "utf-8")
    findings, rows = _both(folder, "--baseline", str(ledger))
    mines = findings["taonan-2021/aggregate/mines"]
    assert (mines["status"], mines["actual"], rows["taonan-2021/aggregate/mines"]["actual"]) == ("pass", "27", 27)
    assert "M0" in mines["message"] and mines["records"] == ["TN-00", "M0"]
    share = rows["taonan-2021/aggregate/large-medium-share"]
    assert share["actual"] == pytest.approx(100 * (24 + 1) / (26 + 1), abs=0.001)
    output = rows["taonan-2021/aggregate/output-construction-sand"]
    assert output["actual"] == pytest.approx(26 * 5 + 20)


def test_a_batch_that_only_gives_up_a_ledger_mine_is_counted_without_it(tmp_path: Path):
    """A cancellation alone touches the counts: the mine it gives up leaves the ledger's figure, and says so."""
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "gone.yaml").write_text(
        MINE.format(i=50, application="cancellation", scale="large").replace("TN-50", "M0"), "utf-8"
    )
    ledger = tmp_path / "ledger.csv"  # 28 sand mines, one over Taonan's binding cap of 27: M0 given up
    lines = "".join(f"M{i},洮南市,建筑用砂,5 万立方米/年,小型\n" for i in range(28))
    ledger.write_text("id,county,mineral,capacity,mine_scale\n" + lines, "utf-8")
    findings, rows = _both(folder, "--baseline", str(ledger))
    mines = findings["taonan-2021/aggregate/mines"]
    assert (mines["status"], mines["actual"], rows["taonan-2021/aggregate/mines"]["actual"]) == ("pass", "27", 27)
    assert "M0" in mines["message"] and mines["records"] == ["M0"]


def test_a_batch_of_existing_mines_alone_judges_no_count_and_an_input_unread_is_said_to_leave_them_open(
    tmp_path: Path,
):
    """Existing mines are in the base already: a batch of them alone changes no count, and none is reported. An
    input it could not read may be a new right: the notes say the counts were not judged, rather than leave the
    silence to read as a pass."""
    folder = _folder(tmp_path / "records", new=0, existing=2)
    checked = runner.invoke(app, ["check", str(folder), "--format", "json", "--lang", "en"])
    report = json.loads(checked.output)
    assert [f["rule"] for f in report["aggregate"] if "/aggregate/" in f["rule"]] == []
    assert not any("could not be read" in note for note in report["notes"])
    (folder / "bad.yaml").write_bytes(b"id: \x81\x30")  # no text in UTF-8, UTF-16 or GB18030
    checked = runner.invoke(app, ["check", str(folder), "--format", "json", "--lang", "en"])
    assert checked.exit_code == 2
    report = json.loads(checked.output)
    assert [f["rule"] for f in report["aggregate"] if "/aggregate/" in f["rule"]] == []
    [note] = [n for n in report["notes"] if "could not be read" in n]
    assert note.startswith("1 inputs of the batch could not be read") and "not at all" in note
    zh = runner.invoke(app, ["check", str(folder), "--format", "json"])
    assert any("未能读取" in n and "未判定" in n for n in json.loads(zh.output)["notes"])


def test_a_row_with_no_base_figure_shows_what_check_counts(tmp_path: Path):
    """宽甸's magnesite control figure (21万吨/年, binding) prints no base: check counted "no base figure + 25 = 25,
    above", while indicators --against showed no figure (null) beside "exceeded"."""
    folder = tmp_path / "records"
    folder.mkdir()
    record = (
        "id: M1\nright: 采矿权\napplication: 新立\ndate: 2023-06-01\nlocation: {county: 宽甸满族自治县}\n"
        "mineral: 菱镁矿\nmethod: 地下开采\ncapacity: 25 万吨/年\ndeposit_scale: 大型\n"
    )
    (folder / "m1.yaml").write_text(record, "utf-8")
    findings, rows = _both(folder)
    fid = "dandong-2021/aggregate/output-magnesite-210624"
    assert rows[fid]["actual"] == 25 and rows[fid]["status"] == "exceeded"
    assert findings[fid]["status"] == "fail" and findings[fid]["actual"].startswith("25")


def test_a_chart_that_cannot_be_written_is_refused_as_an_output_is(tmp_path: Path):
    """--chart into a folder that does not exist, or onto a folder, is exit 2 saying so (it was a traceback, exit 3)."""
    (tmp_path / "d.svg").mkdir()
    for chart, said in ((tmp_path / "none" / "c.svg", "does not exist"), (tmp_path / "d.svg", "is a folder")):
        result = CliRunner().invoke(app, ["indicators", "yanbian-2021", "--chart", str(chart), "--lang", "en"])
        assert result.exit_code == 2 and said in result.output, result.output
