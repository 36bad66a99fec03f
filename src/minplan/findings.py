"""Result objects: findings, plan selections, and what became of each record."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from enum import StrEnum
from typing import Any


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
    _json: dict[str, str] = dataclass_field(default_factory=dict, init=False, repr=False, compare=False)

    def as_dict(self, lang: str = "zh") -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "plan": self.plan,
            "level": self.level,
            "kind": self.kind,
            "status": self.status.value,
            "message": self.message.get(lang) or self.message["en"],
            "messages": dict(self.message),
            "citation": self.citation.as_dict(),
        }
        if self.required is not None:
            out["required"] = self.required
            if (figure := quantity_of(self.required)) is not None:
                out["required_quantity"] = figure
        if self.actual is not None:
            out["actual"] = self.actual
            if (figure := quantity_of(self.actual)) is not None:
                out["actual_quantity"] = figure
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
        """:meth:`as_dict` as JSON text, kept: a batch reuses one finding for many records."""
        text = self._json.get(lang)
        if text is None:
            text = self._json[lang] = json.dumps(self.as_dict(lang), ensure_ascii=False)
        return text


_OPS = {"≥": ">=", "≤": "<=", ">": ">", "<": "<", "=": "="}
_FIGURE = re.compile(r"^\s*([≥≤><=])?\s*(.+?)\s*(?:\(.*\))?\s*$")


def quantity_of(text: str) -> dict[str, Any] | None:
    """A finding's ``required`` or ``actual`` text as data, when it is one figure with its unit: ``≥ 3万吨/年``
    is ``{"value": 3.0, "unit": "万吨/年", "op": ">="}``; a converted figure (``300 吨/日 ≙ 9万吨/年``) is the
    figure compared. ``None`` for anything else (a list of documents, a class, ``—``)."""
    from minplan.quantities import Quantity, QuantityError

    match = _FIGURE.match(text.split("≙")[-1] if "≙" in text else text)
    if match is None:
        return None
    op, figure = match.groups()
    try:
        quantity = Quantity.parse(figure)
    except (QuantityError, ValueError):
        return None
    return {"value": quantity.value, "unit": quantity.unit.name, **({"op": _OPS[op]} if op else {})}


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
        }
        if self.notes:
            out["notes"] = [n.get(lang) or n["en"] for n in self.notes]
        return out
