"""SARIF 2.1.0 for GitHub code scanning: one result per finding that is not a pass, with rule metadata.

What GitHub's ingestion asks beyond the OASIS schema (tests/sarif_github.py checks each point, citing it):

- every result has a location: a record's finding the line and column of the field it judged, a record that
  cannot be read the line of its problem, a batch-wide finding the first record it concerns, the others as
  ``relatedLocations``; a finding on a waiver the waiver's line in the config file;
- ``artifactLocation.uri`` is a relative, percent-encoded URI against ``%SRCROOT%`` (``GITHUB_WORKSPACE`` under
  Actions, else the working folder), which ``originalUriBaseIds`` gives as an absolute ``file:`` URI; a file
  outside it has an absolute ``file:`` URI of its own;
- ``partialFingerprints`` (key ``minplanFinding/v1``, a hash of rule, record, field and mineral, not of the
  line) let code scanning follow a finding across runs as lines move;
- each rule has ``shortDescription``, ``fullDescription`` and ``help`` (the citation and quote);
- at most 25 000 results a run: beyond that, results are left out and a notification says how many.

Results are written as records are judged; the rules they refer to are listed after them (``runs[0].tool``
follows ``runs[0].results``: the order of keys in a JSON object carries no meaning), each rule's index being
the order in which results first named it. Messages are escaped for people (minplan.report.escape.visible).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from minplan import __version__
from minplan.engine import RecordResult
from minplan.findings import Finding, Status
from minplan.report.base import Context, Ending, Meta, Placed
from minplan.report.common import (
    SHOWN,
    cite,
    fingerprint,
    full_message,
    named,
    plan_note_lines,
    record_key,
    relative,
    source_root,
    unchecked_lines,
    where,
)
from minplan.report.escape import json_text, markdown, uri, visible
from minplan.textnorm import listed

LEVEL = {
    Status.fail: "error",
    Status.error: "error",
    Status.needs_info: "error",  # it fails the run
    Status.warn: "warning",
    Status.waived: "note",
}
INPUT_RULE = "minplan/input-error"
INPUT_META = {
    "id": INPUT_RULE,
    "name": "input_error",
    "shortDescription": {"text": "record could not be read or validated"},
    "fullDescription": {"text": "The file is not a valid minplan record: nothing in it was judged."},
    "help": {"text": "Fix the file so that it is a valid minplan record (see `minplan schema`)."},
    "defaultConfiguration": {"level": "error"},
}
INDENT = " " * 8  # a result's depth in the document: {"runs": [{"results": [ …
ROOT = "%SRCROOT%"
FINGERPRINT = "minplanFinding/v1"
MOST_RESULTS = 25_000  # GitHub's limit of results per run
MOST_RELATED = 999  # GitHub's limit of 1 000 locations per result, the primary one included
DESCRIPTION = 1024  # GitHub shows at most this much of a rule's short and full description


def _dumps(value: Any, depth: int) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + " " * depth)
    return json_text(text)


def location(file: str, line: int, column: int = 1, text: str | None = None) -> dict[str, Any]:
    rel = relative(file)
    artifact: dict[str, Any] = (
        {"uri": uri(rel), "uriBaseId": ROOT} if rel is not None else {"uri": Path(os.path.abspath(file)).as_uri()}
    )
    physical = {"artifactLocation": artifact, "region": {"startLine": max(1, line), "startColumn": max(1, column)}}
    out: dict[str, Any] = {"physicalLocation": physical}
    if text:
        out["message"] = {"text": text}
    return out


def _root() -> str:
    return source_root().resolve().as_uri().rstrip("/") + "/"


class Report(Placed):
    def start(self, meta: Meta) -> None:
        super().start(meta)
        self.rules: dict[str, dict[str, Any]] = {}
        self.index: dict[str, int] = {}
        self.count = 0
        self.left_out = 0
        self.out.write(
            '{\n  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",\n  "version": "2.1.0",\n'
            '  "runs": [\n    {\n      "results": ['
        )

    @staticmethod
    def prepare(r: RecordResult, context: Context) -> tuple[str | None, str, int | None, list[Any]]:
        """Each result with the finding its rule's metadata is made from (None: an input error)."""
        lang = context.lang
        out: list[tuple[Finding | None, dict[str, Any]]] = []
        for issue in r.errors:
            text = visible(issue.located(r.file, lang))
            result = {
                "ruleId": INPUT_RULE,
                "level": "error",
                "message": {"text": text},
                "locations": [location(r.file, issue.line or r.line or 1, issue.column or 1)],
                "partialFingerprints": {FINGERPRINT: fingerprint(INPUT_RULE, r.file, r.index, issue.message)},
            }
            out.append((None, result))
        for f in r.findings:
            if f.status not in LEVEL:
                continue
            line, column = where(r, f)
            text = visible(f"{named(r)}: {full_message(f, lang)}" if named(r) else full_message(f, lang))
            result = {
                "ruleId": f.rule,
                "level": LEVEL[f.status],
                "message": {"text": text},
                "locations": [location(r.file, line, column)],
                "partialFingerprints": {FINGERPRINT: fingerprint(f.rule, record_key(r), f.field, f.mineral)},
                "properties": {"status": f.own_status.value, "record": r.id, "field": f.field},
            }
            if f.status is Status.waived and f.waived is not None:
                result["suppressions"] = [{"kind": "external", "justification": visible(f.waived["reason"])}]
            out.append((_bare(f), result))
        return r.id, r.file, r.line, out

    def emit(self, payload: list[tuple[Finding | None, dict[str, Any]]]) -> None:
        for finding, result in payload:
            self._result(finding, result)

    def _result(self, finding: Finding | None, result: dict[str, Any]) -> None:
        if self.count >= MOST_RESULTS:
            self.left_out += 1
            return
        rule = result["ruleId"]
        if rule not in self.rules:
            self.rules[rule] = INPUT_META if finding is None else self._meta(finding)
            self.index[rule] = len(self.index)
        indexed = {"ruleId": rule, "ruleIndex": self.index[rule], **result}
        self.out.write(("," if self.count else "") + "\n" + INDENT + _dumps(indexed, 8))
        self.count += 1

    def _meta(self, f: Finding) -> dict[str, Any]:
        rule = self.corpus.rule(f.rule) if self.corpus is not None else None
        title = visible((rule.title.zh if self.lang == "zh" else rule.title.en) if rule else message_of(f, self.lang))
        where_ = visible(cite(f, self.lang))
        quote = visible(f.citation.quote or "")
        help_text = f"{title}\n{where_}" + (f"\n“{quote}”" if quote else "")
        help_md = f"**{markdown(title)}**  \n{markdown(where_)}" + (f"  \n> “{markdown(quote)}”" if quote else "")
        level = "error" if rule is None or rule.force == "binding" else "warning"
        return {
            "id": f.rule,
            "name": f.kind,
            "shortDescription": {"text": title[:DESCRIPTION]},
            "fullDescription": {"text": f"{title} — {where_}"[:DESCRIPTION]},
            "help": {"text": help_text, "markdown": help_md},
            "defaultConfiguration": {"level": level},
            "properties": {
                "tags": list(dict.fromkeys(t for t in ("minplan", f.plan, f.kind) if t)),  # distinct (the schema)
                "plan": f.plan,
                "level": f.level,
                "kind": f.kind,
                **({"force": rule.force} if rule else {}),
            },
        }

    def finish(self, end: Ending) -> None:
        aggregate, summary = end.aggregate, end.summary
        unplaced = 0
        for f in aggregate:
            if f.status not in SHOWN:
                continue
            places = self.places.of(f)
            if not places:
                unplaced += 1  # a batch of no record: nothing to point at
                continue
            level = "warning" if f.status is Status.needs_info else LEVEL[f.status]  # it does not fail the run
            text = visible(full_message(f, self.lang))
            if f.records:
                names = listed(f.records).text(self.lang)
                text += visible(f"（记录：{names}）" if self.lang == "zh" else f" (records: {names})")
            result: dict[str, Any] = {
                "ruleId": f.rule,
                "level": level,
                "message": {"text": text},
                "locations": [location(*places[0])],
                "partialFingerprints": {FINGERPRINT: fingerprint(f.rule, f.citation.row, f.citation.section)},
                "properties": {"status": f.own_status.value, "records": f.records or []},
            }
            related = places[1 : 1 + MOST_RELATED]
            if related:
                result["relatedLocations"] = [{**location(*p), "id": i} for i, p in enumerate(related, 1)]
            if f.status is Status.waived and f.waived is not None:
                result["suppressions"] = [{"kind": "external", "justification": visible(f.waived["reason"])}]
            self._result(f, result)
        driver = {
            "name": "minplan",
            "version": __version__,
            "semanticVersion": __version__,
            "rules": list(self.rules.values()),
        }
        run_rest: dict[str, Any] = {
            "tool": {"driver": driver},
            "originalUriBaseIds": {ROOT: {"uri": _root()}},
            "columnKind": "unicodeCodePoints",
        }
        notifications = []
        if self.left_out:
            notifications.append(
                f"{self.left_out} results beyond code scanning's limit of {MOST_RESULTS} per run are not in this "
                "file; the JSON report (--format json) has every finding"
            )
        if unplaced:
            notifications.append(f"{unplaced} batch-wide findings concern no record and are not in this file")
        errors = summary.get("error", 0)
        if errors:  # the run exits 2: records it could not judge are not a clean analysis
            notifications.append(f"{errors} records could not be judged (see their results): the run exits 2")
        invocation: dict[str, Any] = {"executionSuccessful": not errors}
        told = [{"message": {"text": note}, "level": "warning"} for note in notifications]
        word = "未审查：" if self.lang == "zh" else "not checked: "
        # a pass says nothing of a level no encoded plan was in force at: said where the tool's notes go
        told += [
            {"message": {"text": visible(word + line)}, "level": "note"}
            for line in unchecked_lines(end.unchecked, self.lang)
        ]
        word = "所用规划：" if self.lang == "zh" else "plan applied: "
        told += [  # a verdict of a draft is not one of an approved plan
            {"message": {"text": visible(word + line)}, "level": "note"}
            for line in plan_note_lines(end.plan_notes, self.lang)
        ]
        if told:
            invocation["toolExecutionNotifications"] = told
        run_rest["invocations"] = [invocation]
        close = "\n      ]" if self.count else "]"
        rest = _dumps(run_rest, 4)[1:-1].rstrip()  # the run's other keys, after "results"
        self.out.write(f"{close},{rest}\n    }}\n  ]\n}}\n")


def message_of(f: Finding, lang: str) -> str:
    return f.message.get(lang) or f.message.get("en") or f.rule


def _bare(f: Finding) -> Finding:
    """The finding without what a rule's metadata does not need (less to send from a worker)."""
    return Finding(f.rule, f.plan, f.level, f.kind, f.status, {}, f.citation)
