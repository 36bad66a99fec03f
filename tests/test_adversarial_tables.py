"""Careless spreadsheets: every row is read under its own header, or said why not — never read under another
table's header, nor passed over as a title row."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from minplan.loader import Loaded, load_source
from minplan.readers import Limits, Source
from minplan.readers.cells import percent_format

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

HEAD = ["编号", "矿业权类型", "申请类型", "申请日期", "所在县（市、区）", "开采矿种", "开采方式", "生产规模（万吨/年）"]
ROW = ["A-1", "采矿权", "新立", "2023-06-01", "珲春市", "岩金", "地下开采", 4]


def _book(rows: list[list[object]]) -> list[Loaded]:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "申请"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return load_source(Source("a.xlsx", buffer.getvalue()))


def test_a_table_above_a_wider_table_is_said_not_passed_over_as_title_rows():
    # the header row is the one naming the most columns: the rows of a first, narrower table above it were
    # taken for title rows and dropped without a word
    items = _book([HEAD, ROW, ["A-2", *ROW[1:]], [], ["二、探矿权"], [*HEAD, "申请人"], ["B-1", *ROW[1:], "某公司"]])
    records = [i.record.id for i in items if i.record is not None]
    problems = [str(issue) for i in items for issue in i.issues]
    assert records == ["B-1"]
    assert any("row 1 is a header row too" in p and "rows 1–5 are not read" in p for p in problems), problems


def test_a_second_header_row_below_is_refused_not_read_as_a_record():
    # a second table with another unit: its rows are not read in the first table's unit
    other = [*HEAD[:7], "生产规模（吨/日）"]
    items = _book([HEAD, ROW, [], other, ["B-1", *ROW[1:7], 100]])
    assert [i.record.id for i in items if i.record is not None] == ["A-1"]
    [refused] = [i for i in items if i.issues]
    assert refused.row == 4 and "header row too" in refused.issues[0].message
    assert not any(i.record is not None and i.record.id == "B-1" for i in items)


def test_the_header_repeated_between_groups_of_rows_is_listed_and_passed_over():
    items = _book([HEAD, ROW, HEAD, ["A-2", *ROW[1:]]])
    assert [i.record.id for i in items if i.record is not None] == ["A-1", "A-2"]
    [ignored] = [i.ignored for i in items if i.ignored is not None]
    assert "row 3" in ignored.path and "repeated" in ignored.reason


def test_a_row_of_units_that_disagrees_with_the_headers_unit_is_refused():
    # 生产规模（万吨/年） over a row of units 吨/日: the number 4 was read as 4 吨/日, the header's unit dropped
    units = [None] * 7 + ["吨/日"]
    [item] = _book([HEAD, units, ROW])
    assert item.record is None
    [issue] = item.issues
    assert issue.line == 2 and "万吨/年" in issue.message and "吨/日" in issue.message
    [item] = _book([HEAD, [None] * 7 + ["万t/a"], ROW])  # the same unit spelled otherwise
    assert item.record is not None and str(item.record.capacity) == "4万吨/年"


# ---- a number cell formatted as a percentage is read as it shows ----


def _percent_book(path: Path, formats: dict[str, str], values: list[object]) -> Path:
    headers = [*HEAD, "开采回采率", "开采量占天然流量比例", "品位", "选矿回收率"]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    sheet.append([*ROW, *values])
    for cell, code in formats.items():
        sheet[cell].number_format = code
    book.save(path)
    return path


def test_a_cell_shown_as_a_percentage_is_read_as_it_shows(tmp_path: Path):
    # 120% of the natural flow was read as 1.2%, an iron grade of 62% as 0.62%: both would pass what they break
    path = _percent_book(
        tmp_path / "a.xlsx", {"I2": "0%", "J2": "0%", "K2": "0.0%", "L2": '0"%"'}, [0.57, 1.2, 0.62, 85]
    )
    [item] = load_source(Source(path.name, path.read_bytes()))
    record = item.record
    assert record is not None, [str(i) for i in item.issues]
    assert record.recovery.mining == 57  # not 56.99999999999999
    assert record.operation.natural_flow_share == 120 and record.grade == 62
    assert record.recovery.processing == 85  # a literal "%" in the format is no percentage


def test_a_number_of_at_most_one_without_a_percentage_format_is_still_refused(tmp_path: Path):
    path = _percent_book(tmp_path / "a.xlsx", {}, [0.85, None, None, None])
    [item] = load_source(Source(path.name, path.read_bytes()))
    assert item.record is None and "percentage" in item.issues[0].message


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_percentage_cell_of_a_workbook_saved_by_libreoffice_as_ods(tmp_path: Path):
    source = _percent_book(tmp_path / "a.xlsx", {"I2": "0%", "J2": "0%", "L2": "0%"}, [0.9, 1.2, None, 0.9])
    converted = _libreoffice(source, "ods")
    [item] = load_source(Source(converted.name, converted.read_bytes()))
    assert item.record is not None, [str(i) for i in item.issues]
    assert item.record.recovery.mining == 90 and item.record.recovery.processing == 90
    assert item.record.operation.natural_flow_share == 120


def test_percent_formats():
    assert percent_format("0%") and percent_format("0.00%;[Red]-0.00%") and percent_format('#,##0.0"x"%')
    assert not percent_format('0"%"') and not percent_format("0\\%") and not percent_format("General")


# ---- a formula whose saved value is an error is no empty cell ----


def _with_error(path: Path, cell: str, formula: str, error: str) -> Path:
    """A workbook whose ``cell`` holds ``formula`` with the error Excel saves for it (openpyxl saves no values)."""
    import re
    import zipfile

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([*HEAD, "生态保护红线"])
    sheet.append([*ROW, "否"])
    plain = io.BytesIO()
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = re.sub(
                    rf'<c r="{cell}"[^>]*>.*?</c>',
                    f'<c r="{cell}" t="e"><f>{formula}</f><v>{error}</v></c>',
                    data.decode("utf-8"),
                )
                data = text.encode("utf-8")
            out.writestr(item, data)
    return path


@pytest.mark.parametrize(("cell", "field"), [("H2", "capacity"), ("I2", "site.ecological_red_line")])
def test_a_formula_error_is_refused_naming_the_cell_not_read_as_not_stated(tmp_path: Path, cell: str, field: str):
    # calamine reads #DIV/0! as an empty cell: the record was judged as if the fact were not stated
    path = _with_error(tmp_path / "a.xlsx", cell, "1/0", "#DIV/0!")
    [item] = load_source(Source(path.name, path.read_bytes()))
    assert item.record is None
    [issue] = item.issues
    assert "error" in issue.message and issue.line == 2 and issue.column == ord(cell[0]) - 64


# ---- a CSV's separator is the one its header is written with ----


@pytest.mark.parametrize("separator", ["\t", ";"])
def test_a_csv_separated_by_tabs_or_semicolons_may_hold_commas(separator: str):
    # a comma anywhere in the first lines made the comma the separator: the whole file was refused as headerless
    header = separator.join([*HEAD[:7], "生产规模（万吨/年）", "申请人"])
    row = separator.join(["A-1", "采矿权", "新立", "2023-06-01", "珲春市", "岩金", "地下开采", "4", "某某,有限公司"])
    [item] = load_source(Source("a.csv", f"{header}\n{row}\n".encode()))
    assert item.record is not None, [str(i) for i in item.issues]
    assert item.record.holder == "某某,有限公司"
    header = header.replace("所在县（市、区）", "所在县(市,区)")  # a header the map lists with a comma
    [item] = load_source(Source("a.csv", f"{header}\n{row}\n".encode()))
    assert item.record is not None and item.record.location.county == "222404"


def _libreoffice(source: Path, to: str) -> Path:
    out = source.parent / "lo"
    command = [SOFFICE, "--headless", f"-env:UserInstallation=file://{out}/profile", "--convert-to", to]
    done = subprocess.run([*command, "--outdir", str(out), str(source)], capture_output=True, timeout=180)
    assert done.returncode == 0, done.stderr
    return out / f"{source.stem}.{to}"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_cell_merged_over_rows_of_an_ods_stands_in_each_of_them(tmp_path: Path):
    # calamine gives no merged ranges for an ods: the county written once for three records was missing in two
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([*HEAD, "生态保护红线"])
    for i in range(3):
        sheet.append([f"A-{i}", *ROW[1:4], "珲春市" if i == 0 else None, *ROW[5:], "否" if i == 0 else None])
    sheet.merge_cells("E2:E4")
    sheet.merge_cells("I2:I4")
    book.save(tmp_path / "a.xlsx")
    converted = _libreoffice(tmp_path / "a.xlsx", "ods")
    items = load_source(Source(converted.name, converted.read_bytes()))
    assert [i.record.location.county for i in items if i.record] == ["222404"] * 3, [
        str(x) for i in items for x in i.issues
    ]
    assert [i.record.site.ecological_red_line for i in items] == [False] * 3


# ---- a name that holds 、 is not cut at it ----


def test_a_technique_whose_name_holds_a_separator_is_read_whole():
    # the table's list cell is split at 、: the plan's own words for restricted techniques were refused in two halves
    head = [*HEAD, "采选工艺", "申请材料"]
    items = _book(
        [
            head,
            [*ROW, "国家限制和淘汰的采选技术、工艺和设备", "开发利用方案"],
            ["A-2", *ROW[1:], "氰化法、国家限制和淘汰的采选技术、工艺和设备，凿井", "开发利用方案、土地复垦方案"],
        ]
    )
    assert [i.record.techniques for i in items] == [
        ["restricted_or_obsolete"],
        ["cyanidation", "restricted_or_obsolete", "well_drilling"],
    ]
    assert items[1].record.documents == ["development_plan", "land_reclamation_plan"]


def test_a_yaml_string_of_several_documents_is_their_list_and_an_unknown_one_refused():
    from minplan.loader import load_text

    text = "\n".join(
        [
            "id: A-1",
            "right: 采矿权",
            "application: 新立",
            "date: 2023-06-01",
            "location: {county: 珲春市}",
            "mineral: 岩金",
            "documents: 开发利用方案、土地复垦方案",
        ]
    )
    [item] = load_text(text, "a.yaml")
    assert item.record is not None and item.record.documents == ["development_plan", "land_reclamation_plan"]
    [item] = load_text(text.replace("土地复垦方案", "某某方案"), "a.yaml")
    assert item.record is None and item.issues[0].field == "documents[1]"


@pytest.mark.parametrize("cell", ["、", "，", "；", " ; "])
def test_a_cell_of_separators_alone_is_refused_not_read_as_none(cell: str):
    # split at its separators, a cell of nothing else gave no piece: read as [], a statement that the
    # application carries no documents (and a site in no zone), where the cell names nothing
    head = [*HEAD, "规划分区", "申请材料"]
    items = _book([head, [*ROW, "无", cell], ["A-2", *ROW[1:], cell, "开发利用方案"]])
    assert items[0].record is None and items[0].issues[0].field == "documents[0]"
    # zones are resolved against the plans in force when the record is judged, which refuses the text
    assert items[1].record is not None and items[1].record.location.zones != []


@pytest.mark.parametrize("field", ["documents", "techniques", "associated_minerals"])
def test_a_yaml_string_of_separators_alone_is_refused_not_read_as_none(field: str):
    from minplan.loader import load_text

    text = "\n".join(
        [
            "id: A-1",
            "right: 采矿权",
            "application: 新立",
            "date: 2023-06-01",
            "location: {county: 珲春市}",
            "mineral: 岩金",
            f'{field}: "、"',
        ]
    )
    [item] = load_text(text, "a.yaml")
    assert item.record is None and item.issues[0].field == f"{field}[0]"


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_sheet_with_no_table_is_listed_as_ignored_not_an_error(state: str):
    book = openpyxl.Workbook()
    book.active.title = "申请"
    book.active.append(HEAD)
    book.active.append(ROW)
    notes = book.create_sheet("辅助")
    notes.append(["下拉选项", "采矿权", "探矿权"])
    notes.sheet_state = state
    buffer = io.BytesIO()
    book.save(buffer)
    items = load_source(Source("a.xlsx", buffer.getvalue()))
    assert [i.record.id for i in items if i.record is not None] == ["A-1"]
    assert not [i for i in items if i.issues], [str(p) for i in items for p in i.issues]
    [ignored] = [i.ignored for i in items if i.ignored is not None]
    assert "辅助" in ignored.path and "hidden" in ignored.reason


@pytest.mark.parametrize(("value", "code"), [(0.03, "0%"), (3, "0%"), (250, "0.00%")])
def test_a_number_shown_as_a_percentage_outside_a_percentage_column_is_refused(value: float, code: str):
    # 3 typed into a capacity cell formatted as 0% is saved as 0.03: read as 0.03万吨/年 while the sheet shows 3%
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "申请"
    sheet.append([*HEAD, "年工作天数"])
    sheet.append([*ROW, 300])
    sheet["H2"].value = value
    sheet["H2"].number_format = code
    sheet["I2"].number_format = code  # the working days too
    buffer = io.BytesIO()
    book.save(buffer)
    [item] = load_source(Source("a.xlsx", buffer.getvalue()))
    assert item.record is None
    assert [(i.column, "percentage" in i.message) for i in item.issues] == [(8, True)]
    sheet["H2"].number_format = "General"
    buffer = io.BytesIO()
    book.save(buffer)
    [item] = load_source(Source("a.xlsx", buffer.getvalue()))
    assert item.issues and "percentage" in item.issues[0].message and item.issues[0].column == 9


@pytest.mark.parametrize(
    ("code", "read"), [('0"吨/日"', None), ("0\\t", None), ('0"万吨/年"', 300.0), ("#,##0", 300.0)]
)
def test_a_number_whose_format_shows_another_unit_than_the_header_is_refused(code: str, read: float | None):
    # 300 formatted 0"吨/日" under 生产规模（万吨/年） shows 300吨/日 (9万吨/年): it was read as 300万吨/年
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "申请"
    sheet.append(HEAD)
    sheet.append([*ROW[:-1], 300])
    sheet["H2"].number_format = code
    buffer = io.BytesIO()
    book.save(buffer)
    [item] = load_source(Source("a.xlsx", buffer.getvalue()))
    if read is None:
        assert item.record is None and item.issues[0].column == 8 and "number format" in item.issues[0].message
    else:
        assert item.record is not None and item.record.capacity.value == read


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize(("code", "read"), [('0"吨/日"', None), ('0"万吨/年"', 300.0), ("#,##0", 300.0)])
def test_an_ods_number_that_shows_another_unit_than_the_header_is_refused(tmp_path: Path, code: str, read):
    """The same in OpenDocument as LibreOffice saves it: the cell's shown text (300吨/日) gives what its style adds."""
    from test_sheets import _convert

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "申请"
    sheet.append(HEAD)
    for n in range(3):
        sheet.append([*ROW[:-1], 300])
        sheet.cell(row=n + 2, column=8).number_format = code
    sheet.append(["A-9", *ROW[1:-1], 300])  # a row of no number format, beside them
    xlsx = tmp_path / "a.xlsx"
    book.save(xlsx)
    ods = _convert(xlsx, "ods", tmp_path)
    items = load_source(Source(str(ods), ods.read_bytes()))
    assert len(items) == 4 and items[-1].record is not None and items[-1].record.capacity.value == 300.0
    for item in items[:3]:
        if read is None:
            assert item.record is None and item.issues[0].column == 8 and "number format" in item.issues[0].message
        else:
            assert item.record is not None and item.record.capacity.value == read


def test_a_repeated_ods_row_keeps_the_text_its_figure_shows():
    """A row written once for several (table:number-rows-repeated) shows one text for all its cells."""
    import zipfile

    from minplan.readers.cells import extents

    cell = '<table:table-cell office:value-type="float" office:value="300"><text:p>300吨/日</text:p></table:table-cell>'
    content = (
        '<office:document-content><office:body><office:spreadsheet><table:table table:name="申请">'
        f'<table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'
        f'</table:table-row><table:table-row table:number-rows-repeated="3">{cell}</table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        book.writestr("content.xml", content)
    found = extents(buffer.getvalue(), Limits())["申请"]
    assert [found.suffix_at(row, 0) for row in range(5)] == [None, "吨/日", "吨/日", "吨/日", None]


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_true_and_false_of_an_xlsx_saved_as_ods_by_libreoffice_read_as_written(tmp_path: Path):
    """LibreOffice saves an .xlsx's TRUE and FALSE cells as the formulas TRUE() and FALSE() over the numbers 1 and
    0: read as the truth values the sheet shows, as in the .xlsx, not refused as numbers."""
    from test_sheets import _convert

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "申请"
    sheet.append([*HEAD, "涉及生态保护红线", "占用永久基本农田"])
    sheet.append([*ROW, True, False])
    sheet.append([*ROW[:-1], 1, False, True])  # the capacity a number 1 beside them: still the number
    xlsx = tmp_path / "a.xlsx"
    book.save(xlsx)
    for path in (xlsx, _convert(xlsx, "ods", tmp_path)):
        items = load_source(Source(str(path), path.read_bytes()))
        assert [i.issues for i in items] == [[], []], path
        site = [(i.record.site.ecological_red_line, i.record.site.permanent_basic_farmland) for i in items]
        assert site == [(True, False), (False, True)], path
        assert items[1].record.capacity.value == 1.0
