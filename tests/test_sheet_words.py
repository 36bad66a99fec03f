"""The words of the spreadsheet reports (csv, xlsx) and of the indicators' CSV: a Chinese report says its levels,
kinds, documents and facts in Chinese, an English one in English (a kind by its code); rule and plan stay ids."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from minplan.cli import app
from minplan.facts import FACTS
from minplan.i18n import FINDING_KIND, LEVEL
from minplan.kinds import KINDS
from minplan.vocab import LABELS
from test_config_waivers import WAIVER  # an expired waiver: a finding on the config file (level config, kind waiver)

ROOT = Path(__file__).resolve().parent.parent
BATCH = ROOT / "tests" / "data" / "shapes" / "batch"
EXAMPLE = ROOT / "examples" / "yanbian-gold.yaml"
runner = CliRunner()

Rows = dict[tuple[str, str], dict[str, Any]]  # (record id, rule id) → the row by its header


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shapes batch, with the Yanbian example twice (a duplicate id), and a config with an expired waiver."""
    here = tmp_path_factory.mktemp("sheet-words")
    folder = here / "in"
    folder.mkdir()
    for path in BATCH.glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    shutil.copy(EXAMPLE, folder / "gold-a.yaml")
    shutil.copy(EXAMPLE, folder / "gold-b.yaml")
    (here / "w.toml").write_text(WAIVER, encoding="utf-8")
    return here


def _report(inputs: Path, fmt: str, lang: str) -> Path:
    out = inputs / f"out-{lang}.{fmt}"
    if not out.exists():
        args = ["check", str(inputs / "in"), "--config", str(inputs / "w.toml"), "--today", "2024-07-01"]
        result = runner.invoke(app, [*args, "--format", fmt, "--lang", lang, "-o", str(out)])
        assert result.exit_code == 2, result.output  # broken.yaml cannot be read
    return out


def _keyed(table: list[list[Any]]) -> Rows:
    heads, *body = table
    rows = [dict(zip(heads, row, strict=False)) for row in body if any(row)]
    id_key, rule_key = heads[0], heads[4]
    return {(str(r[id_key] or ""), str(r[rule_key] or "")): r for r in rows}


def _csv(inputs: Path, lang: str) -> Rows:
    text = _report(inputs, "csv", lang).read_bytes().decode("utf-8-sig")
    return _keyed(list(csv.reader(io.StringIO(text))))


def _sheet(inputs: Path, lang: str, index: int) -> list[list[Any]]:
    book = openpyxl.load_workbook(_report(inputs, "xlsx", lang))
    return [list(row) for row in book.worksheets[index].iter_rows(values_only=True)]


def _findings(inputs: Path, fmt: str, lang: str) -> Rows:
    """The findings by record and rule: the CSV's rows, or the workbook's sheet of findings and its batch sheet
    (shaped as the CSV writes a batch-wide check: its records in the id column)."""
    if fmt == "csv":
        return _csv(inputs, lang)
    rows = _keyed(_sheet(inputs, lang, 1))
    heads, *body = _sheet(inputs, lang, 2)
    for row in body:
        if row[1] is None:  # the notes below the checks
            continue
        found = dict(zip(heads, row, strict=False))
        rows[(str(row[-1] or ""), str(row[0]))] = found
    return rows


def _fact(name: str, lang: str) -> str:
    return FACTS[name].zh if lang == "zh" else FACTS[name].en


# the columns by their header, in either language
COLUMNS = {
    "zh": {"rule": "规则", "plan": "规划", "level": "层级", "kind": "类别", "required": "要求", "needs": "需补充"},
    "en": {"rule": "rule", "plan": "plan", "level": "level", "kind": "kind", "required": "required", "needs": "needs"},
}
EXPECTED = {
    # (record, rule): column → (zh, en)
    ("YB-2023-001", "yanbian-2021/min-scale/gold"): {
        "level": ("市（州）级", "prefecture"),
        "kind": ("最低开采规模", "min_scale"),
        "required": ("≥ 3万吨/年", "≥ 3万吨/年"),
    },
    ("YB-2023-001", "yanbian-2021/extraction-cap/gold"): {"kind": ("开采总量调控", "extraction_cap")},
    ("YB-2023-001", "yanbian-2021/mineral-policy/mining-key"): {"kind": ("矿种调控", "mineral_policy")},
    ("JL-2013-004", "jilin-2011/documents/eco-restoration-plan"): {
        "level": ("省级", "province"),
        "kind": ("申请材料", "documents"),
    },
    ("TN-2023-002", "taonan-2021/min-scale/construction-sand"): {"level": ("县级", "county")},
    ("YB-2023-001", "yanbian-2021/documents/reclamation-plan"): {
        "kind": ("申请材料", "documents"),
        "required": ("矿山地质环境保护与土地复垦方案", "geo-environment protection and land reclamation plan"),
    },
    ("YB-GEO-1", "yanbian-2021/extraction-cap/gold"): {  # needs_info: the grade
        "needs": ("矿石品位（主矿种，% 或 克/吨；铁矿为全铁 TFe）", FACTS["grade"].en),
    },
    ("DD-2023-007", "dandong-2021/siting/urban-development-boundary"): {
        "kind": ("选址限制", "siting"),
        "needs": (
            "是否位于城镇开发边界内、是否为矿地综合开发利用项目",
            f"{FACTS['site.urban_development_boundary'].en}; {FACTS['project.combined_land_mine'].en}",
        ),
    },
    ("YB-2023-001", "minplan/aggregate/duplicate-id"): {
        "level": ("批量", "batch"),
        "kind": ("记录编号重复", "duplicate_id"),
    },
    ("YB-2023-001、YB-GEO-1", "yanbian-2021/aggregate/mines"): {
        "level": ("市（州）级", "prefecture"),
        "kind": ("矿山数量", "mine_count"),
        "required": ("≤ 165", "≤ 165"),
    },
    ("", "minplan/waiver/expired"): {"level": ("配置", "configuration"), "kind": ("豁免", "waiver")},
}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_kind_of_finding_is_said_in_the_reports_language(inputs: Path, fmt: str, lang: str):
    rows = _findings(inputs, fmt, lang)
    names = COLUMNS[lang]
    at = 0 if lang == "zh" else 1
    for (record, rule), columns in EXPECTED.items():
        row = rows.get((record, rule))
        assert row is not None, (record, rule, sorted(rows)[:5])
        assert row[names["rule"]] == rule  # ids stay ids
        for column, words in columns.items():
            if fmt == "xlsx" and names[column] not in row:  # the workbook's batch sheet has no column of kinds
                continue
            assert row[names[column]] == words[at], (fmt, lang, record, rule, column, row[names[column]])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_no_code_is_left_in_a_chinese_reports_level_kind_or_needs(inputs: Path, fmt: str):
    rows = _findings(inputs, fmt, "zh")
    levels = {words["zh"] for words in LEVEL.values()}
    for key, row in rows.items():
        if row.get("层级"):
            assert row["层级"] in levels, (key, row["层级"])
        kind = row.get("类别")
        if kind:
            assert not kind.isascii(), (key, kind)
        needs = row.get("需补充") or ""
        assert not any(name in needs.split("、") for name in FACTS), (key, needs)
        required = row.get("要求") or ""
        assert not any(key in required for key in LABELS if "_" in key), (key, required)
    plans = {row["规划"] for row in rows.values() if row.get("规划")}
    assert {"yanbian-2021", "dandong-2021", "taonan-2021", "jilin-2011", "minplan"} <= plans


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_documents_finding_names_the_documents_it_asks_for(inputs: Path, lang: str):
    """Taonan asks for three documents: each by its name, the two the record holds too."""
    rows = _csv(inputs, lang)
    row = rows[("TN-2023-002", "taonan-2021/documents/new-mine-plans")]
    required, actual = (row["要求"], row["实际"]) if lang == "zh" else (row["required"], row["actual"])
    sep = "、" if lang == "zh" else "; "
    wanted = [LABELS[k][lang] for k in ("development_plan", "green_mine_plan", "reclamation_plan")]
    assert required == sep.join(wanted)
    assert actual == sep.join(LABELS[k][lang] for k in ("development_plan", "reclamation_plan"))


def test_the_first_sheet_says_what_to_supply_and_what_is_required_in_words(inputs: Path):
    heads, *body = _sheet(inputs, "zh", 0)
    satisfy = {row[3]: row[heads.index("满足条件")] for row in body if row[3]}
    assert f"需补充：{_fact('grade', 'zh')}" in satisfy["YB-GEO-1"].split("\n")
    assert "grade" not in satisfy["YB-GEO-1"]
    assert "应：矿产资源开发利用方案、绿色矿山建设实施方案、矿山地质环境保护与土地复垦方案" in satisfy["TN-2023-002"]
    heads, *body = _sheet(inputs, "en", 0)
    satisfy = {row[3]: row[heads.index("what would satisfy them")] for row in body if row[3]}
    assert f"needs: {_fact('grade', 'en')}" in satisfy["YB-GEO-1"].split("\n")


def test_a_finding_on_the_record_itself_is_of_the_records_level(inputs: Path):
    pytest.importorskip("shapely")
    pytest.importorskip("pyproj")
    for lang, level, kind in (("zh", "记录", "拐点范围量算"), ("en", "record", "spatial")):
        rows = _csv(inputs, lang)
        row = rows[("YB-GEO-1", "spatial/area")]
        names = COLUMNS[lang]
        assert (row[names["level"]], row[names["kind"]], row[names["plan"]]) == (level, kind, "spatial")


def test_every_kind_a_finding_can_have_has_a_chinese_name():
    made = {"mine_count", "mine_share", "rights_count", "block_holder", "zone_permits", "duplicate_id"}
    made |= {"spatial", "coverage", "waiver"}
    assert set(KINDS) | made <= set(FINDING_KIND)
    assert all(not words["zh"].isascii() and words["en"] == kind for kind, words in FINDING_KIND.items())


def test_the_english_sheets_keep_their_names_and_headers(inputs: Path):
    book = openpyxl.load_workbook(_report(inputs, "xlsx", "en"))
    assert book.sheetnames == ["results", "findings", "batch-wide checks"]
    heads = next(book["findings"].iter_rows(values_only=True))
    assert list(heads[4:8]) == ["rule", "plan", "level", "kind"]


# ---- the indicators' CSV ----


def _indicators(*args: str) -> list[dict[str, str]]:
    result = runner.invoke(app, ["indicators", *args, "--format", "csv"])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))


def test_the_indicators_csv_is_in_chinese_by_default():
    rows = _indicators("yanbian-2021")
    assert list(rows[0])[:4] == ["规划", "表", "类别", "指标"]
    assert {"属性", "控制方向", "目标", "现状", "状态"} <= set(rows[0])
    assert {r["属性"] for r in rows} == {"约束性", "预期性"}
    assert {r["控制方向"] for r in rows} == {"上限", "下限"}
    assert {r["规划"] for r in rows} == {"yanbian-2021"}  # the plan stays its id
    mines = next(r for r in rows if r["指标"] == "矿山数量")
    assert (mines["目标"], mines["控制方向"]) == ("165.0", "上限")


def test_the_indicators_csv_says_where_records_stand_in_chinese(inputs: Path):
    rows = _indicators("taonan-2021", "--against", str(inputs / "in"))
    statuses = {r["状态"] for r in rows} - {""}
    assert statuses and all(not s.isascii() for s in statuses), statuses


def test_the_indicators_csv_in_english_keeps_its_fields_and_codes():
    rows = _indicators("yanbian-2021", "--lang", "en")
    assert ",".join(rows[0]) == (  # the fields of version 1, as they were
        "plan,table,category,name,mineral,unit,base,base_year,target,target_text,year,nature,direction,county,actual,status"
    )
    assert {r["nature"] for r in rows} == {"binding", "expected"}
    assert {r["direction"] for r in rows} == {"max", "min"}
