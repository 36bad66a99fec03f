"""The plans' main indicators (规划主要指标), and where a jurisdiction stands against them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from minplan.engine import RecordResult
from minplan.i18n import category_en, indicator_en
from minplan.measures import measure, measure_of, members, unread_inputs
from minplan.plans import Indicator, Plan
from minplan.regions import gazetteer
from minplan.rulebook import Corpus
from minplan.shapes import quantity

if TYPE_CHECKING:
    from minplan.baseline import Mine


class UnknownTarget(LookupError):
    pass


@dataclass
class Row:
    plan: str
    table: str
    category: str
    name: str
    name_en: str
    mineral: str | None
    unit: str
    target: float | None
    target_text: str | None
    year: int
    nature: str
    base: float | None
    base_year: int | None
    county: str | None
    direction: str
    note: str | None
    actual: float | None = None
    status: str | None = None
    records: list[str] = field(default_factory=list)
    basis: str | None = None  # where the count starts: ledger, base_year or none
    indicator: Indicator | None = field(default=None, repr=False, compare=False)

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "indicator"}


def plans_for(corpus: Corpus, targets: list[str], day: dt.date) -> list[Plan]:
    """Plan ids as given; a place stands for every plan in force over it on ``day``."""
    if not targets:
        return sorted(corpus.plans.values(), key=lambda p: (p.level != "province", p.id))
    out: list[Plan] = []
    for target in targets:
        if target in corpus.plans:
            found = [corpus.plans[target]]
        else:
            try:
                division = gazetteer().resolve(target)
            except LookupError as exc:
                raise UnknownTarget(f"{target!r} is neither a plan id nor a place ({exc})") from None
            codes = [d.code for d in gazetteer().chain(division.code)]
            # a prefecture or province also stands for the counties under it
            below = [
                d.code
                for d in gazetteer().divisions.values()
                if division.code in {c.code for c in gazetteer().chain(d.code)}
            ]
            found = [
                p
                for p in corpus.plans.values()
                if (p.jurisdiction in codes or p.jurisdiction in below) and p.use_on(day).applied
            ]
        out.extend(p for p in found if p not in out)
    return out


def rows_of(plan: Plan) -> list[Row]:
    return [
        Row(
            plan.id,
            i.table,
            i.category,
            i.name,
            indicator_en(i.name),
            i.mineral,
            i.unit,
            i.target,
            i.target_text,
            i.year,
            i.nature,
            i.base,
            i.base_year,
            i.county,
            i.direction,
            i.note,
            indicator=i,
        )
        for i in plan.indicators
    ]


def measure_row(
    plan: Plan, row: Row, results: list[RecordResult], baseline: list[Mine] | None, unread: int = 0
) -> None:
    """Fill ``actual``, ``status`` and ``records`` for an indicator that records can measure.

    The count is the batch-wide checks' own (measures.measure): the base (ledger, else the plan's base-year
    figure) plus the new mines among the records the plan applies to.
    """
    ind = row.indicator
    if ind is None or measure_of(ind) is None or ind.target is None:
        row.status = "not_measurable"
        return
    m = measure(plan, ind, members(plan, results), baseline, unread)  # as check counts: unread inputs too
    row.records = m.records  # as check names them
    row.basis = m.basis
    total = m.total
    if total is None and m.measure != "large_medium_share" and m.new:
        total = m.added  # no base figure: what the batch adds, as check counts it ("no base figure + 25.2")
    row.actual = None if total is None else round(total, 4)
    if ind.direction == "none":
        row.status = "measured" if total is not None else "no_data"
    else:
        verdict = m.verdict(ind)  # needs_info: a record or ledger mine lacks what the count needs
        row.status = "no_data" if total is None and verdict == "needs_info" else verdict


def indicator_rows(
    corpus: Corpus, plans: list[Plan], results: list[RecordResult] | None = None, baseline: list[Mine] | None = None
) -> list[Row]:
    rows = []
    unread = unread_inputs(results or [])
    for plan in plans:
        for row in rows_of(plan):
            if results is not None or baseline is not None:
                measure_row(plan, row, results or [], baseline, len(unread))
            rows.append(row)
    return rows


KEYS = (
    "plan",
    "table",
    "category",
    "name",
    "name_en",
    "mineral",
    "unit",
    "target",
    "target_text",
    "year",
    "nature",
    "base",
    "base_year",
    "county",
    "direction",
    "actual",
    "status",
    "records",
    "basis",
    "note",
)
BOUND = {"max": "<=", "min": ">="}  # the target of an indicator that caps or floors its figure


def row_json(row: Row) -> dict[str, Any]:
    """One indicator: the version-1 keys, then its name and category in both languages and its figures as
    quantities in the indicator's unit (the target a bound where the indicator caps or floors the figure)."""
    out: dict[str, Any] = {k: getattr(row, k) for k in KEYS}
    out["name_i18n"] = {"zh": row.name, "en": row.name_en}
    out["category_i18n"] = {"zh": row.category, "en": category_en(row.category)}
    for key, op in (("target", BOUND.get(row.direction)), ("base", None), ("actual", None)):
        value = getattr(row, key)
        if value is not None:
            out[f"{key}_quantity"] = quantity(value, row.unit, op)
    return out


def as_json(rows: list[Row]) -> dict[str, Any]:
    return {"indicators": [row_json(r) for r in rows]}
