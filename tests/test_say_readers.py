"""The readers' refusals of a file, said in Chinese as well as English: a YAML, JSON or CSV file that cannot be
read, a spreadsheet's cell refused, a file that is not a regular one, a folder with no record in it. The English
is what it was; the Chinese is Chinese (another program's own words, PyYAML's or Python's, kept as written)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from minplan.cli import app
from minplan.inputs import collect
from minplan.loader import Issue, load_file, load_source, load_text
from minplan.readers import Limits, Source
from minplan.readers.yaml import DataFileError, read_data

CJK = re.compile(r"[\u4e00-\u9fff]")
SENTENCE = re.compile(r"[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){2,}")  # three English words in a row
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
posix = pytest.mark.skipif(os.name != "posix", reason="FIFOs and links as POSIX has them")
cli = CliRunner()

HEADERS = ["序号", "项目编号", "矿业权类型", "申请类型", "申请日期", "所在县（市、区）", "开采矿种", "开采方式"]
HEADERS += ["生产规模（万吨/年）", "矿床规模", "申请人"]
ROW = [2, "YB-002", "采矿权", "新立", dt.date(2023, 6, 1), "珲春市", "岩金", "地下开采", 4, "小型", "乙矿业"]


def _chinese(zh: str | None, *words: str, kept: tuple[str, ...] = ()) -> str:
    """``zh`` is Chinese: it holds ``words`` and, but for ``kept`` (another program's words), no English sentence."""
    assert zh and CJK.search(zh), zh
    for word in words:
        assert word in zh, (word, zh)
    rest = zh
    for text in kept:
        rest = rest.replace(text, "")
    assert not SENTENCE.search(rest), zh
    return zh


def _one(items: list) -> Issue:
    [item] = items
    [issue] = item.issues
    return issue


def _book(path: Path, rows: list[list], headers: list[str] = HEADERS, formats: dict[str, str] | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2023年申请"
    sheet.append(["申请表"])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    for cell, number_format in (formats or {}).items():
        sheet[cell].number_format = number_format
    book.save(path)
    return path


# ---- YAML ----


def test_a_yaml_syntax_error_keeps_pyyaml_words_in_a_chinese_frame():
    issue = _one(load_text("id: [1, 2\n", "a.yaml"))
    after = " (this document and any after it in the file are not read)"
    assert issue.message.startswith("YAML syntax error: ") and issue.message.endswith(after)
    pyyaml = issue.message.removeprefix("YAML syntax error: ").removesuffix(after)
    assert pyyaml == "while parsing a flow sequence did not find expected ',' or ']'"
    assert issue.zh == f"YAML 语法错误：{pyyaml}（本文档及文件中其后的文档均未读取）"
    _chinese(issue.zh, kept=(pyyaml,))
    assert issue.text("zh") == f"第 2 行，第 1 列：{issue.zh}"


@pytest.mark.parametrize(
    ("text", "limits", "english", "chinese"),
    [
        ("id: a\nid: b\n", Limits(), "duplicate key 'id'", "重复的键 'id'"),
        (
            "id: !!python/object:os.system x\n",
            Limits(),
            "tag '!!python/object:os.system' is not allowed (only plain YAML values)",
            "不允许使用标签 '!!python/object:os.system'（只接受普通的 YAML 值）",
        ),
        ("<<: {a: 1}\n", Limits(), "merge keys (<<) are not read: write the keys out", "不读取合并键（<<）"),
        ("a: [[[[[[1]]]]]]\n", Limits(max_depth=3), "nesting deeper than 3 levels", "嵌套超过 3 层"),
        (
            "a: &x [1, 2, 3, 4, 5, 6]\nb: [*x, *x, *x, *x]\n",
            Limits(max_nodes=12),
            "document too large or alias expansion too deep (over 12 values)",
            "文档过大或别名展开过深（超过 12 个值）",
        ),
        ("[a, b]: 1\n", Limits(), "a mapping key must be a plain value", "映射的键必须是普通值"),
    ],
)
def test_a_yaml_value_refused_is_said_in_both(text: str, limits: Limits, english: str, chinese: str):
    issue = _one(load_text(text, "a.yaml", limits=limits))
    assert issue.message == english
    _chinese(issue.zh, chinese)


def test_too_many_documents_is_said_in_both():
    items = load_text("---\nid: 1\n---\nid: 2\n---\nid: 3\n", "a.yaml", limits=Limits(max_documents=2))
    issue = items[-1].issues[0]
    assert issue.message == (
        "more than 2 documents in one file (--max-documents): document 3 and those after it are not read"
    )
    assert _chinese(issue.zh, "--max-documents") == (
        "一个文件中的文档超过 2 个（--max-documents）：第 3 个文档及其后的文档未读取"
    )


def test_too_many_values_in_a_file_is_said_in_both():
    text = "".join(f"---\nid: '{i}'\nzones: [a, b, c, d]\n" for i in range(5))
    items = load_text(text, "a.yaml", limits=Limits(max_file_nodes=20))
    issue = items[-1].issues[-1]
    assert issue.message.startswith("the file holds more than 20 values")
    _chinese(issue.zh, "文件中的值超过 20 个")


def test_a_corpus_file_refused_says_why_in_both():
    """A corpus file (rules, plans): a second document, and a plain scalar YAML 1.1 reads as another value."""
    with pytest.raises(DataFileError) as caught:
        read_data(Source("r.yaml", b"a: 1\n---\nb: 2\n"))
    assert str(caught.value) == "r.yaml: line 3: a corpus file holds one YAML document; a second starts here"
    assert caught.value.msg.text("en") == str(caught.value)
    assert caught.value.msg.text("zh") == "r.yaml：第 3 行：规则库文件只能包含一个 YAML 文档；此处开始了第二个文档"
    with pytest.raises(DataFileError) as caught:
        read_data(Source("r.yaml", b"a: 0100\nb: yes\n"))
    assert str(caught.value).endswith(
        "a: '0100' is read by YAML 1.1 as 64: write a decimal number, or quote it if it is text"
    )
    _chinese(caught.value.msg.text("zh"), "YAML 1.1 会将 '0100' 读作 64", "十进制数", "请加引号")
    with pytest.raises(DataFileError) as caught:
        read_data(Source("r.yaml", b"a: 2024-13-01\n"))
    assert str(caught.value).endswith("a: invalid date '2024-13-01': month must be in 1..12")
    _chinese(caught.value.msg.text("zh"), "无效的日期 '2024-13-01'", kept=("month must be in 1..12",))


# ---- JSON ----


@pytest.mark.parametrize(
    ("text", "limits", "english", "chinese"),
    [
        ('{"id": NaN}', Limits(), "NaN is not a number JSON allows", "NaN 不是 JSON 允许的数字"),
        ('{"id": 1, "id": 2}', Limits(), "duplicate key 'id'", "重复的键 'id'"),
        ('{"id": ' + "1" * 1200 + "}", Limits(), "a number of more than 1000 digits", "数字超过 1000 位"),
        ("[[[[[[1]]]]]]", Limits(max_depth=3), "nesting deeper than 3 levels", "嵌套超过 3 层"),
        ("[" + ",".join(["1"] * 30) + "]", Limits(max_nodes=20), "document too large (over 20 values)", "文档过大"),
    ],
)
def test_a_json_file_refused_is_said_in_both(text: str, limits: Limits, english: str, chinese: str):
    issue = _one(load_text(text, "a.json", limits=limits))
    assert issue.message == english
    _chinese(issue.zh, chinese)


def test_a_json_syntax_error_keeps_pythons_words():
    issue = _one(load_text('{"id": 1,', "a.json"))
    assert issue.message == "JSON syntax error: Expecting property name enclosed in double quotes"
    assert issue.zh == "JSON 语法错误：Expecting property name enclosed in double quotes"


# ---- bytes ----


def test_a_file_that_cannot_be_decoded_is_said_in_both():
    issue = _one(load_source(Source("a.yaml", b"id: \x81\x30")))
    assert issue.message == "cannot decode the file as UTF-8, UTF-16 or GB18030 (incomplete multibyte sequence)"
    assert issue.zh == "无法按 UTF-8、UTF-16 或 GB18030 编码解码文件（incomplete multibyte sequence）"
    issue = _one(load_source(Source("a.yaml", b"\xef\xbb\xbfid: \xff")))
    assert issue.message == "cannot decode the file as utf-8-sig (invalid start byte)"
    _chinese(issue.zh, "无法按 utf-8-sig 编码解码文件", kept=("invalid start byte",))


def test_a_file_over_the_limit_is_said_in_both(tmp_path: Path):
    path = tmp_path / "big.yaml"
    path.write_text("id: x\n" * 100, encoding="utf-8")
    issue = _one(load_file(path, Limits(max_bytes=50)))
    assert issue.message == "file is larger than the limit of 50 bytes (--max-bytes)"
    assert issue.zh == "文件大小超过 50 字节的上限（--max-bytes）"


@posix
def test_a_fifo_and_a_link_to_nothing_are_said_in_both(tmp_path: Path):
    os.mkfifo(tmp_path / "fifo.yaml")
    issue = _one(load_file(tmp_path / "fifo.yaml"))
    assert issue.message == "not read: a FIFO (named pipe), not a regular file"
    assert issue.zh == "未读取：FIFO（命名管道），不是常规文件"
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "nowhere")
    issue = _one(load_file(tmp_path / "gone.yaml"))
    assert issue.message == f"cannot read file: a link to nothing ({tmp_path / 'nowhere'})"
    assert issue.zh == f"无法读取文件：链接指向不存在的目标（{tmp_path / 'nowhere'}）"


# ---- CSV and the table of records ----


@pytest.mark.parametrize(
    ("text", "english", "chinese"),
    [
        (
            "编号,所在县（市、区）,开采矿种,产能\nA,珲春市,岩金,3\n",
            "unknown column header '产能' (did you mean '生产能力'?); data/sheet_headers.yaml lists the headers read "
            "(the sheet's rows are not read until every column is known)",
            "未知的列表头 '产能'（是否应为 '生产能力'？）；可读取的表头见 data/sheet_headers.yaml",
        ),
        (
            "foo,bar\n1,2\n",
            "no header row: none of the first 30 rows names two known columns (编号, 所在县（市、区）, 开采矿种 … or "
            "the record's field names; data/sheet_headers.yaml lists them); the sheet is not read",
            "没有表头行：前 30 行中没有一行包含两个已知的列名",
        ),
        (
            "编号,所在县（市、区）,开采矿种\nA,珲春市,岩金,3\n",
            "a value in a column with no header: '3'",
            "无表头的列中有值：'3'",
        ),
        (
            "编号,所在县（市、区）,生产规模（万吨）\nA,珲春市,3\n",
            "header '生产规模（万吨）': 万吨 is an amount, not a rate (万吨/年, 吨/日 …)",
            "表头 '生产规模（万吨）'：万吨 是数量单位",
        ),
        (
            "编号,所在县（市、区）,矿区面积（万吨/年）\nA,珲春市,3\n",
            "header '矿区面积（万吨/年）': 万吨/年 is not a unit of area (平方千米, 公顷)",
            "万吨/年 不是面积单位（平方千米、公顷）",
        ),
        (
            "编号,所在县（市、区）,品位（ppm）\nA,珲春市,3\n",
            "header '品位（ppm）': unit 'ppm' is not read (grade takes % or g/t (克/吨) here)",
            "表头 '品位（ppm）'：无法读取单位 'ppm'（此处 grade 应使用 % 或 g/t（克/吨））",
        ),
        (
            "编号,所在县（市、区）,生产规模（万吨/年）\n,,吨/日\nA,珲春市,3\n",
            "header '生产规模（万吨/年）' gives the unit 万吨/年, the row of units under it '吨/日': write the "
            "column's unit once",
            "其下的单位行为 '吨/日'：该列的单位只写一处",
        ),
        (
            "编号,所在县（市、区）,生产规模（万吨/年）,生产能力（万吨/年）\nA,珲春市,3,4\n",
            "columns C (生产规模（万吨/年）) and D (生产能力（万吨/年）) both give capacity: fill one of them",
            "C 列（生产规模（万吨/年））与 D 列（生产能力（万吨/年））都填写 capacity：只填其中一列",
        ),
        (
            "编号,所在县（市、区）\nA,珲春市\n编号,所在县（市、区）,开采矿种\nB,珲春市,金\n",
            "row 1 is a header row too (it names known columns) above the header row 3; rows 1–2 are not read: one "
            "table per sheet, put the other table on a sheet of its own",
            "第 1 行也是表头行（含已知的列名），位于第 3 行表头之上；第 1–2 行未读取",
        ),
    ],
)
def test_a_table_refused_is_said_in_both(text: str, english: str, chinese: str):
    issue = next(i for item in load_text(text, "a.csv") for i in item.issues if i.message == english)
    _chinese(issue.zh, chinese)


def test_a_header_whose_unit_is_unknown_says_the_units_refusal_in_the_same_language():
    issue = _one(load_text("编号,所在县（市、区）,生产规模（斤/年）\nA,珲春市,3\n", "a.csv"))
    assert issue.message.startswith("header '生产规模（斤/年）': unknown unit '斤/年'")
    assert _chinese(issue.zh).startswith("表头 '生产规模（斤/年）'：")


def test_a_csv_error_keeps_pythons_words_and_a_table_past_the_limit_is_said_in_both():
    issue = _one(load_text('编号,所在县（市、区）,开采矿种\nA,"珲春市"x,岩金\n', "a.csv"))
    assert issue.message == "CSV error: ',' expected after '\"'"
    assert issue.zh == "CSV 格式错误：',' expected after '\"'"
    items = load_text("编号,所在县（市、区）\nA,珲春市\nB,珲春市\n", "a.csv", limits=Limits(max_documents=1))
    issue = items[-1].issues[0]
    assert issue.message == "more than 1 records in one file (--max-documents): row 3 and those after it are not read"
    assert issue.zh == "一个文件中的记录超过 1 条（--max-documents）：第 3 行及其后各行未读取"


# ---- workbooks ----


@pytest.mark.parametrize(
    ("value", "formats", "headers", "english", "chinese"),
    [
        (
            20000,
            {"I3": "0!.0000"},
            HEADERS,
            "20000 is shown by its number format '0!.0000', another figure than the cell holds (its format divides "
            "it by 1 000 a comma, or sets a point of its own, as the 万 format 0!.0000 does), and which was meant "
            "the file does not say: clear the cell's number format and write the figure meant, or write it with its "
            "unit as text",
            "单元格存的是 20000，显示的却是另一个数（数字格式为 '0!.0000'；",
        ),
        (
            0.5,
            {"I3": "0%"},
            HEADERS,
            "0.5 is shown as 50%: the cell is formatted as a percentage in a column that takes no percentage, and "
            "which figure was meant the file does not say; clear the cell's percentage format",
            "0.5 显示为 50%：该单元格设置了百分比格式，而该列不接受百分比",
        ),
        (
            300,
            {"I3": '0"吨/日"'},
            HEADERS,
            "300 is shown as 300吨/日: the cell's number format adds '吨/日', the header gives 万吨/年, and which the "
            "figure is in the file does not say; clear the cell's number format, or write the figure with its unit "
            "as text",
            "单元格的数字格式加上了 '吨/日'，而表头给出的单位是 万吨/年",
        ),
    ],
)
def test_a_cell_refused_is_said_in_both_with_its_sheet_row_and_column(
    tmp_path: Path, value: float, formats: dict[str, str], headers: list[str], english: str, chinese: str
):
    issue = _one(load_file(_book(tmp_path / "a.xlsx", [[*ROW[:8], value, *ROW[9:]]], headers, formats)))
    assert issue.message == english
    _chinese(issue.zh, chinese)
    assert (
        issue.located("a.xlsx", "zh")
        == f"a.xlsx › 2023年申请 › 第 3 行，I 列（生产规模（万吨/年））：capacity：{issue.zh}"
    )
    assert issue.located("a.xlsx").startswith("a.xlsx › 2023年申请 › row 3, column I (生产规模（万吨/年）): capacity: ")


def test_percentage_and_grade_cells_refused_are_said_in_both(tmp_path: Path):
    headers = [*HEADERS, "开采回采率（%）"]
    issue = _one(load_file(_book(tmp_path / "a.xlsx", [[*ROW, 0.85]], headers)))
    assert issue.message == (
        "0.85 in a percentage column: a cell formatted as a percentage holds 0.85 for 85%, and the file does not say "
        "which it is; write the percentage as a figure (85 for 85%), or with its sign ('0.85%' for 0.85%)"
    )
    _chinese(issue.zh, "百分比列中值为 0.85", "（85 表示 85%）", "（'0.85%' 表示 0.85%）")
    issue = _one(load_file(_book(tmp_path / "b.xlsx", [[*ROW, 85]], headers, {"L3": '0"‰"'})))
    assert issue.message.startswith("85 is shown as 85‰: the cell's number format adds '‰', the column takes %,")
    _chinese(issue.zh, "85 显示为 85‰", "而该列使用 %")
    issue = _one(load_file(_book(tmp_path / "c.xlsx", [[*ROW, 5]], [*HEADERS, "品位（克/吨）"], {"L3": "0%"})))
    assert issue.message.startswith("5 is shown as 500%: the cell is formatted as a percentage in a column in g/t")
    _chinese(issue.zh, "5 显示为 500%", "以 g/t（克/吨）计的列")


def test_a_sheet_not_there_or_too_large_and_a_file_no_workbook_are_said_in_both(tmp_path: Path):
    items = load_file(_book(tmp_path / "a.xlsx", [ROW]), Limits(sheets=("2024年",)))
    issue = items[0].issues[0]
    assert issue.message == "no sheet named '2024年' (--sheet); the sheets are 2023年申请"
    assert issue.zh == "没有名为 '2024年' 的工作表（--sheet）；现有工作表为 2023年申请"
    book = openpyxl.Workbook()
    book.active["A1"], book.active["Z2000"] = "x", "y"
    book.save(tmp_path / "b.xlsx")
    items = load_file(tmp_path / "b.xlsx", Limits(max_file_nodes=1000))
    issue = items[0].issues[0]
    assert issue.message.startswith("the sheet's filled cells reach Z2000, 52000 cells from A1, more than the 2000")
    _chinese(issue.zh, "工作表的已填单元格延伸到 Z2000，自 A1 起共 52000 个单元格", "Ctrl+End")
    (tmp_path / "c.xlsx").write_bytes(b"id,county\n1,2\n")
    issue = _one(load_file(tmp_path / "c.xlsx"))
    assert issue.message == (
        "cannot read the workbook: Cannot detect file format (it looks like a text file: save it as .xlsx, or name "
        "it .csv if it is one)"
    )
    _chinese(issue.zh, "无法读取工作簿：", "它看起来是文本文件", kept=("Cannot detect file format",))


def _ods(path: Path, value: str, shown: str) -> Path:
    """An .ods of one record whose capacity is a number cell holding ``value`` and showing ``shown``."""
    from test_sheets import _ods as ods

    return ods(path, [(value, shown)])


def test_an_ods_cell_shown_as_another_figure_is_said_in_both(tmp_path: Path):
    issue = _one(load_file(_ods(tmp_path / "a.ods", "40000", "40")))
    assert issue.message.startswith("40000 is shown as “40”, another figure than the cell holds")
    _chinese(issue.zh, "单元格存的是 40000，显示的却是另一个数（显示为 “40”；")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_grade_in_an_xls_whose_formats_are_not_read_is_said_in_both(tmp_path: Path):
    """An .xls (LibreOffice saves it): a grade column with no unit, whose cells' formats calamine does not give."""
    xlsx = _book(tmp_path / "a.xlsx", [[*ROW, 5]], [*HEADERS, "品位"])
    out = tmp_path / "lo"
    subprocess.run(
        [
            str(SOFFICE),
            "--headless",
            f"-env:UserInstallation=file://{out}/profile",
            "--convert-to",
            "xls",
            "--outdir",
            str(out),
            str(xlsx),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert (out / "a.xls").exists()
    issue = _one(load_file(out / "a.xls"))
    assert issue.message.startswith("5 in a grade column that gives no unit, in a workbook whose cell formats are")
    _chinese(issue.zh, "品位列未给出单位，值为 5", "（.xls）", "品位（%）、品位（克/吨）", "另存为 .xlsx")


# ---- the folder walk ----


def test_a_path_that_cannot_be_checked_is_said_in_both(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / "w.xlsb").write_bytes(b"x")
    (tmp_path / "s.et").write_bytes(b"x")
    inputs = collect([tmp_path / "empty", tmp_path / "missing.yaml", tmp_path / "w.xlsb", tmp_path / "s.et"])
    said = {Path(path).name: (why.text("en"), why.text("zh")) for path, why in inputs.errors}
    assert said["empty"] == (
        "no record file (.yaml, .yml, .json, .csv, .xlsx, .xlsm, .xls, .ods) in this folder (1 other files ignored); "
        "--allow-empty accepts that",
        "此文件夹中没有记录文件（.yaml, .yml, .json, .csv, .xlsx, .xlsm, .xls, .ods），另有 1 个文件已忽略；"
        "如属正常，请使用 --allow-empty",
    )
    assert said["missing.yaml"] == ("no such file or folder", "文件或文件夹不存在")
    assert said["w.xlsb"] == (
        "an Excel binary workbook (.xlsb) is not read: save it as .xlsx",
        "不读取 Excel 二进制工作簿（.xlsb）：请另存为 .xlsx",
    )
    assert said["s.et"][1] == "不读取 WPS 表格（.et）：请另存为 .xlsx"
    result = cli.invoke(app, ["check", str(tmp_path / "missing.yaml"), "--format", "json"])
    [record] = json.loads(result.stdout)["records"]
    assert record["errors"][0]["message"] == "no such file or folder"  # the English, as it was


def test_the_json_report_gives_a_read_error_in_both(tmp_path: Path):
    (tmp_path / "a.yaml").write_text("id: a\nid: b\n", encoding="utf-8")
    (tmp_path / "b.xlsx").write_bytes(b"<html><body>x</body></html>")
    result = cli.invoke(app, ["check", str(tmp_path), "--format", "json"])
    errors = {Path(r["file"]).name: r["errors"][0] for r in json.loads(result.stdout)["records"]}
    assert errors["a.yaml"]["message_i18n"] == {"en": "duplicate key 'id'", "zh": "重复的键 'id'"}
    workbook = errors["b.xlsx"]["message_i18n"]
    assert workbook["en"] == (
        "cannot read the workbook: Cannot detect file format (it is a web page or XML file named as a workbook, as "
        "some systems export: save it as .xlsx or .csv)"
    )
    _chinese(workbook["zh"], "网页或 XML 文件", "另存为 .xlsx 或 .csv", kept=("Cannot detect file format",))
