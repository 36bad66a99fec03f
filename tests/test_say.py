"""Refusals of input in both languages: every message template of the code has its Chinese, with the same
placeholders, and a refused record is said in Chinese in the reader's report and in both in the JSON."""

from __future__ import annotations

import ast
import json
import re
import string
import typing
from pathlib import Path

import pydantic_core
import pytest
from pydantic_core.core_schema import ErrorType
from typer.testing import CliRunner

from minplan.cli import app
from minplan.loader import load_text
from minplan.say import Msg, _catalogue, catalogue, join

SRC = Path(__file__).resolve().parent.parent / "src" / "minplan"
CJK = re.compile(r"[\u4e00-\u9fff]")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _words(template: str) -> str:
    """The template's own words: its text without placeholders."""
    return "".join(text for text, _, _, _ in string.Formatter().parse(template))


def _templates() -> dict[str, str]:
    """Each literal template given to ``Msg(...)`` in the code, with the file that gives it."""
    out: dict[str, str] = {}
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "Msg"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                out.setdefault(node.args[0].value, str(path.relative_to(SRC)))
    return out


def _literals() -> set[str]:
    out: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                out.add(node.value)
    return out


def test_every_template_of_the_code_has_its_chinese_with_the_same_placeholders() -> None:
    templates = _templates()
    assert len(templates) > 5  # the scan finds the code's messages
    zh = catalogue()
    missing = [f"{where}: {t!r}" for t, where in templates.items() if re.search("[A-Za-z]", _words(t)) and t not in zh]
    assert not missing, "no Chinese for:\n" + "\n".join(missing)
    wrong = [t for t in templates if t in zh and _fields(t) != _fields(zh[t])]
    assert not wrong, "placeholders differ:\n" + "\n".join(f"{t!r} → {zh[t]!r}" for t in wrong)


def test_no_two_catalogue_files_say_one_template_otherwise() -> None:
    import yaml

    from minplan.resources import data_dir

    seen: dict[str, tuple[str, str]] = {}
    for path in sorted((data_dir() / "messages" / "zh").glob("*.yaml")):
        for part, table in (yaml.safe_load(path.read_text("utf-8")) or {}).items():
            assert part in ("messages", "pydantic"), f"{path.name}: {part}"
            for english, chinese in table.items():
                key = f"{part}: {english}"
                assert seen.get(key, (path.name, chinese))[1] == chinese, f"{key} in {seen[key][0]} and {path.name}"
                seen[key] = (path.name, chinese)


def test_every_chinese_entry_is_chinese_and_said_by_the_code() -> None:
    literals = _literals()
    for english, chinese in catalogue().items():
        assert english in literals, f"{english!r} is said by no code"
        if re.search("[A-Za-z]{3}", _words(english)):
            assert CJK.search(chinese), f"{english!r} → {chinese!r} is not Chinese"


def test_the_chinese_of_pydantics_errors_names_real_types_and_their_context() -> None:
    types = set(typing.get_args(ErrorType))
    for kind, chinese in _catalogue()["pydantic"].items():
        assert kind in types, kind
        fields = _fields(chinese)
        assert fields <= _fields(_english(kind)), (kind, _english(kind), chinese)
        assert CJK.search(chinese)


_CONTEXT = {"expected": "x", "class_name": "x", "error": "x", "field_type": "x", "pattern": "x", "tag": "x"}
_CONTEXT |= {"expected_tags": "x", "discriminator": "x"} | dict.fromkeys(("gt", "ge", "lt", "le"), 1)
_CONTEXT |= dict.fromkeys(("min_length", "max_length", "actual_length"), 1)


def _english(kind: str) -> str:
    """pydantic's English template of an error type."""
    return pydantic_core.PydanticKnownError(kind, _CONTEXT).message_template  # type: ignore[arg-type]


def test_a_message_is_said_in_either_language_and_its_parts_in_the_same() -> None:
    inner = Msg("unknown key '{key}'", key="scale")
    both = join([Msg("required field '{name}' is missing", name="date"), inner])
    assert both.text("en") == "required field 'date' is missing; unknown key 'scale'"
    assert both.text("zh") == "缺少必填字段 'date'；未知的键 'scale'"
    assert Msg.verbatim("{not a placeholder}").text("zh") == "{not a placeholder}"


def test_a_catalogue_entry_that_does_not_fit_its_template_says_the_english(monkeypatch: pytest.MonkeyPatch) -> None:
    """A refusal is never lost to a translation: an entry naming another placeholder gives the English."""
    monkeypatch.setitem(catalogue(), "unknown key '{key}'", "未知的键 '{name}'")
    assert Msg("unknown key '{key}'", key="scale").text("zh") == "unknown key 'scale'"


BAD = """\
id: T-1
date: 2024-05-01
right: mining
application: new
location:
  county: 珲春市
mineral: 金矿
project:
  scale: huge
  capacity_tpa: 3
"""


def test_a_refused_record_is_said_in_chinese_where_the_reader_reads_chinese() -> None:
    [item] = load_text(BAD, "a.yaml")
    by_field = {i.field: i for i in item.issues}
    unknown = by_field["project.scale"]
    assert unknown.message == "unknown key 'scale'" or unknown.message.startswith("unknown key 'scale' (did you mean")
    assert unknown.zh is not None and unknown.zh.startswith("未知的键 'scale'")
    assert unknown.text("zh").startswith("第 9 行，第 3 列：project.scale：未知的键")
    assert unknown.text("en").startswith("line 9, column 3: project.scale: unknown key 'scale'")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_report_says_a_refusal_in_its_language_and_the_json_in_both(tmp_path: Path, lang: str) -> None:
    record = tmp_path / "a.yaml"
    record.write_text(BAD, encoding="utf-8")
    runner = CliRunner()
    table = runner.invoke(app, ["check", str(record), "--lang", lang, "--no-config"], env={"COLUMNS": "400"})
    assert table.exit_code == 2
    shown = " ".join(table.output.split())
    if lang == "zh":
        assert "第 9 行，第 3 列：project.scale：未知的键" in shown.replace("│ ", "").replace(" │", "")
    else:
        assert "line 9, column 3: project.scale: unknown key 'scale'" in shown.replace("│ ", "").replace(" │", "")
    report = json.loads(runner.invoke(app, ["check", str(record), "--format", "json", "--lang", lang]).output)
    [error] = [e for e in report["records"][0]["errors"] if e["field"] == "project.scale"]
    assert error["message"].startswith("unknown key 'scale'")  # version 1: the English, whatever --lang
    assert error["message_i18n"]["en"] == error["message"]
    assert error["message_i18n"]["zh"].startswith("未知的键 'scale'")


def test_a_records_notes_are_said_in_the_readers_language_and_in_both_in_the_json(tmp_path: Path) -> None:
    """A CSV from a Chinese Excel (gb18030) with a 备注 column: the notes on the record, in either language."""
    rows = "项目编号,矿业权类型,申请类型,申请日期,所在县（市、区）,开采矿种,备注\n"
    rows += "N-1,采矿权,新立,2023-06-01,珲春市,岩金,待补材料\n"
    (tmp_path / "a.csv").write_bytes(rows.encode("gb18030"))
    runner = CliRunner()
    report = json.loads(runner.invoke(app, ["check", str(tmp_path / "a.csv"), "-f", "json", "--no-config"]).output)
    [record] = report["records"]
    assert record["notes"] == ["column G (备注) not read (remarks): 待补材料", "file decoded as gb18030"]
    assert [n["zh"] for n in record["notes_i18n"]] == [
        "G 列（备注）未读取（备注）：待补材料",
        "文件按 gb18030 编码读取",
    ]
    shown = runner.invoke(app, ["check", str(tmp_path / "a.csv"), "--no-config"], env={"COLUMNS": "400"}).output
    assert "(G 列（备注）未读取（备注）：待补材料；文件按 gb18030 编码读取)" in shown
