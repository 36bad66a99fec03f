"""The command line's own refusals (wrong use, a report that cannot be written, a config file or a ledger that
cannot be read): exit 2, said on standard error in Chinese and then in English, each line ``minplan: …``; in
English alone with --lang en (or the config's lang = "en")."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minplan.cli import app
from minplan.outputs import os_reason

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "yanbian-gold.yaml"
CJK = re.compile(r"[\u4e00-\u9fff]")
# an English sentence: three English words in a row (a file name, a key or an option is no sentence)
ENGLISH = re.compile(r"\b[a-z]{2,}\b \b[a-z]{2,}\b \b[a-z]{2,}\b")


def _run(*args: str):
    return CliRunner().invoke(app, list(args))


def _said(result) -> tuple[str, str]:
    """The refusal's two lines, Chinese and English, without their ``minplan: ``."""
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 2, result.stderr
    assert all(line.startswith("minplan: ") for line in lines), result.stderr
    zh, en = (line.removeprefix("minplan: ") for line in lines)
    assert CJK.search(zh), zh
    assert not CJK.search(re.sub(r"'[^']*'", "", en).replace("台账日期", "")), en  # but values, as written
    return zh, en


def _english_only(result) -> str:
    assert result.exit_code == 2, result.output
    [line] = result.stderr.splitlines()
    assert line.startswith("minplan: ") and not CJK.search(line), line
    return line.removeprefix("minplan: ")


def _no_english_sentence(zh: str, *allowed: str) -> None:
    for part in allowed:
        zh = zh.replace(part, "")
    assert not ENGLISH.search(zh), zh


# wrong use of a command


def test_a_word_before_equals_that_names_no_format_is_said_in_both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    result = _run("check", str(EXAMPLE), "--no-config", "-o", "jsn=y.json")
    zh, en = _said(result)
    assert en == (
        "-o jsn=y.json: 'jsn' is not a format (concise, csv, github, html, json, junit, markdown, sarif, table, xlsx); "
        "did you mean json=y.json? (a file whose name holds '=' is written ./jsn=y.json)"
    )
    assert zh.startswith("-o jsn=y.json：'jsn' 不是报告格式（concise, csv,") and "是否应为 json=y.json？" in zh
    assert "请写作 ./jsn=y.json" in zh
    _no_english_sentence(zh)
    alone = _english_only(_run("check", str(EXAMPLE), "--no-config", "-o", "jsn=y.json", "--lang", "en"))
    assert alone == en


def test_nothing_before_equals_is_no_file_named_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """-o =x.json wrote the table report to a file named '=x.json' (exit 0): refused, as a misspelt format is."""
    monkeypatch.chdir(tmp_path)
    zh, en = _said(_run("check", str(EXAMPLE), "--no-config", "-o", "=x.json"))
    assert en == "-o =x.json: no format before '=' (a file whose name starts with '=' is written ./=x.json)"
    assert zh.startswith("-o =x.json：'=' 前没有报告格式")
    assert list(tmp_path.iterdir()) == []


def test_a_second_file_for_the_same_report_and_two_reports_to_one_file(tmp_path: Path):
    a, b = str(tmp_path / "a.txt"), str(tmp_path / "b.txt")
    zh, en = _said(_run("check", str(EXAMPLE), "--no-config", "-o", a, "-o", b))
    assert en == f"-o {b}: the report of --format table already goes to {a} (use FORMAT=FILE)"
    assert zh == f"-o {b}：--format table 的报告已写入 {a}（其他格式请用 FORMAT=FILE）"
    zh, en = _said(_run("check", str(EXAMPLE), "--no-config", "-o", a, "-o", f"json={a}"))
    assert en == f"-o: two reports to the same file: {a}"
    assert zh == f"-o：两份报告写入同一个文件：{a}"


def test_no_path_and_a_date_that_is_none(tmp_path: Path):
    zh, en = _said(_run("check", "--no-config"))
    assert en == "no PATH given, and no config file names paths to check (minplan check --help)"
    assert zh == "未给出 PATH，也没有配置文件指明要审查的路径（见 minplan check --help）"
    config = tmp_path / "w.toml"
    config.write_text('[[waivers]]\nrule = "r"\nrecord = "x"\nreason = "y"\nuntil = 2024-06-30\n', "utf-8")
    zh, en = _said(_run("check", str(EXAMPLE), "--config", str(config), "--today", "2024/06/31"))
    assert en == "--today: '2024/06/31' is not a valid date (day is out of range for month)"
    assert zh == "--today：'2024/06/31' 不是有效的日期（该月没有这一天）"


def test_a_look_up_of_a_name_that_does_not_exist():
    zh, en = _said(_run("rules", "--plan", "nowhere"))
    assert en.startswith("--plan 'nowhere': no such name; known: dandong-2021, ")
    assert zh.startswith("--plan 'nowhere'：没有这个名称；已有：dandong-2021, ")
    zh, en = _said(_run("explain", "yanbian-2021/min-scale/gol"))
    assert en.startswith("no rule 'yanbian-2021/min-scale/gol' (did you mean yanbian-2021/min-scale/gold")
    assert zh.startswith("没有规则 'yanbian-2021/min-scale/gol'（是否应为 yanbian-2021/min-scale/gold")
    assert _english_only(_run("explain", "yanbian-2021/min-scale/gol", "--lang", "en")) == en
    zh, en = _said(_run("explain", "yanbian-2021/aggregate/mines"))
    assert en.startswith("yanbian-2021/aggregate/mines is a batch-wide check of yanbian-2021, no rule: ")
    assert zh.startswith("yanbian-2021/aggregate/mines 是 yanbian-2021 的批量汇总检查，不是规则：")


def test_init_and_indicators_refuse_what_they_cannot_write(tmp_path: Path):
    target = tmp_path / "permit.yaml"
    target.write_text("x", "utf-8")
    zh, en = _said(_run("init", str(target)))
    assert en == f"{target} exists; not overwritten" and zh == f"{target} 已存在，未覆盖"
    zh, en = _said(_run("init", "--format", "xlsx"))
    assert en == "a workbook is written to a file: give -o FILE.xlsx"
    assert zh == "工作簿须写入文件：请给出 -o FILE.xlsx"
    zh, en = _said(_run("init", str(target), "-o", str(tmp_path / "other.yaml")))
    assert en == "give the output once (OUTPUT or -o)" and zh == "输出位置只能给一次（OUTPUT 或 -o）"
    zh, en = _said(_run("indicators", "yanbian-2021", "--chart", str(tmp_path / "c.gif")))
    assert en == "--chart FILE must end in .png or .svg" and zh == "--chart 的文件名应以 .png 或 .svg 结尾"


def test_click_s_own_usage_errors_are_left_as_they_are():
    result = _run("check", str(EXAMPLE), "--no-such-option")
    assert result.exit_code == 2 and "No such option" in result.output and not CJK.search(result.output)


# a report that cannot be written


def test_a_report_into_a_folder_that_does_not_exist(tmp_path: Path):
    target = tmp_path / "nowhere" / "r.json"
    zh, en = _said(_run("check", str(EXAMPLE), "--no-config", "-o", str(target)))
    assert en == f"{target}: folder {target.parent} does not exist"
    assert zh == f"{target}：文件夹 {target.parent} 不存在"
    assert _english_only(_run("check", str(EXAMPLE), "--no-config", "--lang", "en", "-o", str(target))) == en
    zh, en = _said(_run("check", str(EXAMPLE), "--no-config", "-o", str(tmp_path)))
    assert en == f"{tmp_path} is a folder" and zh == f"{tmp_path} 是文件夹"
    zh, en = _said(_run("check", str(EXAMPLE), "--no-config", "-o", str(EXAMPLE)))
    assert en == f"{EXAMPLE} is one of the inputs ({EXAMPLE}); it is not overwritten"
    assert zh == f"{EXAMPLE} 是输入文件之一（{EXAMPLE}），不会被覆盖"


def test_a_full_disk_is_said_with_the_systems_reason_in_both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    zh, en = _said(_run("check", str(EXAMPLE), "--no-config", "--format", "json", "-o", str(tmp_path / "r.json")))
    assert en == f"cannot write the report: {os.strerror(errno.ENOSPC)}"
    assert zh == "无法写入报告：磁盘空间不足"
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_written_in(read_only_folder: Path):
    zh, en = _said(_run("check", str(EXAMPLE), "--no-config", "-o", str(read_only_folder / "r.txt")))
    reason = os.strerror(errno.EROFS if os.geteuid() == 0 else errno.EACCES)
    assert en == f"cannot write in folder {read_only_folder}: {reason}"
    assert zh == f"无法在文件夹 {read_only_folder} 中写入：{'只读文件系统' if os.geteuid() == 0 else '权限不足'}"


def test_the_systems_reason_keeps_its_english_and_has_its_chinese_by_its_number():
    assert os_reason(OSError(errno.EACCES, "Permission denied")).pair() == {"zh": "权限不足", "en": "Permission denied"}
    assert os_reason(OSError(errno.EACCES, "Accès refusé")).pair() == {"zh": "权限不足", "en": "Accès refusé"}
    unlisted = os_reason(OSError(errno.EPIPE, "Broken pipe"))
    assert unlisted.pair() == {"zh": "Broken pipe", "en": "Broken pipe"}


# a config file that cannot be read


@pytest.mark.parametrize(
    ("text", "en", "zh"),
    [
        ("lang = 'fr'\n", "w.toml:1: lang: expected zh or en, got 'fr'", "w.toml:1：lang：应为 zh 或 en，实为 'fr'"),
        (
            "fail_on = 'warn'\n",
            "w.toml:1: fail_on: unknown key (did you mean 'fail-on'?); known: paths, lang, ",
            "w.toml:1：fail_on：未知的键（是否应为 'fail-on'？）；可用的键：paths, lang, ",
        ),
        ("paths = [\n", "w.toml:1: not valid TOML: ", "w.toml:1：不是有效的 TOML："),
        (
            "[outputs]\nxlsxx = 'a'\n",
            "w.toml:2: outputs: unknown format 'xlsxx' (formats: concise, ",
            "w.toml:2：outputs：未知的报告格式 'xlsxx'（可用格式：concise, ",
        ),
        (
            "[[waivers]]\nrule = 'r'\nreason = 'x'\nuntil = 2024-06-30\n",
            "w.toml:1: waivers.record: a waiver needs 'record' (it has: rule, reason, until)",
            "w.toml:1：waivers.record：豁免项须有 'record'（现有：rule, reason, until）",
        ),
        (
            "[[waivers]]\nrule = 'r'\nrecord = 'x'\nreason = 'y'\nuntil = 'June'\n",
            "w.toml:5: waivers.until: expected a date such as 2024-06-30, got 'June'",
            "w.toml:5：waivers.until：应为 2024-06-30 这样的日期，实为 'June'",
        ),
        (
            "paths = 3\n",
            "w.toml:1: paths: expected a list of folders or files, got 3",
            "应为文件夹或文件的列表，实为 3",
        ),
    ],
)
def test_a_config_that_cannot_be_used_is_said_in_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, en: str, zh: str
):
    monkeypatch.chdir(tmp_path)
    Path("w.toml").write_text(text, encoding="utf-8")
    said_zh, said_en = _said(_run("check", str(EXAMPLE), "--config", "w.toml"))
    assert said_en.startswith(f"config: {en}"), said_en
    assert said_zh.startswith("配置文件：") and zh in said_zh, said_zh
    _no_english_sentence(said_zh.split("不是有效的 TOML：")[0])
    assert _english_only(_run("check", str(EXAMPLE), "--config", "w.toml", "--lang", "en")) == said_en


def test_a_missing_config_and_a_config_that_says_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    zh, en = _said(_run("check", str(EXAMPLE), "--config", "none.toml"))
    assert en == "config: none.toml: no such file" and zh == "配置文件：none.toml：文件不存在"
    Path("en.toml").write_text("lang = 'en'\n", encoding="utf-8")
    # the config's lang says the command's own refusals too
    assert _english_only(_run("check", str(EXAMPLE), "--config", "en.toml", "-o", "jsn=y.json")).startswith(
        "-o jsn=y.json: 'jsn' is not a format"
    )
    # and --lang wins over it
    zh, _ = _said(_run("check", str(EXAMPLE), "--config", "en.toml", "--lang", "zh", "-o", "jsn=y.json"))
    assert "不是报告格式" in zh


# a ledger (--baseline) that cannot be read

MINE = "  - {{id: {id}, county: 珲春市, mineral: 金, {extra}}}\n"


def _ledger(tmp_path: Path, *rows: tuple[str, str]) -> Path:
    path = tmp_path / "ledger.yaml"
    path.write_text("mines:\n" + "".join(MINE.format(id=i, extra=extra) for i, extra in rows), "utf-8")
    return path


def test_a_ledger_with_an_unknown_key(tmp_path: Path):
    ledger = _ledger(tmp_path, ("A", "capasity: 3 万吨/年"))
    zh, en = _said(_run("check", str(EXAMPLE), "--no-config", "--baseline", str(ledger)))
    assert (
        en.startswith(f"baseline: {ledger}: line 2, column ")
        and "capasity: unknown key 'capasity' (a ledger's keys: id, county," in en
    )
    assert (
        zh.startswith(f"台账：{ledger}：第 2 行，第 ") and "capasity：未知的键 'capasity'（台账的键：id, county," in zh
    )
    _no_english_sentence(zh)


def test_a_ledger_that_gives_a_mine_twice(tmp_path: Path):
    ledger = _ledger(tmp_path, ("A", "holder: 甲"), ("A", "holder: 乙"))
    zh, en = _said(_run("check", str(EXAMPLE), "--no-config", "--baseline", str(ledger)))
    assert en.startswith(f"baseline: {ledger}: line 3, column ")
    assert en.endswith("id: 'A' is given twice (first at line 2, column 6): each mine once, each with its own id")
    assert zh.endswith("id：'A' 出现了两次（首次在第 2 行，第 6 列）：每座矿山只列一次，各用自己的编号")
    assert _english_only(_run("check", str(EXAMPLE), "--no-config", "--lang", "en", "--baseline", str(ledger))) == en


def test_a_ledger_of_another_shape_or_kind(tmp_path: Path):
    ledger = tmp_path / "ledger.yaml"
    ledger.write_text("mines: 3\n", "utf-8")
    zh, en = _said(_run("check", str(EXAMPLE), "--no-config", "--baseline", str(ledger)))
    assert en == f"baseline: {ledger}: expected a list of mines (or a mapping with 'mines:')"
    assert zh == f"台账：{ledger}：应为矿山列表（或含 'mines:' 的映射）"
    ledger.write_text("mines:\n  - 3\n", "utf-8")
    zh, en = _said(_run("check", str(EXAMPLE), "--no-config", "--baseline", str(ledger)))
    assert en == f"baseline: {ledger}: mine 1: expected a mapping of fields"
    assert zh == f"台账：{ledger}：第 1 座矿山：应为字段与值的映射"
    other = tmp_path / "ledger.txt"
    other.write_text("x", "utf-8")
    zh, en = _said(_run("check", str(EXAMPLE), "--no-config", "--baseline", str(other)))
    assert en == f"baseline: {other}: a ledger is YAML, JSON, CSV or a workbook (xlsx, xlsm, xls, ods)"
    assert zh == f"台账：{other}：台账应为 YAML、JSON、CSV 文件或工作簿（xlsx、xlsm、xls、ods）"


def test_a_ledgers_sheets_named_wrongly(tmp_path: Path):
    ledger = _ledger(tmp_path, ("A", "holder: 甲"))
    zh, en = _said(_run("check", str(EXAMPLE), "--no-config", "--baseline", f"{ledger}#mines"))
    assert en == f"baseline: {ledger}#mines: only a workbook has sheets to choose; {ledger} is not one"
    assert zh == f"台账：{ledger}#mines：只有工作簿才有工作表可选；{ledger} 不是工作簿"
    zh, en = _said(_run("check", str(EXAMPLE), "--no-config", "--baseline", str(tmp_path / "mines.xlsx#")))
    assert en == f"baseline: {tmp_path / 'mines.xlsx#'}: no sheet named after #"
    assert zh == f"台账：{tmp_path / 'mines.xlsx#'}：# 后没有工作表名"


def test_a_ledgers_zone_that_no_plan_of_today_names(tmp_path: Path):
    ledger = _ledger(tmp_path, ("A", "zones: [不存在的区]"))
    zh, en = _said(_run("check", str(EXAMPLE), "--no-config", "--baseline", str(ledger)))
    assert en.startswith(f"baseline: {ledger}: line 2, column ") and "zones: unknown zone '不存在的区'" in en
    assert en.endswith("; a ledger of another period names its zones by that period's plans: give its date (台账日期)")
    assert zh.startswith(f"台账：{ledger}：第 2 行，第 ") and "zones：" in zh
    assert zh.endswith("；其他时期的台账，其规划分区按该时期的规划命名：请给出台账日期（date）")


@pytest.mark.parametrize(
    "command", [["requirements", "--county", "珲春市", "--mineral", "金"], ["zones", "--county", "珲春市"]]
)
def test_a_date_option_reads_a_date_as_a_record_does(command: list[str]):
    """--date takes what a record's date takes (2023/6/1 as a spreadsheet exports it) and refuses what a record
    refuses (20230601, where Python's own reader took it), saying why in both languages."""
    read = _run(*command, "--date", "2023/6/1", "--format", "json")
    assert read.exit_code == 0, read.output
    zh, en = _said(_run(*command, "--date", "20230601"))
    assert en == "--date: expected a date written YYYY-MM-DD, got '20230601'"
    assert zh == "--date：应为 YYYY-MM-DD 格式的日期，实为 '20230601'"


def test_inputs_indicators_could_not_read_are_said_in_both(tmp_path: Path):
    result = _run("indicators", "yanbian-2021", "--against", str(tmp_path / "none"))
    assert result.exit_code == 0  # a look-up: its figures that the unread input could change are needs_info
    zh, en = (line.removeprefix("minplan: ") for line in result.stderr.splitlines())
    assert en.startswith("1 inputs of 1 files could not be read (measures they could change are needs_info): ")
    assert zh.startswith("1 个文件中有 1 份输入未能读取")
