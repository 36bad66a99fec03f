"""The JSON report of the public contract (version 1), with documented extra keys."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import TYPE_CHECKING, Any

from minplan.engine import RecordResult
from minplan.findings import ENCODE, Finding
from minplan.shapes import i18n_list

if TYPE_CHECKING:
    from minplan.inputs import Ignored
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
    if result.notes:  # version 1: the English; notes_i18n both
        out["notes"] = [n.text("en") for n in result.notes]
        out["notes_i18n"] = [n.pair() for n in result.notes]
    if result.spatial is not None:
        out["spatial"] = spatial(result.spatial, lang)
    return out


def spatial(entry: dict[str, Any], lang: str) -> dict[str, Any]:
    """The record's ``spatial`` entry, its notes in the report's language (and in both, ``notes_i18n``)."""
    if "notes" not in entry:
        return entry
    return {**entry, "notes": [n.get(lang) or n["en"] for n in entry["notes"]], "notes_i18n": i18n_list(entry["notes"])}


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
            "name_i18n": {"zh": lv.division.zh, "en": lv.division.en},
            **(
                {"note": note["en"], "note_zh": note["zh"], "note_i18n": {"zh": note["zh"], "en": note["en"]}}
                if (note := lv.note(date))
                else {}
            ),
        }
        for lv in result.levels
    ]


def fragment(result: RecordResult, lang: str, separator: str = ",") -> str:
    """:func:`record_to_dict` as compact JSON text, for a batch: the parts records share are rendered once.

    Findings are separated by ``separator`` (json.dumps separates by ", "). A test holds the two to the
    same JSON.
    """
    head, findings, end = fragment_parts(result, lang)
    return head + separator.join(findings) + end


def fragment_parts(
    result: RecordResult, lang: str, escape: Callable[[str], str] | None = None
) -> tuple[Any, list[Any], Any]:
    """A record's JSON as the text before its findings, each finding's text, and the text after them.

    Plans and chain depend only on the county and date (engine.Levels is shared by such records),
    findings only on the facts their rule read (engine.evaluate_rule reuses them). The keys come
    in record_to_dict's order. With ``escape`` (report.escape.json_text, character by character) the pieces
    are the escaped text in UTF-8 bytes, what records share escaped and encoded once.
    """
    keep = _same if escape is None else escape
    enc: Callable[[str], Any] = _same if escape is None else str.encode
    plans, chain = enc("[]"), None
    levels = result.levels
    if levels and result.record is not None:
        cache: dict[Any, tuple[Any, Any]] = getattr(levels, "rendered", {})
        key = (lang, escape)
        if key not in cache:
            cache[key] = (enc(keep(_dumps(_plans(result, lang)))), enc(keep(_dumps(_chain(result, lang)))))
        plans, chain = cache[key]
    if escape is None:
        findings: list[Any] = [f.to_json(lang) for f in result.findings]
    else:
        findings = [f.json_bytes(lang, escape) for f in result.findings]
    errors = keep(_dumps([e.as_dict() for e in result.errors])) if result.errors else "[]"
    head = enc(
        f'{{"file": {keep(_text(result.file))}, "id": {keep(_text(result.id))}, "status": "{result.status.value}", '
        '"plans": '
    )
    end = f'], "errors": {errors}'
    if result.index:
        end += f', "document": {result.index}'
    if result.line is not None:
        end += f', "line": {result.line}'
    if result.sheet is not None:
        end += f', "sheet": {keep(_dumps(result.sheet))}'
    if result.row is not None:
        end += f', "row": {result.row}'
    after = ""
    if result.notes:
        after += f', "notes": {keep(_dumps([n.text("en") for n in result.notes]))}'
        after += f', "notes_i18n": {keep(_dumps([n.pair() for n in result.notes]))}'
    if result.spatial is not None:
        after += f', "spatial": {keep(_dumps(spatial(result.spatial, lang)))}'
    if chain is None:
        return head + plans + enc(', "findings": ['), findings, enc(end + after + "}")
    return head + plans + enc(', "findings": ['), findings, enc(end + ', "jurisdiction": ') + chain + enc(after + "}")


def _same(text: str) -> str:
    return text


def _dumps(value: Any) -> str:
    return ENCODE(value)


def _text(value: str | None) -> str:
    """A string as json.dumps(value, ensure_ascii=False) writes it, without the encoder's round trip."""
    return "null" if value is None else encode_basestring(value)


def tail(
    aggregate: list[Finding],
    summary: dict[str, int],
    notes: list[dict[str, str]],
    lang: str,
    ignored: Sequence[Ignored] = (),
) -> dict[str, Any]:
    """The report's keys after ``records``; ``ignored`` lists the files not checked, and why."""
    return {
        "aggregate": [f.as_dict(lang) for f in aggregate],
        "summary": summary,
        **({"notes": [n.get(lang) or n["en"] for n in notes], "notes_i18n": i18n_list(notes)} if notes else {}),
        **({"ignored": [i.as_dict() for i in ignored]} if ignored else {}),
    }


def run_to_dict(run: RunResult, lang: str) -> dict[str, Any]:
    """The report of a run that kept its results, as a dict."""
    if len(run.records) != len(run.views or []):
        raise ValueError("the run did not keep its results (run_check(..., keep=True))")
    return {
        "version": 1,
        "records": [record_to_dict(r, lang) for r in run.records],
        **tail(run.aggregate, run.summary(), run.notes, lang, run.ignored_files),
    }


def render(run: RunResult, lang: str = "zh") -> str:
    """The report of a run that kept its results, as text (what ``--format json`` writes for it)."""
    from minplan.report.base import replay
    from minplan.report.formats.json import Report

    return replay(Report, run, lang)
