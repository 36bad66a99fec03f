"""Records from spreadsheets and CSV, results back to spreadsheets, ledgers from workbooks.

The workbooks are written by openpyxl, and converted by LibreOffice where it is installed (``soffice``), so
the readers meet what Excel-compatible programs write; the CSV files are encoded as Excel writes them on
Chinese Windows (GBK, CRLF). The workbook minplan writes is opened by openpyxl and converted by LibreOffice.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from typer.testing import CliRunner

from minplan.baseline import BaselineError, load_baseline
from minplan.cli import app
from minplan.loader import load_file
from minplan.readers import Limits

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))
runner = CliRunner()
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

HEADERS = ["序号", "项目编号", "矿业权类型", "申请类型", "申请日期", "所在县（市、区）", "开采矿种", "开采方式"]
HEADERS += ["生产规模（万吨/年）", "矿床规模", "申请人"]
ROWS = [
    [1, "YB-001", "采矿权", "新立", dt.date(2023, 6, 1), "珲春市", "岩金", "地下开采", "2", "小型", "甲矿业"],
    [2, "YB-002", "采矿权", "新立", dt.date(2023, 6, 1), "珲春市", "岩金", "地下开采", 4, "小型", "乙矿业"],
    [3, "YB-003", "采矿权", "新立", dt.date(2023, 6, 1), "珲春县城", "岩金", "地下开采", 4, "小型", "丙矿业"],
]


def _book(path: Path, rows=ROWS, headers=HEADERS, title="延边州2023年采矿权申请汇总表", sheet="2023年申请") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws.append(headers)
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def _check(*args: str) -> tuple[int, dict]:
    result = runner.invoke(app, ["check", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


def _three(report: dict) -> None:
    """The acceptance: fail at 2 万吨/年 (text), judged at 4 (a number), an unknown county named at row 5."""
    records = {r["id"]: r for r in report["records"]}
    assert set(records) == {"YB-001", "YB-002", "YB-003"}
    first, second, third = records["YB-001"], records["YB-002"], records["YB-003"]
    assert first["status"] == "fail"
    scale = next(f for f in first["findings"] if f["rule"] == "yanbian-2021/min-scale/gold")
    assert scale["status"] == "fail" and scale["actual"] == "2万吨/年" and scale["citation"]["table"] == "专栏5"
    assert second["status"] in ("pass", "warn", "needs_info")  # judged: the capacity of 4 meets the minimum
    scale = next(f for f in second["findings"] if f["rule"] == "yanbian-2021/min-scale/gold")
    assert scale["status"] == "pass"
    assert third["status"] == "error" and third["row"] == 5 and third["line"] == 5
    [error] = third["errors"]
    assert (error["row"], error["column"], error["field"]) == (5, 6, "location.county")
    assert "珲春县城" in error["message"]
    jsonschema.validate(report, SCHEMA)


def _to_gbk_csv(path: Path) -> Path:
    lines = [",".join(["延边州2023年采矿权申请汇总表"] + [""] * (len(HEADERS) - 1)), ",".join(HEADERS)]
    for row in ROWS:
        cells = [c.strftime("%Y/%-m/%-d") if isinstance(c, dt.date) else str(c) for c in row]  # as Excel exports
        lines.append(",".join(cells))
    path.write_bytes("\r\n".join(lines).encode("gbk") + b"\r\n")
    return path


def test_a_workbook_with_a_merged_title_is_three_records(tmp_path: Path):
    path = _book(tmp_path / "apps.xlsx")
    code, report = _check(str(path))
    assert code == 2
    _three(report)
    third = next(r for r in report["records"] if r["id"] == "YB-003")
    assert third["sheet"] == "2023年申请" and third["errors"][0]["header"] == "所在县（市、区）"
    assert third["errors"][0]["cell"] == "F5"


def test_an_error_is_said_with_file_sheet_row_and_column(tmp_path: Path):
    path = _book(tmp_path / "apps.xlsx")
    [*_, third] = load_file(path)
    assert (
        third.issues[0].located("apps.xlsx").startswith("apps.xlsx › 2023年申请 › row 5, column F (所在县（市、区）)")
    )
    result = runner.invoke(app, ["check", str(path)], env={"COLUMNS": "400"})  # the line unwrapped, whatever the path
    assert "2023年申请 › 第 5 行，F 列" in result.output


def test_the_same_as_a_gbk_csv_from_excel(tmp_path: Path):
    path = _to_gbk_csv(tmp_path / "apps.csv")
    code, report = _check(str(path))
    assert code == 2
    _three(report)
    assert all("file decoded as gb18030" in r.get("notes", []) for r in report["records"])


@pytest.mark.parametrize("end", ["\r", "\n"])
def test_the_same_from_a_csv_whose_lines_end_otherwise(tmp_path: Path, end: str):
    """Excel's "CSV (Macintosh)" ends lines with a lone CR: the file was refused with Python's own hint ("open the
    file in universal-newline mode"); it reads as the CRLF file does, rows at their lines."""
    path = _to_gbk_csv(tmp_path / "apps.csv")
    path.write_bytes(path.read_bytes().replace(b"\r\n", end.encode()))
    code, report = _check(str(path))
    assert code == 2
    _three(report)


def test_a_folder_with_only_the_workbook_gives_the_same_records(tmp_path: Path):
    _book(tmp_path / "apps.xlsx")
    code, report = _check(str(tmp_path))
    assert code == 2
    _three(report)


def _convert(path: Path, to: str, out: Path) -> Path:
    done = subprocess.run(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation=file://{out}/profile",
            "--convert-to",
            to,
            "--outdir",
            str(out),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    converted = out / (path.stem + "." + to.split(":")[0])
    assert converted.exists(), done.stdout + done.stderr
    return converted


@needs_soffice
@pytest.mark.parametrize("suffix", ["xls", "ods"])
def test_a_workbook_saved_by_libreoffice_reads_the_same(tmp_path: Path, suffix: str):
    source = _book(tmp_path / "apps.xlsx")
    converted = _convert(source, suffix, tmp_path / "lo")
    code, report = _check(str(converted))
    assert code == 2
    _three(report)


# ---- headers ----


def test_an_unknown_header_is_an_error_naming_the_cell_with_a_suggestion(tmp_path: Path):
    headers = [h if h != "开采方式" else "开彩方式" for h in HEADERS]
    code, report = _check(str(_book(tmp_path / "a.xlsx", headers=headers)))
    assert code == 2
    [record] = report["records"]  # no row is read under a header the map does not know
    [error] = record["errors"]
    assert (error["row"], error["cell"], error["header"]) == (2, "H2", "开彩方式")
    assert "'开采方式'" in error["message"]


def test_a_number_without_a_unit_is_refused_naming_the_cell(tmp_path: Path):
    headers = [h if not h.startswith("生产规模") else "生产规模" for h in HEADERS]
    code, report = _check(str(_book(tmp_path / "a.xlsx", headers=headers, rows=ROWS[1:2])))
    assert code == 2
    [error] = report["records"][0]["errors"]
    assert (error["field"], error["cell"]) == ("capacity", "I3") and "quantity" in error["message"]


def test_a_unit_in_the_cell_is_read_and_a_unit_in_the_header_checked(tmp_path: Path):
    rows = [[*ROWS[0][:8], "300吨/日", "小型", "甲"]]
    [item] = load_file(_book(tmp_path / "a.xlsx", rows=rows))
    assert item.record is not None and str(item.record.capacity) == "300吨/日"
    headers = [h if not h.startswith("生产规模") else "生产规模（万吨）" for h in HEADERS]
    [item] = load_file(_book(tmp_path / "b.xlsx", headers=headers))
    assert "amount, not a rate" in item.issues[0].message and item.issues[0].header == "生产规模（万吨）"


def test_values_are_read_as_written(tmp_path: Path):
    rows = [r[:] for r in ROWS[:3]]
    rows[0][8] = "0,5"  # a decimal comma, as text: refused as the YAML reader refuses it
    rows[1][8] = 2.0000000001  # Excel's arithmetic: shown as it is
    rows[2][5], rows[2][1] = "珲春市", 2025001  # an id typed as a number is its digits
    items = load_file(_book(tmp_path / "a.xlsx", rows=rows))
    assert "decimal comma" in items[0].issues[0].message or "comma" in items[0].issues[0].message
    assert str(items[1].record.capacity) == "2.0000000001万吨/年"
    assert items[2].record.id == "2025001"


def test_facts_booleans_and_dates_from_cells(tmp_path: Path):
    headers = [*HEADERS, "是否占用生态保护红线", "site.permanent_basic_farmland", "砷超标", "规划分区", "备注"]
    rows = [[*ROWS[1], "✓", False, "否", "无", "已踏勘"]]
    rows[0][4] = "2023/6/1"  # a date as text, as a CSV from Excel writes it
    [item] = load_file(_book(tmp_path / "a.xlsx", rows=rows, headers=headers))
    record = item.record
    assert record is not None, item.issues
    assert record.site.ecological_red_line is True and record.site.permanent_basic_farmland is False
    assert record.quality.arsenic_exceeds_standard is False and record.location.zones == []
    assert record.date == dt.date(2023, 6, 1)
    assert any(
        "备注" in note.text("en") and "已踏勘" in note.text("en") for note in item.notes
    )  # a remark is not read, but named


def test_several_minerals_in_one_cell(tmp_path: Path):
    rows = [[*ROWS[1][:6], "岩金、银", *ROWS[1][7:]]]
    [item] = load_file(_book(tmp_path / "a.xlsx", rows=rows))
    assert item.record is not None and item.record.all_minerals == ("岩金", "银")


def test_a_percentage_cell_is_not_taken_for_a_figure(tmp_path: Path):
    headers = [*HEADERS, "开采回采率（%）"]
    [item] = load_file(_book(tmp_path / "a.xlsx", rows=[[*ROWS[1], 0.85]], headers=headers))
    assert "percentage" in item.issues[0].message and item.issues[0].header == "开采回采率（%）"
    [item] = load_file(_book(tmp_path / "b.xlsx", rows=[[*ROWS[1], "85%"]], headers=headers))
    assert item.record is not None and item.record.recovery.mining == 85


def test_a_percentage_whose_cell_format_shows_another_unit_is_refused(tmp_path: Path):
    """850 formatted 0"‰" is 85%: read bare under 开采回采率（%） it would be 850%, or under 0"%" 850% as shown."""
    headers = [*HEADERS, "开采回采率（%）"]
    path = _book(tmp_path / "a.xlsx", rows=[[*ROWS[1], 85]], headers=headers, title="申请表")
    book = openpyxl.load_workbook(path)
    book.active["L3"].number_format = '0"‰"'
    book.save(path)
    [item] = load_file(path)
    [issue] = item.issues
    assert item.record is None and "adds '‰'" in issue.message and (issue.line, issue.column) == (3, 12)
    assert issue.field == "recovery.mining"  # the field the cell fills, as a record's error names it


def _formatted(path: Path, value: float, number_format: str) -> Path:
    """YB-002 (岩金, 地下开采, small deposit: 3万吨/年 at least) with its capacity cell, I3, holding ``value`` in
    ``number_format``."""
    path = _book(path, rows=[[*ROWS[1][:8], value, *ROWS[1][9:]]], title="申请表")
    book = openpyxl.load_workbook(path)
    book.active["I3"].number_format = number_format
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("number_format", "value"),
    [
        ("0!.0000", 20000),  # the 万 format: 20000 shown as 2.0000
        ('0!.0000"万吨/年"', 20000),  # the same, with the header's unit
        ("0.0,", 2000),  # 2.0: a trailing comma divides by 1 000
        ("#,##0.00,,", 2_000_000),  # 2.00
        ('0.0,"万"', 2000),
        ("000-0000", 20000),  # 002-0000: the digits cut by a literal
    ],
)
def test_a_number_shown_as_another_figure_is_refused_at_its_cell(tmp_path: Path, number_format: str, value: int):
    """The sheet shows 2 (万吨/年), below 专栏5's 3, while the cell holds 20 000: read as held, the mine would pass
    at 20 000万吨/年; read as shown by minplan's own rendering of Excel's formats, a misreading waits for the
    next format. Neither is taken: the cell is named, and what to do."""
    [item] = load_file(_formatted(tmp_path / "a.xlsx", value, number_format))
    [issue] = item.issues
    assert item.record is None and (issue.line, issue.column, issue.field) == (3, 9, "capacity")
    assert f"{value} is shown by its number format {number_format!r}, another figure than the cell holds" in (
        issue.message
    )


@pytest.mark.parametrize(
    "number_format", ["#,##0.00", "0.0", "0.00E+00", "0_);(0)", "General", "# ?/?", "[Red]0.00", '0"万吨/年"']
)
def test_a_number_shown_as_itself_is_read_whatever_its_format(tmp_path: Path, number_format: str):
    """Separators, decimals, exponents, fractions and colours show the figure the cell holds."""
    [item] = load_file(_formatted(tmp_path / "a.xlsx", 2.5, number_format))
    assert item.record is not None, item.issues
    assert item.record.capacity.value == 2.5 and item.record.capacity.unit.name == "万吨/年"


def _ods(path: Path, cells: list[tuple[str, str]]) -> Path:
    """An .ods of one record per (value, shown) pair: its capacity a number cell holding value, showing shown."""
    import zipfile

    def text(value: str) -> str:
        return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'

    header = "".join(text(h) for h in ["项目编号", "矿业权类型", "申请类型", "申请日期", "所在县（市、区）"])
    header += "".join(text(h) for h in ["开采矿种", "开采方式", "生产规模（万吨/年）", "矿床规模"])
    rows = [f"<table:table-row>{header}</table:table-row>"]
    for i, (value, shown) in enumerate(cells):
        row = "".join(text(v) for v in [f"R{i}", "采矿权", "新立", "2023-06-01", "珲春市", "岩金", "地下开采"])
        row += f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{shown}</text:p>'
        row += "</table:table-cell>" + text("小型")
        rows.append(f"<table:table-row>{row}</table:table-row>")
    oasis = "urn:oasis:names:tc:opendocument:xmlns"
    spaces = " ".join(f'xmlns:{name}="{oasis}:{name}:1.0"' for name in ("office", "table", "text", "manifest"))
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {spaces} office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="申请">'
        + "".join(rows)
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    kind = "application/vnd.oasis.opendocument.spreadsheet"
    manifest = (
        f'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest {spaces} manifest:version="1.2">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{kind}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", kind)
        book.writestr("META-INF/manifest.xml", manifest)
        book.writestr("content.xml", content)
    return path


def test_an_ods_number_shown_as_another_figure_is_refused_and_one_shown_in_any_locale_is_read(tmp_path: Path):
    """An .ods keeps what each cell shows: 40000 shown as 40 (a format dividing by 1 000) is refused, naming what
    it shows; 20000 shown 20,000 or 20 000, 2.5 shown 2,5 (a decimal comma) and 2.345 shown 2.35 are the figures
    they hold, and read."""
    shown_otherwise = [("40000", "40"), ("20000", "2.0000万吨/年"), ("2000", "2,0")]
    shown_so = [("20000", "20,000"), ("20000", "20 000"), ("2.5", "2,5"), ("2.345", "2.35")]
    items = load_file(_ods(tmp_path / "a.ods", shown_otherwise + shown_so))
    for item, (value, shown) in zip(items[:3], shown_otherwise, strict=True):
        [issue] = item.issues
        assert item.record is None and issue.field == "capacity"
        assert f"{value} is shown as “{shown}”, another figure than the cell holds" in issue.message
    assert [item.record.capacity.value for item in items[3:]] == [20000, 20000, 2.5, 2.345]


@needs_soffice
def test_a_number_libreoffice_shows_as_another_figure_is_refused(tmp_path: Path):
    """LibreOffice draws 0.0, as Excel does (2000 as 2.0) and keeps what it drew in the .ods; in the .xls it saves,
    the format is read by xlrd (calamine gives an .xls's values only)."""
    xlsx = _formatted(tmp_path / "a.xlsx", 2000, "0.0,")
    [item] = load_file(_convert(xlsx, "ods", tmp_path / "lo"))
    [issue] = item.issues
    assert item.record is None and issue.field == "capacity" and "2000 is shown as “2.0”" in issue.message
    [item] = load_file(_convert(xlsx, "xls", tmp_path / "xls"))
    [issue] = item.issues
    assert item.record is None and (issue.line, issue.column) == (3, 9)
    assert "2000 is shown by its number format '0.0,', another figure" in issue.message
    plain = _formatted(tmp_path / "b.xlsx", 2.5, "0.00")
    [item] = load_file(_convert(plain, "xls", tmp_path / "xls"))
    assert item.record is not None and item.record.capacity.value == 2.5


def _graded(path: Path, header: str, grades: list, number_format: str | None = None, units: str | None = None):
    """Three 300万吨/年 gold mines of 2014 in 珲春市 (under Jilin 2011's 7.3 吨 of gold a year), their grades in one
    column."""
    day = dt.date(2014, 6, 1)
    rows = [[f"G{i}", "采矿权", "新立", day, "珲春市", "岩金", "地下开采", 300, g] for i, g in enumerate(grades)]
    headers = ["项目编号", "矿业权类型", "申请类型", "申请日期", "所在县（市、区）", "开采矿种", "开采方式"]
    headers += ["生产规模（万吨/年）", header]
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(headers)
    if units is not None:
        ws.append([None] * (len(headers) - 1) + [units])
    for row in rows:
        ws.append(row)
        if number_format is not None:
            ws.cell(ws.max_row, len(headers)).number_format = number_format
    book.save(path)
    return path


def test_a_grade_column_in_grams_per_tonne_is_read_in_grams_per_tonne(tmp_path: Path):
    """5 under 平均品位（克/吨） is 5 g/t: 300万吨/年 of such ore holds 15 吨 of gold, twice Jilin 2011's figure."""
    path = _graded(tmp_path / "gold.xlsx", "平均品位（克/吨）", [5, "0.1", "0.5%"])
    items = load_file(path)
    assert [item.record.grade for item in items] == pytest.approx([0.0005, 0.00001, 0.5])
    _, report = _check(str(path))
    gold = {
        r["id"]: next(f for f in r["findings"] if f["rule"] == "jilin-2011/extraction-cap/gold")
        for r in report["records"]
    }
    assert gold["G0"]["status"] == "warn" and "品位 5克/吨" in gold["G0"]["message"]
    assert gold["G1"]["status"] == "pass"  # 0.3 吨 of gold
    assert gold["G2"]["status"] == "warn"  # 0.5% written so in the cell: 15 000 吨, as said


def test_the_same_grades_from_a_csv_and_from_a_row_of_units(tmp_path: Path):
    csv = tmp_path / "gold.csv"
    lines = ["项目编号,矿业权类型,申请类型,申请日期,所在县（市、区）,开采矿种,开采方式,生产规模（万吨/年）,品位（g/t）"]
    lines.append("G0,采矿权,新立,2014-06-01,珲春市,岩金,地下开采,300,5")
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [item] = load_file(csv)
    assert item.record is not None and item.record.grade == pytest.approx(0.0005)
    [item] = load_file(_graded(tmp_path / "units.xlsx", "品位", [5], units="克/吨"))
    assert item.record is not None and item.record.grade == pytest.approx(0.0005)
    [item] = load_file(_graded(tmp_path / "clash.xlsx", "品位（%）", [5], units="克/吨"))
    assert item.record is None and "write the column's unit once" in item.issues[0].message


@pytest.mark.parametrize("units", ["（克/吨）", "单位：克/吨", "（单位：克/吨）", "g/t "])
def test_a_row_of_units_in_brackets_or_after_a_word_for_unit(tmp_path: Path, units: str):
    [item] = load_file(_graded(tmp_path / "a.xlsx", "品位", [5], units=units))
    assert item.record is not None and item.record.grade == pytest.approx(0.0005)


@pytest.mark.parametrize("header", ["矿石密度（吨/m³）", "矿石密度（t/m³）", "矿石密度（吨/立方米）"])
def test_a_density_column_in_tonnes_per_cubic_metre_however_written(tmp_path: Path, header: str):
    [item] = load_file(_graded(tmp_path / "a.xlsx", header, [2.7], '0.0" 吨/m³"'))
    assert item.record is not None and item.record.density == pytest.approx(2.7), item.issues


def test_a_word_for_unit_in_the_first_column_of_the_row_of_units(tmp_path: Path):
    path = _graded(tmp_path / "a.xlsx", "品位", [5], units="克/吨")
    book = openpyxl.load_workbook(path)
    book.active["A2"] = "计量单位"
    book.save(path)
    [item] = load_file(path)
    assert item.record is not None and item.record.grade == pytest.approx(0.0005)


def test_a_row_of_units_not_read_under_a_rate_is_a_records_row_that_fails(tmp_path: Path):
    """Under 生产规模（万吨/年） the rows below keep the header's unit: the row alone is in error, as before."""
    path = _graded(tmp_path / "a.xlsx", "品位（克/吨）", [5, 3])
    book = openpyxl.load_workbook(path)
    book.active.insert_rows(2)
    book.active["H2"] = "万吨/a"
    book.save(path)
    first, *rest = load_file(path)
    assert first.record is None and first.issues and [r.record.grade for r in rest] == pytest.approx([0.0005, 0.0003])


@pytest.mark.parametrize("units", ["ppm", "g/t Au", "×10⁻⁶"])
def test_a_row_of_units_not_read_stops_the_sheet_rather_than_leave_its_grades_in_per_cent(tmp_path: Path, units: str):
    """Read as a record's row, it failed alone and the 5 below it passed for 5% (50 000 g/t)."""
    items = load_file(_graded(tmp_path / "a.xlsx", "品位", [5, 3], units=units))
    [item] = items
    assert item.record is None and item.issues[0].line == 2 and item.issues[0].column == 9
    assert "the row of units under the header" in item.issues[0].message and item.issues[0].field == "grade"


def test_a_column_without_a_unit_is_in_per_cent_as_any_grade_is(tmp_path: Path):
    items = load_file(_graded(tmp_path / "a.xlsx", "品位", [30, 0.5, "5 g/t"]))
    assert items[0].record.grade == 30 and items[2].record.grade == pytest.approx(0.0005)
    assert items[1].record is None and "percentage" in items[1].issues[0].message  # 0.5: 50% or 0.5%?


@pytest.mark.parametrize(
    ("header", "number_format", "grade", "refused"),
    [
        ("品位（克/吨）", "0%", None, "formatted as a percentage in a column in g/t"),  # 5% typed: 0.05 saved
        ("品位", '0.0"g/t"', 0.0005, None),  # the format says g/t
        ("品位", '0"%"', 5, None),  # a literal % after the figure
        ("品位（%）", '0.0"克/吨"', None, "the column takes %"),
        ("品位", '0"ppm"', None, "adds 'ppm'"),
        ("品位（ppm）", None, None, "unit 'ppm' is not read (grade takes % or g/t (克/吨) here)"),
    ],
)
def test_a_grade_the_sheet_does_not_say_the_unit_of_is_refused(
    tmp_path: Path, header: str, number_format: str | None, grade: float | None, refused: str | None
):
    [item] = load_file(_graded(tmp_path / "a.xlsx", header, [0.05 if number_format == "0%" else 5], number_format))
    if refused is None:
        assert item.record is not None and item.record.grade == pytest.approx(grade)
    else:
        assert item.record is None and refused in item.issues[0].message, item.issues


@needs_soffice
def test_grades_in_grams_per_tonne_survive_libreoffice(tmp_path: Path):
    source = _graded(tmp_path / "gold.xlsx", "平均品位（克/吨）", [5, "0.1"])
    for suffix in ("ods", "xls"):
        converted = _convert(source, suffix, tmp_path / f"lo-{suffix}")
        assert [item.record.grade for item in load_file(converted)] == pytest.approx([0.0005, 0.00001])
    shown = _convert(_graded(tmp_path / "shown.xlsx", "品位", [5], '0.0"g/t"'), "ods", tmp_path / "lo-shown")
    [item] = load_file(shown)
    assert item.record is not None and item.record.grade == pytest.approx(0.0005)  # an .ods says what it shows


@needs_soffice
@pytest.mark.parametrize(
    ("number_format", "grade", "refused"), [('0"  g/t"', 0.0005, None), ('"约"0"g/t"', None, "约")]
)
def test_what_an_ods_cell_shows_around_its_figure_is_read(
    tmp_path: Path, number_format: str, grade: float | None, refused: str | None
):
    """LibreOffice keeps a run of spaces as <text:s/>, and 约 before the figure is text the format adds too: both
    were missed, and 5 read bare as 5% under 品位."""
    ods = _convert(_graded(tmp_path / "a.xlsx", "品位", [5], number_format), "ods", tmp_path / "lo")
    [item] = load_file(ods)
    if refused is None:
        assert item.record is not None and item.record.grade == pytest.approx(grade)
    else:
        assert item.record is None and refused in item.issues[0].message


@needs_soffice
def test_what_an_ods_cell_shows_is_read_wherever_the_file_is_cut_into_chunks(tmp_path: Path, monkeypatch):
    """content.xml is read a chunk at a time: a paragraph cut by a chunk ("5<text:s/>g/t" split) was missed."""
    from minplan.readers import cells

    formats = ['0"  g/t"', '0.0" g/t"', '"约"0"g/t"', '0"  ppm"']
    source = _graded(tmp_path / "a.xlsx", "品位", [5, 5, 5, 5])
    book = openpyxl.load_workbook(source)
    for row, number_format in enumerate(formats, start=2):
        book.active.cell(row, 9).number_format = number_format
    book.save(source)
    data = _convert(source, "ods", tmp_path / "lo").read_bytes()
    [whole] = cells.extents(data, Limits()).values()
    assert sorted(whole.suffixes.values()) == ["g/t", "g/t", "ppm", "约 g/t"]
    for size in range(40, 400, 7):
        monkeypatch.setattr(cells, "_CHUNK", size)
        [cut] = cells.extents(data, Limits()).values()
        assert cut.suffixes == whole.suffixes, size


def test_an_ods_run_of_spaces_of_any_count_and_a_sheet_name_with_an_ampersand(tmp_path: Path):
    """<text:s text:c="99999999999"/> once asked for that many spaces, and a sheet named A&amp;B lost its formats."""
    from minplan.readers import cells

    cell = '<table:table-cell office:value-type="float" office:value="5"><text:p>5<text:s text:c="{}"/>g/t</text:p>'
    content = (
        '<office:document-content><table:table table:name="金矿A&amp;B"><table:table-row>'
        + cell.format("99999999999")
        + "</table:table-cell>"
        + cell.format("9" * 5000)
        + "</table:table-cell></table:table-row></table:table></office:document-content>"
    )
    path = tmp_path / "a.ods"
    import zipfile

    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        book.writestr("content.xml", content)
    found = cells.extents(path.read_bytes(), Limits())
    assert found is not None and list(found) == ["金矿A&B"]
    assert found["金矿A&B"].suffixes == {(0, 0): "g/t", (0, 1): "g/t"}


@needs_soffice
@pytest.mark.parametrize(
    ("header", "value", "number_format", "read"),
    [
        ("品位（克/吨）", 5, "[DBNum1][$-804]General", ("grade", 0.0005)),  # shown 五
        ("品位", 5, '[DBNum1][$-804]0"克/吨"', ("grade", 0.0005)),  # shown 五克/吨
        ("开采回采率（%）", 90, "[DBNum2][$-804]General", ("recovery.mining", 90)),  # shown 玖拾
        ("废渣综合利用率（%）", 0, '0;-0;"-"', ("operation.waste_residue_use_share", 0)),  # nought shown as a dash
        ("品位", 5, '"见附表"', None),  # the figure hidden behind a word: which unit, the sheet does not show
    ],
)
def test_an_ods_figure_drawn_otherwise_is_read_and_one_hidden_is_refused(
    tmp_path: Path, header: str, value: float, number_format: str, read: tuple[str, float] | None
):
    ods = _convert(_graded(tmp_path / "a.xlsx", header, [value], number_format), "ods", tmp_path / "lo")
    [item] = load_file(ods)
    if read is None:
        assert item.record is None and "见附表" in item.issues[0].message
        return
    assert item.record is not None, item.issues
    got: object = item.record
    for part in read[0].split("."):
        got = getattr(got, part)
    assert got == pytest.approx(read[1])


def test_a_row_of_units_with_one_not_read_beside_a_grades_is_refused(tmp_path: Path):
    """万吨/a beside 克/吨: read as a record's row, the 克/吨 was lost and the 5 below read as 5%."""
    path = _graded(tmp_path / "a.xlsx", "品位", [5])
    book = openpyxl.load_workbook(path)
    book.active.insert_rows(2)
    book.active["H2"], book.active["I2"] = "万吨/a", "克/吨"
    book.save(path)
    [item] = load_file(path)
    assert item.record is None and "the row of units under the header" in item.issues[0].message


@needs_soffice
def test_an_xls_grade_of_at_most_one_in_grams_per_tonne_is_refused_as_its_format_is_not_read(tmp_path: Path):
    """5% typed into a g/t cell of format 0% is saved as 0.05: an .xlsx says so, an .xls does not."""
    xls = _convert(_graded(tmp_path / "a.xlsx", "品位（克/吨）", [0.05, 5], "0%"), "xls", tmp_path / "lo")
    first, second = load_file(xls)
    assert first.record is None and "formats are not read here (.xls)" in first.issues[0].message
    assert second.record is not None and second.record.grade == pytest.approx(0.0005)
    # with no unit in the header, a format the .xls hides may have said g/t: the unit is asked for
    [item] = load_file(_convert(_graded(tmp_path / "b.xlsx", "品位", [5], '0"g/t"'), "xls", tmp_path / "lo-b"))
    assert item.record is None and "gives no unit" in item.issues[0].message
    [item] = load_file(_convert(_graded(tmp_path / "c.xlsx", "品位（%）", [5]), "xls", tmp_path / "lo-c"))
    assert item.record is not None and item.record.grade == 5


# ---- sheets ----


def _two_sheets(path: Path) -> Path:
    _book(path)
    book = openpyxl.load_workbook(path)
    book.create_sheet("说明").append(["本表由各县填报"])  # a sheet of text: no header
    book.create_sheet("Sheet3")  # empty
    notes = book["2023年申请"]
    notes.append([])
    notes.append(["合计", None, None, None, None, None, None, None, 10])
    notes.append(["注：生产规模单位为万吨/年。"])
    book.save(path)
    return path


def test_every_sheet_is_accounted_for(tmp_path: Path):
    path = _two_sheets(tmp_path / "apps.xlsx")
    code, report = _check(str(path))
    assert code == 2
    errors = [r for r in report["records"] if r.get("sheet") == "说明"]
    assert len(errors) == 1 and "no header row" in errors[0]["errors"][0]["message"]
    ignored = {i["file"].removeprefix(str(path) + " › "): i["reason"] for i in report["ignored"]}
    assert ignored == {
        "sheet Sheet3": "an empty sheet",
        "sheet 2023年申请 › rows 7–8": "notes or totals below the table",
    }
    code, report = _check(str(path), "--sheet", "2023年申请")
    _three(report)
    assert {i["reason"] for i in report["ignored"]} >= {"not chosen with --sheet"}
    code, report = _check(str(path), "--sheet", "2024年申请")
    assert code == 2 and any("no sheet named '2024年申请'" in r["errors"][0]["message"] for r in report["records"])


def test_a_row_of_one_cell_between_records_is_read_as_one_and_only_notes_below_the_table_are_passed_over(
    tmp_path: Path,
):
    """注销-02 alone in the id column, above a record, is an unfinished record (an error), not a note "below the
    table" (it was listed so, the span it gave, rows 3–5, taking in the record of row 4); a 注 row below the last
    record, and totals anywhere, are passed over, each row named."""
    path = tmp_path / "apps.csv"
    header = "编号,矿业权类型,申请类型,申请日期,所在县（市、区）,开采矿种,开采方式,生产规模（万吨/年）,矿床规模"
    record = "{},采矿权,新立,2023-06-01,珲春市,岩金,地下开采,4,小型"
    lines = [header, record.format("A1"), "注销-02", record.format("A3"), "小计,,,,,,,8,", record.format("A5")]
    lines += ["合计,,,,,,,12,", "注：生产规模单位为万吨/年。"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, report = _check(str(path))
    assert code == 2
    records = {r.get("line"): r for r in report["records"]}
    assert sorted(records) == [2, 3, 4, 6] and records[3]["status"] == "error"
    assert [i["file"] for i in report["ignored"]] == [f"{path} › rows 5, 7–8"]


def test_a_value_far_from_the_table_is_refused_not_a_crash(tmp_path: Path):
    path = _book(tmp_path / "apps.xlsx")
    book = openpyxl.load_workbook(path)
    book.active["XFD1048576"] = "x"  # calamine would ask for a dense grid of 17 billion cells
    book.save(path)
    items = load_file(path)
    assert len(items) == 1 and "XFD1048576" in items[0].issues[0].message


def test_more_rows_than_the_limit_are_refused(tmp_path: Path):
    items = load_file(_book(tmp_path / "a.xlsx"), Limits(max_documents=2))
    assert [i.id for i in items[:2]] == ["YB-001", "YB-002"] and "--max-documents" in items[2].issues[0].message


def test_the_limit_of_rows_is_of_the_whole_workbook_not_of_each_sheet(tmp_path: Path):
    """--max-documents bounds the records of one file, as a --- stream's: three sheets of two records each under a
    limit of 4 read four, and say the rest are not read (each sheet was counted afresh, and all six read)."""
    path = _book(tmp_path / "a.xlsx", rows=ROWS[:2])
    book = openpyxl.load_workbook(path)
    for name in ("二", "三"):
        book.copy_worksheet(book.active).title = name
    book.save(path)
    items = load_file(path, Limits(max_documents=4))
    assert [i.id for i in items if i.record is not None] == ["YB-001", "YB-002"] * 2
    [refused] = [i for i in items if i.record is None]
    assert "more than 4 records in one file" in refused.issues[0].message and refused.issues[0].sheet == "三"
    assert len(load_file(path, Limits(max_documents=6))) == 6


@pytest.mark.parametrize(
    ("header", "units", "unit"),
    [
        ("生产规模（10⁴t/a）", None, "万吨/年"),
        ("生产规模（10⁴m³/a）", None, "万立方米/年"),
        ("生产规模", "10⁴t/a", "万吨/年"),
    ],
)
def test_a_power_of_ten_written_in_superscript_in_a_header_is_read(
    tmp_path: Path, header: str, units: str | None, unit: str
):
    """生产规模（10⁴t/a）, as Chinese tables print it: folded, 10⁴ read as 104, an unknown unit '104t/a'."""
    path = tmp_path / "apps.csv"
    lines = [f"编号,矿业权类型,申请类型,申请日期,所在县（市、区）,开采矿种,开采方式,{header},矿床规模"]
    if units is not None:
        lines.append(",,,,,,," + units + ",")
    lines.append("A1,采矿权,新立,2023-06-01,珲春市,岩金,地下开采,2,小型")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [item] = load_file(path)
    assert item.record is not None, item.issues
    assert item.record.capacity.value == 2 and item.record.capacity.unit.name == unit


def test_a_sheet_cut_short_is_said_to_be_damaged(tmp_path: Path):
    """A sheet whose XML ends mid-tag gave calamine's bare "t" as the reason."""
    import zipfile

    whole = _book(tmp_path / "whole.xlsx")
    path = tmp_path / "cut.xlsx"
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(path, "w") as book:
        for item in source.infolist():
            data = source.read(item.filename)
            book.writestr(item, data[: len(data) // 2] if item.filename == "xl/worksheets/sheet1.xml" else data)
    [item] = load_file(path)
    [issue] = item.issues
    assert item.record is None and issue.sheet == "2023年申请"
    assert "cannot read the sheet (" in issue.message and "the workbook is damaged" in issue.message


def test_a_file_that_is_no_workbook_is_said_so(tmp_path: Path):
    path = tmp_path / "export.xls"
    path.write_text("<html><table><tr><td>编号</td></tr></table></html>", encoding="utf-8")
    [item] = load_file(path)
    assert "web page" in item.issues[0].message


# ---- the template ----


def test_init_writes_a_template_workbook_that_reads_back_as_one_record(tmp_path: Path):
    path = tmp_path / "template.xlsx"
    result = runner.invoke(app, ["init", "--format", "xlsx", "-o", str(path)])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(path).active
    lists = {str(v.sqref)[0]: v.formula1 for v in sheet.data_validations.dataValidation if v.formula1}
    assert lists["B"] == '"采矿权,探矿权"' and "珲春市" in lists["E"]
    [item] = load_file(path)
    assert item.record is not None, item.issues
    assert (item.record.id, item.record.location.county, item.record.capacity.value) == ("2025-001", "222404", 6)
    assert runner.invoke(app, ["init", "--format", "xlsx"]).exit_code == 2  # binary: needs -o


@needs_soffice
def test_the_template_survives_libreoffice(tmp_path: Path):
    path = tmp_path / "template.xlsx"
    runner.invoke(app, ["init", "--format", "xlsx", "-o", str(path)])
    for suffix in ("ods", "xls"):
        [item] = load_file(_convert(path, suffix, tmp_path / "lo"))
        assert item.record is not None and item.record.id == "2025-001", item.issues


# ---- results back to spreadsheets ----


def _results(tmp_path: Path) -> Path:
    out = tmp_path / "out" / "results.xlsx"
    out.parent.mkdir()
    result = runner.invoke(app, ["check", str(_book(tmp_path / "apps.xlsx")), "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 2, result.output
    return out


def test_the_results_workbook_opens_in_openpyxl(tmp_path: Path):
    book = openpyxl.load_workbook(_results(tmp_path))
    assert book.sheetnames == ["审查结果", "全部审查意见", "批量汇总审查"]
    sheet = book["审查结果"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    rows = {row[3]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["YB-001"][7] == "不通过" and "专栏5" in rows["YB-001"][9] and "≥ 3万吨/年" in rows["YB-001"][10]
    assert rows["YB-003"][7] == "错误" and "第 5 行，F 列" in rows["YB-003"][11]
    verdict = next(r for r in sheet.iter_rows(min_row=2) if r[3].value == "YB-001")[7]
    assert verdict.fill.fgColor.rgb.endswith("FFC7CE")  # coloured by status
    findings = list(book["全部审查意见"].iter_rows(min_row=2, values_only=True))
    assert any(r[0] == "YB-001" and r[4] == "yanbian-2021/min-scale/gold" and r[9] == "不通过" for r in findings)


@needs_soffice
def test_the_results_workbook_opens_in_libreoffice(tmp_path: Path):
    converted = _convert(_results(tmp_path), "csv:Text - txt - csv (StarCalc):44,34,76,1", tmp_path / "lo")
    text = converted.read_text(encoding="utf-8")
    for expected in ("YB-001", "不通过", "专栏5", "YB-003", "错误"):
        assert expected in text


def test_a_workbook_is_not_written_to_a_terminal(tmp_path: Path, monkeypatch):
    from minplan.outputs import OutputError
    from minplan.report.formats.xlsx import binary

    class Terminal:
        def isatty(self) -> bool:
            return True

    with pytest.raises(OutputError, match="terminal"):
        binary(Terminal())


def test_csv_results_are_one_row_per_finding_with_a_bom(tmp_path: Path):
    rows = [r[:] for r in ROWS]
    rows[0][10] = '=HYPERLINK("x")'  # a holder that a spreadsheet would run as a formula
    out = tmp_path / "results.csv"
    runner.invoke(app, ["check", str(_book(tmp_path / "apps.xlsx", rows=rows)), "--format", "csv", "-o", str(out)])
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    import csv
    import io

    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0][:5] == ["编号", "文件", "工作表", "行", "规则"]
    assert any(r[0] == "YB-001" and r[4] == "yanbian-2021/min-scale/gold" and r[9] == "不通过" for r in table)
    assert all(not cell.startswith("=") for row in table for cell in row)


def test_a_report_written_into_the_folder_is_not_read_as_records(tmp_path: Path):
    _book(tmp_path / "apps.xlsx")
    for fmt in ("xlsx", "csv"):
        out = tmp_path / "reports" / f"r.{fmt}"
        out.parent.mkdir(exist_ok=True)
        runner.invoke(app, ["check", str(tmp_path / "apps.xlsx"), "--format", fmt, "-o", str(out)])
    _code, report = _check(str(tmp_path))
    _three(report)
    assert {Path(i["file"]).name for i in report["ignored"]} >= {"r.xlsx", "r.csv"}


# ---- the ledger ----


def _ledger(path: Path) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["洮南市现有矿山台账", None])
    ws = book.create_sheet("台账")
    ws.append(["洮南市矿山台账"])
    ws.merge_cells("A1:G1")
    ws.append(["矿山编号", "县（市、区）", "开采矿种", "生产规模（万立方米/年）", "矿山规模", "采矿权人", "规划区块"])
    for i in range(10):
        ws.append([f"M{i}", "洮南市", "建筑用砂", 10, "小型", f"老矿{i}", "CS002" if i == 0 else None])
    book.save(path)
    return path


def test_a_ledger_on_the_second_sheet_with_chinese_headers(tmp_path: Path, corpus):
    path = _ledger(tmp_path / "ledger.xlsx")
    with pytest.raises(BaselineError, match="› 说明: no header row"):
        load_baseline(path, corpus)  # a sheet with text and no table is no silent 0 mines
    book = openpyxl.load_workbook(path)
    del book["说明"]
    book.save(path)
    mines = load_baseline(path, corpus)
    assert len(mines) == 10 and mines.sources[0].sheet == "台账" and mines.sources[0].count == 10
    assert str(mines[0].capacity) == "10万立方米/年" and mines[0].zones == ["CS002"]


def test_the_report_says_how_many_mines_came_from_which_sheet(tmp_path: Path):
    path = _ledger(tmp_path / "ledger.xlsx")
    book = openpyxl.load_workbook(path)
    del book["说明"]
    book.save(path)
    _code, report = _check(str(_book(tmp_path / "apps.xlsx", rows=ROWS[:2])), "--baseline", str(path), "--lang", "en")
    assert any("10 from" in n and "台账" in n for n in report["notes"]), report["notes"]


def test_a_ledger_zone_named_by_its_printed_name_resolves_as_a_records_does(tmp_path: Path, corpus):
    path = tmp_path / "ledger.yaml"
    zone = next(z for z in corpus.plans["taonan-2021"].zones if z.code.upper() == "CS002")
    path.write_text(f"mines:\n  - {{id: 0300, county: 洮南市, mineral: 建筑用砂, zones: [{zone.name}]}}\n", "utf-8")
    [mine] = load_baseline(path, corpus)
    assert mine.id == "0300" and mine.zones == ["CS002"]  # read as written: not YAML 1.1's octal 192


def test_a_bad_ledger_row_names_sheet_row_and_column(tmp_path: Path, corpus):
    path = _ledger(tmp_path / "ledger.xlsx")
    book = openpyxl.load_workbook(path)
    del book["说明"]
    book["台账"]["B5"] = "无此县"
    book.save(path)
    with pytest.raises(BaselineError, match=r"台账 › row 5, column B \(县（市、区）\)"):
        load_baseline(path, corpus)
