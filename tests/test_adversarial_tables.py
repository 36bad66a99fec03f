"""Careless spreadsheets: every row is read under its own header, or said why not — never read under another
table's header, nor passed over as a title row."""

from __future__ import annotations

import io

import openpyxl

from minplan.loader import Loaded, load_source
from minplan.readers import Source

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
