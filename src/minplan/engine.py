"""Resolution, plan selection and evaluation: record → jurisdiction chain → plans → findings."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from operator import itemgetter
from typing import Any

from minplan.facts import Facts, Missing, decide, holds, read
from minplan.facts import labels as fact_labels
from minplan.findings import Citation, Finding, PlanUse, Status, worst
from minplan.i18n import LEVEL, STATUS
from minplan.kinds import KINDS
from minplan.kinds.base import Verdict
from minplan.loader import Issue, Loaded
from minplan.memo import Memo
from minplan.minerals import mineral_book
from minplan.plans import ENLARGING_FACTS
from minplan.record import Record
from minplan.regions import LEVELS, Division, gazetteer
from minplan.rulebook import Corpus, Rule, memo_slot
from minplan.say import Msg

# what a change of an exploration right may enlarge: the ground it covers (it has no scale of production)
EXPLORATION_ENLARGING = ("project.enlarges_area",)


def not_in_force(
    division: Division, plans: Sequence[PlanUse], when: tuple[str, str], level: str, reasons: bool = True
) -> dict[str, str]:
    """The note that no encoded plan of a level is in force on the dates ``when`` says (zh, en), naming ``level`` as
    the reader should see it, with each plan's reason or (``reasons`` false) only its id."""
    why_zh = "；".join(f"{p.id}：{p.reason['zh']}" if reasons else p.id for p in plans)
    why_en = "; ".join(f"{p.id}: {p.reason['en']}" if reasons else p.id for p in plans)
    zh_level = LEVEL[division.level]["zh"]
    return {
        "zh": f"{zh_level}（{division.zh}）：{when[0]} 无施行中的已编码规划（{why_zh}），本级规划条款未审查",
        "en": f"{level}: no encoded plan in force on {when[1]} ({why_en}); this level's provisions were not checked",
    }


@dataclass(frozen=True)
class LevelUse:
    """One division of the chain and what became of its plans on the record's date."""

    division: Division
    plans: tuple[PlanUse, ...]

    @property
    def applied(self) -> list[PlanUse]:
        return [p for p in self.plans if p.applied]

    def note(self, date: str) -> dict[str, str] | None:
        if self.applied:
            return None
        level = self.division.level
        zh_level = LEVEL[level]["zh"]
        if not self.plans:
            return {
                "zh": f"{zh_level}（{self.division.zh}）：未编码规划",
                "en": f"{level}: no plan encoded for {self.division.en}",
            }
        excluded = [p.id for p in self.plans if p.out_of_scope]
        if excluded:
            return {
                "zh": f"{zh_level}（{self.division.zh}）：施行中的规划 {'、'.join(excluded)} 的适用范围不含本记录",
                "en": f"{level}: the plan in force ({', '.join(excluded)}) does not cover this record",
            }
        # the plans encoded for the level are not in force then: the one that is, if any, is not encoded, and
        # nothing of this level was checked (not "there is no plan")
        return not_in_force(self.division, self.plans, (date, date), level)


@dataclass
class RecordResult:
    """One record judged: its status, the plans of its levels, its findings and its problems."""

    file: str
    index: int
    id: str | None
    status: Status
    record: Record | None = None
    levels: Sequence[LevelUse] = ()
    findings: list[Finding] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    notes: list[Msg] = field(default_factory=list)  # on the record as read (minplan.say.Msg: both languages)
    line: int | None = None
    spatial: dict[str, Any] | None = None  # what the geometry showed (minplan.geo.measure), for the report
    sheet: str | None = None  # a row of a workbook: its sheet
    row: int | None = None  # a row of a table (workbook or CSV): its number
    positions: Callable[[], dict[tuple[str | int, ...], tuple[int, int]]] | dict | None = field(
        default=None, repr=False, compare=False
    )  # where each key of the record stands in its file: walked only when a report asks (see where)

    def where(self, name: str | None) -> tuple[int, int] | None:
        """Line and column of the record field ``name`` (``location.zones``) in its file: the field's key, else
        the nearest enclosing key that is written (a fact left out: where it would go), else the record's
        first line. ``None`` when the file gives no lines (standard input read as a whole stays lined)."""
        marks = self._marks()
        if name:
            path = tuple(name.split("."))
            if path == ("mineral",) and path not in marks:
                path = ("minerals",)  # the right's minerals given as one list
            while path:
                if path in marks:
                    return marks[path]
                path = path[:-1]
        return (self.line, 1) if self.line else None

    def _marks(self) -> dict[tuple[str | int, ...], tuple[int, int]]:
        if callable(self.positions):
            self.positions = self.positions()
        return self.positions or {}

    def __getstate__(self) -> dict[str, Any]:
        """Positions not yet walked stay behind (they hold the file's node tree); walked ones travel."""
        state = dict(self.__dict__)
        if callable(state.get("positions")):
            state["positions"] = None
        return state

    @property
    def plans(self) -> list[PlanUse]:
        return [p for level in self.levels for p in level.plans]

    def applied_plans(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.plans if p.applied)


def in_scope(rule: Rule, record: Record, facts: Facts) -> bool:
    """Does the rule's scope cover the record? Raises Missing for an undeclared method or zone, or for the kind
    of an umbrella mineral the scope covers only in part.

    The fixed part is :meth:`Scope.admits`, the test the corpus's candidate lists use too.
    """
    scope = rule.scope
    if not scope.admits(record.right, record.application, record.mineral, record.location.county):
        return False
    return _within(rule, facts, scope.reach_of(record.mineral))


def _within(rule: Rule, facts: Facts, reach: str) -> bool:
    """The rest of the scope, once its fixed part admits the record: ``reach`` is how far it reaches the
    record's mineral (:meth:`Scope.reach_of`)."""
    scope = rule.scope
    if reach == "some":
        raise Missing("mineral_kind")  # an umbrella (金) where the provision concerns only some kinds (砂金)
    if scope.methods and facts.get("method") not in scope.methods:
        return False
    return not (scope.zones and not set(scope.zones) & facts.zones_with_types())


def _judge(rule: Rule, params: Any, facts: Facts, reach: str | None = None) -> Verdict | None:
    if not (in_scope(rule, facts.record, facts) if reach is None else _within(rule, facts, reach)):
        return None
    # a change judged as the expansion the scope names (rulebook: expansion_by_change); the application read as a
    # fact, so that it keys the findings kept for reuse
    change = bool(rule.expansion_by_change) and facts.get("application") == "change"
    enlarging = rule.expansion_by_change
    if change and facts.get("right") != "mining":
        # an exploration right has no scale of production: its change enlarges the ground it covers, or nothing
        enlarging = [name for name in enlarging if name in EXPLORATION_ENLARGING]
        if not enlarging:
            return None
    if rule.when and not holds(rule.when, facts):
        return Verdict("n/a", "条件不成立，本条不适用", "the provision's condition does not hold")
    if rule.when_any and not holds(rule.when_any, facts, any_of=True):
        return Verdict("n/a", "条件不成立，本条不适用", "the provision's condition does not hold")
    if rule.unless and holds(rule.unless, facts, any_of=True):
        return Verdict("n/a", "属本条除外情形，不适用", "an exception of the provision applies")
    if change and not _integrates(rule, facts) and not _is_expansion(enlarging, facts):
        return _no_expansion(enlarging)
    if rule.expansion_defined and facts.get("application") == "expansion" and _enlarges_none(rule, facts):
        return _no_expansion(enlarging, filed="expansion")
    return KINDS[rule.kind].judge(rule, params, facts)


def _no_expansion(enlarging: Sequence[str], filed: str = "change") -> Verdict:
    """Not applicable to a change (or, where the plan defines 改扩建, an expansion) that is no expansion as the plan
    reads one, saying what would have made it one."""
    zh = "或".join(ENLARGING_FACTS[name][0] for name in enlarging)
    en = " nor ".join(ENLARGING_FACTS[name][1] for name in enlarging)
    said = f"enlarges neither {en}" if len(enlarging) > 1 else f"does not enlarge {en}"
    zh_filed, en_filed = ("改扩建", "the expansion") if filed == "expansion" else ("变更", "the change")
    return Verdict(
        "n/a",
        f"{zh_filed}未扩大{zh}，不属本规划所称改扩建，本条不适用",
        f"{en_filed} {said}: it is no expansion as the plan reads one, and the provision does not apply",
    )


def _integrates(rule: Rule, facts: Facts) -> bool:
    """A right that serves a resource integration (整合) is an expansion where the plan defines one, whatever it
    enlarges: a definition of 改扩建 names 整合 beside the enlargements (丹东 专栏六)."""
    return rule.expansion_defined and facts.known("project.resource_integration") is True


def _enlarges_none(rule: Rule, facts: Facts) -> bool:
    """Does an application filed as an expansion state that it does none of what the plan defines one by? One that
    does not say is taken as filed: the facts are read (and so key the findings kept for reuse), never asked."""
    enlarging = rule.expansion_by_change or ()
    return all(facts.known(name) is False for name in enlarging) and not _integrates(rule, facts)


def _is_expansion(enlarging: Sequence[str], facts: Facts) -> bool:
    """Is the change an expansion by the plan's reading (it enlarges one of ``enlarging``)? Raises Missing while
    it does not say."""
    return holds(dict.fromkeys(enlarging, True), facts, any_of=True)


def _status(verdict: Verdict, rule: Rule) -> Status:
    if verdict.outcome == "comply":
        return Status.pass_
    if verdict.outcome == "n/a":
        return Status.not_applicable
    if verdict.outcome == "caution":
        return Status.warn
    if rule.force == "info":
        return Status.pass_  # an encouragement not taken up is no fault
    return Status.fail if rule.force == "binding" else Status.warn


def _same(a: Verdict | None, b: Verdict | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and a.outcome == b.outcome)


def _telling(verdict: Verdict, alternatives: list[Verdict | None]) -> Verdict:
    """Of readings that agree, the one that shows why: the strictest pass, the most lenient fail."""
    bounded = [v for v in alternatives if v is not None and v.bound is not None]
    if not bounded:
        return verdict
    pick = max if verdict.outcome == "comply" else min
    return pick(bounded, key=lambda v: v.bound or 0.0)


SCOPE_FACTS = ("right", "application", "mineral", "location.county")


class Seen(dict[str, None]):
    """The facts a rule read, in the order it read them (a set that keeps order: Facts calls ``add``), after the
    scope's fixed facts, which the scope read; ``asked`` holds those the rule asked of :class:`Facts`."""

    def __init__(self) -> None:
        super().__init__(_FIXED)
        self.asked: set[str] = set()

    def add(self, name: str) -> None:
        self.asked.add(name)
        self.setdefault(name, None)


_FIXED = dict.fromkeys(SCOPE_FACTS)


MEMO_LIMIT = 2048  # findings kept per rule and set of facts read; bounds memory on large batches


class Values(dict[str, Any]):
    """A record's facts as memo key parts (:func:`facts.read`), each read once, when a rule's key first asks."""

    __slots__ = ("record",)

    def __init__(self, record: Record) -> None:
        super().__init__()
        self.record = record

    def __missing__(self, name: str) -> Any:
        value = self[name] = read(self.record, name)
        return value


_UNKNOWN: Any = object()  # no finding kept for the key (None is one: the rule does not apply)


class Keyed:
    """The findings of one rule for one set of facts read, by the record's values of those facts."""

    __slots__ = ("key", "names", "table")

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names
        if len(names) > 1:
            self.key: Callable[[Values], tuple[Any, ...]] = itemgetter(*names)
        elif names:
            self.key = lambda values, name=names[0]: (values[name],)
        else:
            self.key = lambda values: ()
        self.table: Memo[tuple[Any, ...], Finding | None] = Memo(MEMO_LIMIT)


def evaluate_rule(
    rule: Rule,
    params: Any,
    record: Record,
    level: str,
    zone_types: dict[str, str] | None = None,
    memo: dict[Any, list[Keyed]] | None = None,
    values: Values | None = None,
    reach: str | None = None,
) -> Finding | None:
    """The finding of one rule on one record, or None when the rule's scope excludes it.

    With ``memo``, a finding is reused for a record that agrees with an earlier one on every
    fact the rule read: judging is deterministic in those facts, so the answer is the same.
    ``values`` keeps the record's facts read for its other rules (one :class:`Values` per record and mineral).
    ``reach``, when the fixed part of the rule's scope is known to admit the record (Corpus.candidates), is how
    far it reaches the record's mineral (``all`` or ``some``). The scope's fixed facts then key the memo only
    as far as the rule asks for them: the mineral, which the finding names, always. A judgement that did not ask
    for the mineral is kept apart too, by the reach and the facts asked: another mineral's record that agrees
    on them gets the same finding, naming its own mineral.
    """
    if values is None or values.record is not record:
        values = Values(record)
    slot = memo_slot(rule.id, reach is not None)
    found = _kept(memo, slot, values) if memo is not None else _UNKNOWN
    if found is not _UNKNOWN:
        return found
    if memo is not None and reach is not None:
        found = _kept(memo, (rule.id, reach), values)  # judged for another mineral
        if found is not _UNKNOWN:
            found = found if found is None else found.altered(mineral=record.mineral)
            _keep(memo, slot, ("mineral", *_names_of(memo, (rule.id, reach), values)), values, found)
            return found
    seen = Seen()
    found = _evaluate(rule, params, record, level, zone_types, seen, reach)
    if memo is not None:
        if reach is None:
            _keep(memo, slot, tuple(seen), values, found)
        else:
            _keep(memo, slot, ("mineral", *seen.asked), values, found)
            if "mineral" not in seen.asked:
                _keep(memo, (rule.id, reach), tuple(seen.asked), values, found)
    return found


def _kept(memo: dict[Any, list[Keyed]], slot: Any, values: Values) -> Any:
    """The finding kept in ``slot`` for the record's values, else _UNKNOWN."""
    for each in memo.get(slot, ()):
        found = each.table.get(each.key(values), _UNKNOWN)
        if found is not _UNKNOWN:
            return found
    return _UNKNOWN


def _names_of(memo: dict[Any, list[Keyed]], slot: Any, values: Values) -> tuple[str, ...]:
    """The facts of the table in ``slot`` that holds the record's values."""
    return next(each.names for each in memo[slot] if each.key(values) in each.table)


def _keep(memo: dict[Any, list[Keyed]], slot: Any, names: tuple[str, ...], values: Values, found: Any) -> None:
    names = tuple(sorted(set(names)))
    keyed = memo.setdefault(slot, [])
    each = next((k for k in keyed if k.names == names), None)
    if each is None:
        each = Keyed(names)
        keyed.append(each)
    if getattr(memo, "spend", _always)():
        each.table.keep(each.key(values), found)


def _always() -> bool:
    return True


def judged_field(rule: Rule, params: Any, seen: Seen, needs: list[str]) -> str | None:
    """The record field a finding is about: the first fact still needed, else the field the rule's kind
    names when the rule read it, else the last fact the rule read beyond its scope."""
    if needs:
        return needs[0]
    named = KINDS[rule.kind].field(rule, params)
    if named is not None and named in seen:
        return named
    read_beyond = [name for name in seen if name not in SCOPE_FACTS]
    return read_beyond[-1] if read_beyond else named


def _evaluate(
    rule: Rule,
    params: Any,
    record: Record,
    level: str,
    zone_types: dict[str, str] | None,
    seen: Seen,
    reach: str | None = None,
) -> Finding | None:
    decision = decide(record, lambda facts: _judge(rule, params, facts, reach), _same, zone_types=zone_types, seen=seen)
    if decision.result is None and not decision.needs:
        return None  # the scope leaves the record out
    title = rule.title
    field = judged_field(rule, params, seen, decision.needs)
    fields = tuple(name for name in seen if name not in SCOPE_FACTS or name == field)

    def finding(status: Status, zh: str, en: str, **extra: Any) -> Finding:
        return Finding(
            rule.id,
            rule.plan,
            level,
            rule.kind,
            status,
            {"zh": f"{title.zh}：{zh}", "en": f"{title.en}: {en}"},
            _citation(rule),
            mineral=record.mineral,
            field=field,
            fields=fields,
            **extra,
        )

    if decision.needs:
        labels_zh, labels_en = fact_labels(decision.needs, "zh"), fact_labels(decision.needs, "en")
        options = sorted({v.required for v in decision.alternatives if v and v.required})
        range_zh = f"；视情况要求为 {' / '.join(options)}" if len(options) > 1 else ""
        range_en = f"; depending on them the requirement is {' / '.join(options)}" if len(options) > 1 else ""
        return finding(
            Status.needs_info,
            f"需提供：{labels_zh}{range_zh}",
            f"the record must state: {labels_en}{range_en}",
            needs=list(decision.needs),
            remedy={"zh": f"请提供：{labels_zh}", "en": f"state: {labels_en}"},
        )
    verdict = decision.result
    if decision.assumed_over:
        verdict = _telling(verdict, decision.alternatives)
    zh, en = verdict.zh, verdict.en
    if decision.assumed_over:
        over_zh, over_en = fact_labels(decision.assumed_over, "zh"), fact_labels(decision.assumed_over, "en")
        zh += f"（无论{over_zh}如何，结论相同）"
        en += f" (not stated, but the answer is the same either way: {over_en})"
    required = verdict.required
    if decision.assumed_over:
        options = sorted({v.required for v in decision.alternatives if v and v.required})
        required = " / ".join(options) if options else required
    status = _status(verdict, rule)
    remedy = None
    if status in (Status.fail, Status.warn):
        told = verdict if required == verdict.required else replace(verdict, required=required)
        remedy = KINDS[rule.kind].remedy(rule, params, told)
    return finding(status, zh, en, required=required, actual=verdict.actual, remedy=remedy)


_CITATIONS: Memo[int, tuple[Any, Citation]] = Memo(20_000)  # a rule's citation → the findings' one, shared


def _citation(rule: Rule) -> Citation:
    """The citation of the rule's findings: one object for all of them (it is frozen)."""
    model = rule.citation
    kept = _CITATIONS.get(id(model))
    if kept is None or kept[0] is not model:  # the model is held with it: its id is not reused meanwhile
        kept = _CITATIONS.keep(id(model), (model, model.citation()))
    return kept[1]


class Levels(tuple[LevelUse, ...]):
    """A record's chain of divisions and what became of their plans; one immutable chain is shared by
    every record of one county and date, so what is rendered from it can be kept with it."""

    rendered: dict[Any, tuple[Any, Any]]  # (lang, escape) → the JSON of its plans and chain (report.json_report)

    def __new__(cls, items: Iterable[LevelUse]) -> Levels:
        chain = super().__new__(cls, items)
        chain.rendered = {}
        return chain


def _with_rules(use: PlanUse, corpus: Corpus) -> PlanUse:
    """A plan in force that the corpus holds no rule of (``--rules DIR`` without its folder) is not applied: it
    would otherwise be shown as applied while nothing of it was judged."""
    if not use.applied or corpus.rules_of(use.id):
        return use
    return PlanUse(
        use.id,
        use.level,
        False,
        {
            "zh": f"在施行期内，但所用规则库中无本规划的规则（{use.reason['zh']}）",
            "en": f"in force, but the rule corpus in use holds no rule of it ({use.reason['en']})",
        },
        use.notes,
    )


def unchecked_levels(places: Iterable[tuple[str, dt.date]], corpus: Corpus) -> list[dict[str, Any]]:
    """The levels nothing was checked at over a batch, one entry per division and reason (no plan encoded for it;
    its encoded plans not yet in force, or superseded …), with the dates and the records it concerns. A summary for
    the formats that show no record's chain; a record that a plan's own scope leaves out is not counted here (its
    chain says so)."""
    found: dict[tuple[str, tuple[tuple[str, str], ...]], tuple[Division, list[PlanUse], list[dt.date], list[int]]]
    found = {}
    for (county, day), n in sorted(Counter(places).items(), key=lambda item: (item[0][0], item[0][1])):
        for level in _chain(county, day, corpus):
            if level.applied:
                continue
            division, uses = level.division, list(level.plans)
            # the same reason on every date (superseded after …), with the record's own date taken out of it
            why = tuple((use.id, use.reason["en"].replace(day.isoformat(), "…")) for use in uses)
            entry = found.setdefault((division.code, why), (division, uses, [], [0]))
            entry[2].append(day)
            entry[3][0] += n
    return [_unchecked(division, uses, days, n[0]) for division, uses, days, n in found.values()]


def applied_plan_notes(places: Iterable[tuple[str, dt.date]], corpus: Corpus) -> list[dict[str, Any]]:
    """What the plans applied over a batch say of themselves (a draft for comment, a period ended), one entry per
    plan and note with the records it concerns: for the formats that show no record's chain, so that a verdict
    drawn from a draft never reads as one from an approved plan."""
    found: dict[tuple[str, str], tuple[PlanUse, dict[str, str], list[int]]] = {}
    for (county, day), n in sorted(Counter(places).items(), key=lambda item: (item[0][0], item[0][1])):
        for level in _chain(county, day, corpus):
            for use in level.applied:
                for note in use.notes:
                    entry = found.setdefault((use.id, note["en"]), (use, note, [0]))
                    entry[2][0] += n
    return [
        {"zh": f"{use.id}：{note['zh']}", "en": f"{use.id}: {note['en']}", "records": n[0]}
        for use, note, n in found.values()
    ]


def _unchecked(division: Division, uses: list[PlanUse], days: list[dt.date], records: int) -> dict[str, Any]:
    """One level nothing was checked at, for the dates it was so (``uses``: its plans on the first of them)."""
    if not uses:
        return {**(LevelUse(division, ()).note("") or {}), "records": records}
    shown = [d.isoformat() for d in sorted(set(days))]
    when_zh = "、".join(shown) if len(shown) <= 3 else f"{shown[0]} 至 {shown[-1]} 间 {len(shown)} 个申请日期"
    when_en = ", ".join(shown) if len(shown) <= 3 else f"{len(shown)} dates from {shown[0]} to {shown[-1]}"
    # a reason naming the record's date (not yet in force on …) is given whole only for one date
    whole = len(shown) == 1 or not any(shown[0] in u.reason["en"] for u in uses)
    note = not_in_force(division, uses, (when_zh, when_en), f"{division.level} ({division.en})", reasons=whole)
    return {**note, "records": records}


def _chain(county: str, day: dt.date, corpus: Corpus) -> Levels:
    """The chain of a county on a date, each division with its plans and whether they are in force (shared by the
    records of that county and date)."""
    key = (county, day)
    levels = corpus.levels_memo.get(key)
    if levels is None:
        levels = Levels(
            LevelUse(division, tuple(_with_rules(plan.use_on(day), corpus) for plan in corpus.plans_for(division.code)))
            for division in gazetteer().chain(county)
        )
        corpus.levels_memo.keep(key, levels)
    return levels


def plan_levels(record: Record, corpus: Corpus) -> Levels:
    """County › prefecture › province, each with its plans and whether they apply: in force on the record's
    date, and covering its right and minerals (a plan's own scope).

    The chain of a county and date is shared by its records; a record that a plan's scope leaves out, wholly
    or in part, gets a chain of its own.
    """
    key = (record.location.county, record.date)
    levels = _chain(record.location.county, record.date, corpus)
    minerals = record.all_minerals
    scoped = corpus.scoped_plans
    if not scoped or all(
        len(corpus.covered(use.id, record.right, minerals)) == len(minerals)
        for level in levels
        for use in level.plans
        if use.applied and use.id in scoped
    ):
        return levels
    scoped_key = (*key, record.right, minerals)
    own = corpus.levels_memo.get(scoped_key)
    if own is None:
        own = Levels(
            LevelUse(
                level.division,
                tuple(
                    corpus.plans[use.id].use_for(record.date, record.right, minerals) if use.applied else use
                    for use in level.plans
                ),
            )
            for level in levels
        )
        corpus.levels_memo.keep(scoped_key, own)
    return own


def reach(rule: Rule) -> str:
    """Which of a right's minerals the rule concerns: the rule's own word, else its kind's."""
    return rule.scope.mineral_reach or KINDS[rule.kind].mineral_reach


class MineralViews:
    """The record as seen for each of its minerals, each with the facts read for the memo.

    A right listing several minerals is judged mineral by mineral; each view is the record with that
    mineral as ``mineral``, so scope, judging and the memo's keys all read the mineral being judged.
    Each view keeps its own read facts: sharing them would key one mineral's finding by another's name.
    """

    def __init__(self, record: Record) -> None:
        self.record = record
        self._views: dict[str, tuple[Record, Values]] = {}

    def of(self, mineral: str) -> tuple[Record, Values]:
        found = self._views.get(mineral)
        if found is None:
            record = self.record
            others = [m for m in record.all_minerals if m != mineral]  # the right's minerals stay those it lists
            view = (
                record
                if mineral == record.mineral
                else record.model_copy(update={"mineral": mineral, "associated_minerals": others})
            )
            found = self._views[mineral] = (view, Values(view))
        return found


def _candidates(
    corpus: Corpus, plan_id: str, record: Record, minerals: tuple[str, ...]
) -> list[tuple[Rule, list[str]]]:
    """The plan's rules whose fixed scope admits the record for at least one of ``minerals``, in the plan's
    order, each with the minerals it admits (in the record's order)."""
    right, application, county = record.right, record.application, record.location.county
    if len(minerals) == 1:
        return [(rule, [minerals[0]]) for rule in corpus.candidates(plan_id, right, application, minerals[0], county)]
    admitted: dict[str, list[str]] = {}
    for mineral in minerals:
        for rule in corpus.candidates(plan_id, right, application, mineral, county):
            admitted.setdefault(rule.id, []).append(mineral)
    return [(rule, admitted[rule.id]) for rule in corpus.candidates_any(plan_id, right, application, minerals, county)]


def _judged_for(rule: Rule, admitted: list[str], main: str) -> list[str]:
    kind_reach = reach(rule)
    if kind_reach == "main":
        return [main] if main in admitted else []
    if kind_reach == "any":
        return admitted[:1]
    return admitted


def _main_outside(found: Finding, main: str, other: str) -> Finding:
    """A provision judged by a right's main mineral, ``main`` lying outside the plan's scope: ``needs_info``
    (unless it does not apply at all), saying what it would give for ``other``, the right's mineral the plan
    governs."""
    if found.status in (Status.not_applicable, Status.error):
        return _naming(found, [other])
    book = mineral_book()
    would_zh, would_en = STATUS[found.status.value]["zh"], STATUS[found.status.value]["en"]
    return found.altered(
        status=Status.needs_info,
        message={
            "zh": f"本条按主矿种审查，主矿种{main}不在本规划范围内，无法判断本条是否及如何适用于{other}"
            f"（若按{other}审查：{would_zh}，{found.message['zh']}）",
            "en": f"this provision is judged by the right's main mineral, and {book.minerals[main].en} ({main}) lies "
            f"outside this plan's scope: whether and how it applies to {book.minerals[other].en} ({other}) cannot be "
            f"told (judged for {other}: {would_en}, {found.message['en']})",
        },
        mineral=other,
        field="mineral",
        remedy={
            "zh": f"请说明{other}的设计规模等数据，或按本规划人工审查",
            "en": f"give {other}'s own figures (design capacity …), or review the right by hand against this plan",
        },
    )


def _named(finding: Finding, mineral: str, admitted: list[str], kind_reach: str, corpus: Corpus) -> Finding:
    """A finding of a right with several minerals, its message naming the mineral (or minerals) it concerns;
    one copy for each finding and names, as findings are shared (the copy keeps its rendered JSON)."""
    names = admitted if kind_reach == "any" else [mineral]
    key = (id(finding), *names)
    kept = corpus.named_memo.get(key)
    if kept is not None and kept[0] is finding:  # the finding is held with its copy: its id is not reused
        return kept[1]
    named = _naming(finding, names)
    corpus.named_memo.keep(key, (finding, named))
    return named


def _naming(finding: Finding, names: list[str]) -> Finding:
    book = mineral_book()
    zh = "、".join(names)
    en = ", ".join(f"{book.minerals[m].en} ({m})" for m in names)
    return finding.altered(
        message={"zh": f"{finding.message['zh']}〔矿种：{zh}〕", "en": f"{finding.message['en']} [mineral: {en}]"},
    )


def _finding(
    rule: Rule,
    corpus: Corpus,
    record: Record,
    use: PlanUse,
    zone_types: dict[str, str],
    values: Values,
    reach: str,
    params: Any = _UNKNOWN,
) -> Finding | None:
    """A candidate's finding (its scope's fixed part admits the record; ``reach``: how far of its mineral)."""
    if params is _UNKNOWN:
        params = corpus.params[rule.id]
    try:
        return evaluate_rule(rule, params, record, use.level, zone_types, corpus.memo, values, reach)
    except Exception as exc:  # one broken rule must not sink the record or the batch
        return Finding(
            rule.id,
            rule.plan,
            use.level,
            rule.kind,
            Status.error,
            {"zh": f"规则执行出错：{exc}", "en": f"rule raised an error: {exc}"},
            rule.citation.citation(),
            mineral=record.mineral,
        )


def check_record(item: Loaded, corpus: Corpus, geo: Any = None) -> RecordResult:
    """Judge one loaded document against every plan that applies where and when it lies.

    ``geo`` (minplan.geo.context.GeoContext) holds the run's layers; with it, or with a boundary in the record,
    the measured facts take the place of the declared ones before any rule runs.
    """
    if item.record is None:
        return RecordResult(
            item.file,
            item.index,
            item.id,
            Status.error,
            errors=list(item.issues),
            notes=list(item.notes),
            line=item.line,
            sheet=item.sheet,
            row=item.row,
        )
    record = item.record
    measured = None
    if geo is not None or record.location.boundary is not None:
        from minplan.geo.measure import measure

        measured = measure(record, corpus, geo)
        if measured.issues:
            refused = RecordResult(
                item.file,
                item.index,
                record.id,
                Status.error,
                notes=list(item.notes),
                line=item.line,
                sheet=item.sheet,
                row=item.row,
                positions=item.positions,
            )
            for message, where in measured.issues:  # each at the line of the field it concerns
                line, column = refused.where(where) or (item.line, None)
                refused.errors.append(Issue.of(message, line, column, where))
            return refused
        record = measured.record
    result = RecordResult(
        item.file,
        item.index,
        record.id,
        Status.pass_,
        record=record,
        notes=list(item.notes),
        line=item.line,
        sheet=item.sheet,
        row=item.row,
        positions=item.positions,
    )
    result.levels = plan_levels(record, corpus)
    views = MineralViews(record)
    values = Values(record)  # facts read for the memo, shared by the record's rules (one mineral)
    for level in result.levels:
        for use in level.applied:
            result.findings += plan_findings(record, use, corpus, views, values)
    # asked of the record's own county before the other counties a right across a line reaches are merged in: a
    # part of it where no plan applies is unchecked, whichever county the record names
    own_levels = result.levels  # _measured puts a new list in its place, this one is left as it is
    unplanned = not any(level.applied for level in own_levels)
    if measured is not None:
        _measured(result, measured, item, corpus)
    if unplanned and not any(f.rule == "coverage/no-plan-in-force" for f in result.findings):
        result.findings.insert(0, _no_plan(result.record or record, own_levels))
    result.status = worst([f.status for f in result.findings])
    return result


def plan_findings(record: Record, use: PlanUse, corpus: Corpus, views: MineralViews, values: Values) -> list[Finding]:
    """The findings of one applied plan on a record, each of the right's minerals judged as its rules' reach says
    (``views``, ``values``: the record's views and read facts, shared by its plans)."""
    findings: list[Finding] = []
    right, application, county = record.right, record.application, record.location.county
    zone_types = corpus.zone_types(use.id)
    if len(record.all_minerals) == 1:  # an applied plan covers the record's one mineral (else it would not apply)
        memo = corpus.memo
        for rule, params, scope_reach, slot in corpus.selected(use.id, right, application, record.mineral, county):
            found = _UNKNOWN  # evaluate_rule's look-up in the memo, without its calls: most findings are there
            for each in memo.get(slot, ()):
                found = each.table.get(each.key(values), _UNKNOWN)
                if found is not _UNKNOWN:
                    break
            if found is _UNKNOWN:
                found = _finding(rule, corpus, record, use, zone_types, values, scope_reach, params)
            if found is not None:
                findings.append(found)
        return findings
    minerals = corpus.covered(use.id, right, record.all_minerals)
    main_outside = record.mineral not in minerals
    for rule, admitted in _candidates(corpus, use.id, record, minerals):
        if main_outside and reach(rule) == "main":
            # a provision judged by the right's main mineral, which this plan does not govern: judging it for
            # another mineral would read the main mineral's figures as that one's, skipping it would pass
            view, view_values = views.of(admitted[0])
            scope_reach = corpus.reach_of(use.id, rule.id, admitted[0])
            found = _finding(rule, corpus, view, use, zone_types, view_values, scope_reach)
            if found is not None:
                findings.append(_main_outside(found, record.mineral, admitted[0]))
            continue
        for mineral in _judged_for(rule, admitted, record.mineral):
            view, view_values = views.of(mineral)
            scope_reach = corpus.reach_of(use.id, rule.id, mineral)
            found = _finding(rule, corpus, view, use, zone_types, view_values, scope_reach)
            if found is not None:
                findings.append(_named(found, mineral, admitted, reach(rule), corpus))
    return findings


def _no_plan(record: Record, levels: Sequence[LevelUse]) -> Finding:
    """No encoded plan applies where and when the record lies: nothing was checked, so it cannot pass."""
    county = gazetteer().divisions[record.location.county]
    day = record.date.isoformat()
    why_zh = "；".join(u.reason["zh"] for lv in levels for u in lv.plans) or "该地无已编码规划"
    why_en = "; ".join(f"{u.id}: {u.reason['en']}" for lv in levels for u in lv.plans) or "no plan encoded there"
    return Finding(
        "coverage/no-plan-in-force",
        "coverage",
        "record",
        "coverage",
        Status.needs_info,
        {
            "zh": f"{day} {county.zh} 无适用的已编码规划（{why_zh}），未作任何审查："
            "请核对日期与所在县，或按适用规划人工审查",
            "en": f"no encoded plan applies in {county.en} on {day} ({why_en}): nothing was checked; check the date "
            "and county, or review the record by hand against the plan that applies",
        },
        Citation("location.county, date"),
        field="date",
        remedy={"zh": "核对申请日期与所在县（市、区）", "en": "check the record's date and county"},
    )


def _measured(result: RecordResult, measured: Any, item: Loaded, corpus: Corpus) -> None:
    """What the geometry adds: its findings first, and for a right across a county line the other counties' plans
    (each rule judged once, for the first county it applies in)."""
    result.spatial = measured.spatial
    seen = {f.rule for f in result.findings}
    levels = {lv.division.code: lv for lv in result.levels}
    for other in measured.others:
        plain = other.model_copy(update={"location": other.location.model_copy(update={"boundary": None})})
        more = check_record(Loaded(item.file, item.index, plain), corpus)
        result.findings += [f for f in more.findings if f.rule not in seen]
        seen |= {f.rule for f in more.findings}
        levels.update({lv.division.code: lv for lv in more.levels if lv.division.code not in levels})
    if measured.others:  # each division once, counties first
        result.levels = Levels(sorted(levels.values(), key=lambda lv: LEVELS.index(lv.division.level)))
    result.findings[:0] = measured.findings
