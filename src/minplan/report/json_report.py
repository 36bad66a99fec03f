"""The JSON report of the public contract (version 1), with documented extra keys."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from minplan.engine import RecordResult

if TYPE_CHECKING:
    from minplan.report.result import RunResult


def record_to_dict(result: RecordResult, lang: str) -> dict[str, Any]:
    """One record of the report."""
    out: dict[str, Any] = {
        "file": result.file,
        "id": result.id,
        "status": result.status.value,
        "plans": _plans(result, lang),
        "findings": [f.as_dict(lang) for f in result.findings],
        "errors": [e.as_dict() for e in result.errors],
    }
    if result.index:
        out["document"] = result.index
    if result.line is not None:
        out["line"] = result.line
    if result.sheet is not None:
        out["sheet"] = result.sheet
    if result.row is not None:
        out["row"] = result.row
    if result.levels and result.record is not None:
        out["jurisdiction"] = _chain(result, lang)
    if result.notes:
        out["notes"] = list(result.notes)
    return out


def _plans(result: RecordResult, lang: str) -> list[dict[str, Any]]:
    return [p.as_dict(lang) for p in result.plans]


def _chain(result: RecordResult, lang: str) -> list[dict[str, Any]]:
    assert result.record is not None
    date = result.record.date.isoformat()
    return [
        {
            "level": lv.division.level,
            "code": lv.division.code,
            "name": lv.division.zh,
            "name_en": lv.division.en,
            **({"note": note["en"], "note_zh": note["zh"]} if (note := lv.note(date)) else {}),
        }
        for lv in result.levels
    ]


def fragment(result: RecordResult, lang: str) -> str:
    """:func:`record_to_dict` as compact JSON text, for a batch: the parts records share are rendered once.

    Plans and chain depend only on the county and date (engine.Levels is shared by such records),
    findings only on the facts their rule read (engine.evaluate_rule reuses them). The keys come
    in record_to_dict's order; a test holds the two to the same JSON.
    """
    plans, chain = "[]", None
    levels = result.levels
    if levels and result.record is not None:
        cache: dict[str, tuple[str, str]] = getattr(levels, "rendered", {})
        if lang not in cache:
            cache[lang] = (_dumps(_plans(result, lang)), _dumps(_chain(result, lang)))
        plans, chain = cache[lang]
    findings = ",".join(f.to_json(lang) for f in result.findings)
    errors = _dumps([e.as_dict() for e in result.errors]) if result.errors else "[]"
    text = (
        f'{{"file": {_dumps(result.file)}, "id": {_dumps(result.id)}, "status": "{result.status.value}", '
        f'"plans": {plans}, "findings": [{findings}], "errors": {errors}'
    )
    if result.index:
        text += f', "document": {result.index}'
    if result.line is not None:
        text += f', "line": {result.line}'
    if result.sheet is not None:
        text += f', "sheet": {_dumps(result.sheet)}'
    if result.row is not None:
        text += f', "row": {result.row}'
    if chain is not None:
        text += f', "jurisdiction": {chain}'
    if result.notes:
        text += f', "notes": {_dumps(list(result.notes))}'
    return text + "}"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def run_to_dict(run: RunResult, lang: str) -> dict[str, Any]:
    return {
        "version": 1,
        "records": [record_to_dict(r, lang) for r in run.records],
        "aggregate": [f.as_dict(lang) for f in run.aggregate],
        "summary": run.summary(),
        **({"notes": [n.get(lang) or n["en"] for n in run.notes]} if run.notes else {}),
        **({"ignored": [i.as_dict() for i in run.ignored_files]} if run.ignored_files else {}),
    }


def render(run: RunResult, lang: str = "zh") -> str:
    if any(r.fragment is not None for r in run.records):
        # a batch rendered record by record where it was checked: splice the pieces
        rest = run_to_dict(run.__class__([], run.aggregate, run.ignored, run.notes, run.ignored_files), lang)
        rest["summary"] = run.summary()
        head = json.dumps(rest, ensure_ascii=False)
        pieces = ",".join(r.fragment or fragment(r, lang) for r in run.records)
        return head.replace('"records": []', f'"records": [{pieces}]', 1) + "\n"
    # indented for a handful of records; compact (and several times faster) for a batch
    indent = 2 if len(run.records) <= 50 else None
    return json.dumps(run_to_dict(run, lang), ensure_ascii=False, indent=indent) + "\n"
