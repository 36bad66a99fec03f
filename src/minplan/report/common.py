"""What several formats share: a finding's message and citation on one line, where a finding points in its
file, the order findings are shown in, and the places of the records a batch-wide finding concerns."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from minplan.findings import Finding, Status
from minplan.i18n import STATUS, t

if TYPE_CHECKING:
    from minplan.engine import RecordResult

PROBLEMS = (Status.fail, Status.needs_info, Status.error)
# the order a record's findings are shown in: what fails first, then what needs information, then warnings
ORDER = {
    Status.error: 0,
    Status.fail: 1,
    Status.needs_info: 2,
    Status.warn: 3,
    Status.waived: 4,
    Status.pass_: 5,
    Status.not_applicable: 6,
}
SHOWN = (Status.error, Status.fail, Status.needs_info, Status.warn, Status.waived)  # what CI formats report


def message(f: Finding, lang: str) -> str:
    return f.message.get(lang) or f.message["en"]


def remedy(f: Finding, lang: str) -> str:
    """What would satisfy the provision ("设计规模需不低于 3万吨/年"), or "" when the finding says nothing of it."""
    if f.remedy is None:
        return ""
    return f.remedy.get(lang) or f.remedy["en"]


def waived_note(f: Finding, lang: str) -> str:
    """Why a waived finding does not count, and until when; an expired waiver's date."""
    if f.waived is not None:
        status = f.waived["status"]
        if lang == "zh":
            return f"已豁免（原结论 {t(STATUS, status, lang)}，至 {f.waived['until']}）：{f.waived['reason']}"
        return f"waived ({status}, until {f.waived['until']}): {f.waived['reason']}"
    if f.waiver is not None:
        if lang == "zh":
            return f"豁免已于 {f.waiver['until']} 到期：{f.waiver['reason']}"
        return f"waiver expired on {f.waiver['until']}: {f.waiver['reason']}"
    return ""


def full_message(f: Finding, lang: str) -> str:
    """The message, what would satisfy the provision, and the waiver, on one line."""
    parts = [message(f, lang)]
    # a finding that asks for facts names them in its message already ("需提供：…"): its remedy would repeat them
    fix = "" if f.needs and f.status is Status.needs_info else remedy(f, lang)
    for extra in (fix, waived_note(f, lang)):
        if extra:
            parts.append(extra)
    return ("；" if lang == "zh" else "; ").join(parts)


def cite(f: Finding, lang: str = "en") -> str:
    """Plan, section, table and row of a finding's provision, as one line (the row named in the report's language,
    as the table names it)."""
    c = f.citation
    row = c.row and (f"行 {c.row}" if lang == "zh" else f"row {c.row}")
    return " · ".join(p for p in (f.plan, c.section, c.table, row) if p)


def finding_line(f: Finding, lang: str) -> str:
    quote = f" “{f.citation.quote}”" if f.citation.quote else ""
    return f"[{f.status.value}] {f.rule}: {full_message(f, lang)} ({cite(f, lang)}){quote}"


def ordered(findings: list[Finding]) -> list[Finding]:
    """Findings in the order they are shown: fail (and error), needs_info, warn, waived, pass (stable)."""
    return sorted(findings, key=lambda f: ORDER[f.status])


def fingerprint(*parts: object) -> str:
    """A stable identity of a finding across runs (not of its line: a finding is the same when lines move)."""
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8", "surrogateescape")).hexdigest()[:32]


def named(r: RecordResult) -> str | None:
    """The record as the line formats name it beside a file and line: its id, after its sheet for a workbook's row
    (the line is the row's number, which every sheet has)."""
    if r.sheet is None:
        return r.id
    return f"{r.sheet} › {r.id}" if r.id else r.sheet


def record_key(r: RecordResult) -> str:
    """What names a record across runs: its id, else its file and place in the file."""
    return r.id if r.id else f"{r.file}#{r.index}"


Place = tuple[str, int, int]  # file, line, column


class Places:
    """Where each record of a run starts, by id, for the batch-wide findings that name records by id. A
    format that points batch-wide findings at their records keeps this much of each record: a few dozen
    bytes."""

    def __init__(self) -> None:
        self.by_id: dict[str, list[tuple[str, int]]] = {}
        self.first: tuple[str, int] | None = None

    def add(self, rid: str | None, file: str, line: int | None) -> None:
        place = (file, line or 1)
        if self.first is None:
            self.first = place
        if rid:
            self.by_id.setdefault(rid, []).append(place)

    def of(self, f: Finding) -> list[Place]:
        """The places a batch-wide finding points at: its records' (each once, in the finding's order); a
        finding on a config file its line there; else the run's first record (what the batch is)."""
        if f.origin is not None:
            return [(f.origin[0], f.origin[1], 1)]
        out: list[Place] = []
        seen: set[tuple[str, int]] = set()
        for rid in f.records or []:
            for place in self.by_id.get(rid, []):
                if place not in seen:
                    seen.add(place)
                    out.append((*place, 1))
        if not out and self.first is not None:
            out.append((*self.first, 1))
        return out


def where(r: RecordResult, f: Finding | None = None) -> tuple[int, int]:
    """Line and column a record's finding points at (the field it judged), else the record's first line."""
    found = r.where(f.field if f is not None else None)
    return found if found is not None else (r.line or 1, 1)


def source_root() -> Path:
    """The checkout results are relative to: GitHub's workspace under Actions (a run from a sub-folder still
    names files from the repository's root, as code scanning and workflow annotations want), else the working
    folder."""
    return _root(os.environ.get("GITHUB_WORKSPACE"), os.getcwd())


def _root(workspace: str | None, cwd: str) -> Path:
    if workspace and Path(workspace).is_dir():
        return Path(os.path.abspath(workspace))
    return Path(os.path.abspath(cwd))


def unchecked_lines(unchecked: Sequence[dict[str, Any]], lang: str) -> list[str]:
    """The levels nothing was checked at, one line each with the records it concerns (Ending.unchecked)."""
    word = "条记录" if lang == "zh" else "records"
    return [f"{u.get(lang) or u['en']} ({u['records']} {word})" for u in unchecked]


def plan_note_lines(notes: Sequence[dict[str, Any]], lang: str) -> list[str]:
    """What the plans applied say of themselves, one line each with the records it concerns (Ending.plan_notes)."""
    return unchecked_lines(notes, lang)


def relative(file: str) -> str | None:
    """``file`` relative to :func:`source_root`, ``/``-separated; None for a file outside it."""
    return _relative(file, os.environ.get("GITHUB_WORKSPACE"), os.getcwd())


@lru_cache(maxsize=4096)
def _relative(file: str, workspace: str | None, cwd: str) -> str | None:
    """:func:`relative` for one file, workspace and working folder (a file's findings share the answer)."""
    root = _root(workspace, cwd)
    for path, base in ((os.path.abspath(file), root), (os.path.realpath(file), root.resolve())):
        try:  # as named, then with links resolved (a workspace reached through a link)
            rel = os.path.relpath(path, base)
            rel = rel.replace(os.sep, "/") if os.sep != "/" else rel  # Windows separators; a POSIX name keeps "\\"
        except ValueError:  # another drive (Windows)
            continue
        if rel != ".." and not rel.startswith("../"):
            return rel
    return None
