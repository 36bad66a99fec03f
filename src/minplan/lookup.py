"""Look-ups over the corpus: plans, rules, one rule explained, and what applies to a kind of mine."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from minplan.engine import MineralViews, Values, plan_findings, plan_levels
from minplan.examples import run_example
from minplan.facts import FACTS, Facts, Missing
from minplan.i18n import ZONE_TYPE
from minplan.kinds.min_scale import MinScaleParams, required_cell
from minplan.minerals import mineral_book
from minplan.plans import Plan
from minplan.quantities import format_number
from minplan.quantities import unit as unit_of
from minplan.record import Record
from minplan.regions import gazetteer
from minplan.rulebook import Corpus, Rule
from minplan.shapes import bounds, i18n, params_quantity, quantity, zone_scale_quantity
from minplan.vocab import DepositScale, Method


def plan_rows(corpus: Corpus) -> list[dict[str, Any]]:
    rows = []
    for plan in sorted(corpus.plans.values(), key=lambda p: (p.level != "province", p.id)):
        division = gazetteer().divisions[plan.jurisdiction]
        rows.append(
            {
                "id": plan.id,
                "title": plan.title,
                "title_en": plan.title_en,
                "title_i18n": {"zh": plan.title, "en": plan.title_en},
                "jurisdiction": plan.jurisdiction,
                "jurisdiction_name": division.zh,
                "jurisdiction_en": division.en,
                "jurisdiction_name_i18n": {"zh": division.zh, "en": division.en},
                "level": plan.level,
                "period": f"{plan.period.start.year}–{plan.period.end.year}",
                "status": plan.status,
                "in_force_from": plan.in_force.start.isoformat(),
                "in_force_until": plan.in_force.superseded_after.isoformat()
                if plan.in_force.superseded_after
                else None,
                "rules": len(corpus.rules_of(plan.id)),
                "indicators": len(plan.indicators),
                "zones": len(plan.zones),
            }
        )
    return rows


def zone_rows(
    corpus: Corpus, county: str | None = None, plan: str | None = None, day: dt.date | None = None
) -> dict[str, Any]:
    """The plans' zones, with the code (coined or printed), printed name, type, table, minerals and plan.

    With ``county``, the zones of the plans over it that lie in it or print no county (the others of those
    plans are counted: a record may still give their code or full name); with ``day``, only plans in force.
    """
    from minplan.zones import BLOCK_CODE

    places = gazetteer()
    division = places.resolve(county) if county else None
    if plan and plan not in corpus.plans:
        raise LookupError(f"no plan {plan!r} (encoded: {', '.join(sorted(corpus.plans))})")
    chain = {d.code for d in places.chain(division.code)} if division else None
    order = {"province": 0, "prefecture": 1, "county": 2}
    rows: list[dict[str, Any]] = []
    elsewhere = 0
    for p in sorted(corpus.plans.values(), key=lambda p: (order[p.level], p.id)):
        if (plan and p.id != plan) or (chain is not None and p.jurisdiction not in chain):
            continue
        if day is not None and not p.use_on(day).applied:
            continue
        for z in p.zones:
            if division is not None and division.level == "county" and z.county and division.code not in z.county:
                elsewhere += 1
                continue
            rows.append(
                {
                    "plan": p.id,
                    "level": p.level,
                    "code": z.code,
                    "coined": z.coined,
                    "name": z.name,
                    "aliases": z.aliases,
                    "type": z.type,
                    "type_i18n": i18n(ZONE_TYPE[z.type]),
                    "table": z.table,
                    "minerals": z.minerals,
                    "counties": [_county(c) for c in z.county],
                    "area_km2": z.area_km2,
                    "zone_level": z.level,
                    "note": z.note,
                }
            )
    return {
        "query": {
            "county": division.code if division else None,
            "county_name": division.zh if division else None,
            "plan": plan,
            "date": day.isoformat() if day else None,
        },
        "zones": rows,
        "elsewhere": elsewhere,
        "block_code_pattern": BLOCK_CODE.pattern,
    }


def _county(code: str) -> dict[str, Any]:
    """A county a zone lies in: its code and name (``None`` for a code the gazetteer does not hold)."""
    division = gazetteer().divisions.get(code)
    if division is None:
        return {"code": code, "name": None}
    return {"code": code, "name": division.zh, "name_i18n": {"zh": division.zh, "en": division.en}}


def citation_dict(rule: Rule) -> dict[str, Any]:
    return rule.citation.citation().as_dict()


def rule_row(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "plan": rule.plan,
        "kind": rule.kind,
        "force": rule.force,
        "title": {"zh": rule.title.zh, "en": rule.title.en},
        "title_i18n": {"zh": rule.title.zh, "en": rule.title.en},
        "citation": citation_dict(rule),
    }


def reach_note(rule: Rule, mineral: str) -> dict[str, str] | None:
    """Where the rule concerns only some kinds of ``mineral`` (a rule on 建筑用石料 for 建筑用砂石), which ones.

    Such a rule applies to a record of ``mineral`` once the record names its kind (the engine asks for it,
    needs_info); a look-up lists it with this note rather than leaving it out.
    """
    if rule.scope.reach_of(mineral) != "some":
        return None
    book = mineral_book()
    below = book.descendants(mineral)
    named = [m for m in rule.scope.minerals if m in below] or list(rule.scope.minerals)
    kept = [m for m in rule.scope.except_minerals if m in below]
    kinds_zh = "、".join(named) if named else f"除{'、'.join(kept)}外的各类"
    kinds_en = ", ".join(named) if named else f"all but {', '.join(kept)}"
    if named and kept:
        kinds_zh += f"（不含{'、'.join(kept)}）"
        kinds_en += f" (not {', '.join(kept)})"
    name_en = f"{book.minerals[mineral].en} ({mineral})"
    return {
        "zh": f"本条只涉及{mineral}中的部分矿种：{kinds_zh}；记录须写明具体矿种",
        "en": f"concerns only some kinds of {name_en}: {kinds_en}; a record names its kind",
    }


def rule_rows(
    corpus: Corpus,
    plan: str | None = None,
    kind: str | None = None,
    mineral: str | None = None,
    county: str | None = None,
) -> list[dict[str, Any]]:
    """:func:`select_rules` as rows, each rule that concerns only some kinds of ``mineral`` with its note."""
    name = mineral_book().resolve(mineral).name if mineral else None
    rows = []
    for rule in select_rules(corpus, plan, kind, mineral, county):
        row = rule_row(rule)
        note = reach_note(rule, name) if name else None
        if note is not None:
            row["reach"] = "some"
            row["reach_note"] = note
            row["reach_note_i18n"] = i18n(note)
        rows.append(row)
    return rows


def _plans_over(code: str, corpus: Corpus) -> set[str]:
    chain = {d.code for d in gazetteer().chain(code)}
    return {p.id for p in corpus.plans.values() if p.jurisdiction in chain}


def select_rules(
    corpus: Corpus,
    plan: str | None = None,
    kind: str | None = None,
    mineral: str | None = None,
    county: str | None = None,
) -> list[Rule]:
    """Rules filtered by plan, kind, the mineral they cover (or all minerals), and where they apply (a plan over
    the county, and a scope naming no counties or this one).

    A rule covers ``mineral`` when its scope reaches all of its kinds or some of them (``Scope.reach_of``): a
    record of an umbrella term (建筑用砂石) is judged by a rule on one of its kinds (建筑用石料) once it names the
    kind, so the rule is listed (with a note, :func:`rule_rows`)."""
    name = mineral_book().resolve(mineral).name if mineral else None
    division = gazetteer().resolve(county) if county else None
    if division is not None and division.level != "county":  # the rules scoped to its counties would be left out
        raise LookupError(
            f"--county {county}: {division.zh} ({division.code}) is a {division.level}, not a county; name one of its "
            "counties, or use --plan"
        )
    code = division.code if division else None
    places = _plans_over(code, corpus) if code else None
    out = []
    for rule in corpus.rules:
        if plan and rule.plan != plan:
            continue
        if kind and rule.kind != kind:
            continue
        if places is not None and (rule.plan not in places or not rule.scope.takes_county(code or "")):
            continue
        if name and rule.scope.reach_of(name) == "none":
            continue
        out.append(rule)
    return out


def explain(corpus: Corpus, rule: Rule) -> dict[str, Any]:
    """The rule in full, with its examples judged now."""
    examples = []
    for example in rule.examples:
        _record, finding = run_example(corpus, rule, example)
        got = finding.status.value if finding else "out_of_scope"
        examples.append(
            {
                "name": example.name,
                "record": example.record,
                "expect": example.expect,
                "got": got,
                "message": dict(finding.message) if finding else None,
                **({"message_i18n": i18n(finding.message)} if finding else {}),
            }
        )
    return {
        **rule_row(rule),
        "scope": rule.scope.model_dump(mode="json", exclude_defaults=True),
        "when": rule.when,
        "when_any": rule.when_any,
        "unless": rule.unless,
        **({"expansion_by_change": rule.expansion_by_change} if rule.expansion_by_change else {}),
        **({"expansion_defined": True} if rule.expansion_defined else {}),
        "params": rule.params,
        "params_quantity": params_quantity(rule.kind, rule.params),
        "restates": rule.restates,
        "note": rule.note,
        "force_reason": rule.force_reason,
        "contradiction": rule.contradiction,
        "file": corpus.files.get(rule.id),
        "examples": examples,
    }


@dataclass
class Requirement:
    plan: str
    level: str
    kind: str
    rule: str
    force: str
    title: dict[str, str]
    citation: dict[str, Any]
    detail: dict[str, str] = field(default_factory=dict)
    needs: list[str] = field(default_factory=list)
    minimum: dict[str, str] | None = None  # min_scale: deposit class → figure
    mineral: str | None = None  # a right with several minerals: the one the provision is judged for
    reach_note: dict[str, str] | None = None  # the rule concerns only some kinds of the mineral asked about
    minimum_quantity: dict[str, dict[str, Any]] | None = None  # min_scale: deposit class → the figure as data
    figures: dict[str, Any] = field(default_factory=dict)  # a cap's or threshold's required, and its cases

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in self.__dict__.items():
            if key == "figures" or (value in (None, [], {}) and key != "title"):
                continue
            out[key] = value
            if key in ("title", "detail", "reach_note"):  # bilingual texts: their object beside them
                out[f"{key}_i18n"] = i18n(value)
        return {**out, **self.figures}


def _cells(params: MinScaleParams, record: Record) -> dict[str, Any]:
    """The base figure a min_scale rule sets for each deposit class, cases aside (classes it sets none for left out)."""
    out: dict[str, Any] = {}
    bare = params.model_copy(update={"cases": ()})
    for scale in DepositScale:
        try:
            cell = required_cell(bare, Facts(record, {"deposit_scale": scale}), [])[0]
        except Missing:
            continue
        if cell is not None:
            out[scale.value] = cell
    return out


def _cell_quantity(cell: Any, params: MinScaleParams) -> dict[str, Any] | None:
    """A cell's figure as data, the bound it sets: a "—" read as another figure (dash_elsewhere) as that figure;
    ``None`` for a ban (×) or a "—" with no figure."""
    op = ">" if params.strict else ">="
    if isinstance(cell, int | float):
        return quantity(cell, params.unit, op)
    other = params.dash_elsewhere
    if cell == "—" and params.dash is None and other is not None:
        return quantity(other.minimum, other.unit or params.unit, op)
    return None


def _cell_text(cell: Any, params: MinScaleParams) -> str:
    """A cell as the look-ups print it; a "—" with the reading it gets (the plan's note, or the figure elsewhere)."""
    if isinstance(cell, int | float):
        return f"{format_number(cell)}{params.unit}"
    if cell != "—":
        return str(cell)
    if params.dash == "no_minimum":
        return "—（按表注无最低规模 / no minimum, as the table's note defines）"
    other = params.dash_elsewhere
    if other is None:
        return "—（本规划未定义 / undefined in the plan）"
    figure = f"{format_number(other.minimum)}{other.unit or params.unit}"
    return f"—（本规划未定义，参照{other.source.zh} {figure} / undefined: {figure}, {other.source.en}）"


def merged_minimums(found: list[tuple[Requirement, MinScaleParams]], record: Record) -> dict[str, list[dict[str, Any]]]:
    """Per deposit class, every plan's figure, strictest first (× first, then the highest minimum)."""
    merged: dict[str, list[dict[str, Any]]] = {s.value: [] for s in DepositScale}
    for req, params in found:
        u = unit_of(params.unit)
        for scale, cell in _cells(params, record).items():
            if isinstance(cell, int | float):
                per_year = cell * u.factor * (300 if u.per == "day" else 1)
                key = (1, -per_year)
            else:
                key = (0, 0.0) if cell == "×" else (2, 0.0)
            text = _cell_text(cell, params)
            cases = [c for c in params.cases if isinstance(c.minimum, int | float)]
            exceptions = [
                f"{format_number(c.minimum)}{params.unit}" + (f" ({c.label.zh} / {c.label.en})" if c.label else "")
                for c in cases
            ]
            row = {
                "figure": text,
                "plan": req.plan,
                "level": req.level,
                "rule": req.rule,
                "dimension": u.dimension,
                "exceptions": exceptions,
                "exceptions_quantity": [_cell_quantity(c.minimum, params) for c in cases],
                "_key": key,
            }
            if (figure := _cell_quantity(cell, params)) is not None:
                row["figure_quantity"] = figure
            merged[scale].append(row)
    for rows in merged.values():
        rows.sort(key=lambda r: r.pop("_key"))
    return {k: v for k, v in merged.items() if v}


def _scale_table(
    rule: Rule, params: MinScaleParams, record: Record
) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """The figure a min_scale rule sets for each deposit class (and the exceptions it allows), as text and as
    data (the figure alone: the exceptions are the requirement's ``cases``)."""
    out: dict[str, str] = {}
    figures: dict[str, dict[str, Any]] = {}
    for scale in DepositScale:
        context: list[str] = []
        try:
            cell, _case = required_cell(params, Facts(record, {"deposit_scale": scale}), context)
        except Missing:
            # the rule's cases turn on facts the enquiry leaves open: show the base figure and the cases
            try:
                cell, _case = required_cell(
                    params.model_copy(update={"cases": ()}), Facts(record, {"deposit_scale": scale}), context
                )
            except Missing:
                continue
        if cell is None:
            continue
        text = _cell_text(cell, params)
        if params.strict:
            text = f"> {text}"
        extras = [
            f"{format_number(c.minimum)}{params.unit}" + (f" ({c.label.zh}/{c.label.en})" if c.label else "")
            for c in params.cases
            if isinstance(c.minimum, int | float)
        ]
        out[scale.value] = text + (f"; {'; '.join(extras)}" if extras else "")
        if (figure := _cell_quantity(cell, params)) is not None:
            figures[scale.value] = figure
    return out, figures


def requirements(
    corpus: Corpus,
    county: str,
    mineral: str,
    method: str | None = None,
    right: str = "mining",
    application: str = "new",
    date: dt.date | None = None,
    associated: list[str] | None = None,
) -> dict[str, Any]:
    """Every provision that would apply to such a record, from every plan in force there, strictest first.

    ``associated``: the other minerals the right lists; each is judged as ``check`` judges it (a ban on one of
    them, a document a right with associated minerals carries)."""
    day = date or dt.date.today()
    data: dict[str, Any] = {
        "id": "enquiry",
        "right": right,
        "application": application,
        "date": day.isoformat(),
        "location": {"county": county},
        "mineral": mineral,
    }
    if method:
        data["method"] = method
    if associated is not None:  # read as a record's written list: 铜、银 is two, a list of separators refused
        data["associated_minerals"] = "、".join(associated)
    record = Record.model_validate(data)
    plans: list[tuple[Plan, Any]] = []
    levels = []
    for level in plan_levels(record, corpus):  # the plans check applies, and why the others are not
        division = level.division
        found = [(corpus.plans[u.id], u) for u in level.plans]
        note = level.note(day.isoformat())
        levels.append(
            {
                "level": division.level,
                "code": division.code,
                "name": division.zh,
                "name_i18n": {"zh": division.zh, "en": division.en},
                "plans": [
                    {
                        "id": p.id,
                        "applied": u.applied,
                        "reason": u.reason["en"],
                        "reason_i18n": i18n(u.reason),
                        # what the plan says of itself, as check says it: a draft, a period ended (both languages:
                        # this JSON is of no one language)
                        **({"notes_i18n": [i18n(n) for n in u.notes]} if u.notes else {}),
                    }
                    for p, u in found
                ],
                **({"note": note["en"], "note_i18n": i18n(note)} if note else {}),
            }
        )
        plans.extend((p, u) for p, u in found if u.applied)
    reqs: list[Requirement] = []
    zones: list[dict[str, Any]] = []
    needed: set[str] = set()
    scales: list[tuple[Requirement, MinScaleParams]] = []
    views, values = MineralViews(record), Values(record)
    several = len(record.all_minerals) > 1
    by_id = {rule.id: rule for rule in corpus.rules}
    for plan, use in plans:
        for finding in plan_findings(record, use, corpus, views, values):  # as check judges the record
            rule = by_id.get(finding.rule)
            if rule is None:
                continue
            params = corpus.params[rule.id]
            req = Requirement(
                plan.id,
                use.level,
                rule.kind,
                rule.id,
                rule.force,
                {"zh": rule.title.zh, "en": rule.title.en},
                citation_dict(rule),
                needs=[n for n in finding.needs if n not in ("capacity", "deposit_scale")],
                reach_note=reach_note(rule, finding.mineral or record.mineral),
                figures=bounds(rule.kind, rule.params),
            )
            if several:
                req.mineral = finding.mineral
            if rule.kind == "min_scale":
                view = views.of(finding.mineral or record.mineral)[0]
                req.minimum, req.minimum_quantity = _scale_table(rule, params, view)
                scales.append((req, params))
                if finding.status.value == "needs_info" and not finding.needs:  # why it stays open
                    req.detail = dict(finding.message)
            elif finding.status.value != "needs_info" or not finding.needs:
                req.detail = dict(finding.message)
            needed.update(finding.needs)
            reqs.append(req)
        for zone in plan.zones:
            # a zone that prints no county may lie in this one: listed, as the zones look-up lists it
            if (not zone.county or record.location.county in zone.county) and _zone_concerns(
                zone.minerals, record.all_minerals
            ):
                zones.append(
                    {
                        "plan": plan.id,
                        "code": zone.code,
                        "name": zone.name,
                        "type": zone.type,
                        "type_i18n": i18n(ZONE_TYPE[zone.type]),
                        "table": zone.table,
                        "counties": list(zone.county),
                        "min_scale": zone.min_scale,
                        **({"min_scale_quantity": q} if (q := zone_scale_quantity(zone.min_scale)) else {}),
                    }
                )
    order = {"province": 2, "prefecture": 1, "county": 0}
    reqs.sort(key=lambda r: (r.kind != "min_scale", r.force != "binding", order[r.level], r.rule))
    return {
        "query": {
            "county": record.location.county,
            "mineral": record.mineral,
            "associated": list(record.associated_minerals or ()),
            "method": method,
            "right": right,
            "application": application,
            "date": day.isoformat(),
        },
        "jurisdiction": levels,
        "plans_in_force": [plan.id for plan, _ in plans],
        **_nothing_checked(plans, record, day),
        "requirements": [r.as_dict() for r in reqs],
        "min_scale_by_class": merged_minimums(scales, record),
        "zones": zones,
        "facts": [_fact(n) for n in sorted(needed)],
    }


def _nothing_checked(plans: list[tuple[Plan, Any]], record: Record, day: dt.date) -> dict[str, Any]:
    """Where no encoded plan applies (none in force, or none covering the mineral), a note saying so: the empty
    list of provisions is then no answer (check finds such a record needs_info), not a sign that none is required."""
    if plans:
        return {}
    county = gazetteer().divisions[record.location.county]
    note = {
        "zh": f"{day.isoformat()} {county.zh} 无适用的已编码规划：未审查任何条款，不能据此认为没有要求；"
        "请核对日期与所在县，或按适用规划人工审查",
        "en": f"no encoded plan applies in {county.en} on {day.isoformat()}: no provision was looked at, which "
        "does not mean that none applies; check the date and county, or read the plan that applies",
    }
    return {"note": note["en"], "note_i18n": i18n(note)}


def _zone_concerns(zone_minerals: list[str], minerals: tuple[str, ...]) -> bool:
    """Does a zone of ``zone_minerals`` concern a right of ``minerals``: it names none, one of them or an umbrella
    of one (金 for 岩金), or a kind under one (建筑用花岗岩 for 建筑用石料, which the record then names)?"""
    if not zone_minerals:
        return True
    book = mineral_book()
    return any(book.covers(zone_minerals, m) or set(zone_minerals) & book.descendants(m) for m in minerals)


def _fact(name: str) -> dict[str, Any]:
    """A fact a record will need: its key and its name in both languages."""
    names = {"zh": FACTS[name].zh, "en": FACTS[name].en} if name in FACTS else {"zh": name, "en": name}
    return {"fact": name, **names, "name_i18n": names}


__all__ = [
    "Method",
    "explain",
    "plan_rows",
    "reach_note",
    "requirements",
    "rule_row",
    "rule_rows",
    "select_rules",
    "zone_rows",
]
