"""Rule files: the common rule model, table expansion, and loading the corpus from disk.

A rule file holds one plan's provisions. ``rules:`` lists single provisions; ``tables:``
holds 专栏 tables whose rows become one rule each, so the YAML reads like the plan.
"""

from __future__ import annotations

import datetime as dt
import threading
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from minplan.findings import Citation
from minplan.memo import Memo
from minplan.minerals import mineral_book
from minplan.plans import Plan
from minplan.resources import data_dir, rules_dir
from minplan.vocab import Application, Method, Right
from minplan.yamlio import load_data_file

Force = Literal["binding", "expected", "guidance", "info"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Text(_Model):
    zh: str
    en: str


class CitationModel(_Model):
    section: str
    table: str | None = None
    row: str | None = None
    quote: str | None = Field(None, description="at most one sentence, verbatim from the source")

    def citation(self) -> Citation:
        return Citation(self.section, self.table, self.row, self.quote)


Reach = Literal["each", "any", "main"]
"""Which of a right's minerals a provision concerns: ``each`` one (a finding per mineral: bans, restrictions),
``any`` (one finding when the scope admits any of them: a place or a document the provision requires of a mine
of such minerals) or the ``main`` one only (what is tied to the main product: minimum scale, capacity caps)."""


class Scope(_Model):
    """What a rule applies to; an empty list means 'any'."""

    rights: list[Right] = Field(default_factory=list)
    applications: list[Application] = Field(default_factory=list)
    minerals: list[str] = Field(default_factory=list)
    except_minerals: list[str] = Field(default_factory=list)
    methods: list[Method] = Field(default_factory=list)
    counties: list[str] = Field(default_factory=list)
    zones: list[str] = Field(default_factory=list, description="zone codes, or zone types of the plan's zone tables")
    mineral_reach: Reach | None = Field(
        None, description="which of a right's minerals the provision concerns; by default its kind's"
    )

    def admits(self, right: str, application: str, mineral: str, county: str) -> bool:
        """Does the fixed part of the scope (right, application, mineral, county) admit such a record?

        The one test of these four, for the engine and for the corpus's candidate lists alike. Giving up a
        right (cancellation) is judged only by provisions that name it; ``except_minerals`` keeps its minerals
        out whether or not the scope names minerals.
        """
        if self.rights and right not in self.rights:
            return False
        if self.applications:
            if application not in self.applications:
                return False
        elif application == "cancellation":
            return False
        if self.counties and county not in self.counties:
            return False
        if self.minerals or self.except_minerals:
            return mineral_book().admits(mineral, self.minerals, self.except_minerals)
        return True


class Example(_Model):
    """A record that exercises the rule, and the finding status it must get."""

    name: str
    expect: Literal["pass", "warn", "needs_info", "fail", "not_applicable", "out_of_scope"]
    record: dict[str, Any]


class Rule(_Model):
    id: str
    plan: str
    kind: str
    force: Force
    title: Text
    citation: CitationModel
    scope: Scope = Field(default_factory=Scope)
    when: dict[str, Any] = Field(default_factory=dict, description="all these facts must hold")
    when_any: dict[str, Any] = Field(default_factory=dict, description="at least one of these facts must hold")
    unless: dict[str, Any] = Field(default_factory=dict, description="the provision does not apply if any holds")
    params: dict[str, Any] = Field(default_factory=dict)
    restates: str | None = Field(None, description="the higher plan this provision restates")
    note: str | None = None
    contradiction: str | None = Field(None, description="where the plan contradicts itself, and the reading taken")
    examples: list[Example] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if " " in value or not value.count("/") >= 2:
            raise ValueError("a rule id reads plan/kind/name, without spaces")
        return value


_ROW_META = {
    "key",
    "row",
    "quote",
    "examples",
    "note",
    "contradiction",
    "restates",
    "title",
    "scope",
    "when",
    "when_any",
    "force",
    "section",
    "minerals",
    "methods",
    "applications",
    "rights",
}


def expand_table(table: dict[str, Any], plan: str) -> list[dict[str, Any]]:
    """One rule dict per row of a 专栏 table; the table's fields are each row's defaults."""
    rules = []
    base_scope = dict(table.get("scope", {}))
    for row in table["rows"]:
        scope = {**base_scope, **row.get("scope", {})}
        for key in ("minerals", "methods", "applications", "rights"):
            if key in row:
                scope[key] = row[key]
        params = {**table.get("params", {}), **{k: v for k, v in row.items() if k not in _ROW_META}}
        rule: dict[str, Any] = {
            "id": f"{table['id']}/{row['key']}",
            "plan": plan,
            "kind": table["kind"],
            "force": row.get("force", table.get("force")),
            "title": row.get("title", table.get("title")),
            "citation": {
                "section": row.get("section", table["section"]),
                "table": table["table"],
                "row": str(row["row"]) if "row" in row else None,
                "quote": row.get("quote"),
            },
            "scope": scope,
            "params": params,
            "examples": row.get("examples", []),
        }
        for key in ("when", "when_any", "unless", "note", "contradiction", "restates"):
            if key in row or key in table:
                rule[key] = row.get(key, table.get(key))
        rules.append(rule)
    return rules


class CorpusError(ValueError):
    """A rule or plan file that does not hold together; names file and rule."""


class Corpus:
    """Plans and their rules. Rules may be read plan by plan, when a record first needs them."""

    def __init__(
        self,
        plans: dict[str, Plan],
        rules: list[Rule] | None = None,
        files: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
        unread: dict[str, list[Path]] | None = None,
    ) -> None:
        self.plans = plans
        self._rules = list(rules or [])
        self.files = files if files is not None else {}  # rule id → file it came from
        self.params = params if params is not None else {}  # rule id → its kind's parsed parameters
        self._unread = dict(unread or {})  # plan id → its rule files, not read yet
        self._in_file_order = True  # rules read plan by plan are put back in file order when all are asked for
        self._lock = threading.Lock()
        self._by_plan: dict[str, list[Rule]] = {}
        self._by_place: dict[str, list[Plan]] = {}
        self._zone_types: dict[str, dict[str, str]] = {}
        self._codes_over: dict[str, set[str]] = {}
        self._candidates: dict[tuple[str, ...], list[Rule]] = {}
        self.memo: dict[str, Any] = {}  # findings reused across records (engine.evaluate_rule)
        self.levels_memo: Memo[Any, Any] = Memo(10_000)  # (county, date) → engine's shared plan chain
        self._context = {"zone_codes": self.zone_codes_over}
        # plans whose own scope (总则) leaves some minerals or rights out
        self.scoped_plans = {p.id for p in self.plans.values() if p.scope is not None and p.scope.limits}
        for rule in self._rules:
            self._by_plan.setdefault(rule.plan, []).append(rule)
        for plan in self.plans.values():
            self._by_place.setdefault(plan.jurisdiction, []).append(plan)
        for in_place in self._by_place.values():
            in_place.sort(key=lambda p: p.period.start)

    @property
    def rules(self) -> list[Rule]:
        """Every rule, in file order."""
        self.read_all()
        with self._lock:
            if not self._in_file_order:
                self._rules.sort(key=lambda r: Path(self.files[r.id]))  # stable: a file keeps its order
                self._in_file_order = True
        return self._rules

    def read_all(self) -> None:
        """Read the rules of every plan not read yet."""
        for plan_id in list(self._unread):
            self._read(plan_id)

    def unread(self) -> set[str]:
        """Plans whose rules no record has needed yet."""
        return set(self._unread)

    def _read(self, plan_id: str) -> None:
        """Read one plan's rule files: all of them or, on a CorpusError, none (and the plan stays unread)."""
        with self._lock:
            paths = self._unread.get(plan_id)
            if paths is None:
                return  # another thread read it meanwhile
            files = dict(self.files)
            read = [pair for path in paths for pair in _parse_rules(path, self.plans, files)]
            for rule, _ in read:
                if rule.plan != plan_id:
                    raise CorpusError(f"{files[rule.id]}: rule {rule.id} of {rule.plan} lies in {plan_id}'s folder")
            self.files.update(files)
            for rule, params in read:
                self.params[rule.id] = params
                self._rules.append(rule)
                self._by_plan.setdefault(rule.plan, []).append(rule)
            self._in_file_order = False
            del self._unread[plan_id]

    def zone_types(self, plan_id: str) -> dict[str, str]:
        """Zone code → zone type, for the plan's zone tables."""
        if plan_id not in self._zone_types:
            plan = self.plans.get(plan_id)
            self._zone_types[plan_id] = {z.code.upper(): z.type for z in plan.zones} if plan else {}
        return self._zone_types[plan_id]

    def candidates(self, plan_id: str, right: str, application: str, mineral: str, county: str) -> list[Rule]:
        """The plan's rules whose fixed scope (right, application, mineral, county) admits such a record."""
        key = (plan_id, right, application, mineral, county)
        found = self._candidates.get(key)
        if found is None:
            found = [r for r in self.rules_of(plan_id) if r.scope.admits(right, application, mineral, county)]
            self._candidates[key] = found
        return found

    def zone_codes_over(self, county: str) -> set[str]:
        """Zone codes printed by any plan whose jurisdiction encloses ``county``."""
        if county not in self._codes_over:
            from minplan.regions import gazetteer

            chain = {d.code for d in gazetteer().chain(county)}
            self._codes_over[county] = {
                code for p in self.plans.values() if p.jurisdiction in chain for code in self.zone_types(p.id)
            }
        return self._codes_over[county]

    def record_context(self) -> dict[str, Any]:
        """What record validation may consult: the zone codes the plans print (one dict, read only)."""
        return self._context

    def rules_of(self, plan_id: str) -> list[Rule]:
        if plan_id in self._unread:
            self._read(plan_id)
        return self._by_plan.get(plan_id, [])

    def plans_for(self, code: str) -> list[Plan]:
        return self._by_place.get(code, [])

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


def _read_rule_file(path: Path) -> list[dict[str, Any]]:
    doc = load_data_file(path) or {}
    plan = doc.get("plan")
    if not plan:
        raise CorpusError(f"{path}: a rule file must name its plan (plan: …)")
    out = []
    for raw in doc.get("rules", []):
        out.append({"plan": plan, **raw})
    for table in doc.get("tables", []):
        out.extend(expand_table(table, plan))
    return out


def _load_plans(plans_dir: Path) -> dict[str, Plan]:
    plans: dict[str, Plan] = {}
    for path in sorted(plans_dir.glob("*.yaml")):
        try:
            plan = Plan.model_validate(load_data_file(path))
        except ValidationError as exc:
            raise CorpusError(f"{path}: {exc}") from None
        plans[plan.id] = plan
    return plans


def _parse_rules(path: Path, plans: dict[str, Plan], files: dict[str, str]) -> list[tuple[Rule, Any]]:
    """The rules of one file with their kinds' parameters; ``files`` (rule id → file) learns them."""
    from minplan.kinds import KINDS  # kinds validate their own parameters

    out = []
    for raw in _read_rule_file(path):
        try:
            rule = Rule.model_validate(raw)
            params = KINDS[rule.kind].parse(rule)
        except KeyError:
            raise CorpusError(f"{path}: rule {raw.get('id')}: unknown kind {raw.get('kind')!r}") from None
        except (ValidationError, ValueError) as exc:
            raise CorpusError(f"{path}: rule {raw.get('id')}: {exc}") from None
        if rule.plan not in plans:
            raise CorpusError(f"{path}: rule {rule.id} names plan {rule.plan!r}, which has no data/plans file")
        if rule.id in files:
            raise CorpusError(f"{path}: rule id {rule.id} is already defined in {files[rule.id]}")
        files[rule.id] = str(path)
        out.append((rule, params))
    return out


def load_corpus(rules: Path | None = None, plans: Path | None = None) -> Corpus:
    """Plan metadata from ``plans`` (default ``data/plans``) and rules from every ``*.yaml`` below ``rules``.

    Every file is read and checked now, so that a corpus being written shows all its errors at once.
    """
    rules = rules or rules_dir()
    plans_dir = plans or data_dir() / "plans"
    plan_map = _load_plans(plans_dir)
    files: dict[str, str] = {}
    params: dict[str, Any] = {}
    loaded: list[Rule] = []
    for path in sorted(rules.rglob("*.yaml")):
        if plans_dir in path.parents:
            continue
        for rule, parsed in _parse_rules(path, plan_map, files):
            params[rule.id] = parsed
            loaded.append(rule)
    return Corpus(plan_map, loaded, files, params)


@cache
def default_corpus() -> Corpus:
    """The shipped corpus, its rules read plan by plan as records need them.

    Shipped rule files lie in ``rules/<plan id>/``, so a check reads only the plans of its records'
    divisions, and start-up stays flat as plans are added. A file elsewhere is an error, not skipped.
    """
    plans = _load_plans(data_dir() / "plans")
    root = rules_dir()
    unread: dict[str, list[Path]] = {plan_id: [] for plan_id in plans}
    for path in sorted(root.rglob("*.yaml")):
        parts = path.relative_to(root).parts
        if len(parts) < 2 or parts[0] not in unread:
            raise CorpusError(f"{path}: a shipped rule file lies in rules/<plan id>/")
        unread[parts[0]].append(path)
    return Corpus(plans, unread=unread)


def today() -> dt.date:
    return dt.date.today()
