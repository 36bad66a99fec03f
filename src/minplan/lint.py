"""``minplan rules lint``: a rule corpus checked against its schema and against itself."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from minplan.facts import FACTS
from minplan.minerals import mineral_book
from minplan.plans import Plan
from minplan.regions import gazetteer
from minplan.resources import data_dir, rules_dir
from minplan.rulebook import Example, Rule, expand_table
from minplan.textnorm import nearest
from minplan.yamlio import load_data_file
from minplan.zones import ZoneError, rule_zone_refs


@dataclass(frozen=True)
class Problem:
    severity: str  # error | warning
    file: str
    rule: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _errors(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or '(rule)'}: {e['msg']}" for e in exc.errors(include_url=False))


def _load_plans(folder: Path, problems: list[Problem]) -> dict[str, Plan]:
    plans: dict[str, Plan] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            plan = Plan.model_validate(load_data_file(path))
        except ValidationError as exc:
            problems.append(Problem("error", str(path), None, f"plan file: {_errors(exc)}"))
            continue
        except Exception as exc:  # a YAML error in one plan file must not stop the others
            problems.append(Problem("error", str(path), None, f"cannot read: {exc}"))
            continue
        plans[plan.id] = plan
        book = mineral_book()
        for where, names in [(f"zone {z.code}", z.minerals) for z in plan.zones] + [
            (f"indicator {i.name}", [i.mineral] if i.mineral else []) for i in plan.indicators
        ]:
            for name in names:
                try:
                    book.resolve(name)
                except LookupError as exc:
                    problems.append(Problem("error", str(path), None, f"{where}: {exc}"))
    return plans


def _check_rule(rule: Rule, plans: dict[str, Plan], path: str, problems: list[Problem]) -> None:
    def add(severity: str, message: str) -> None:
        problems.append(Problem(severity, path, rule.id, message))

    if not rule.id.startswith(f"{rule.plan}/"):
        add("error", f"id does not start with its plan {rule.plan!r}")
    plan = plans.get(rule.plan)
    if plan is None:
        add("error", f"names plan {rule.plan!r}, which has no plan file")
        return
    book = mineral_book()
    names = sorted({m.name for m in book.minerals.values()})
    for name in (*rule.scope.minerals, *rule.scope.except_minerals):
        if name not in book.minerals:
            hint = nearest(name, names, n=2)
            add("error", f"unknown mineral {name!r}" + (f" (did you mean {', '.join(hint)}?)" if hint else ""))
    zone_params = rule.params.get("zones", []) if rule.kind == "zone" else []
    for code in (*rule.scope.zones, *zone_params):
        try:  # a code, printed name or short form of one of the plan's zones, or a zone type
            rule_zone_refs([code], plan)
        except ZoneError as exc:
            add("error", str(exc))
    places = gazetteer()
    for county in rule.scope.counties:
        if county not in places.divisions:
            add("error", f"unknown county code {county!r}")
        elif plan.jurisdiction not in {d.code for d in places.chain(county)}:
            add("error", f"county {county} lies outside the plan's jurisdiction {plan.jurisdiction}")
    for cond in (rule.when, rule.when_any, rule.unless):
        for fact in cond:
            if fact not in FACTS:
                hint = nearest(fact, sorted(FACTS), n=1)
                add("error", f"unknown fact {fact!r}" + (f" (did you mean {hint[0]}?)" if hint else ""))
    c = rule.citation
    if not (c.table or c.quote):
        add("error", "citation has neither a table nor a quoted sentence")
    elif c.table and not c.row and rule.kind in ("min_scale", "extraction_cap"):
        add("warning", f"citation names table {c.table} but not the row")
    if not rule.examples:
        add("error", "no example records")


def _disagreements(rules: list[Rule], files: dict[str, str]) -> list[Problem]:
    """Two rules of one plan and kind with the same scope and conditions but different parameters."""
    out = []
    groups: dict[tuple[Any, ...], list[Rule]] = {}
    for rule in rules:
        key = (
            rule.plan,
            rule.kind,
            rule.scope.model_dump_json(),
            repr(rule.when),
            repr(rule.when_any),
            repr(rule.unless),
        )
        groups.setdefault(key, []).append(rule)
    for group in groups.values():
        for a, b in combinations(group, 2):
            if a.params != b.params and not (a.contradiction or b.contradiction or a.note or b.note):
                out.append(
                    Problem(
                        "warning", files[a.id], a.id, f"same scope as {b.id} but other parameters, and neither says why"
                    )
                )
    return out


def lint(rules: Path | None = None, plans: Path | None = None) -> list[Problem]:
    """Every problem of the corpus under ``rules`` (plan files from ``plans``)."""
    from minplan.kinds import KINDS

    rules = rules or rules_dir()
    shipped = rules.resolve() == rules_dir().resolve()
    plans_dir = plans or (rules / "plans" if (rules / "plans").is_dir() else data_dir() / "plans")
    problems: list[Problem] = []
    plan_map = _load_plans(plans_dir, problems)
    seen: dict[str, str] = {}
    good: list[Rule] = []
    for path in sorted(rules.rglob("*.yaml")):
        if plans_dir in path.parents:
            continue
        try:
            doc = load_data_file(path) or {}
        except Exception as exc:  # report and go on to the next file
            problems.append(Problem("error", str(path), None, f"cannot read: {exc}"))
            continue
        if not isinstance(doc, dict) or not doc.get("plan"):
            problems.append(Problem("error", str(path), None, "a rule file must be a mapping naming its plan"))
            continue
        folder = path.relative_to(rules).parts[0]
        if shipped and folder != doc["plan"]:
            # the shipped corpus is read plan by plan, from the folder named after each plan
            message = f"a shipped rule file of plan {doc['plan']!r} must lie under rules/{doc['plan']}/"
            problems.append(Problem("error", str(path), None, message))
        raws: list[dict[str, Any]] = [{"plan": doc["plan"], **r} for r in doc.get("rules", [])]
        for table in doc.get("tables", []):
            try:
                raws.extend(expand_table(table, doc["plan"]))
            except (KeyError, TypeError) as exc:
                problems.append(Problem("error", str(path), table.get("id"), f"table lacks {exc}"))
        for raw in raws:
            rid = raw.get("id")
            try:
                rule = Rule.model_validate(raw)
            except ValidationError as exc:
                problems.append(Problem("error", str(path), rid, _errors(exc)))
                continue
            kind = KINDS.get(rule.kind)
            if kind is None:
                problems.append(Problem("error", str(path), rule.id, f"unknown kind {rule.kind!r}"))
                continue
            try:
                kind.parse(rule)
            except (ValidationError, ValueError) as exc:
                text = _errors(exc) if isinstance(exc, ValidationError) else str(exc)
                problems.append(Problem("error", str(path), rule.id, f"parameters: {text}"))
                continue
            if rule.id in seen:
                problems.append(Problem("error", str(path), rule.id, f"duplicate id (also in {seen[rule.id]})"))
                continue
            seen[rule.id] = str(path)
            _check_rule(rule, plan_map, str(path), problems)
            good.append(rule)
    problems.extend(_disagreements(good, seen))
    problems.extend(_bad_examples(good, plan_map, seen))
    return problems


def _bad_examples(rules: list[Rule], plans: dict[str, Plan], files: dict[str, str]) -> list[Problem]:
    from minplan.examples import example_record
    from minplan.rulebook import Corpus

    out = []
    corpus = Corpus(plans, [r for r in rules if r.plan in plans])
    for rule in corpus.rules:
        for example in rule.examples:
            try:
                example_record(corpus, rule, Example.model_validate(example.model_dump()))
            except (ValidationError, ValueError, LookupError) as exc:
                text = _errors(exc) if isinstance(exc, ValidationError) else str(exc)
                out.append(
                    Problem("error", files[rule.id], rule.id, f"example {example.name!r} is no valid record: {text}")
                )
    return out
