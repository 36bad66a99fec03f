"""Result objects: findings, plan selections, and what became of each record."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, fields
from dataclasses import field as dataclass_field
from enum import StrEnum
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any, NamedTuple

from minplan.memo import Memo
from minplan.shapes import i18n, i18n_list, put_quantity, quantity_of

__all__ = ["Citation", "Finding", "PlanUse", "Status", "quantity_of", "worst"]


class Status(StrEnum):
    pass_ = "pass"
    warn = "warn"
    needs_info = "needs_info"
    fail = "fail"
    not_applicable = "not_applicable"
    error = "error"
    waived = "waived"  # a finding a dated waiver of the run's config excuses (minplan.waivers)


SEVERITY = {
    Status.not_applicable: 0,
    Status.pass_: 1,
    Status.waived: 1.5,  # worse than a pass (it is shown), never failing a run
    Status.warn: 2,
    Status.needs_info: 3,
    Status.fail: 4,
    Status.error: 5,
}


def worst(statuses: list[Status]) -> Status:
    """A record's status is its worst finding (not_applicable counts as pass; a waived finding makes it
    ``waived`` unless a worse one stands)."""
    top = max(statuses, key=SEVERITY.__getitem__, default=Status.pass_)
    return Status.pass_ if top is Status.not_applicable else top


@dataclass(frozen=True)
class Citation:
    """Where in the plan a provision stands: section, table, row, and at most one sentence of it."""

    section: str
    table: str | None = None
    row: str | None = None
    quote: str | None = None

    def as_dict(self) -> dict[str, str]:
        out = {"section": self.section}
        for key in ("table", "row", "quote"):
            value = getattr(self, key)
            if value:
                out[key] = value
        return out

    def short(self) -> str:
        return " ".join(
            p for p in (self.table, self.row and f"#{self.row}", self.section if not self.table else None) if p
        )


@dataclass
class Finding:
    """One rule's verdict on one record (or, for batch-wide checks, on the batch), with its citation."""

    rule: str
    plan: str
    level: str
    kind: str
    status: Status
    message: dict[str, str]
    citation: Citation
    required: str | None = None
    actual: str | None = None
    needs: list[str] = dataclass_field(default_factory=list)
    records: list[str] | None = None  # aggregate findings: the records concerned
    mineral: str | None = None  # the mineral of the right the finding concerns (record findings)
    field: str | None = None  # the record field the finding judged (capacity, documents …): where reports point
    fields: tuple[str, ...] = ()  # every record field the rule read, in the order it read them
    remedy: dict[str, str] | None = None  # what would satisfy the provision ({"zh", "en"}), when not a pass
    waived: dict[str, str] | None = None  # a waived finding: its own status, the waiver's reason and date
    waiver: dict[str, Any] | None = None  # a finding whose waiver has expired: that waiver, and it fails anyway
    origin: tuple[str, int] | None = None  # a finding on another file than a record's (a waiver's config): file, line
    # the figures of required and actual as data, where the text alone does not carry them (a count's unit)
    required_quantity: dict[str, Any] | None = None
    actual_quantity: dict[str, Any] | None = None
    # the JSON text by language (to_json; escaped and in UTF-8, json_bytes), and the text before and after the
    # mineral: what a copy for another mineral shares
    _json: dict[Any, Any] = dataclass_field(default_factory=dict, init=False, repr=False, compare=False)
    _parts: dict[Any, tuple[Any, Any]] = dataclass_field(default_factory=dict, init=False, repr=False, compare=False)

    def as_dict(self, lang: str = "zh") -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "plan": self.plan,
            "level": self.level,
            "kind": self.kind,
            "status": self.status.value,
            "message": self.message.get(lang) or self.message["en"],
            "messages": dict(self.message),
            "message_i18n": i18n(self.message),
            "citation": self.citation.as_dict(),
        }
        if self.required is not None:
            out["required"] = self.required
            put_quantity(out, "required", self.required, self.required_quantity)
        if self.actual is not None:
            out["actual"] = self.actual
            put_quantity(out, "actual", self.actual, self.actual_quantity)
        if self.needs:
            out["needs"] = list(self.needs)
        if self.records is not None:
            out["records"] = list(self.records)
        if self.mineral is not None:
            out["mineral"] = self.mineral
        if self.field is not None:
            out["field"] = self.field
        if self.remedy is not None:
            out["remedy"] = dict(self.remedy)
            out["remedy_i18n"] = i18n(self.remedy)
        if self.waived is not None:
            out["waived"] = dict(self.waived)
        if self.waiver is not None:
            out["waiver"] = dict(self.waiver)
        return out

    @property
    def own_status(self) -> Status:
        """The status as judged, before any waiver."""
        return Status(self.waived["status"]) if self.waived else self.status

    def to_json(self, lang: str = "zh") -> str:
        """:meth:`as_dict` as JSON text (``json.dumps(…, ensure_ascii=False)``), kept: a batch reuses one finding
        for many records. Written key by key in as_dict's order, each text encoded once: as_dict repeats the
        message three times and the remedy twice, and encoding every copy cost a varied batch some 3% of its
        time (tests/test_shapes.py holds the two to the same text)."""
        text = self._json.get(lang)
        if text is None:
            before, after = self._raw_parts(lang)
            text = self._json[lang] = before + self._mineral_json() + after
        return text

    def json_bytes(self, lang: str, escape: Callable[[str], str]) -> bytes:
        """:meth:`to_json` passed through ``escape`` (report.escape.json_text, which maps the text character by
        character) and encoded in UTF-8, kept: the JSON report escapes and encodes each finding's text once, not
        once for every record that shares it, and a copy for another mineral only its mineral."""
        key = (lang, escape)
        data = self._json.get(key)
        if data is None:
            parts = self._parts.get(key)
            if parts is None:
                before, after = self._raw_parts(lang)
                parts = self._parts[key] = (escape(before).encode(), escape(after).encode())
            data = self._json[key] = parts[0] + escape(self._mineral_json()).encode() + parts[1]
        return data

    def _raw_parts(self, lang: str) -> tuple[str, str]:
        parts = self._parts.get(lang)
        if parts is None:
            parts = self._parts[lang] = self._json_parts(lang)
        return parts

    def _mineral_json(self) -> str:
        return "" if self.mineral is None else f', "mineral": {_str(self.mineral)}'

    def _json_parts(self, lang: str) -> tuple[str, str]:
        """The JSON text before the ``mineral`` key and after it: nothing else in it depends on the mineral."""
        message = _bilingual(self.message)
        shown = self.message.get(lang) or self.message["en"]
        out = [
            f'{{"rule": {_str(self.rule)}, "plan": {_str(self.plan)}, "level": {_str(self.level)}, '
            f'"kind": {_str(self.kind)}, "status": {_str(self.status.value)}, '
            f'"message": {message.texts.get(shown) or _str(shown)}, "messages": {message.own}, '
            f'"message_i18n": {message.i18n}, "citation": {_citation_json(self.citation)}'
        ]
        for key, value, given in (
            ("required", self.required, self.required_quantity),
            ("actual", self.actual, self.actual_quantity),
        ):
            if value is not None:
                out.append(f', "{key}": {_str(value)}')
                figures: dict[str, Any] = {}
                put_quantity(figures, key, value, given)
                out += [f", {_str(k)}: {ENCODE(v)}" for k, v in figures.items()]
        if self.needs:
            out.append(f', "needs": {ENCODE(list(self.needs))}')
        if self.records is not None:
            out.append(f', "records": {ENCODE(list(self.records))}')
        before = "".join(out)
        out = []
        if self.field is not None:
            out.append(f', "field": {_str(self.field)}')
        if self.remedy is not None:
            remedy = _bilingual(self.remedy)
            out.append(f', "remedy": {remedy.own}, "remedy_i18n": {remedy.i18n}')
        if self.waived is not None:
            out.append(f', "waived": {ENCODE(dict(self.waived))}')
        if self.waiver is not None:
            out.append(f', "waiver": {ENCODE(dict(self.waiver))}')
        out.append("}")
        return before, "".join(out)

    def altered(self, **changes: Any) -> Finding:
        """A copy with ``changes``, its JSON rendered anew: ``dataclasses.replace`` without running ``__init__``
        again over every field, which cost a batch several times as much (a finding is copied for each
        mineral it is reused for). A copy that changes only the mineral shares the JSON text around it (two
        thirds of a varied batch's findings rendered are such copies)."""
        if not _FIELDS.issuperset(changes):
            raise TypeError(f"Finding has no field {', '.join(sorted(changes.keys() - _FIELDS))}")
        copy = object.__new__(Finding)
        state = copy.__dict__
        state.update(self.__dict__)
        state.update(changes)
        state["_json"] = {}
        if changes.keys() != {"mineral"}:
            state["_parts"] = {}
        return copy


_FIELDS = frozenset(f.name for f in fields(Finding) if f.init)

ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(…, ensure_ascii=False), one encoder for all
_str = encode_basestring  # a string as ENCODE writes it


class _Bilingual(NamedTuple):
    """A bilingual text as JSON: the mapping as it is (``dict(text)``), its :func:`i18n` object, and each text's
    own encoding."""

    own: str
    i18n: str
    texts: dict[str, str]


def _bilingual(text: dict[str, str]) -> _Bilingual:
    texts = {value: _str(value) for value in text.values()}
    own = "{" + ", ".join(f"{_str(key)}: {texts[value]}" for key, value in text.items()) + "}"
    both = i18n(text)
    return _Bilingual(own, f'{{"zh": {texts[both["zh"]]}, "en": {texts[both["en"]]}}}', texts)


_CITATIONS: Memo[Citation, str] = Memo(8_000)  # a rule's citation as JSON: the same for each of its findings


def _citation_json(citation: Citation) -> str:
    found = _CITATIONS.get(citation)
    if found is None:
        found = _CITATIONS.keep(citation, ENCODE(citation.as_dict()))
    return found


@dataclass(frozen=True)
class PlanUse:
    """Whether a plan was applied to a record, and why (or why not)."""

    id: str
    level: str
    applied: bool
    reason: dict[str, str]
    notes: tuple[dict[str, str], ...] = ()
    out_of_scope: bool = False  # in force, but its own scope (总则) leaves the record out

    def as_dict(self, lang: str = "zh") -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "level": self.level,
            "applied": self.applied,
            "reason": self.reason["en"],
            "reason_zh": self.reason["zh"],
            "reason_i18n": i18n(self.reason),
        }
        if self.notes:
            out["notes"] = [n.get(lang) or n["en"] for n in self.notes]
            out["notes_i18n"] = i18n_list(self.notes)
        return out
