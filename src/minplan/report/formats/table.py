"""The report for people: one panel per record as it is judged, with the jurisdiction chain, plans and
findings; then the batch-wide checks and the summary. Text from records and rule files is shown escaped
(minplan.report.escape.visible): nothing in a record can move the cursor, clear the screen or reorder a line.

A record's findings are listed failures first, then what needs information, then warnings and waived
findings; passes fold into a count unless ``--verbose``. Each finding that is not a pass says what would
satisfy it. Cells break lines as minplan.report.wrap does: never inside a rule id, a date or a code. Below
100 columns each finding is one block (status and rule id, message, citation) instead of three columns."""

from __future__ import annotations

import os
import sys

from rich.cells import cell_len, set_cell_size
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from minplan.engine import RecordResult
from minplan.findings import Finding, Status
from minplan.i18n import LEVEL, STATUS, WORDS, t
from minplan.report.base import Ending, Renderer
from minplan.report.common import ordered, remedy, waived_note
from minplan.report.escape import visible
from minplan.report.wrap import Wrapped

STYLE = {
    "pass": "green",
    "warn": "yellow",
    "needs_info": "magenta",
    "fail": "bold red",
    "not_applicable": "dim",
    "error": "bold red",
    "waived": "blue",
}
MARK = {"pass": "✓", "warn": "!", "needs_info": "?", "fail": "✗", "not_applicable": "·", "error": "✗", "waived": "~"}
NARROW = 100  # below this many columns, a finding is one block rather than three columns


def _status(status: str, lang: str) -> Text:
    return Text(f"{MARK[status]} {t(STATUS, status, lang)}", style=STYLE[status])


def citation_text(finding: Finding, lang: str) -> str:
    c = finding.citation
    head = f"{finding.plan} {c.section}"
    parts = [head] + [p for p in (c.table, c.row and (f"行 {c.row}" if lang == "zh" else f"row {c.row}")) if p]
    text = visible(" · ".join(parts))
    if c.quote:
        text += f"\n“{visible(c.quote)}”"
    return text


def _message_parts(f: Finding, lang: str) -> list[tuple[str, str]]:
    parts = [(visible(f.message.get(lang) or f.message["en"]), "")]
    fix = remedy(f, lang)
    if fix:
        parts.append((visible(f"→ {fix}"), "bold"))
    note = waived_note(f, lang)
    if note:
        parts.append((visible(note), "blue"))
    return parts


def findings_table(findings: list[Finding], lang: str, width: int = 120) -> Table:
    """The findings in the order they are shown, as three columns, or as blocks below NARROW columns."""
    table = Table(show_lines=True, expand=True, header_style="bold")
    if width < NARROW:
        table.add_column(f"{t(WORDS, 'status', lang)} · {t(WORDS, 'message', lang)} · {t(WORDS, 'citation', lang)}")
        for f in ordered(findings):
            head = Text.assemble(_status(f.status.value, lang), " ")
            block = Wrapped(
                [
                    (f"{head.plain}{visible(f.rule)}", STYLE[f.status.value]),
                    *_message_parts(f, lang),
                    (citation_text(f, lang), "cyan"),
                ]
            )
            table.add_row(block)
        return table
    table.add_column(t(WORDS, "status", lang), no_wrap=True)
    table.add_column(t(WORDS, "message", lang), ratio=3)
    table.add_column(t(WORDS, "citation", lang), ratio=2)
    for f in ordered(findings):
        message = Wrapped([*_message_parts(f, lang), (visible(f.rule), "dim")])
        table.add_row(_status(f.status.value, lang), message, Wrapped([(citation_text(f, lang), "cyan")]))
    return table


def record_panel(result: RecordResult, lang: str, width: int = 120, verbose: bool = False) -> Panel:
    parts: list[object] = []
    head = Text()
    head.append(visible(result.file), style="bold")
    if result.row is not None:  # a row of a table
        where = (result.sheet,) if result.sheet is not None else ()
        row = f"第 {result.row} 行" if lang == "zh" else f"row {result.row}"
        head.append(visible(" › ".join(("", *where, row))))
    elif result.line and result.index:
        head.append(f":{result.line}")
    if result.notes:
        sep = "；" if lang == "zh" else "; "
        head.append(f"  ({visible(sep.join(n.text(lang) for n in result.notes))})", style="dim")
    parts.append(head)
    if result.errors:
        parts.append(Text(t(WORDS, "errors", lang) + ":", style="bold red"))
        for issue in result.errors:
            parts.append(Text(f"  {visible(issue.located(result.file, lang))}", style="red"))
    if result.record is not None:
        date = result.record.date.isoformat()
        chain = visible(" › ".join(lv.division.label(lang) for lv in result.levels))
        parts.append(Text(f"{t(WORDS, 'chain', lang)}: {chain}"))
        plans = Text(f"{t(WORDS, 'plans', lang)}:")
        for level in result.levels:
            for use in level.plans:
                style = "green" if use.applied else "dim"
                mark = "✓" if use.applied else "–"
                line = f"{use.id} ({t(LEVEL, use.level, lang)}): {use.reason[lang]}"
                plans.append(f"\n  {mark} {visible(line)}", style=style)
                for note in use.notes:
                    plans.append(f"\n      ⚠ {visible(note[lang])}", style="yellow")
            note = level.note(date)
            if note:
                plans.append(f"\n  – {visible(note[lang])}", style="dim")
        parts.append(plans)
        if result.spatial is not None:
            from minplan.geo.words import spatial_lines

            parts.append(Text("\n".join(visible(line) for line in spatial_lines(result.spatial, lang)), style="cyan"))
        hidden_statuses = {Status.not_applicable} | (set() if verbose else {Status.pass_})
        shown = [f for f in result.findings if f.status not in hidden_statuses]
        passed = sum(f.status is Status.pass_ for f in result.findings) if not verbose else 0
        if shown:
            parts.append(findings_table(shown, lang, width))
        elif not passed:
            parts.append(Text(t(WORDS, "no_findings", lang), style="dim"))
        if passed:
            parts.append(Text(counted(passed, "hidden_pass", lang), style="green"))
        hidden = sum(f.status is Status.not_applicable for f in result.findings)
        if hidden:
            parts.append(Text(counted(hidden, "hidden_na", lang), style="dim"))
    status = _status(result.status.value, lang)
    title = Text(f" {_fitted(visible(result.id or '—'), width - cell_len(status.plain) - 8)} ")
    title.append_text(status)
    return Panel(Group(*parts), title=title, title_align="left", border_style=STYLE[result.status.value])


def _fitted(text: str, room: int) -> str:
    """``text`` within ``room`` cells, cut with … where longer: a panel cuts its title at the right, and the record's
    verdict, which follows the id, would go first."""
    room = max(room, 12)
    return text if cell_len(text) <= room else set_cell_size(text, room - 1).rstrip() + "…"


def counted(count: int, key: str, lang: str) -> str:
    """``count`` and the words for ``key``, in the singular where there is one."""
    return f"{count} {t(WORDS, key + '_one' if count == 1 else key, lang)}"


class Report(Renderer):
    """To a terminal as rich prints (colours, its width); to a file or pipe as plain text 120 columns wide."""

    def start(self, meta: object) -> None:
        if self.out is sys.stdout:
            self.console = Console()  # looks up sys.stdout when it prints, as rich's own redirections need
        else:
            width = int(os.environ["COLUMNS"]) if os.environ.get("COLUMNS", "").isdigit() else 120
            self.console = Console(file=self.out, width=width, color_system=None, force_terminal=False)

    def record(self, item: RecordResult) -> None:
        self.console.print(record_panel(item, self.lang, self.console.width, self.verbose))

    def finish(self, end: Ending) -> None:
        aggregate, summary, notes = end.aggregate, end.summary, end.notes
        lang = self.lang
        if aggregate:
            self.console.print(Text(t(WORDS, "aggregate", lang), style="bold"))
            shown = [f for f in aggregate if self.verbose or f.status not in (Status.pass_, Status.not_applicable)]
            if shown:
                self.console.print(findings_table(shown, lang, self.console.width))
            if not self.verbose:
                passed = sum(f.status is Status.pass_ for f in aggregate)
                if passed:
                    self.console.print(Text(counted(passed, "hidden_pass", lang), style="green"))
                hidden = sum(f.status is Status.not_applicable for f in aggregate)
                if hidden:
                    self.console.print(Text(counted(hidden, "hidden_na", lang), style="dim"))
        for note in notes:
            self.console.print(Text(visible(self.message(note)), style="dim"))
        line = Text(f"{t(WORDS, 'summary', lang)}: {summary['records']} {t(WORDS, 'records', lang)}  ")
        for status in ("pass", "warn", "needs_info", "fail", "error", "waived"):
            if status in summary:
                line.append(f"{t(STATUS, status, lang)} {summary[status]}  ", style=STYLE[status])
        if summary["ignored"]:
            line.append(f"{summary['ignored']} {t(WORDS, 'ignored', lang)}", style="dim")
        self.console.print(line)
