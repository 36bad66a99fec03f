"""``min_scale``: a minimum mining scale (最低开采规模), by method and deposit class.

Parameters read like a row of the plan's table: ``large``/``medium``/``small`` cells, or
``underground``/``open_pit`` holding either such cells or one figure, or a flat
``minimum``. A cell is a number, ``—`` (the table sets no minimum for that class) or ``×``
(no new mine of that class). ``cases`` are the exceptions the text attaches: the first
whose facts hold replaces the table's figure.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import model_validator

from minplan.facts import Facts, Missing, holds
from minplan.kinds.base import Kind, Params, Verdict
from minplan.quantities import DimensionMismatch, Quantity, format_number, unit
from minplan.rulebook import Reach, Rule, Text
from minplan.vocab import label

NO_MINIMUM = "—"
NO_NEW_MINE = "×"
Cell = float | Literal["—", "×"]


class ByClass(Params):
    large: Cell = NO_MINIMUM
    medium: Cell = NO_MINIMUM
    small: Cell = NO_MINIMUM


class Case(Params):
    when: dict[str, Any]
    minimum: Cell
    label: Text | None = None


class MinScaleParams(Params):
    unit: str
    mineral: str | None = None  # the table's own wording of the row, for display
    minimum: Cell | None = None
    large: Cell | None = None
    medium: Cell | None = None
    small: Cell | None = None
    underground: ByClass | Cell | None = None
    open_pit: ByClass | Cell | None = None
    cases: tuple[Case, ...] = ()
    strict: bool = False  # the capacity must exceed the figure ("5万吨（含5万吨）以下…淘汰")
    plan_density: float | None = None  # t/m³ the plan itself equates ("20万立方米/年（50万吨/年左右）")

    @model_validator(mode="after")
    def _shape(self) -> MinScaleParams:
        unit(self.unit)  # raises on an unknown unit
        shapes = [
            self.minimum is not None,
            any(c is not None for c in (self.large, self.medium, self.small)),
            self.underground is not None or self.open_pit is not None,
        ]
        if sum(shapes) > 1:
            raise ValueError("give one of: minimum, large/medium/small, underground/open_pit")
        if sum(shapes) == 0 and not self.cases:
            raise ValueError("a min_scale rule needs a minimum, a row of classes, or cases")
        return self


def _class_cell(row: ByClass | MinScaleParams, facts: Facts, context: list[str]) -> Cell:
    scale = facts.get("deposit_scale")
    context.append(str(scale))
    cell = getattr(row, str(scale))
    return NO_MINIMUM if cell is None else cell


def required_cell(params: MinScaleParams, facts: Facts, context: list[str]) -> tuple[Cell, Text | None]:
    """The figure that binds this record, and the exception that supplied it (if any)."""
    for case in params.cases:
        if holds(case.when, facts):
            return case.minimum, case.label
    if params.minimum is not None:
        return params.minimum, None
    if params.underground is not None or params.open_pit is not None:
        method = facts.get("method")
        context.append(str(method))
        entry = getattr(params, str(method))
        if entry is None:
            return NO_MINIMUM, None
        if isinstance(entry, ByClass):
            return _class_cell(entry, facts, context), None
        return entry, None
    if not any(c is not None for c in (params.large, params.medium, params.small)):
        return NO_MINIMUM, None
    return _class_cell(params, facts, context), None


def capacity_in(facts: Facts, target: str, plan_density: float | None = None) -> tuple[Quantity, str, str]:
    """The record's capacity in ``target`` units, and how it was converted (zh and en, for the report).

    Mass and volume convert only through a density: the plan's own equivalence where it states one,
    else the record's.
    """
    capacity: Quantity = facts.get("capacity")
    days = facts.known("working_days")
    density = None
    try:
        converted = capacity.to(target, working_days=days)
    except DimensionMismatch:
        density = plan_density or facts.get("density")
        converted = capacity.with_density(density).to(target, working_days=days)
    if converted.unit.name == capacity.unit.name:
        return converted, str(capacity), capacity.text("en")
    via = []
    if capacity.unit.per != converted.unit.per:
        via.append(f"{days or 300} d/a")
    if capacity.unit.dimension != converted.unit.dimension and density is not None:
        via.append(f"{format_number(density)} t/m³" + (" (plan)" if density == plan_density else ""))
    how = f" ({', '.join(via)})" if via else ""
    return (converted, f"{capacity} ≙ {converted}{how}", f"{capacity.text('en')} ≙ {converted.text('en')}{how}")


class MinScale(Kind):
    name: ClassVar[str] = "min_scale"
    mineral_reach: ClassVar[Reach] = "main"
    primary: ClassVar[str | None] = "capacity"
    Params: ClassVar[type[Params]] = MinScaleParams

    def remedy(self, rule: Rule, params: MinScaleParams, verdict: Verdict) -> dict[str, str] | None:
        if verdict.required == NO_NEW_MINE:
            return {"zh": "此类矿床不得新建矿山", "en": "no new mine on a deposit of this class"}
        if verdict.bound is None:
            return None
        minimum = Quantity(verdict.bound, unit(params.unit))
        if params.strict:
            return {"zh": f"设计规模需高于 {minimum}", "en": f"a design capacity above {minimum.text('en')}"}
        return {"zh": f"设计规模需不低于 {minimum}", "en": f"a design capacity of at least {minimum.text('en')}"}

    def judge(self, rule: Rule, params: MinScaleParams, facts: Facts) -> Verdict:
        context: list[str] = []
        cell, case = required_cell(params, facts, context)
        where_zh = "，".join(label(c, "zh") for c in context)
        where_en = ", ".join(label(c, "en") for c in context)
        if case is not None:
            where_zh = "，".join(p for p in (where_zh, case.zh) if p)
            where_en = ", ".join(p for p in (where_en, case.en) if p)
        tag_zh = f"（{where_zh}）" if where_zh else ""
        tag_en = f" ({where_en})" if where_en else ""
        if cell == NO_NEW_MINE:
            return Verdict(
                "breach",
                f"该类不得新建矿山（表中“×”）{tag_zh}",
                f"no new mine of this class (table mark “×”){tag_en}",
                required="×",
            )
        if cell == NO_MINIMUM:
            return Verdict(
                "comply",
                f"表中对此类未设最低开采规模（“—”）{tag_zh}",
                f"the table sets no minimum for this class (“—”){tag_en}",
                required="—",
            )
        assert isinstance(cell, float | int)
        minimum = Quantity(float(cell), unit(params.unit))
        try:
            capacity, shown, shown_en = capacity_in(facts, params.unit, params.plan_density)
        except DimensionMismatch:
            raise Missing("density") from None
        required = f"> {minimum}" if params.strict else f"≥ {minimum}"
        enough = capacity.value > minimum.value + 1e-9 if params.strict else capacity.value + 1e-9 >= minimum.value
        if enough:
            return Verdict(
                "comply",
                f"设计开采规模 {shown}，不低于最低开采规模 {minimum}{tag_zh}",
                f"design capacity {shown_en} meets the minimum of {minimum.text('en')}{tag_en}",
                required=required,
                actual=shown,
                bound=minimum.value,
            )
        return Verdict(
            "breach",
            f"设计开采规模 {shown}，{'未超过' if params.strict else '低于'}最低开采规模 {minimum}{tag_zh}",
            f"design capacity {shown_en} is {'not above' if params.strict else 'below'} the minimum of "
            f"{minimum.text('en')}{tag_en}",
            required=required,
            actual=shown,
            bound=minimum.value,
        )
