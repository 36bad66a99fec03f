"""The review opinion for print (规划符合性审查意见): one self-contained HTML page, each record on its own pages.

Each record is rendered where it is judged (``prepare``, in a worker for a large batch) from the Jinja2
templates in ``minplan/report/templates`` and written as it comes; the batch-wide checks and the summary
close the page, the summary's list of records spooled to a temporary file meanwhile. Autoescaping is on for
every template, and every value a template prints first passes :func:`minplan.report.escape.visible`
(controls and bidirectional overrides shown as escapes), so nothing a record or rule file holds becomes
markup or reorders a line. The page loads nothing: the styles are inline, a map is a ``data:`` URI, and the
page's Content-Security-Policy allows nothing else.
"""

from __future__ import annotations

import base64
import weakref
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from minplan import __version__
from minplan.engine import RecordResult
from minplan.facts import FACTS
from minplan.findings import Finding, Status
from minplan.i18n import FORCE, LEVEL, STATUS, t
from minplan.report.base import Context, Ending, Meta, Renderer, copy_spool, spool
from minplan.report.common import ordered, remedy, waived_note
from minplan.report.escape import visible
from minplan.report.sheets import value_words
from minplan.vocab import label

if TYPE_CHECKING:
    from minplan.rulebook import Corpus

MARK = {"pass": "✓", "warn": "!", "needs_info": "?", "fail": "✗", "not_applicable": "–", "error": "✗", "waived": "⊘"}
VERDICTS = ("fail", "needs_info", "warn", "waived", "pass", "error")  # the order counts are shown in
RECORDS_SHOWN = 30  # ids listed under a batch-wide finding
MAP_MOST = 8 * 1024 * 1024  # bytes of a map's SVG put into the page; a larger one is named, not embedded

WORDS: dict[str, dict[str, str]] = {
    "title": {"zh": "矿产资源规划符合性审查意见", "en": "Mineral-resource plan compliance review"},
    "record_no": {"zh": "记录", "en": "Record"},
    "basics": {"zh": "一、基本情况", "en": "1. The application"},
    "plans": {"zh": "二、适用规划", "en": "2. Plans applied"},
    "place": {"zh": "三、空间位置", "en": "3. Where the right lies"},
    "verdict": {"zh": "审查结论", "en": "Verdict"},
    "findings": {"zh": "审查意见", "en": "Findings"},
    "id": {"zh": "记录编号", "en": "Record id"},
    "holder": {"zh": "申请人（矿业权人）", "en": "Applicant (right holder)"},
    "kind": {"zh": "矿业权类型", "en": "Right"},
    "where": {"zh": "所在地", "en": "Location"},
    "zones": {"zh": "规划分区", "en": "Planning zones"},
    "minerals": {"zh": "矿种", "en": "Minerals"},
    "main": {"zh": "主矿种", "en": "main"},
    "method": {"zh": "开采方式", "en": "Mining method"},
    "capacity": {"zh": "设计生产规模", "en": "Design capacity"},
    "scale": {"zh": "矿床规模 / 矿山规模", "en": "Deposit scale / mine scale"},
    "date": {"zh": "申请日期", "en": "Date"},
    "file": {"zh": "文件", "en": "File"},
    "unstated": {"zh": "未填写", "en": "not stated"},
    "no_zone": {"zh": "不在规划分区内", "en": "in no zone"},
    "plan": {"zh": "规划", "en": "Plan"},
    "level": {"zh": "层级", "en": "Level"},
    "used": {"zh": "是否适用", "en": "Applied"},
    "reason": {"zh": "理由", "en": "Why"},
    "applied": {"zh": "适用", "en": "applied"},
    "not_applied": {"zh": "不适用", "en": "not applied"},
    "no": {"zh": "序号", "en": "No."},
    "status": {"zh": "结论", "en": "Status"},
    "finding": {"zh": "审查内容", "en": "Finding"},
    "basis": {"zh": "依据", "en": "Basis"},
    "row": {"zh": "行", "en": "row"},
    "title_open": {"zh": "《", "en": ""},
    "title_close": {"zh": "》", "en": ""},
    "required": {"zh": "应满足", "en": "To satisfy it"},
    "actual": {"zh": "申报", "en": "Stated"},
    "field": {"zh": "审查字段", "en": "Field judged"},
    "waiver": {"zh": "豁免", "en": "Waiver"},
    "supply": {"zh": "需补充", "en": "Supply"},
    "concerns": {"zh": "涉及矿种", "en": "Mineral"},
    "records": {"zh": "涉及记录", "en": "Records"},
    "no_findings": {"zh": "无适用条款。", "en": "No provision applies."},
    "na": {"zh": "不适用的条款", "en": "Provisions that did not apply"},
    "pcs": {"zh": "项", "en": ""},
    "errors": {"zh": "无法读取或校验的问题", "en": "Why the record could not be read or validated"},
    "line_no": {"zh": "第 {} 行", "en": "line {}"},
    "column_no": {"zh": "，第 {} 列", "en": ", column {}"},
    "map": {"zh": "矿业权范围图", "en": "Map of the right"},
    "spatial": {"zh": "拐点范围量算", "en": "Measured from the boundary"},
    "coverage": {"zh": "规划适用范围", "en": "Which plans apply"},
    "minplan": {"zh": "批量与配置核查", "en": "Checks of the batch and the configuration"},
    "map_missing": {"zh": "图件未能嵌入", "en": "the map could not be embedded"},
    "reviewer": {"zh": "审查人（签字）", "en": "Reviewer (signature)"},
    "sign_date": {"zh": "日期", "en": "Date"},
    "sign_blank_date": {"zh": "年　　月　　日", "en": ""},
    "generated": {
        "zh": "本意见由 minplan {version} 依所编码的规划条文生成，经审查人核对签字后生效。",
        "en": "Drawn up by minplan {version} from the encoded plan texts; it takes effect when a reviewer has "
        "checked and signed it.",
    },
    "batch": {"zh": "审查汇总", "en": "Summary of the run"},
    "aggregate": {"zh": "批量汇总审查", "en": "Batch-wide checks"},
    "summary": {"zh": "汇总", "en": "Summary"},
    "total": {"zh": "记录总数", "en": "Records"},
    "count": {"zh": "数量", "en": "Count"},
    "contents": {"zh": "记录一览", "en": "The records"},
    "ignored": {"zh": "未审查的文件", "en": "Files not checked"},
    "notes": {"zh": "附注", "en": "Notes"},
    "page_before": {"zh": "第 ", "en": "page "},
    "page_between": {"zh": " 页 / 共 ", "en": " of "},
    "page_after": {"zh": " 页", "en": ""},
    "sep": {"zh": "、", "en": ", "},
    "colon": {"zh": "：", "en": ": "},
}

VERDICT = {
    "fail": {
        "zh": "经审查，{fail} 项规定未满足，规划符合性审查不通过。",
        "en": "{fail} provision(s) are not met: the application does not comply with the plans.",
    },
    "needs_info": {
        "zh": "现有材料不足以判定 {needs_info} 项规定，需补充所列信息后重新审查。",
        "en": "The record does not say enough to judge {needs_info} provision(s): supply what is listed and have "
        "it reviewed again.",
    },
    "warn": {
        "zh": "未发现违反约束性规定之处；{warn} 项预期性或指导性要求未满足，予以警示。",
        "en": "No binding provision is broken; {warn} expected or guidance provision(s) are not met (a warning).",
    },
    "pass": {
        "zh": "经审查，未发现不符合所适用规划之处，审查通过。",
        "en": "Nothing was found that does not comply with the plans applied: the application passes.",
    },
    "unplanned": {
        "zh": "本记录所在地于申请日期无适用的已编码规划，未作规划条款审查：请核对日期与所在县，或按适用规划人工审查。",
        "en": "No encoded plan applies where and when the record lies: no provision was judged. Check the date and "
        "county, or review the record by hand against the plan that applies.",
    },
    "waived": {
        "zh": "{waived} 项未满足的规定已按豁免处理（理由与期限见下），其余规定均已满足。",
        "en": "{waived} provision(s) not met are waived (reason and date below); the others are met.",
    },
    "error": {
        "zh": "记录无法读取或校验（或有条款无法评估），未予审查；请按下列问题改正后重新提交。",
        "en": "The record could not be read or validated (or a provision could not be evaluated): it was not "
        "judged; correct what is listed and submit it again.",
    },
    "also_needs_info": {"zh": "另有 {needs_info} 项需补充信息。", "en": "{needs_info} more need information."},
}


def _finalize(value: Any) -> Any:
    """What every ``{{ … }}`` prints, before autoescaping: text with its hidden characters made visible."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return visible(value)
    return value


def css_string(text: str) -> Markup:
    """``text`` as a CSS string literal inside a <style> element (where HTML entities are not read)."""
    return Markup('"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text) + '"')


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("minplan.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["css_string"] = css_string
    return env


def _render(name: str, **values: Any) -> str:
    return environment().get_template(name).render(**values)


@cache
def _words(lang: str) -> dict[str, str]:
    return {key: text.get(lang) or text["en"] for key, text in WORDS.items()}


def _status(status: str, lang: str) -> dict[str, str]:
    return {"key": status, "mark": MARK[status], "word": t(STATUS, status, lang)}


_FORCES: weakref.WeakKeyDictionary[Any, dict[str, str]] = weakref.WeakKeyDictionary()


def _force(corpus: Corpus | None, finding: Finding) -> str | None:
    """The force of a finding's rule (binding, expected …), from the rules of its plan (read once)."""
    if corpus is None or finding.plan not in corpus.plans:
        return None
    forces = _FORCES.setdefault(corpus, {})
    if finding.rule not in forces:
        forces.update({r.id: r.force for r in corpus.rules_of(finding.plan)})
    return forces.get(finding.rule)


def _finding(f: Finding, lang: str, corpus: Corpus | None, result: RecordResult | None = None) -> dict[str, Any]:
    plan = corpus.plans.get(f.plan) if corpus is not None else None
    force = _force(corpus, f)
    c = f.citation
    shown = f.status not in (Status.pass_, Status.not_applicable)
    needs = [getattr(FACTS[n], lang) if n in FACTS else n for n in f.needs]
    return {
        "status": _status(f.status.value, lang),
        "message": f.message.get(lang) or f.message["en"],
        "rule": f.rule,
        "mineral": f.mineral,
        "force": t(FORCE, force, lang) if force else None,
        "plan": f.plan,
        "plan_title": (plan.title if lang == "zh" else plan.title_en) if plan is not None else _plan_word(f, lang),
        "a_plan": plan is not None,
        "level": t(LEVEL, f.level, lang) if f.level in LEVEL else None,
        "section": c.section,
        "table": c.table,
        "row": c.row,
        "quote": c.quote,
        "required": (remedy(f, lang) or value_words(f, f.required, lang) or None) if shown else None,
        "field": _field(f, result, lang) if shown else None,
        "waiver": waived_note(f, lang) or None,
        "actual": value_words(f, f.actual, lang) if shown and f.actual else None,
        "needs": needs if f.status is Status.needs_info else [],
        "records": _records(f.records or [], lang),
    }


def _field(f: Finding, result: RecordResult | None, lang: str) -> str | None:
    """The record field a finding judged, with its line in the record's file where the file has lines."""
    if not f.field:
        return None
    at = result.where(f.field) if result is not None and result.row is None else None
    if at is None:
        return f.field
    return f"{f.field}（第 {at[0]} 行）" if lang == "zh" else f"{f.field} (line {at[0]})"


def _records(ids: list[str], lang: str) -> list[str]:
    """The records a batch-wide finding names: all of a few, the first of many and how many (the list of records
    at the end names every one)."""
    if len(ids) <= RECORDS_SHOWN:
        return ids
    rest = f"… 共 {len(ids)} 条" if lang == "zh" else f"… {len(ids)} in all"
    return [*ids[:RECORDS_SHOWN], rest]


# the findings no plan made, by their ``plan``: the geometry's, which plans apply, the batch's and the config's own
MADE_UP_PLANS = ("spatial", "coverage", "minplan")


def _plan_word(f: Finding, lang: str) -> str | None:
    """What stands for the plan of a finding no plan made."""
    return WORDS[f.plan][lang] if f.plan in MADE_UP_PLANS else None


def _header(result: RecordResult, lang: str) -> list[list[tuple[str, str]]]:
    """The rows of a record's 基本情况, two facts to a row (one for long ones): what the opinion is about."""
    w = _words(lang)
    ident = (w["id"], result.id or "—")
    record = result.record
    if record is None:
        return [[ident], [(w["file"], _place(result, lang))]]
    sep = w["sep"]
    minerals = [record.mineral, *(record.associated_minerals or [])]
    if len(minerals) > 1:
        minerals[0] += f"（{w['main']}）" if lang == "zh" else f" ({w['main']})"
    zones = record.location.zones
    scales = [label(s, lang) if s else w["unstated"] for s in (record.deposit_scale, record.mine_scale)]
    chain = " › ".join(lv.division.zh if lang == "zh" else lv.division.en for lv in result.levels)
    return [
        [ident, (w["date"], record.date.isoformat())],
        [(w["holder"], record.holder or w["unstated"])],
        [
            (w["kind"], f"{label(record.right, lang)} · {label(record.application, lang)}"),
            (w["method"], label(record.method, lang) if record.method else w["unstated"]),
        ],
        [(w["where"], chain)],
        [(w["minerals"], sep.join(minerals)), (w["zones"], _zones(zones, w))],
        [
            (w["capacity"], record.capacity.text(lang) if record.capacity else w["unstated"]),
            (w["scale"], " / ".join(scales)),
        ],
        [(w["file"], _place(result, lang))],
    ]


def _zones(zones: list[str] | None, w: dict[str, str]) -> str:
    if zones is None:
        return w["unstated"]
    return w["sep"].join(zones) or w["no_zone"]


def _place(result: RecordResult, lang: str) -> str:
    """Where the record is: its file, and its line in a --- stream or its sheet and row in a table."""
    if result.row is not None:
        row = f"第 {result.row} 行" if lang == "zh" else f"row {result.row}"
        return " › ".join(p for p in (result.file, result.sheet, row) if p is not None)
    return result.file + (f":{result.line}" if result.line and result.index else "")


def _plans(result: RecordResult, lang: str, corpus: Corpus | None) -> list[dict[str, Any]]:
    """Each level's plans, applied or not and why, and a level with no plan in force said in words."""
    out: list[dict[str, Any]] = []
    date = result.record.date.isoformat() if result.record is not None else ""
    for level in result.levels:
        for use in level.plans:
            plan = corpus.plans.get(use.id) if corpus is not None else None
            out.append(
                {
                    "id": use.id,
                    "title": (plan.title if lang == "zh" else plan.title_en) if plan is not None else None,
                    "level": t(LEVEL, use.level, lang),
                    "applied": use.applied,
                    "reason": use.reason.get(lang) or use.reason["en"],
                    "notes": [n.get(lang) or n["en"] for n in use.notes],
                }
            )
        note = level.note(date)
        if note:
            out.append(
                {
                    "id": None,
                    "title": None,
                    "level": t(LEVEL, level.division.level, lang),
                    "applied": False,
                    "reason": note[lang],
                    "notes": [],
                }
            )
    return out


def _map(spatial: dict[str, Any] | None) -> str | None:
    """The record's map (``--map``'s SVG) as a data: URI; None when there is none or it cannot be read.

    An <img> of a data: URI rather than the SVG itself in the page: the maps' element ids (matplotlib's clip
    paths) would clash between records on one page, and an image cannot run anything a file might hold.
    """
    path = (spatial or {}).get("map")
    if not path:
        return None
    try:
        svg = Path(path).read_bytes()
    except OSError:
        return None
    if len(svg) > MAP_MOST:
        return None
    start = svg.find(b"<svg")
    svg = svg[start:] if start >= 0 else svg  # the XML prolog and DOCTYPE (which names a DTD's URL) left out
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _verdict(result: RecordResult, counts: dict[str, int], lang: str) -> str:
    status = result.status.value
    key = "unplanned" if result.record is not None and not result.applied_plans() else status
    text = VERDICT[key][lang].format(**counts)
    if status == "fail" and counts["needs_info"]:
        text += VERDICT["also_needs_info"][lang].format(**counts)
    return text


def record_page(result: RecordResult, lang: str, corpus: Corpus | None) -> str:
    """The HTML of one record's opinion (the inside of its <section>)."""
    from minplan.geo.words import spatial_lines

    findings = [f for f in result.findings if f.status is not Status.not_applicable]
    findings = ordered(findings)
    na = [f for f in result.findings if f.status is Status.not_applicable]
    counts = {s.value: 0 for s in Status}
    for f in result.findings:
        counts[f.status.value] += 1
    spatial = result.spatial
    return _render(
        "record.html.j2",
        w=_words(lang),
        lang=lang,
        version=__version__,
        status=_status(result.status.value, lang),
        verdict=_verdict(result, counts, lang),
        counts=[(_status(s, lang), counts[s]) for s in VERDICTS if counts[s]],
        rid=result.id or "—",
        header=_header(result, lang),
        notes=[n.text(lang) for n in result.notes],
        errors=result.errors,
        judged=result.record is not None,
        plans=_plans(result, lang, corpus),
        spatial=spatial_lines(spatial, lang) if spatial is not None else [],
        map=_map(spatial),
        map_wanted=bool((spatial or {}).get("map")),
        findings=[_finding(f, lang, corpus, result) for f in findings],
        na=[_finding(f, lang, corpus) for f in na],
    )


class Report(Renderer):
    """The page's head and styles first, each record's section as it comes, the batch summary last."""

    def start(self, meta: Meta) -> None:
        self.count = 0
        self.rows = spool()  # the summary's list of records, written at the end
        lang = self.lang
        self.out.write(
            _render("page_start.html.j2", w=_words(lang), html_lang="zh-CN" if lang == "zh" else "en", lang=lang)
        )

    @staticmethod
    def prepare(result: RecordResult, context: Context) -> tuple[str, str | None, str, str]:
        """The record's section, and what the summary lists of it (id, status, file)."""
        page = record_page(result, context.lang, context.corpus)
        return page, result.id, result.status.value, result.file

    def record(self, item: tuple[str, str | None, str, str]) -> None:
        page, rid, status, file = item
        self.count += 1
        n = self.count
        self.out.write(f'<section class="record status-{status}" id="record-{n}">\n')
        self.out.write(page)
        self.out.write("</section>\n")
        self.rows.write(_render("index_row.html.j2", n=n, id=rid or "—", file=file, status=_status(status, self.lang)))

    def finish(self, end: Ending) -> None:
        aggregate, summary, notes, ignored = end.aggregate, end.summary, end.notes, end.ignored
        lang = self.lang
        batch = summary["records"] > 1 or bool(aggregate) or bool(ignored)
        if batch:
            order = ordered(aggregate)
            self.out.write(
                _render(
                    "batch_start.html.j2",
                    w=_words(lang),
                    aggregate=[_finding(f, lang, self.corpus) for f in order],
                    counts=[(_status(s, lang), summary.get(s, 0)) for s in VERDICTS if s != "waived" or s in summary],
                    total=summary["records"],
                    notes=[self.message(n) for n in notes],
                    ignored=[(i.path, i.reason_zh if lang == "zh" else i.reason) for i in ignored],
                )
            )
            copy_spool(self.rows, self.out)
            self.out.write(_render("batch_end.html.j2"))
        else:
            self.rows.close()
        self.out.write(_render("page_end.html.j2"))
