"""One line per finding that is not a pass, as linters print them: ``FILE:LINE:COL: STATUS RULE-ID message
[citation]``. LINE and COL are those of the field the finding judged (``capacity:`` for a minimum scale); a
record that could not be read points at the problem; a batch-wide finding at the first record it concerns
(the others named). Editors and terminals that know the ``file:line:col`` form jump to the line. Text is
shown escaped (minplan.report.escape.visible).
"""

from __future__ import annotations

from minplan.engine import RecordResult
from minplan.findings import Finding, Status
from minplan.i18n import STATUS, WORDS, t
from minplan.report.base import Context, Ending, Placed
from minplan.report.common import (
    SHOWN,
    cite,
    full_message,
    named,
    ordered,
    plan_note_lines,
    unchecked_lines,
    where,
)
from minplan.report.escape import visible

INPUT_RULE = "minplan/input-error"


def line(file: str, at: tuple[int, int], status: str, rule: str, text: str, citation: str = "") -> str:
    tail = f" [{citation}]" if citation else ""
    return visible(f"{file}:{at[0]}:{at[1]}: {status} {rule} {text}{tail}") + "\n"


class Report(Placed):
    @staticmethod
    def prepare(r: RecordResult, context: Context) -> tuple[str | None, str, int | None, str]:
        lang = context.lang
        out = []
        for issue in r.errors:
            at = (issue.line or r.line or 1, issue.column or 1)
            out.append(line(r.file, at, "error", INPUT_RULE, issue.text(lang)))
        for f in ordered(r.findings):
            if f.status in SHOWN:
                out.append(line(r.file, where(r, f), f.status.value, f.rule, _text(r, f, lang), cite(f, lang)))
        return r.id, r.file, r.line, "".join(out)

    def finish(self, end: Ending) -> None:
        aggregate, summary = end.aggregate, end.summary
        lang = self.lang
        for f in ordered(aggregate):
            if f.status not in SHOWN:
                continue
            places = self.places.of(f)
            text = full_message(f, lang)
            if f.records:
                text += f" ({'记录' if lang == 'zh' else 'records'}: {', '.join(f.records)})"
            file, at = (places[0][0], places[0][1:]) if places else ("-", (1, 1))
            self.out.write(line(file, at, f.status.value, f.rule, text, cite(f, lang)))
        counts = ", ".join(
            f"{summary[k]} {t(STATUS, k, lang)}"
            for k in ("fail", "needs_info", "warn", "error", "waived", "pass")
            if summary.get(k)
        )
        for text in unchecked_lines(end.unchecked, lang):  # a pass says nothing of a level not checked
            self.out.write(visible(f"minplan: {'未审查' if lang == 'zh' else 'not checked'}: {text}") + "\n")
        for text in plan_note_lines(end.plan_notes, lang):  # a verdict of a draft is not one of an approved plan
            self.out.write(visible(f"minplan: {'所用规划' if lang == 'zh' else 'plan applied'}: {text}") + "\n")
        word = "条记录" if lang == "zh" else "records"
        skipped = ""
        if summary.get("ignored"):  # never a silent skip, even in one line
            skipped = ("；" if lang == "zh" else "; ") + f"{summary['ignored']} {t(WORDS, 'ignored', lang)}"
        self.out.write(f"minplan: {summary['records']} {word}" + (f": {counts}" if counts else "") + skipped + "\n")


def _text(r: RecordResult, f: Finding, lang: str) -> str:
    text = full_message(f, lang)
    if named(r):
        text = f"{named(r)}: {text}"
    if f.status is Status.needs_info and f.needs:
        text += f" ({', '.join(f.needs)})"
    return text
