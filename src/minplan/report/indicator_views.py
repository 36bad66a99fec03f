"""Indicator tables for people (rich, with bars), Markdown, CSV and a chart (PNG/SVG)."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from minplan.i18n import FORCE, category_en
from minplan.indicators import Row
from minplan.quantities import format_number
from minplan.report.escape import markdown as md
from minplan.report.fonts import cjk_font
from minplan.report.lookup_views import cell

STATUS = {
    "within": ("未超过", "within", "green"),
    "exceeded": ("已超过", "exceeded", "bold red"),
    "reached": ("已达到", "reached", "green"),
    "not_yet": ("尚未达到", "not yet", "yellow"),
    "not_measurable": ("记录无法计量", "records cannot measure it", "dim"),
    "no_data": ("无数据", "no data", "dim"),
    "needs_info": ("需补充信息", "needs information", "yellow"),
    "measured": ("已计量", "measured", ""),
}


def _num(value: float | None) -> str:
    return "" if value is None else format_number(value)


BOUND = {"max": "≤ ", "min": "≥ "}  # a cap or a floor: the bare figure would not tell which


def _target(row: Row) -> str:
    """The target as a bound (≤ a cap, ≥ a floor), with the plan's own words where it prints them."""
    if row.target is None:
        return row.target_text or ""
    text = BOUND.get(row.direction, "") + format_number(row.target)
    return text + (f" ({row.target_text})" if row.target_text else "")


def _unit(row: Row) -> str:
    """The unit, and the county where the indicator is a county's, not the plan's whole area."""
    return row.unit + (f" ({row.county})" if row.county else "")


def bar(row: Row, width: int = 20) -> Text:
    if row.actual is None or not row.target:
        return Text("")
    share = row.actual / row.target
    filled = min(width, round(share * width))
    style = "red" if row.status == "exceeded" else ("green" if row.status in ("within", "reached") else "yellow")
    text = Text("█" * filled + "░" * (width - filled), style=style)
    text.append(f" {share * 100:.0f}%", style=style)
    return text


def table(rows: list[Row], console: Console, lang: str) -> None:
    zh = lang == "zh"
    measured = any(r.status for r in rows)
    for plan in dict.fromkeys(r.plan for r in rows):
        out = Table(title=f"{plan} {'规划主要指标' if zh else 'main indicators'}", show_lines=False)
        heads = (
            ["表", "类别", "指标", "矿种", "单位", "基期值", "目标", "年份", "属性"]
            if zh
            else ["table", "category", "indicator", "mineral", "unit", "base", "target", "year", "nature"]
        )
        if measured:
            heads += ["现状", "状态", "进度"] if zh else ["actual", "status", "progress"]
        for head in heads:
            out.add_column(head, overflow="fold")
        for r in (r for r in rows if r.plan == plan):
            nature = Text(FORCE[r.nature][lang], style="bold" if r.nature == "binding" else "")
            cells: list[object] = [
                r.table,
                r.category if zh else category_en(r.category),
                r.name if zh else r.name_en,
                r.mineral or "",
                _unit(r),
                _num(r.base) + (f" ({r.base_year})" if r.base_year else ""),
                _target(r),
                str(r.year),
                nature,
            ]
            if measured:
                zh_word, en_word, style = STATUS.get(r.status or "", ("", "", ""))
                if r.status == "exceeded" and r.nature == "binding":
                    zh_word, en_word = "已超过（约束性）", "exceeded (binding)"
                cells += [_num(r.actual), Text(zh_word if zh else en_word, style=style), bar(r)]
            out.add_row(*(cell(c) for c in cells))
        console.print(out)


def markdown(rows: list[Row], lang: str) -> str:
    from tabulate import tabulate

    zh = lang == "zh"
    heads = (
        ["规划", "表", "类别", "指标", "矿种", "单位", "基期值", "目标", "年份", "属性", "现状", "状态"]
        if zh
        else [
            "plan",
            "table",
            "category",
            "indicator",
            "mineral",
            "unit",
            "base",
            "target",
            "year",
            "nature",
            "actual",
            "status",
        ]
    )
    body = [
        [
            md(str(c))
            for c in (
                r.plan,
                r.table,
                r.category if zh else category_en(r.category),
                r.name if zh else r.name_en,
                r.mineral or "",
                _unit(r),
                _num(r.base) + (f" ({r.base_year})" if r.base_year else ""),
                _target(r),
                r.year,
                FORCE[r.nature][lang],
                _num(r.actual),
                STATUS[r.status][0 if zh else 1] if r.status else "",
            )
        ]
        for r in rows
    ]
    return tabulate(body, headers=heads, tablefmt="github") + "\n"


CSV_KEYS = [
    "plan",
    "table",
    "category",
    "name",
    "mineral",
    "unit",
    "base",
    "base_year",
    "target",
    "target_text",
    "year",
    "nature",
    "direction",
    "county",
    "actual",
    "status",
]
# the CSV's Chinese headers, in the table view's words where it has them
CSV_HEADS_ZH = {
    "plan": "规划",
    "table": "表",
    "category": "类别",
    "name": "指标",
    "mineral": "矿种",
    "unit": "单位",
    "base": "基期值",
    "base_year": "基期年份",
    "target": "目标",
    "target_text": "目标（规划原文）",
    "year": "年份",
    "nature": "属性",
    "direction": "控制方向",
    "county": "县（市、区）",
    "actual": "现状",
    "status": "状态",
}
DIRECTION_ZH = {"max": "上限", "min": "下限"}  # a cap or a floor (the table view's ≤ and ≥)


def _csv_zh(r: Row) -> dict[str, object]:
    """A row of the CSV in Chinese: the codes (nature, direction, status) in words, figures and ids as they are."""
    values: dict[str, object] = {k: getattr(r, k) for k in CSV_KEYS}
    values["nature"] = FORCE[r.nature]["zh"] if r.nature in FORCE else r.nature
    values["direction"] = DIRECTION_ZH.get(r.direction, r.direction)
    values["status"] = STATUS[r.status][0] if r.status in STATUS else r.status
    return {CSV_HEADS_ZH[k]: v for k, v in values.items()}


def to_csv(rows: list[Row], lang: str = "zh") -> str:
    """The rows as CSV: Chinese headers and words in zh; in English the field names and codes (as the JSON)."""
    buffer = io.StringIO()
    zh = lang == "zh"
    keys = [CSV_HEADS_ZH[k] for k in CSV_KEYS] if zh else CSV_KEYS
    writer = csv.DictWriter(buffer, fieldnames=keys, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow(_csv_zh(r) if zh else {k: getattr(r, k) for k in CSV_KEYS})
    return buffer.getvalue()


def chart(rows: list[Row], path: Path, lang: str) -> str:
    """Bars of actual (or base) against target; Chinese labels where a CJK font exists, else English."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise RuntimeError("a chart needs matplotlib: pip install 'minplan[chart]'") from None
    font = cjk_font()
    use_zh = lang == "zh" and font is not None
    note = ""
    if lang == "zh" and font is None:
        note = "no CJK font found: chart labels are in English"
        print(f"minplan: {note}", file=sys.stderr)
    if font:
        matplotlib.rcParams["font.family"] = [font, "DejaVu Sans"]
    shown = [r for r in rows if r.target]
    labels = []
    for number, r in enumerate(shown, start=1):
        mineral = r.mineral or ""
        if not use_zh and mineral:
            from minplan.minerals import mineral_book

            mineral = mineral_book().resolve(mineral).en
        name = r.name if use_zh else (r.name_en if r.name_en.isascii() else f"{r.table} #{number}")
        if not use_zh and not name.isascii():
            name = f"#{number}"
        labels.append(f"{r.plan} {name} {mineral}".strip())
    values = [(r.actual if r.actual is not None else (r.base or 0.0)) / r.target * 100 for r in shown]
    colours = ["#c0392b" if r.status == "exceeded" else "#2e86c1" for r in shown]
    if not use_zh:
        labels = [
            label.replace(r.table, f"box {r.table[2:]}" if r.table.startswith("专栏") else "table")
            if not label.isascii()
            else label
            for label, r in zip(labels, shown, strict=True)
        ]
        labels = [label if label.isascii() else "".join(c if c.isascii() else "?" for c in label) for label in labels]
    fig, ax = plt.subplots(figsize=(10, max(2.5, 0.35 * len(shown) + 1)))
    ax.barh(range(len(shown)), values, color=colours)
    ax.axvline(100, color="black", linewidth=1)
    ax.set_yticks(range(len(shown)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("现状（无现状时为基期值）/ 目标，%" if use_zh else "actual (or base) as % of target")
    ax.set_title("规划主要指标" if use_zh else "main plan indicators")
    fig.tight_layout()
    fig.savefig(path, format=path.suffix.lstrip(".").lower() or "png")
    plt.close(fig)
    return note
