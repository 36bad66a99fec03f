"""``min_scale``: a minimum mining scale (最低开采规模), by method and deposit class.

Parameters read like a row of the plan's table: ``large``/``medium``/``small`` cells, or
``underground``/``open_pit`` holding either such cells or one figure, or a flat
``minimum``. A cell is a number, ``—`` (the table prints no figure for that class) or ``×``
(no new mine of that class). ``cases`` are the exceptions the text attaches: the first
whose facts hold replaces the table's figure.

A "—" is read as the plan defines it (``dash: no_minimum`` with the plan's words in ``dash_reason``: Dandong's
table note). A "—" the plan leaves undefined is no silent pass: the finding warns, saying the table prints no
figure, and ``dash_elsewhere`` names the figure a higher plan or the plan's own neighbouring provision points
to (a capacity that meets it passes, saying so).
"""

from typing import Any, ClassVar, Literal, Self

from pydantic import Field, field_validator, model_validator

from minplan.facts import Facts, Missing, checked_conditions, holds, working_days
from minplan.kinds.base import Kind, Params, Verdict
from minplan.minerals import mineral_book
from minplan.quantities import (
    DimensionMismatch,
    Quantity,
    above,
    at_least,
    converted_figure,
    format_grade,
    format_number,
    unit,
)
from minplan.rulebook import Reach, Rule, Text
from minplan.vocab import label

NO_MINIMUM = "—"
NO_NEW_MINE = "×"
Cell = float | Literal["—", "×"]


class ByClass(Params):
    large: Cell | None = None
    medium: Cell | None = None
    small: Cell | None = None


class Elsewhere(Params):
    """The figure a higher plan or a neighbouring provision points to for a class the table marks "—"."""

    minimum: float = Field(gt=0)
    unit: str | None = None  # the row's unit when not given
    source: Text  # where it comes from, as a phrase ("本表备注为技改提能煤矿所定的" / "the remark's floor for …")


class Case(Params):
    when: dict[str, Any]
    minimum: Cell
    label: Text | None = None

    _when = field_validator("when")(checked_conditions)


# how far the two readings of a plan's stated equivalence may part and still be its 左右 (about): the plan's 2.5
# t/m³ for stone and sand stands for densities some fifth either side of it (2.0–3.0)
EQUIVALENCE_MARGIN = 0.2


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
    dash: Literal["no_minimum"] | None = None  # what the plan's own note says "—" means
    dash_reason: str | None = None  # the plan's words for it (required with dash)
    dash_elsewhere: Elsewhere | None = None  # for a "—" the plan leaves undefined
    # the product the figure counts where it is not the ore (年产页岩油: 页岩油): a record of that mineral is
    # measured by its capacity, any other (油页岩) by its product_output
    product: str | None = None
    # the figure counts the mineral the ore holds (表中数据为晶质石墨矿物量), not the ore a capacity states: the
    # capacity is taken at the record's grade; without it, ore below the figure holds less mineral still (a
    # breach), ore at or above it is asked for its grade
    in_mineral: bool = False

    @model_validator(mode="after")
    def _shape(self) -> Self:
        if not unit(self.unit).is_rate:  # raises on an unknown unit; an amount is no scale of production
            raise ValueError(f"unit {self.unit!r} is an amount, not a rate (万吨/年, 万立方米/年 …)")
        shapes = [
            self.minimum is not None,
            any(c is not None for c in (self.large, self.medium, self.small)),
            self.underground is not None or self.open_pit is not None,
        ]
        if sum(shapes) > 1:
            raise ValueError("give one of: minimum, large/medium/small, underground/open_pit")
        if sum(shapes) == 0 and not self.cases:
            raise ValueError("a min_scale rule needs a minimum, a row of classes, or cases")
        if self.dash is not None and not (self.dash_reason or "").strip():
            raise ValueError("dash: give dash_reason, the plan's words that define “—”")
        if self.dash is not None and self.dash_elsewhere is not None:
            raise ValueError("dash_elsewhere is for a “—” the plan leaves undefined, not one it defines (dash)")
        if self.dash_elsewhere is not None:
            unit(self.dash_elsewhere.unit or self.unit)
        if self.product is not None:
            mineral_book().resolve(self.product)
        return self


def _class_cell(row: ByClass | MinScaleParams, facts: Facts, context: list[str]) -> Cell | None:
    scale = facts.get("deposit_scale")
    context.append(str(scale))
    cell: Cell | None = getattr(row, str(scale))
    return cell


def required_cell(params: MinScaleParams, facts: Facts, context: list[str]) -> tuple[Cell | None, Text | None]:
    """The figure that binds this record, and the exception that supplied it (if any).

    None where the row prints nothing for the case (a method it has no column for); "—" where it prints "—".
    """
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
            return None, None
        if isinstance(entry, ByClass):
            return _class_cell(entry, facts, context), None
        return entry, None
    if not any(c is not None for c in (params.large, params.medium, params.small)):
        return None, None
    return _class_cell(params, facts, context), None


def capacity_in(
    facts: Facts, target: str, plan_density: float | None = None, fact: str = "capacity", beside: float | None = None
) -> tuple[Quantity, str, str]:
    """The record's capacity (or another yearly figure, ``fact``) in ``target`` units, and how it was converted
    (zh and en, for the report; with the digits that tell it from the limit ``beside`` it).

    Mass and volume convert only through a density: the record's own (the mine's), else the equivalence the
    plan states (an approximation: 50万吨/年左右). A daily figure and a yearly one convert through the record's
    working days (see :func:`working_days`).
    """
    capacity: Quantity = facts.get(fact)
    days = working_days(facts, capacity.unit, unit(target))
    density = own = None
    try:
        converted = capacity.to(target, working_days=days)
    except DimensionMismatch:
        if fact == "product_output":  # the record's density is the ore's: no measure of the product (页岩油)
            raise
        own = facts.known("density")
        density = own or plan_density
        if density is None:
            density = facts.get("density")  # raises Missing: mass and volume do not compare without one
        converted = capacity.with_density(density).to(target, working_days=days)
    if converted.unit.name == capacity.unit.name:
        return converted, str(capacity), capacity.text("en")
    converted = converted_figure(converted, beside)
    via, via_zh = [], []
    if capacity.unit.per != converted.unit.per:
        via.append(f"{days} d/a")
        via_zh.append(f"年工作 {days} 天")
    if capacity.unit.dimension != converted.unit.dimension and density is not None:
        shown = format_number(density)
        via.append(f"{shown} t/m³" + (" (plan)" if own is None else ""))
        via_zh.append(f"密度 {shown}吨/立方米" + ("（规划所定）" if own is None else ""))
    how = f" ({', '.join(via)})" if via else ""
    how_zh = f"（{'，'.join(via_zh)}）" if via_zh else ""
    return (converted, f"{capacity} ≙ {converted}{how_zh}", f"{capacity.text('en')} ≙ {converted.text('en')}{how}")


class MinScale(Kind):
    name: ClassVar[str] = "min_scale"
    mineral_reach: ClassVar[Reach] = "main"
    primary: ClassVar[str | None] = "capacity"
    Params: ClassVar[type[Params]] = MinScaleParams

    def remedy(self, rule: Rule, params: MinScaleParams, verdict: Verdict) -> dict[str, str] | None:
        if verdict.required == NO_NEW_MINE:
            return {"zh": "此类矿床不得新建矿山", "en": "no new mine on a deposit of this class"}
        if verdict.bound is None:  # no figure of the table: a "—" the plan leaves undefined, or nothing to meet
            if verdict.required is not None and verdict.required.startswith("—"):
                elsewhere = params.dash_elsewhere
                if elsewhere is None:
                    return {
                        "zh": "设计规模需达到上级规划对此类所定的最低开采规模（请对照上级规划）",
                        "en": "a design capacity reaching the minimum the higher plans set for this class (review it "
                        "against them)",
                    }
                figure = Quantity(elsewhere.minimum, unit(elsewhere.unit or params.unit))
                return {
                    "zh": f"设计规模需不低于{elsewhere.source.zh} {figure}",
                    "en": f"a design capacity of at least the {figure.text('en')} of {elsewhere.source.en}",
                }
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
        if cell is None:
            return Verdict(
                "comply",
                f"本条对此情形未设最低开采规模{tag_zh}",
                f"the provision sets no minimum for this case{tag_en}",
            )
        if cell == NO_MINIMUM:
            return _dash(params, facts, tag_zh, tag_en)
        assert isinstance(cell, float | int)
        minimum = Quantity(float(cell), unit(params.unit))
        what_zh, what_en = _measured(params, facts)
        capacity, shown, shown_en = _capacity(facts, params.unit, params.plan_density, params, minimum.value)
        required = f"> {minimum}" if params.strict else f"≥ {minimum}"

        def meets(amount: Quantity) -> bool:
            return above(amount.value, minimum.value) if params.strict else at_least(amount.value, minimum.value)

        if params.in_mineral:
            grade = facts.known("grade")
            if grade is None and meets(capacity):
                raise Missing("grade")  # ore enough at face value: how much mineral it holds decides
            if grade is not None:
                capacity = Quantity(capacity.value * float(grade) / 100, capacity.unit)
                grade_zh, grade_en = format_grade(float(grade))
                shown, shown_en = (
                    f"{shown}（品位 {grade_zh}，矿物量 {capacity}）",
                    f"{shown_en} ({grade_en} grade: {capacity.text('en')} of mineral)",
                )
            else:
                shown, shown_en = (
                    f"{shown}（矿石量，所含矿物量更低）",
                    f"{shown_en} (of ore, holding less mineral still)",
                )
        enough = meets(capacity)
        other = _by_plan_density(facts, params, capacity)
        if other is not None and enough != meets(other):
            return _readings_part(
                minimum,
                capacity if not enough else other,
                enough,
                (what_zh, what_en),
                shown,
                shown_en,
                (tag_zh, tag_en),
                required,
            )
        if enough:
            return Verdict(
                "comply",
                f"{what_zh} {shown}，不低于最低开采规模 {minimum}{tag_zh}",
                f"{what_en} {shown_en} meets the minimum of {minimum.text('en')}{tag_en}",
                required=required,
                actual=shown,
                bound=minimum.value,
            )
        return Verdict(
            "breach",
            f"{what_zh} {shown}，{'未超过' if params.strict else '低于'}最低开采规模 {minimum}{tag_zh}",
            f"{what_en} {shown_en} is {'not above' if params.strict else 'below'} the minimum of "
            f"{minimum.text('en')}{tag_en}",
            required=required,
            actual=shown,
            bound=minimum.value,
        )


def _by_plan_density(facts: Facts, params: MinScaleParams, capacity: Quantity) -> Quantity | None:
    """The capacity through the density the plan itself equates (20万立方米/年（50万吨/年左右）), where the mine's own
    density converted it (None otherwise): the plan's own figure in the other quantity is its reading too."""
    if params.plan_density is None or params.in_mineral or _by_product(params, facts):
        return None
    given: Quantity = facts.get("capacity")
    if given.unit.dimension == capacity.unit.dimension or facts.known("density") is None:
        return None  # no conversion, or the plan's own density made it
    days = working_days(facts, given.unit, unit(params.unit))
    return given.with_density(params.plan_density).to(params.unit, working_days=days)


def _readings_part(
    minimum: Quantity,
    short: Quantity,
    own_meets: bool,
    what: tuple[str, str],
    shown: str,
    shown_en: str,
    tags: tuple[str, str],
    required: str,
) -> Verdict:
    """The mine's own density and the plan's equivalence part: within the plan's 左右 the verdict is not the plan's
    to give (for review); the reading that falls short by more than that decides (a breach). ``short`` is the
    capacity by the reading that falls short."""
    own_zh, own_en = ("不低于", "meets") if own_meets else ("低于", "is below")
    plan_zh, plan_en = ("未达到", "misses") if own_meets else ("达到", "meets")
    said_zh = f"{what[0]} {shown}，按矿山自身密度{own_zh}最低开采规模 {minimum}，按规划所列折算{plan_zh}"
    said_en = (
        f"{what[1]} {shown_en} {own_en} the minimum of {minimum.text('en')} at the mine's own density, and "
        f"{plan_en} it by the equivalence the plan states"
    )
    if short.value >= (1 - EQUIVALENCE_MARGIN) * minimum.value:
        return Verdict(
            "caution",
            f"{said_zh}：两者不一致，应予审查{tags[0]}",
            f"{said_en}: the two disagree, to be reviewed{tags[1]}",
            required=required,
            actual=shown,
            bound=minimum.value,
        )
    return Verdict(
        "breach",
        f"{said_zh}；{'按规划所列折算' if own_meets else '按矿山自身密度'}仅为 {short}，低于最低开采规模逾五分之一，"
        f"超出“左右”所容{tags[0]}",
        f"{said_en}; by {'the plan' if own_meets else 'its own density'} it is only {short.text('en')}, more than a "
        f"fifth below the minimum, beyond what the plan's 左右 allows{tags[1]}",
        required=required,
        actual=shown,
        bound=minimum.value,
    )


def _by_product(params: MinScaleParams, facts: Facts) -> bool:
    """Is the figure read from the record's product_output (a product other than the mineral mined)?"""
    if params.product is None:
        return False
    return mineral_book().listed_as(facts.get("mineral"), [params.product]) is None


def _measured(params: MinScaleParams, facts: Facts) -> tuple[str, str]:
    if _by_product(params, facts):
        product = mineral_book().minerals[params.product or ""]
        return f"{product.name}年产量", f"yearly {product.en} output"
    return "设计开采规模", "design capacity"


def _capacity(
    facts: Facts,
    target: str,
    plan_density: float | None,
    params: MinScaleParams | None = None,
    beside: float | None = None,
) -> tuple[Quantity, str, str]:
    fact = "product_output" if params is not None and _by_product(params, facts) else "capacity"
    try:
        return capacity_in(facts, target, plan_density, fact, beside)
    except DimensionMismatch:
        # a capacity in the other quantity asks the ore's density; a product's output, in the figure's own
        raise Missing("density" if fact == "capacity" else fact) from None


def _dash(params: MinScaleParams, facts: Facts, tag_zh: str, tag_en: str) -> Verdict:
    """A class the table marks "—": as the plan defines it, or else no pass without a figure to meet."""
    if params.dash == "no_minimum":
        return Verdict(
            "comply",
            f"表中此类为“—”，按表注无最低开采规模准入要求{tag_zh}",
            f"the table marks this class “—”, which its note defines as no minimum{tag_en}",
            required="—",
        )
    printed_zh = f"表中此类为“—”，本规划未说明其含义{tag_zh}"
    printed_en = f"the table prints “—” for this class, which the plan does not define{tag_en}"
    elsewhere = params.dash_elsewhere
    if elsewhere is None:
        return Verdict(
            "caution",
            f"{printed_zh}，未印最低开采规模，应对照上级规划审查",
            f"{printed_en}: it prints no figure, to be reviewed against the higher plans",
            required="—",
        )
    figure = Quantity(elsewhere.minimum, unit(elsewhere.unit or params.unit))
    capacity, shown, shown_en = _capacity(facts, elsewhere.unit or params.unit, params.plan_density, None, figure.value)
    required = f"— (≥ {figure}: {elsewhere.source.en})"
    if at_least(capacity.value, figure.value):
        return Verdict(
            "comply",
            f"{printed_zh}；设计开采规模 {shown} 达到{elsewhere.source.zh} {figure}",
            f"{printed_en}; design capacity {shown_en} meets the {figure.text('en')} of {elsewhere.source.en}",
            required=required,
            actual=shown,
        )
    return Verdict(
        "caution",
        f"{printed_zh}，不作“无最低规模”理解；设计开采规模 {shown} 低于{elsewhere.source.zh} {figure}",
        f"{printed_en}, so it is not read as no minimum; design capacity {shown_en} is below the "
        f"{figure.text('en')} of {elsewhere.source.en}",
        required=required,
        actual=shown,
    )
