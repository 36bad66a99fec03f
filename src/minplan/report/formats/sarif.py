"""SARIF 2.1.0: one result per finding that is not a pass, with rule metadata and help text.

Results are written as records are judged; the rules they refer to are listed after them (``runs[0].tool``
follows ``runs[0].results``: the order of keys in a JSON object carries no meaning), each rule's index being
the order in which results first named it. Messages are escaped for people (minplan.report.escape.visible),
file names percent-encoded as URI references.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from minplan import __version__
from minplan.engine import RecordResult
from minplan.findings import Finding, Status
from minplan.report.base import Context, Meta, Renderer
from minplan.report.common import cite, message
from minplan.report.escape import json_text, markdown, uri, visible

if TYPE_CHECKING:
    from minplan.inputs import Ignored

LEVEL = {Status.fail: "error", Status.error: "error", Status.needs_info: "warning", Status.warn: "note"}
INPUT_RULE = "minplan/input-error"
INPUT_META = {
    "id": INPUT_RULE,
    "name": "input_error",
    "shortDescription": {"text": "record could not be read or validated"},
    "help": {"text": "Fix the file so that it is a valid minplan record (see `minplan schema`)."},
}
INDENT = " " * 8  # a result's depth in the document: {"runs": [{"results": [ …


def _dumps(value: Any, depth: int) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + " " * depth)
    return json_text(text)


def _location(file: str, line: int | None) -> list[dict[str, Any]]:
    region = {"startLine": line} if line else {}
    return [{"physicalLocation": {"artifactLocation": {"uri": uri(file)}, **({"region": region} if region else {})}}]


class Report(Renderer):
    def start(self, meta: Meta) -> None:
        self.rules: dict[str, dict[str, Any]] = {}
        self.index: dict[str, int] = {}
        self.count = 0
        self.out.write(
            '{\n  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",\n  "version": "2.1.0",\n'
            '  "runs": [\n    {\n      "results": ['
        )

    @staticmethod
    def prepare(r: RecordResult, context: Context) -> list[tuple[Finding | None, dict[str, Any]]]:
        lang = context.lang
        """Each result with the finding its rule's metadata is made from (None: an input error)."""
        out: list[tuple[Finding | None, dict[str, Any]]] = []
        for issue in r.errors:
            result = {"ruleId": INPUT_RULE, "level": "error", "message": {"text": visible(str(issue))}}
            out.append((None, {**result, "locations": _location(r.file, issue.line)}))
        for f in r.findings:
            if f.status in LEVEL:
                text = f"{visible(r.id or '')}: {visible(message(f, lang))}"
                result = {"ruleId": f.rule, "level": LEVEL[f.status], "message": {"text": text}}
                out.append((_bare(f), {**result, "locations": _location(r.file, r.line)}))
        return out

    def record(self, item: list[tuple[Finding | None, dict[str, Any]]]) -> None:
        for finding, result in item:
            self._result(finding, result)

    def _result(self, finding: Finding | None, result: dict[str, Any]) -> None:
        rule = result["ruleId"]
        if rule not in self.rules:
            self.rules[rule] = INPUT_META if finding is None else self._meta(finding)
            self.index[rule] = len(self.index)
        indexed = {"ruleId": rule, "ruleIndex": self.index[rule], **result}
        self.out.write(("," if self.count else "") + "\n" + INDENT + _dumps(indexed, 8))
        self.count += 1

    def _meta(self, f: Finding) -> dict[str, Any]:
        rule = self.corpus.rule(f.rule) if self.corpus is not None else None
        title = visible((rule.title.zh if self.lang == "zh" else rule.title.en) if rule else f.rule)
        where = visible(cite(f))
        quote = visible(f.citation.quote or "")
        help_text = f"{title}\n{where}" + (f"\n“{quote}”" if quote else "")
        help_md = f"{markdown(title)}  \n{markdown(where)}" + (f"  \n“{markdown(quote)}”" if quote else "")
        return {
            "id": f.rule,
            "name": f.kind,
            "shortDescription": {"text": title},
            "fullDescription": {"text": f"{title} — {where}"},
            "help": {"text": help_text, "markdown": help_md},
            "properties": {"plan": f.plan, "level": f.level, "kind": f.kind, **({"force": rule.force} if rule else {})},
        }

    def finish(
        self,
        aggregate: list[Finding],
        summary: dict[str, int],
        notes: list[dict[str, str]],
        ignored: Sequence[Ignored] = (),
    ) -> None:
        for f in aggregate:
            if f.status in LEVEL:
                text = visible(message(f, self.lang))
                result = {"ruleId": f.rule, "level": LEVEL[f.status], "message": {"text": text}}
                self._result(f, {**result, "properties": {"records": f.records or []}})
        tool = {"driver": {"name": "minplan", "version": __version__, "rules": list(self.rules.values())}}
        close = "\n      ]" if self.count else "]"
        self.out.write(f'{close},\n      "tool": {_dumps(tool, 6)}\n    }}\n  ]\n}}\n')


def _bare(f: Finding) -> Finding:
    """The finding without what a rule's metadata does not need (less to send from a worker)."""
    return Finding(f.rule, f.plan, f.level, f.kind, f.status, {}, f.citation)
