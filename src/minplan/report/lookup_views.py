"""Tables for people of the look-up commands: plans, rules, explain, requirements, zones.

Text from rule and plan files is shown as text (never read as rich markup) with control and bidi characters
escaped (minplan.report.escape.visible), through :func:`cell` and :func:`say`. A rule's scope, conditions and
parameters and an example's record are shown as YAML, the way the rule files write them (:func:`written`).
"""

from __future__ import annotations

from textwrap import indent
from typing import Any

import yaml
from rich.console import Console
from rich.table import Table
from rich.text import Text

from minplan.i18n import EXAMPLE_OUTCOME, FORCE, KIND, LEVEL, ZONE_TYPE, t
from minplan.report.escape import visible
from minplan.vocab import label

# the scope's lists of a closed vocabulary, shown in Chinese by their labels (采矿权, 新立, 地下开采)
LABELLED_SCOPE = ("rights", "applications", "methods")


def cell(value: object, style: str = "") -> Text:
    """A table cell or line: text as it is, escaped; a rich Text made here passes as it is."""
    return value if isinstance(value, Text) else Text(visible(str(value)), style=style)


def lines(text: str, style: str = "") -> Text:
    """A cell or line of several lines: each line escaped, the breaks kept."""
    return Text("\n".join(visible(line) for line in text.split("\n")), style=style)


def add_row(table: Table, *values: object) -> None:
    table.add_row(*(cell(v) for v in values))


def say(console: Console, value: object, style: str = "") -> None:
    console.print(cell(value, style))


def written(value: object, flow: bool = True) -> str:
    """``value`` as a rule or record file writes it, in YAML: in flow style on one line (a mapping without its
    braces: ``rights: [mining], minerals: [金]``), or with ``flow=False`` one ``key: value`` line each, a mapping or
    list of plain values within it on its line (``underground: {large: 15, medium: 6}``). A plain value is shown
    as it is."""
    if not isinstance(value, dict | list):
        return str(value)

    def dump(style: bool | None) -> str:
        return yaml.safe_dump(
            value, allow_unicode=True, default_flow_style=style, sort_keys=False, width=1 << 30
        ).strip()

    if flow:
        text = dump(True)
        return text[1:-1] if isinstance(value, dict) and text.startswith("{") and text.endswith("}") else text
    text = dump(None)  # block style where a collection holds collections, flow style within
    return dump(False) if text.startswith(("{", "[")) else text  # plain values only: one line each all the same


def _scope(scope: dict[str, Any], lang: str) -> dict[str, Any]:
    """A rule's scope, its rights, applications and methods by their Chinese labels in Chinese."""
    if lang != "zh":
        return scope
    return {k: [label(x, lang) for x in v] if k in LABELLED_SCOPE else v for k, v in scope.items()}


def _cite(c: dict[str, Any]) -> str:
    return " · ".join(str(c[k]) for k in ("section", "table", "row") if c.get(k))


def _titled(row: dict[str, Any], lang: str) -> str:
    """A rule's title, with the note of a rule that concerns only some kinds of the mineral asked about, and the
    mineral it is judged for where the right lists several."""
    note = row.get("reach_note")
    title = f"{row['title'][lang]} ({note[lang]})" if note else row["title"][lang]
    return f"{title}〔{row['mineral']}〕" if row.get("mineral") else title


def plans(rows: list[dict[str, Any]], console: Console, lang: str) -> None:
    zh = lang == "zh"
    table = Table(title="已编码规划" if zh else "encoded plans", show_lines=False)
    for head in (
        ["规划", "名称", "辖区", "层级", "规划期", "状态", "施行", "规则", "指标", "分区"]
        if zh
        else ["plan", "title", "jurisdiction", "level", "period", "status", "in force", "rules", "indicators", "zones"]
    ):
        table.add_column(head, overflow="fold")
    for r in rows:
        status = (
            ("征求意见稿" if zh else "DRAFT for comment") if r["status"] == "draft" else ("正式" if zh else "final")
        )
        until = r["in_force_until"] or ("至被替代" if zh else "until superseded")
        add_row(
            table,
            r["id"],
            r["title"] if zh else r["title_en"],
            f"{r['jurisdiction_name'] if zh else r['jurisdiction_en']} {r['jurisdiction']}",
            t(LEVEL, r["level"], lang),
            r["period"],
            cell(status, style="yellow" if r["status"] == "draft" else ""),
            f"{r['in_force_from']} – {until}",
            str(r["rules"]),
            str(r["indicators"]),
            str(r["zones"]),
        )
    console.print(table)


def rules(rows: list[dict[str, Any]], console: Console, lang: str) -> None:
    zh = lang == "zh"
    table = Table(show_lines=False, expand=True)
    for head in ["规则", "类型", "效力", "内容", "出处"] if zh else ["rule", "kind", "force", "summary", "citation"]:
        table.add_column(head, overflow="fold")
    for r in rows:
        kind = t(KIND, r["kind"], lang)
        add_row(table, r["id"], kind, t(FORCE, r["force"], lang), _titled(r, lang), _cite(r["citation"]))
    console.print(table)
    say(console, f"{len(rows)} {'条规则' if zh else 'rules'}")


def explain(data: dict[str, Any], console: Console, lang: str) -> None:
    zh = lang == "zh"
    say(console, data["id"], "bold")
    comma = "，" if zh else ", "
    say(console, f"{data['title'][lang]}  [{t(KIND, data['kind'], lang)}{comma}{t(FORCE, data['force'], lang)}]")
    c = data["citation"]
    say(console, cell(f"{'出处' if zh else 'citation'}: {data['plan']} {_cite(c)}", style="cyan"))
    if c.get("quote"):
        say(console, cell(f"“{c['quote']}”", style="cyan"))
    for key, zh_label in (
        ("scope", "适用范围"),
        ("when", "条件"),
        ("when_any", "条件（任一）"),
        ("unless", "除外"),
        ("expansion_by_change", "变更按改扩建审查的条件（任一）"),
        ("params", "参数"),
    ):
        if data.get(key):
            head = zh_label if zh else key
            if key == "params":  # one line a parameter, as the rule file lays them out
                say(console, lines(f"{head}:\n{indent(written(data[key], flow=False), '  ')}"))
            else:
                say(console, f"{head}: {written(_scope(data[key], lang) if key == 'scope' else data[key])}")
        if key == "expansion_by_change" and data.get("expansion_defined"):
            say(
                console,
                "规划以此定义改扩建：申报改扩建而声明均不属之的，本条不适用"
                if zh
                else "expansion_defined: the plan defines 改扩建 by these: an application filed as an expansion that "
                "states it does none of them is not judged",
            )
    for key, zh_label in (
        ("restates", "转述上级规划"),
        ("note", "说明"),
        ("force_reason", "效力依据"),
        ("contradiction", "规划自相矛盾之处"),
    ):
        if data.get(key):
            say(console, cell(f"{zh_label if zh else key}: {data[key]}", style="dim"))
    table = Table(title="示例记录" if zh else "example records", show_lines=True, expand=True)
    for head in (
        ["示例", "记录", "应得", "实得", "结论说明"] if zh else ["example", "record", "expect", "got", "message"]
    ):
        table.add_column(head, overflow="fold")
    for e in data["examples"]:
        style = "green" if e["expect"] == e["got"] else "bold red"
        add_row(
            table,
            e["name"],
            lines(written(e["record"], flow=False)),
            t(EXAMPLE_OUTCOME, e["expect"], lang),
            cell(t(EXAMPLE_OUTCOME, e["got"], lang), style=style),
            (e["message"] or {}).get(lang, ""),
        )
    console.print(table)
    if data.get("file"):
        say(console, cell(data["file"], style="dim"))


def requirements(data: dict[str, Any], console: Console, lang: str) -> None:
    zh = lang == "zh"
    q = data["query"]
    county = next((lv["name"] for lv in data["jurisdiction"] if lv["code"] == q["county"]), "")
    say(
        console,
        cell(
            f"{county} {q['county']} · {'、'.join([q['mineral'], *q.get('associated', ())])} · "
            f"{label(q['method'], lang) if q['method'] else '—'} · {label(q['right'], lang)} · "
            f"{label(q['application'], lang)} · {q['date']}",
            style="bold",
        ),
    )
    for level in data["jurisdiction"]:
        applied = [p["id"] for p in level["plans"] if p["applied"]]
        if applied:
            say(console, f"  {t(LEVEL, level['level'], lang)} {level['name']} {level['code']}: {', '.join(applied)}")
            for plan in level["plans"]:
                for note in plan.get("notes_i18n", []) if plan["applied"] else []:
                    say(console, f"    ⚠ {plan['id']}: {note[lang]}")
        else:  # why nothing of this level applies (it names the level and the place)
            say(console, f"  {level.get('note_i18n', {}).get(lang) or level.get('note', '')} {level['code']}")
    if data["min_scale_by_class"]:
        table = Table(
            title="最低开采规模（按矿床规模，从严到宽）" if zh else "minimum scale by deposit class, strictest first"
        )
        for head in (
            ["矿床规模", "最低开采规模", "例外", "规划", "规则"]
            if zh
            else ["deposit class", "minimum", "exceptions", "plan", "rule"]
        ):
            table.add_column(head, overflow="fold")
        names = {"large": "大型", "medium": "中型", "small": "小型"}
        for scale, rows in data["min_scale_by_class"].items():
            for i, row in enumerate(rows):
                add_row(
                    table,
                    names[scale] if zh and i == 0 else (scale if i == 0 else ""),
                    cell(row["figure"], style="bold" if i == 0 else ""),
                    "; ".join(row["exceptions"]),
                    row["plan"],
                    row["rule"],
                )
        console.print(table)
    if data.get("note_i18n"):  # no plan in force: an empty table of provisions would read as "nothing required"
        say(console, cell(data["note_i18n"][lang], style="bold red"))
        return
    table = Table(title="适用条款" if zh else "provisions that apply", show_lines=True, expand=True)
    for head in (
        ["规划", "类型", "效力", "条款", "要求", "出处"]
        if zh
        else ["plan", "kind", "force", "provision", "requirement", "citation"]
    ):
        table.add_column(head, overflow="fold")
    for r in data["requirements"]:
        figures = [r["required"]] if r.get("required") else []
        figures += [
            f"{c['required']} ({c['label_i18n'][lang]})" if "label_i18n" in c else c["required"]
            for c in r.get("cases", ())
        ]
        if r.get("minimum"):
            req = "; ".join(f"{k}: {v}" for k, v in r["minimum"].items())
            if r.get("needs"):  # the facts its verdict also waits on (whether a change is an expansion …)
                req += ("；需提供：" if zh else "; needs: ") + ", ".join(r["needs"])
        elif r.get("needs"):
            req = "\n".join(
                [*(["; ".join(figures)] if figures else []), ("需提供：" if zh else "needs: ") + ", ".join(r["needs"])]
            )
        else:
            req = "; ".join(figures) or r.get("detail", {}).get(lang, "")
        kind = t(KIND, r["kind"], lang)
        add_row(table, r["plan"], kind, t(FORCE, r["force"], lang), _titled(r, lang), req, _cite(r["citation"]))
    console.print(table)
    if data["zones"]:
        table = Table(
            title="本县（市、区）相关规划分区（* 规划未注明所在县）"
            if zh
            else "zones of this county for this mineral (* the plan prints no county for it)"
        )
        for head in (
            ["规划", "编号", "名称", "类型", "表", "最低规模"]
            if zh
            else ["plan", "code", "name", "type", "table", "min scale"]
        ):
            table.add_column(head, overflow="fold")
        for z in data["zones"]:
            code = z["code"] if z.get("counties", True) else f"{z['code']} *"
            kind = t(ZONE_TYPE, z["type"], lang)
            add_row(table, z["plan"], code, z["name"], kind, z["table"], z.get("min_scale") or "")
        console.print(table)
    if data["facts"]:
        say(
            console,
            cell(
                ("记录需提供的事实：" if zh else "facts a record will need: ")
                + ", ".join(f"{f['fact']} ({f[lang]})" for f in data["facts"]),
                style="magenta",
            ),
        )


def zones(data: dict[str, Any], console: Console, lang: str) -> None:
    zh = lang == "zh"
    q = data["query"]
    where = f"{q['county_name']} {q['county']}" if q["county"] else ("全部规划" if zh else "all plans")
    when = f" · {q['date']}" if q["date"] else ""
    table = Table(title=(f"{where}{when} 规划分区" if zh else f"planning zones: {where}{when}"), show_lines=False)
    for head in (
        ["规划", "编号", "名称（规划所印）", "类型", "表", "矿种", "所在县"]
        if zh
        else ["plan", "code", "printed name", "type", "table", "minerals", "counties"]
    ):
        table.add_column(head, overflow="fold", no_wrap=head in ("规划", "编号", "plan", "code"))
    for z in data["zones"]:
        code = Text(visible(z["code"]) + (" *" if z["coined"] else ""), style="yellow" if z["coined"] else "")
        lines = [z["name"], *(f"（亦作 {a}）" if zh else f"(also {a})" for a in z["aliases"])]
        name = Text("\n".join(visible(line) for line in lines))  # each line escaped, the breaks kept
        counties = "、".join(c["name"] or c["code"] for c in z["counties"]) or ("未印" if zh else "not printed")
        kind = t(ZONE_TYPE, z["type"], lang)
        add_row(table, z["plan"], code, name, kind, z["table"], "、".join(z["minerals"]), counties)
    console.print(table)
    notes = [
        "* 编号为 minplan 自编：规划未印编号。记录可填编号、规划所印名称或其简称"
        "（省去所在省、市、县名，或分区类型后缀）。"
        if zh
        else "* code coined by minplan: the plan prints none. A record may give the code, the printed name or a short "
        "form of it (without the names of the province, prefecture or county, or the type's suffix).",
        f"符合全国区块编号格式（两个字母加 11 位数字，{data['block_code_pattern']}）的编号不予核对即接受："
        "规划的区块附表不在规划文本中；但分区表已完整列出的编号序列（如丹东的 KZ210600…、CS210600…）"
        "中未列出的编号不予接受。"
        if zh
        else f"A block code of the national pattern (two letters and eleven digits, {data['block_code_pattern']}) is "
        "accepted unchecked: the plans' block annexes are not part of their printed text; a code of a series a zone "
        "table prints in full (Dandong's KZ210600…, CS210600…) that the table does not list is refused.",
    ]
    if data["elsewhere"]:
        notes.append(
            f"这些规划另有 {data['elsewhere']} 个分区位于其他县（可按编号或全称填写）。"
            if zh
            else f"These plans have {data['elsewhere']} further zones in other counties (a record may give their code "
            "or full name)."
        )
    console.print(Text(f"{len(data['zones'])} {'个分区' if zh else 'zones'}"))
    for note in notes:
        console.print(Text(note, style="dim"))
