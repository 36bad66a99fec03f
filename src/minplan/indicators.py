"""The plans' main indicators (规划主要指标), and where a jurisdiction stands against them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from minplan.aggregate import NAMES_EN, yearly
from minplan.engine import RecordResult
from minplan.plans import Plan
from minplan.quantities import DimensionMismatch, QuantityError
from minplan.regions import gazetteer
from minplan.rulebook import Corpus

if TYPE_CHECKING:
    from minplan.baseline import Mine

MEASURABLE = {"mines", "output", "large_medium_share"}


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
    basis: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


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
            NAMES_EN.get(i.name, i.name),
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
        )
        for i in plan.indicators
    ]


def measure(plan: Plan, row: Row, results: list[RecordResult], baseline: list[Mine] | None) -> None:
    """Fill ``actual``, ``status`` and ``records`` for an indicator that records can measure."""
    ind = next(
        i
        for i in plan.indicators
        if i.name == row.name and i.mineral == row.mineral and i.county == row.county and i.table == row.table
    )
    kind = ind.measure or ("mines" if ind.unit == "个" and "矿山" in ind.name else None)
    if kind not in MEASURABLE or ind.target is None:
        row.status = "not_measurable"
        return
    mines = [
        r.record
        for r in results
        if r.record is not None
        and r.record.right == "mining"
        and r.record.application != "cancellation"
        and plan.covers(r.record.location.county)
    ]
    mines = [m for m in mines if ind.counts(m.location.county, m.mineral)]
    ledger = [m for m in baseline or [] if plan.covers(m.county) and ind.counts(m.county, m.mineral)]
    row.records = [m.id for m in mines]
    row.basis = "records and ledger" if baseline is not None else "records"
    if kind == "mines":
        row.actual = float(len(mines) + len(ledger))
    elif kind == "output":
        total = 0.0
        for m in [*mines, *ledger]:
            q = getattr(getattr(m, "operation", None), "output", None) or getattr(m, "output", None) or m.capacity
            if q is None:
                continue
            try:
                total += yearly(q, ind.unit, getattr(m, "working_days", None))
            except (QuantityError, DimensionMismatch):
                continue
        row.actual = round(total, 4)
    else:
        every = [*mines, *ledger]
        large = [m for m in every if m.mine_scale in ("large", "medium")]
        row.actual = round(100.0 * len(large) / len(every), 2) if every else None
    if row.actual is None:
        row.status = "no_data"
    elif ind.direction == "max":
        row.status = "exceeded" if row.actual > ind.target + 1e-9 else "within"
    elif ind.direction == "min":
        row.status = "reached" if row.actual + 1e-9 >= ind.target else "not_yet"
    else:
        row.status = "measured"


def indicator_rows(
    corpus: Corpus, plans: list[Plan], results: list[RecordResult] | None = None, baseline: list[Mine] | None = None
) -> list[Row]:
    rows = []
    for plan in plans:
        for row in rows_of(plan):
            if results is not None or baseline is not None:
                measure(plan, row, results or [], baseline)
            rows.append(row)
    return rows


def as_json(rows: list[Row]) -> dict[str, Any]:
    keys = (
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
        "note",
    )
    return {"indicators": [{k: getattr(r, k) for k in keys} for r in rows]}
