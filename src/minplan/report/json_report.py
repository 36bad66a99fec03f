"""The JSON report of the public contract (version 1), with documented extra keys."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from minplan.engine import RecordResult

if TYPE_CHECKING:
    from minplan.report.result import RunResult


def record_to_dict(result: RecordResult, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "file": result.file,
        "id": result.id,
        "status": result.status.value,
        "plans": [p.as_dict(lang) for p in result.plans],
        "findings": [f.as_dict(lang) for f in result.findings],
        "errors": [e.as_dict() for e in result.errors],
    }
    if result.index:
        out["document"] = result.index
    if result.line is not None:
        out["line"] = result.line
    if result.levels:
        out["jurisdiction"] = [
            {
                "level": lv.division.level,
                "code": lv.division.code,
                "name": lv.division.zh,
                "name_en": lv.division.en,
                **(
                    {"note": note["en"], "note_zh": note["zh"]}
                    if (note := lv.note(result.record.date.isoformat()))
                    else {}
                ),
            }
            for lv in result.levels
            if result.record is not None
        ]
    if result.notes:
        out["notes"] = list(result.notes)
    return out


def fragment(result: RecordResult, lang: str) -> str:
    return json.dumps(record_to_dict(result, lang), ensure_ascii=False)


def run_to_dict(run: RunResult, lang: str) -> dict[str, Any]:
    return {
        "version": 1,
        "records": [record_to_dict(r, lang) for r in run.records],
        "aggregate": [f.as_dict(lang) for f in run.aggregate],
        "summary": run.summary(),
        **({"notes": [n.get(lang) or n["en"] for n in run.notes]} if run.notes else {}),
    }


def render(run: RunResult, lang: str = "zh") -> str:
    if any(r.fragment is not None for r in run.records):
        # a batch rendered record by record where it was checked: splice the pieces
        rest = run_to_dict(run.__class__([], run.aggregate, run.ignored, run.notes), lang)
        rest["summary"] = run.summary()
        head = json.dumps(rest, ensure_ascii=False)
        pieces = ",".join(r.fragment or fragment(r, lang) for r in run.records)
        return head.replace('"records": []', f'"records": [{pieces}]', 1) + "\n"
    # indented for a handful of records; compact (and several times faster) for a batch
    indent = 2 if len(run.records) <= 50 else None
    return json.dumps(run_to_dict(run, lang), ensure_ascii=False, indent=indent) + "\n"
