"""``minplan rules lint``: a rule corpus checked against its schema, against its own words and against itself."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from minplan.minerals import mineral_book
from minplan.plans import Plan
from minplan.resources import data_dir, rules_dir
from minplan.rulebook import (
    CorpusError,
    Example,
    Rule,
    check_folder,
    corpus_files,
    not_rule_files,
    plan_problems,
    problem_text,
    read_corpus_file,
    rule_dicts,
    scope_problems,
    with_enlarging_changes,
    zone_identities,
)
from minplan.zones import ZoneError


@dataclass(frozen=True)
class Problem:
    severity: str  # error | warning
    file: str
    rule: str | None
    message: str
    unreadable: bool = False  # the file could not be read as a rule or plan file at all

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


# ---- what the plan's words say of a provision's force --------------------------------------------------------
# 必须/严禁/禁止/不得 … bind; 原则上/应/要/鼓励/引导/限制/支持 … and 预期性 figures do not. Names of zones
# (禁止开采区, 限制开采区, 限制禁止勘查开采区域) and words that merely contain 应 or 要 (相应, 供应, 重要, 要求 …)
# are not modal words. In a clause that has both kinds, 原则上 always softens it; otherwise the first word rules.
_BINDING = re.compile(r"必须|(?<![无毋不])须(?!知)|严禁|禁止(?!(?:勘查)?(?:开采)?区)|不得|不予|不准|不允许|不再|约束性")
_SOFT = re.compile(
    r"原则上|(?<![相对适供响反效呼顺感])应(?![用急对])|(?<![重主需必只纲摘简紧首不])要(?![求素点件害闻])"
    r"|鼓励|引导|限制(?!(?:禁止)?(?:勘查)?(?:开采)?区)|预期性|支持|逐步|力争"
)
_CLAUSE = re.compile(r"[，；。！？,;!?：:]")


def wording(text: str | None) -> dict[str, str]:
    """The modal words of ``text``, clause by clause: {"binding": word, "soft": word} for those it holds."""
    found: dict[str, str] = {}
    for clause in _CLAUSE.split(text or ""):
        hard, soft = _BINDING.search(clause), _SOFT.search(clause)
        if soft and (not hard or "原则上" in clause or soft.start() < hard.start()):
            found.setdefault("soft", soft.group())
        elif hard:
            found.setdefault("binding", hard.group())
    return found


def _force_problems(force: str, quote: str | None, title: str | None, reason: str | None) -> list[str]:
    """Where a force disagrees with the words of its quote or its title; none when a reason is given."""
    if reason and reason.strip():
        return []
    said, titled = wording(quote), wording(title)
    binding = force == "binding"
    out = []
    if len(said) == 1:
        words = said
        if len(titled) == 1 and titled.keys() != said.keys():
            word_q, word_t = next(iter(said.values())), next(iter(titled.values()))
            out.append(f"the quote says {word_q} but the title says {word_t}")
    elif len(said) == 2:
        if len(titled) != 1:
            both = "、".join(said.values())
            out.append(f"the quote mixes binding and non-binding clauses ({both}): name the one encoded in the title")
            return out
        words = titled
    else:
        words = titled
    if binding and "soft" in words and "binding" not in words:
        out.append(f"force binding, but the words say {words['soft']} (not binding)")
    elif not binding and "binding" in words and "soft" not in words:
        out.append(f"force {force}, but the words say {words['binding']} (binding)")
    return [f"{m}; make them agree or give force_reason" for m in out]


def _never_breaches(rule: Rule) -> bool:
    """Rules whose verdict is never a breach (key or encouraged minerals): the only ones force info suits."""
    return rule.kind == "mineral_policy" and rule.params.get("policy") in ("key", "encouraged")


# ---- the corpus -----------------------------------------------------------------------------------------------


def _load_plans(folder: Path, problems: list[Problem]) -> tuple[dict[str, Plan], dict[str, str]]:
    """The readable plans, and the file each came from."""
    plans: dict[str, Plan] = {}
    where: dict[str, str] = {}
    paths = corpus_files(folder)
    if not paths:
        problems.append(Problem("error", str(folder), None, "holds no plan files (*.yaml)", unreadable=True))
    for path in paths:
        try:
            plan = Plan.model_validate(read_corpus_file(path))
        except ValidationError as exc:
            problems.append(Problem("error", str(path), None, f"plan file: {problem_text(exc)}"))
            continue
        except CorpusError as exc:  # one unreadable plan file must not stop the others
            problems.append(Problem("error", str(path), None, str(exc).removeprefix(f"{path}: "), unreadable=True))
            continue
        if plan.id in plans:
            message = f"plan id {plan.id} is already defined in {where[plan.id]}"
            problems.append(Problem("error", str(path), None, message))
            continue
        plans[plan.id] = plan
        where[plan.id] = str(path)
        _check_plan(plan, str(path), problems)
    for plan_id, problem in plan_problems(plans):
        problems.append(Problem("error", where[plan_id], None, problem))
    return plans, where


def _check_plan(plan: Plan, path: str, problems: list[Problem]) -> None:
    book = mineral_book()
    for where, names in [(f"zone {z.code}", z.minerals) for z in plan.zones] + [
        (f"indicator {i.name}", [i.mineral] if i.mineral else []) for i in plan.indicators
    ]:
        for name in names:
            try:
                book.resolve(name)
            except LookupError as exc:
                problems.append(Problem("error", path, None, f"{where}: {exc}"))
    for check in plan.batch:
        for message in _force_problems(check.force, check.quote, check.title_zh, check.force_reason):
            problems.append(Problem("error", path, f"{plan.id}/aggregate/{check.id}", message))


def _finding_ids(
    plans: dict[str, Plan], rules: list[Rule], files: dict[str, str], plan_files: dict[str, str]
) -> list[Problem]:
    """Every id a report can show (rules, batch checks, indicator counts) must name one provision."""
    from minplan.aggregate import checked, indicator_finding_id

    owners: dict[str, list[tuple[str, str]]] = {}
    for rule in rules:
        owners.setdefault(rule.id, []).append((files[rule.id], f"rule {rule.id}"))
    for plan in plans.values():
        path = plan_files[plan.id]
        for check in plan.batch:
            owners.setdefault(f"{plan.id}/aggregate/{check.id}", []).append((path, f"batch check {check.id}"))
        for ind in plan.indicators:
            if checked(ind):
                label = f"indicator {ind.table} {ind.name}" + (f"（{ind.mineral}）" if ind.mineral else "")
                owners.setdefault(indicator_finding_id(plan, ind), []).append((path, label))
    out = []
    for fid, found in owners.items():
        if len(found) > 1:
            names = "; ".join(label for _, label in found)
            out.append(Problem("error", found[-1][0], fid, f"one id for {len(found)} provisions: {names}"))
    return out


def _check_rule(rule: Rule, plans: dict[str, Plan], path: str, problems: list[Problem]) -> None:
    def add(severity: str, message: str) -> None:
        problems.append(Problem(severity, path, rule.id, message))

    if not rule.id.startswith(f"{rule.plan}/"):
        add("error", f"id does not start with its plan {rule.plan!r}")
    plan = plans.get(rule.plan)
    if plan is None:
        add("error", f"names plan {rule.plan!r}, which has no plan file")
        return
    _check_scope(rule, plan, add)  # conditions are the rule's own to check (rulebook.Rule): they refuse it
    c = rule.citation
    if not (c.table or c.quote):
        add("error", "citation has neither a table nor a quoted sentence")
    elif c.table and not c.row and rule.kind in ("min_scale", "extraction_cap"):
        add("warning", f"citation names table {c.table} but not the row")
    for message in _force_problems(rule.force, c.quote, rule.title.zh, rule.force_reason):
        add("error", message)
    if rule.force == "info" and not _never_breaches(rule) and not rule.force_reason:
        add("error", "force info turns a breach of this rule into a pass; use guidance, or give force_reason")
    if not rule.examples:
        add("error", "no example records")


def _check_scope(rule: Rule, plan: Plan, add: Any) -> None:
    for problem in scope_problems(rule, plan):
        add("error", problem)


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
    """Every problem of the corpus under ``rules`` (plan files from ``plans``).

    A folder that is missing, is a file or holds no rule file raises CorpusError: there is nothing to lint,
    and an empty corpus is no clean one.
    """
    from minplan.kinds import KINDS

    rules = rules or rules_dir()
    check_folder(rules, "rule files")
    shipped = rules.resolve() == rules_dir().resolve()
    plans_dir = plans or (rules / "plans" if (rules / "plans").is_dir() else data_dir() / "plans")
    paths = corpus_files(rules, skip=plans_dir)
    if not paths:
        raise CorpusError(f"{rules}: holds no rule files (*.yaml, *.yml)")
    problems: list[Problem] = []
    plan_map, plan_files = _load_plans(plans_dir, problems)
    seen: dict[str, str] = {}
    good: list[Rule] = []
    parsed: dict[str, Any] = {}  # rule id → its kind's parameters
    judged: list[Rule] = []  # the rules as check reads them, whose examples are judged
    indexes: dict[str, Any] = {}  # plan id → its zones, for the rules naming zones
    for other in not_rule_files(rules):
        problems.append(Problem("warning", str(other), None, "not a rule file (*.yaml, *.yml): not read"))
    for path in paths:
        try:
            doc = read_corpus_file(path)
        except CorpusError as exc:  # report and go on to the next file
            problems.append(Problem("error", str(path), None, str(exc).removeprefix(f"{path}: "), unreadable=True))
            continue
        plan_id, raws, shape = rule_dicts(doc)
        for where, what in shape:
            problems.append(Problem("error", str(path), where, what, unreadable=True))
        folder = path.relative_to(rules).parts[0]
        if shipped and plan_id and folder != plan_id:
            # the shipped corpus is read plan by plan, from the folder named after each plan
            message = f"a shipped rule file of plan {plan_id!r} must lie under rules/{plan_id}/"
            problems.append(Problem("error", str(path), None, message))
        for raw in raws:
            rid = raw.get("id")
            try:
                rule = Rule.model_validate(raw)
            except ValidationError as exc:
                problems.append(Problem("error", str(path), rid if isinstance(rid, str) else None, problem_text(exc)))
                continue
            kind = KINDS.get(rule.kind)
            if kind is None:
                problems.append(Problem("error", str(path), rule.id, f"unknown kind {rule.kind!r}"))
                continue
            try:
                parsed[rule.id] = kind.parse(rule)
            except Exception as exc:  # a kind's own check of its parameters, whatever it raises
                text = problem_text(exc)
                problems.append(Problem("error", str(path), rule.id, f"parameters: {text}"))
                continue
            if rule.id in seen:
                problems.append(Problem("error", str(path), rule.id, f"duplicate id (also in {seen[rule.id]})"))
                continue
            if rule.plan in plan_map:  # its examples judged as check judges records: changes as expansions
                rule = with_enlarging_changes(rule, plan_map[rule.plan])
            seen[rule.id] = str(path)
            _check_rule(rule, plan_map, str(path), problems)
            good.append(rule)
            as_read = _as_check_reads(raw, rule, plan_map, indexes)
            if as_read is not None:
                judged.append(as_read)
                parsed[rule.id] = kind.parse(as_read)
    problems.extend(_finding_ids(plan_map, good, seen, plan_files))
    problems.extend(_disagreements(good, seen))
    problems.extend(_bad_examples(judged, plan_map, seen, parsed))
    return problems


def _as_check_reads(raw: dict[str, Any], rule: Rule, plans: dict[str, Plan], indexes: dict[str, Any]) -> Rule | None:
    """The rule as check reads it (its zones named by code, name or type, as the zones' identities), for its
    examples to be judged so; None where its zones name none (an error said already)."""
    plan = plans.get(rule.plan)
    if plan is None:
        return None
    if not rule.scope.zones and not (isinstance(raw.get("params"), dict) and "zones" in raw["params"]):
        return rule
    copied = {**raw}
    try:
        zone_identities(copied, plan, indexes)
        return with_enlarging_changes(Rule.model_validate(copied), plan)
    except (ZoneError, ValidationError, ValueError):
        return None


def _bad_examples(
    rules: list[Rule], plans: dict[str, Plan], files: dict[str, str], params: dict[str, Any]
) -> list[Problem]:
    """Examples that are no valid record, or that the rule judges otherwise than they expect: a rule that applies
    to nothing (a condition, a cell or a scope that can never be met) shows first in its own examples."""
    from minplan.examples import example_record, run_example
    from minplan.rulebook import Corpus

    out = []
    kept = [r for r in rules if r.plan in plans]
    corpus = Corpus(plans, kept, params={r.id: params[r.id] for r in kept})
    for rule in corpus.rules:
        for example in rule.examples:
            try:
                example = Example.model_validate(example.model_dump())
                example_record(corpus, rule, example)
            except (ValidationError, ValueError, LookupError) as exc:
                text = problem_text(exc)
                out.append(
                    Problem("error", files[rule.id], rule.id, f"example {example.name!r} is no valid record: {text}")
                )
                continue
            try:
                _, finding = run_example(corpus, rule, example)
            except Exception as exc:  # the rule fails on its own example: what a record would meet
                message = f"example {example.name!r}: judging it fails: {type(exc).__name__}: {exc}"
                out.append(Problem("error", files[rule.id], rule.id, message))
                continue
            got = finding.status.value if finding else "out_of_scope"
            if got != example.expect:
                why = f" ({finding.message['en']})" if finding else " (the rule's scope leaves it out)"
                message = f"example {example.name!r} expects {example.expect}, gets {got}{why}"
                out.append(Problem("error", files[rule.id], rule.id, message))
    return out
