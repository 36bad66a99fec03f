"""Text several formats share: a finding's message and its citation on one line."""

from __future__ import annotations

from minplan.findings import Finding, Status

PROBLEMS = (Status.fail, Status.needs_info, Status.error)


def message(f: Finding, lang: str) -> str:
    return f.message.get(lang) or f.message["en"]


def cite(f: Finding) -> str:
    c = f.citation
    return " · ".join(p for p in (f.plan, c.section, c.table, c.row and f"row {c.row}") if p)


def finding_line(f: Finding, lang: str) -> str:
    quote = f" “{f.citation.quote}”" if f.citation.quote else ""
    return f"[{f.status.value}] {f.rule}: {message(f, lang)} ({cite(f)}){quote}"
