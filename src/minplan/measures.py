"""Where a batch of records leaves a plan's main indicators: one count for ``check`` and ``indicators``.

The plans' targets are stocks at the end of the period (矿山总数控制在…个以内, 年开采量, 大中型矿山比例).
A count starts from what exists — a bureau's ledger (``--baseline``) or else the base-year figure the plan
prints — and adds what the batch would create: new mining rights (新立, 探转采). Records of existing mines
(生产矿山, 延续, 变更 …) are already part of that stock and are not added again. Counting only the records at
hand would leave out every mine that is not in the folder; adding them to the base would count them twice.
(An expansion's increase of output is not counted: the batch does not carry the mine's present output.)

Some targets are flows, not stocks: the mining rights granted over the period (规划期内…采矿权投放数量). The batch's
new rights dated within the plan's period are counted; rights granted earlier in the period are in no ledger, so a
count within the target is never a pass (needs_info), only one above it is decided.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, Literal

from minplan.plans import Indicator, Plan
from minplan.quantities import (
    DEFAULT_WORKING_DAYS,
    MOST_WORKING_DAYS,
    DimensionMismatch,
    Quantity,
    QuantityError,
    above,
    at_least,
    at_most,
    unit,
)

if TYPE_CHECKING:
    from minplan.baseline import Mine
    from minplan.record import Record
    from minplan.views import FactsView, RecordView

    Recorded = Record | FactsView  # a batch's records: whole, or the view a batch keeps of each

NEW = {"new", "conversion"}  # applications that make a mine which the base does not hold
NEW_RIGHTS = {"mining": NEW, "exploration": {"new"}}  # applications that create a right of that kind
MEASURES = ("mines", "output", "large_medium_share", "mining_rights")
LARGE_MEDIUM = ("large", "medium")

Basis = Literal["ledger", "base_year", "none"]
Verdict = Literal["within", "exceeded", "reached", "not_yet", "needs_info"]


def yearly(q: Quantity, target: str, working_days: int | None, density: float | None = None) -> float:
    """A capacity as a yearly amount in ``target`` (a rate, or a stock read as 'per year'); a mass and a volume
    through the mine's ``density`` (吨/立方米), never without one."""
    goal = unit(target)
    if density is not None and q.unit.dimension != goal.dimension:
        q = q.with_density(density)
    if goal.per is not None:
        return q.to(goal, working_days=working_days).value
    if q.unit.dimension != goal.dimension:
        raise DimensionMismatch(f"cannot add {q.unit.name} to {goal.name}")
    per_year = q.in_base() * ((working_days or DEFAULT_WORKING_DAYS) if q.unit.per == "day" else 1)
    return per_year / goal.factor


def _spread(q: Quantity, target: str, working_days: int | None, density: float | None = None) -> float:
    """How much more a daily figure given without working days adds over 330 days than over 300."""
    if working_days is not None or q.unit.per != "day":
        return 0.0
    return yearly(q, target, MOST_WORKING_DAYS, density) - yearly(q, target, DEFAULT_WORKING_DAYS, density)


def new_rights(records: list[Recorded], right: str = "mining") -> list[Recorded]:
    """The records that would create a new right of that kind (a mining right: a new mine)."""
    return [r for r in records if r.right == right and r.application in NEW_RIGHTS[right]]


def new_mines(records: list[Recorded]) -> list[Recorded]:
    """The records that would make a new mine."""
    return new_rights(records, "mining")


def measure_of(ind: Indicator) -> str | None:
    """What records can measure the indicator by, if anything."""
    return ind.measure if ind.measure in MEASURES else None


@dataclass(frozen=True)
class Measurement:
    """One indicator measured: the base, what the batch adds, and the records that could not be counted.

    For ``mines`` and ``output`` ``base`` and ``added`` are amounts; for ``large_medium_share`` they are
    numbers of mines, and ``large_medium_base`` / ``large_medium_new`` the large and medium ones among them.
    """

    measure: str
    basis: Basis
    base: float | None
    added: float
    new: tuple[str, ...]  # the batch's records counted (or that should have been)
    skipped: tuple[str, ...] = ()  # their amount cannot be added (no comparable capacity or output)
    unknown: tuple[str, ...] = ()  # mines of unknown class (share)
    large_medium_base: int = 0
    large_medium_new: int = 0
    base_year: int | None = None
    # counties of the indicator's area in which the ledger holds no mine at all: a ledger that leaves out part of
    # the area counts too few, so only a verdict that too few mines cannot overturn stands
    ledger_gaps: tuple[str, ...] = ()
    ledger_unlisted: int = 0  # counties of the area minplan does not list: a ledger cannot show their mines
    # new rights whose main mineral the plan leaves out, with another mineral this indicator counts: whether and
    # how much they add cannot be told (their figures are the main mineral's)
    unplaced: tuple[str, ...] = ()
    # new rights that mine the output's mineral as an associated one (菱镁矿 beside 硼), whose output of it no
    # record gives: they add to the total, by how much cannot be told
    associated: tuple[str, ...] = ()
    # new rights not counted: a second record of one id, or one whose id the ledger gives to an existing mine
    again: tuple[str, ...] = ()
    # new rights and ledger mines whose mineral names an umbrella over the indicator's mineral and other kinds
    # (砂石 over 建筑用砂 and 建筑用石料): whether they count here cannot be told, so they are left out of the count
    unnamed: tuple[str, ...] = ()
    unnamed_ledger: tuple[str, ...] = ()
    # the batch's records of existing mines (延续, 变更, 生产矿山 …) that count here and that the ledger does not list,
    # by id: the ledger leaves out at least these, so it counts too few (as ledger_gaps)
    not_in_ledger: tuple[str, ...] = ()
    # inputs of the batch that could not be read (or not wholly): a new right among them would count here too
    unread: int = 0
    # how much more the total is when the daily figures given without working days run 330 days, not 300
    spread: float = 0.0
    # the batch's records whose capacity, a mass against a volume or the reverse, was converted by their density
    by_density: tuple[str, ...] = ()
    # the ledger's mines that the batch's cancellations (注销) give up, by id: not counted
    given_up: tuple[str, ...] = ()

    @property
    def records(self) -> list[str]:
        """The batch's records a finding on this measure names: those counted, then those that may count."""
        return list(
            dict.fromkeys(
                (
                    *self.new,
                    *self.unplaced,
                    *self.associated,
                    *self.again,
                    *self.unnamed,
                    *self.not_in_ledger,
                    *self.given_up,
                )
            )
        )

    @property
    def total(self) -> float | None:
        """Base plus what the batch adds (for the share: the share, in %); None when the base is unknown."""
        if self.base is None:
            return None
        if self.measure == "large_medium_share":
            return self.share(0)
        return self.base + self.added

    def share(self, unknown_large: int) -> float | None:
        """The share of large and medium mines, counting ``unknown_large`` mines of unknown class as such."""
        n = (self.base or 0) + self.added
        if self.base is None or not n:
            return None
        return 100.0 * (self.large_medium_base + self.large_medium_new + unknown_large) / n

    def verdict(self, ind: Indicator) -> Verdict:
        """Against the target; a fact missing decides nothing unless either way the answer is the same."""
        verdict = self._verdict(ind)
        unsure = (
            self.unplaced or self.associated or self.again or self.unnamed or self.unnamed_ledger or self.not_in_ledger
        )
        if (self.ledger_gaps or self.ledger_unlisted or unsure or self.unread) and (
            self.measure == "large_medium_share" or verdict in ("within", "not_yet")
        ):
            return "needs_info"  # an exceeded cap or a reached floor holds however many mines the ledger left out
        return verdict

    def _verdict(self, ind: Indicator) -> Verdict:
        target = ind.target or 0.0
        if self.measure == "large_medium_share":
            low, high = self.share(0), self.share(len(self.unknown))
            if low is None or high is None:
                return "needs_info"
            if ind.direction == "max":
                return "exceeded" if above(low, target) else ("within" if at_most(high, target) else "needs_info")
            return "reached" if at_least(low, target) else ("not_yet" if not at_least(high, target) else "needs_info")
        known = (self.base or 0.0) + self.added  # a lower bound while anything is unknown
        most = known + self.spread  # daily figures over 330 working days
        complete = self.base is not None and not self.skipped
        if ind.direction == "min":
            if at_least(known, target):
                return "reached"
            return "not_yet" if complete and not at_least(most, target) else "needs_info"
        if above(known, target):
            return "exceeded"
        return "within" if complete and at_most(most, target) else "needs_info"


def unread_inputs(results: Sequence[Any]) -> list[str]:
    """The inputs among ``results`` (judged records or their views) that could not be read, or not wholly, one
    entry each: a right among them would count in a batch-wide measure."""
    return [r.file for r in results if r.record is None]


def members(plan: Plan, results: list[RecordView]) -> list[Recorded]:
    """The records of ``results`` (the views a batch keeps) to which ``plan`` was applied, and those of its
    territory dated in its period before it came in force (issued after its period began: Jilin 2011, issued
    2012-01-13): a right granted then is a right of the period, which the plan's counts and caps hold."""
    return [
        r.record
        for r in results
        if r.record is not None and (plan.id in r.applied_plans() or before_issue(plan, r.record))
    ]


def before_issue(plan: Plan, record: Recorded) -> bool:
    day = record.date
    if not plan.period.start <= day < plan.in_force.start or not plan.covers(record.location.county):
        return False
    return bool(plan.covered(record.right, record.all_minerals))


def measure(
    plan: Plan, ind: Indicator, records: list[Recorded], baseline: list[Mine] | None, unread: int = 0
) -> Measurement:
    """Measure ``ind`` of ``plan`` over ``records`` (those the plan applies to) on top of the baseline;
    ``unread`` inputs of the batch could not be read."""
    kind = measure_of(ind)
    if kind is None:
        raise ValueError(f"{plan.id}: indicator {ind.name} has no measure records can take")
    ledger = None if baseline is None else [m for m in baseline if plan.covers(m.county)]
    mines, again = _once(new_mines(records), {id_key(m.id) for m in baseline or ()})
    new: list[Recorded] = []
    unnamed: list[str] = []
    for r in mines:
        if in_part(ind, r.location.county, r.mineral):
            unnamed.append(r.id)
        elif ind.counts(r.location.county, r.mineral):
            new.append(r)
    counted: list[Mine] | None = None
    unnamed_ledger: list[str] = []
    given_up: list[str] = []
    if ledger is not None:
        counted = []
        # a ledger's mine the batch gives up (注销), by id, is no longer there: as a zone's rights count it
        gone = {id_key(r.id) for r in records if r.right == "mining" and r.application == "cancellation"}
        for x in ledger:
            if id_key(x.id) in gone:
                if ind.counts(x.county, x.mineral) or in_part(ind, x.county, x.mineral):
                    given_up.append(x.id)
            elif in_part(ind, x.county, x.mineral):
                unnamed_ledger.append(x.id)
            else:
                counted.append(x)
    unplaced = tuple(
        r.id
        for r in mines
        if len(r.all_minerals) > 1
        and not ind.counts(r.location.county, r.mineral)
        and r.mineral not in plan.covered(r.right, tuple(r.all_minerals))
        and any(ind.counts(r.location.county, other) for other in r.all_minerals[1:])
    )
    associated = tuple(
        r.id
        for r in mines
        if kind == "output"
        and r.id not in unplaced
        and len(r.all_minerals) > 1
        and not ind.counts(r.location.county, r.mineral)
        and any(ind.counts(r.location.county, other) for other in r.all_minerals[1:])
    )
    if kind == "mining_rights":  # granted within the plan's period: no ledger holds the earlier grants
        ids = tuple(r.id for r in new if plan.period.start <= r.date <= plan.period.end)
        return Measurement("mining_rights", "none", None, float(len(ids)), ids, unread=unread)
    if kind == "mines":
        m = _mines(ind, new, counted)
    elif kind == "output":
        m = _output(ind, new, counted)
    else:
        m = _share(plan, ind, new, counted)
    if ledger is not None:
        gaps, unlisted = ledger_gaps(plan, ind, ledger)
        m = replace(m, ledger_gaps=gaps, ledger_unlisted=unlisted)
        listed = {id_key(x.id) for x in baseline or ()}
        missing = tuple(  # a cancellation of a mine the ledger does not list too: the ledger counts too many or few
            r.id
            for r in records
            if r.right == "mining"
            and r.application not in NEW
            and id_key(r.id) not in listed
            and ind.counts(r.location.county, r.mineral)
        )
        m = replace(m, not_in_ledger=missing) if missing else m
    m = replace(m, unplaced=unplaced) if unplaced else m
    counted_again = tuple(r.id for r in again if ind.counts(r.location.county, r.mineral))
    m = replace(m, again=counted_again) if counted_again else m
    m = replace(m, associated=associated) if associated else m
    if unnamed or unnamed_ledger:
        m = replace(m, unnamed=tuple(unnamed), unnamed_ledger=tuple(unnamed_ledger))
    if given_up:
        m = replace(m, given_up=tuple(given_up))
    return replace(m, unread=unread) if unread else m


_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=200_000)  # asked of each new right for every indicator of its plans
def id_key(rid: str) -> str:
    """An id as one right is told from another: full-width and half-width forms alike, white space left out
    (Ｌ－０ is L-0)."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", rid))


def _once(mines: list[Recorded], listed: set[str]) -> tuple[list[Recorded], list[Recorded]]:
    """The new rights counted once each, and those left out: a second of one id (the batch's duplicate ids are
    refused beside), or one whose id the ledger gives an existing mine (the same mine, or another so named)."""
    seen: set[str] = set()
    once: list[Recorded] = []
    again: list[Recorded] = []
    for r in mines:
        key = id_key(r.id)
        if key in seen or key in listed:
            again.append(r)
            continue
        seen.add(key)
        once.append(r)
    return once, again


def in_part(ind: Indicator, county: str, mineral: str) -> bool:
    """Does a mine of ``mineral`` in ``county`` name an umbrella of which only some kinds count towards ``ind``
    (砂石 for a cap on 建筑用砂), so that only the kind, which it does not give, would tell?"""
    if not ind.mineral or (ind.county and ind.county != county):
        return False
    return _in_part(ind.mineral, tuple(ind.except_minerals), mineral)


@cache
def _in_part(counted: str, kept_apart: tuple[str, ...], mineral: str) -> bool:
    from minplan.minerals import mineral_book

    return mineral_book().reach(mineral, [counted], kept_apart) == "some"


def ledger_gaps(plan: Plan, ind: Indicator, ledger: list[Mine]) -> tuple[tuple[str, ...], int]:
    """The counties of the indicator's area (the plan's, or the one county it names) of which the ledger lists
    no mine of any mineral, in code order; and how many of the area's counties minplan does not list at all (a
    ledger row there is refused, so no ledger can be whole)."""
    from minplan.regions import gazetteer

    book = gazetteer()
    held = {m.county for m in ledger}
    area = [d.code for d in book.counties() if (ind.county == d.code if ind.county else plan.covers(d.code))]
    gaps = tuple(sorted(code for code in area if code not in held))
    whole = None if ind.county else book.divisions[plan.jurisdiction].county_count
    return gaps, max(0, (whole or len(area)) - len(area))


def _mines(ind: Indicator, new: list[Recorded], ledger: list[Mine] | None) -> Measurement:
    ids = tuple(r.id for r in new)
    if ledger is not None:
        base = len([m for m in ledger if ind.counts(m.county, m.mineral)])
        return Measurement("mines", "ledger", float(base), float(len(new)), ids)
    if ind.base is not None:
        return Measurement("mines", "base_year", float(int(ind.base)), float(len(new)), ids, base_year=ind.base_year)
    return Measurement("mines", "none", None, float(len(new)), ids)


def _output(ind: Indicator, new: list[Recorded], ledger: list[Mine] | None) -> Measurement:
    counted: list[str] = []
    skipped: list[str] = []
    converted: list[str] = []
    added = spread = 0.0
    for r in new:
        try:
            if r.capacity is None:
                raise QuantityError("no capacity")
            # ore counted in metal or at a set grade: the record's ore at its grade (none given: not counted)
            share = 1.0 if ind.grade_basis is None else (r.grade or 0.0) / ind.grade_basis
            if not share:
                raise QuantityError("no grade")
            added += yearly(r.capacity, ind.unit, r.working_days, r.density) * share
            spread += _spread(r.capacity, ind.unit, r.working_days, r.density) * share
            counted.append(r.id)
            if r.capacity.unit.dimension != unit(ind.unit).dimension:
                converted.append(r.id)
        except (QuantityError, DimensionMismatch):
            skipped.append(r.id)
    ids = (*counted, *skipped)
    if ledger is not None:
        base = 0.0
        for m in (m for m in ledger if ind.counts(m.county, m.mineral)):
            q = m.output or m.capacity
            try:
                if q is None or ind.grade_basis is not None:  # a ledger gives no grade to turn its ore into metal
                    raise QuantityError("no output or capacity at the indicator's grade")
                base += yearly(q, ind.unit, m.working_days)
                spread += _spread(q, ind.unit, m.working_days)
            except (QuantityError, DimensionMismatch):
                skipped.append(m.id)
        out = Measurement("output", "ledger", base, added, ids, tuple(skipped), spread=spread)
    elif ind.base is not None:
        out = Measurement(
            "output", "base_year", ind.base, added, ids, tuple(skipped), base_year=ind.base_year, spread=spread
        )
    else:
        out = Measurement("output", "none", None, added, ids, tuple(skipped), spread=spread)
    return replace(out, by_density=tuple(converted)) if converted else out


def _share(plan: Plan, ind: Indicator, new: list[Recorded], ledger: list[Mine] | None) -> Measurement:
    ids, added = tuple(r.id for r in new), float(len(new))
    large_new = len([r for r in new if r.mine_scale in LARGE_MEDIUM])
    unknown = [r.id for r in new if r.mine_scale is None]
    if ledger is not None:
        mines = [m for m in ledger if ind.counts(m.county, m.mineral)]
        unknown += [m.id for m in mines if m.mine_scale is None]
        large = len([m for m in mines if m.mine_scale in LARGE_MEDIUM])
        return Measurement("large_medium_share", "ledger", len(mines), added, ids, (), tuple(unknown), large, large_new)
    # the plan prints a share, not a count: its base-year count of mines gives the number of large and medium ones
    counts = [i for i in plan.indicators if i.measure == "mines" and not i.mineral and not i.county]
    if ind.base is None or not counts or counts[0].base is None:
        return Measurement("large_medium_share", "none", None, added, ids, (), tuple(unknown), 0, large_new)
    n_base = int(counts[0].base)
    large = round(n_base * ind.base / 100)
    return Measurement(
        "large_medium_share", "base_year", n_base, added, ids, (), tuple(unknown), large, large_new, ind.base_year
    )
