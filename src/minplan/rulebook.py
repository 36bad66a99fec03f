"""Rule files: the common rule model, table expansion, and loading the corpus from disk.

A rule file holds one plan's provisions. ``rules:`` lists single provisions; ``tables:``
holds 专栏 tables whose rows become one rule each, so the YAML reads like the plan.
"""

# No ``from __future__ import annotations`` here or in the kinds' modules: pydantic would compile every field's
# annotation of their models from its text as it builds them, at each check's start-up.
import datetime as dt
import itertools
import os
import threading
from functools import cache
from pathlib import Path
from typing import Any, Literal, NoReturn, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from minplan.defaults import empty_list
from minplan.findings import Citation
from minplan.memo import Budgeted, Memo
from minplan.minerals import mineral_book
from minplan.plans import Plan, enlarging_facts
from minplan.readers.base import validation_message
from minplan.resources import data_dir, rules_dir
from minplan.vocab import Application, Method, Right
from minplan.yamlio import load_data_file
from minplan.zones import ZoneError, ZoneIndex, ZoneRef, place_prefixes, plan_index, printed_series, rule_zone_refs

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

    rights: list[Right] = Field(default_factory=empty_list)
    applications: list[Application] = Field(default_factory=empty_list)
    minerals: list[str] = Field(default_factory=empty_list)
    except_minerals: list[str] = Field(default_factory=empty_list)
    methods: list[Method] = Field(default_factory=empty_list)
    counties: list[str] = Field(default_factory=empty_list)
    zones: list[str] = Field(
        default_factory=empty_list,
        description="zones of the plan's zone tables (code, printed name or short form; held as codes), or zone types",
    )
    mineral_reach: Reach | None = Field(
        None, description="which of a right's minerals the provision concerns; by default its kind's"
    )

    def admits(self, right: str, application: str, mineral: str, county: str) -> bool:
        """May the fixed part of the scope (right, application, mineral, county) admit such a record?

        The one test of these four, for the engine and for the corpus's candidate lists alike. Giving up a
        right (cancellation) is judged only by provisions that name it; ``except_minerals`` keeps its minerals
        out whether or not the scope names minerals. A record naming an umbrella (金) is admitted by a scope
        on a kind under it (砂金): :meth:`reach_of` then tells the engine to ask which kind it is.
        """
        return (
            self.takes_right(right)
            and self.takes_application(application)
            and self.takes_county(county)
            and self.reach_of(mineral) != "none"
        )

    def takes_right(self, right: str) -> bool:
        return not self.rights or right in self.rights

    def takes_application(self, application: str) -> bool:
        """Giving up a right (cancellation) is judged only by provisions that name it."""
        return application in self.applications if self.applications else application != "cancellation"

    def takes_county(self, county: str) -> bool:
        return not self.counties or county in self.counties

    def reach_of(self, mineral: str) -> str:
        """Whether ``all``, ``some`` or ``none`` of the kinds ``mineral`` may stand for fall in the scope."""
        if self.minerals or self.except_minerals:
            return mineral_book().reach(mineral, self.minerals, self.except_minerals)
        return "all"


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
    force_reason: str | None = Field(
        None, description="why the force differs from what the quoted words alone would give (lint asks for it)"
    )
    title: Text
    citation: CitationModel
    scope: Scope = Field(default_factory=Scope)
    when: dict[str, Any] = Field(default_factory=dict, description="all these facts must hold")
    when_any: dict[str, Any] = Field(default_factory=dict, description="at least one of these facts must hold")
    unless: dict[str, Any] = Field(default_factory=dict, description="the provision does not apply if any holds")
    params: dict[str, Any] = Field(default_factory=dict)
    expansion_by_change: list[str] | None = Field(
        None,
        description="the facts that make a change (变更) the 改扩建 (expansion) the scope names, set from the plan "
        "where the scope names expansion and not change: such a change is judged as an expansion, another is not "
        "(an exploration right's change by project.enlarges_area alone: it has no scale). [] leaves changes out, "
        "where another rule judges them",
    )
    expansion_defined: bool = Field(
        False,
        description="the facts of expansion_by_change are the plan's definition of 改扩建 (set from the plan's "
        "defines_expansion): an application filed as an expansion that states it does none of them is not judged",
    )
    restates: str | None = Field(None, description="the higher plan this provision restates")
    note: str | None = None
    contradiction: str | None = Field(None, description="where the plan contradicts itself, and the reading taken")
    examples: list[Example] = Field(default_factory=empty_list)

    @field_validator("expansion_by_change")
    @classmethod
    def _enlarging(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else enlarging_facts(value)

    @field_validator("when", "when_any", "unless")
    @classmethod
    def _conditions(cls, value: dict[str, Any]) -> dict[str, Any]:
        from minplan.facts import checked_conditions

        return checked_conditions(value)

    @model_validator(mode="after")
    def _expansion_named(self) -> Self:
        """Facts that make a change an expansion mean something only on a provision on 改扩建 that leaves changes
        to them: on one naming changes they would silently leave out those that enlarge nothing."""
        apps = self.scope.applications
        if self.expansion_by_change and (Application.expansion not in apps or Application.change in apps):
            raise ValueError("expansion_by_change is for a scope that names expansion and not change")
        if self.expansion_defined and not self.expansion_by_change:
            raise ValueError("expansion_defined needs the facts that define an expansion (expansion_by_change)")
        return self

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if " " in value or not value.count("/") >= 2:
            raise ValueError("a rule id reads plan/kind/name, without spaces")
        return value


FINDINGS_KEPT = 10_000  # findings a corpus keeps for reuse, all rules together (those met first): memory stays flat


class CorpusError(ValueError):
    """A rule or plan file that does not hold together; names file and rule."""


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
    "unless",
    "expansion_by_change",
    "force",
    "force_reason",
    "section",
    "minerals",
    "methods",
    "applications",
    "rights",
}
# what a table may hold besides its rows; anything else would be silently lost, so it is an error
TABLE_KEYS = {
    "table",
    "id",
    "kind",
    "section",
    "force",
    "force_reason",
    "title",
    "scope",
    "params",
    "when",
    "when_any",
    "unless",
    "expansion_by_change",
    "note",
    "contradiction",
    "restates",
    "rows",
}
RULE_FILE_KEYS = {"plan", "rules", "tables"}
# what a table's rule takes from its row, else from the table
_CARRIED = ("when", "when_any", "unless", "note", "contradiction", "restates", "force_reason", "expansion_by_change")


def problem_text(exc: Exception) -> str:
    """An exception as one line for a corpus message: a validation error as its fields and what is wrong."""
    if isinstance(exc, ValidationError):
        errors = exc.errors(include_url=False)
        return "; ".join(f"{'.'.join(map(str, e['loc'])) or '(rule)'}: {validation_message(e)}" for e in errors)
    return str(exc)


def _kind_of(value: Any) -> str:
    names = {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number", float: "a number"}
    return "nothing" if value is None else names.get(type(value), type(value).__name__)


def expand_table(table: Any, plan: str) -> list[dict[str, Any]]:
    """One rule dict per row of a 专栏 table; the table's fields are each row's defaults."""
    if not isinstance(table, dict):
        raise CorpusError(f"a table is a mapping (table:, id:, kind:, rows: …), not {_kind_of(table)}")
    unknown = sorted(set(table) - TABLE_KEYS, key=str)
    if unknown:
        raise CorpusError(f"unknown field(s) {', '.join(map(str, unknown))}")
    missing = [k for k in ("id", "kind", "section", "table", "rows") if k not in table]
    if missing:
        raise CorpusError(f"lacks {', '.join(missing)}")
    rows = table["rows"]
    if not isinstance(rows, list) or not rows:
        raise CorpusError(f"rows must be a list of rows, not {_kind_of(rows)}")
    for key in ("scope", "params"):
        if not isinstance(table.get(key, {}), dict):
            raise CorpusError(f"{key} must be a mapping, not {_kind_of(table[key])}")
    rules = []
    base_scope = dict(table.get("scope", {}))
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise CorpusError(f"row {number} is {_kind_of(row)}, not a mapping")
        if "key" not in row:
            raise CorpusError(f"row {number} lacks key (the last part of its rule id)")
        if not isinstance(row.get("scope", {}), dict):
            raise CorpusError(f"row {row['key']}: scope must be a mapping")
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
        for key in _CARRIED:
            if key in row or key in table:
                rule[key] = row.get(key, table.get(key))
        rules.append(rule)
    return rules


def rule_dicts(doc: Any) -> tuple[str | None, list[dict[str, Any]], list[tuple[str | None, str]]]:
    """A parsed rule file's plan, its rules as dicts, and what is wrong with its shape: (where, what) pairs.

    The rules' own fields are the Rule model's to check; this checks what holds them.
    """
    if not isinstance(doc, dict):
        return None, [], [(None, f"a rule file is a mapping (plan:, rules:, tables:), not {_kind_of(doc)}")]
    problems: list[tuple[str | None, str]] = []
    unknown = sorted(set(doc) - RULE_FILE_KEYS, key=str)
    if unknown:
        problems.append((None, f"unknown top-level field(s) {', '.join(map(str, unknown))} (plan, rules, tables)"))
    plan = doc.get("plan")
    if not isinstance(plan, str) or not plan:
        return None, [], [*problems, (None, "a rule file must name its plan (plan: <plan id>)")]
    raws: list[dict[str, Any]] = []
    for key in ("rules", "tables"):
        if not isinstance(doc.get(key, []), list):
            problems.append((None, f"{key} must be a list, not {_kind_of(doc[key])}"))
    rules = doc.get("rules", [])
    for number, raw in enumerate(rules if isinstance(rules, list) else [], start=1):
        if isinstance(raw, dict):
            raws.append({"plan": plan, **raw})
        else:
            problems.append((f"rules[{number}]", f"a rule is a mapping (id:, kind:, force: …), not {_kind_of(raw)}"))
    tables = doc.get("tables", [])
    for number, table in enumerate(tables if isinstance(tables, list) else [], start=1):
        try:
            raws.extend(expand_table(table, plan))
        except CorpusError as exc:
            name = table.get("id") if isinstance(table, dict) else None
            problems.append((f"table {name}" if name else f"tables[{number}]", str(exc)))
    if not raws and not problems:
        problems.append((None, "holds no rules (rules: or tables:)"))
    return plan, raws, problems


class Selection:
    """One plan's rules indexed by the parts of their fixed scope, each part's answer a bit set (bit i: rule i).

    Each right, application, county and mineral met is tested against every rule once; a record's candidates
    are then the rules whose four bits are set, in the plan's order (:meth:`Scope.admits` is the same test).
    A mineral's bits come from its lineage (:meth:`Scope.reach_of`), kept with the rules it reaches only in part.
    """

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = list(rules)
        self._parts: dict[tuple[str, str], int] = {}
        self._minerals: dict[str, tuple[int, frozenset[str]]] = {}
        self._lists: dict[int, list[Rule]] = {}

    def _bits(self, part: str, value: str) -> int:
        key = (part, value)
        found = self._parts.get(key)
        if found is None:
            test = {"right": Scope.takes_right, "application": Scope.takes_application, "county": Scope.takes_county}
            found = sum(1 << i for i, rule in enumerate(self.rules) if test[part](rule.scope, value))
            self._parts[key] = found
        return found

    def _mineral(self, mineral: str) -> tuple[int, frozenset[str]]:
        found = self._minerals.get(mineral)
        if found is None:
            reach = [rule.scope.reach_of(mineral) for rule in self.rules]
            bits = sum(1 << i for i, r in enumerate(reach) if r != "none")
            some = frozenset(rule.id for rule, r in zip(self.rules, reach, strict=True) if r == "some")
            found = self._minerals[mineral] = (bits, some)
        return found

    def select(self, right: str, application: str, mineral: str, county: str) -> list[Rule]:
        bits = (
            self._bits("right", right)
            & self._bits("application", application)
            & self._bits("county", county)
            & self._mineral(mineral)[0]
        )
        return self._listed(bits)

    def select_any(self, right: str, application: str, minerals: tuple[str, ...], county: str) -> list[Rule]:
        """The rules :meth:`select` gives for at least one of ``minerals``, in the plan's order."""
        bits = self._bits("right", right) & self._bits("application", application) & self._bits("county", county)
        either = 0
        for mineral in minerals:
            either |= self._mineral(mineral)[0]
        return self._listed(bits & either)

    def _listed(self, bits: int) -> list[Rule]:
        found = self._lists.get(bits)
        if found is None:
            found = self._lists[bits] = [rule for i, rule in enumerate(self.rules) if bits >> i & 1]
        return found

    def partial(self, mineral: str) -> frozenset[str]:
        return self._mineral(mineral)[1]


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
        self._zone_indexes: dict[tuple[str, tuple[str, ...]], ZoneIndex] = {}
        self._zones_on: Memo[tuple[str, dt.date], ZoneIndex] = Memo(10_000)  # (county, date) → its zone index
        self._series: dict[str, str] | None = None
        self._candidates: dict[tuple[str, ...], list[Rule]] = {}
        self._selections: dict[str, Selection] = {}  # plan id → its rules indexed by their fixed scope
        self._selected: dict[tuple[str, ...], list[tuple[Rule, Any, str, tuple[str, bool]]]] = {}
        self._covered: Memo[tuple[str, str, tuple[str, ...]], tuple[str, ...]] = Memo(10_000)
        self.memo: dict[Any, Any] = Budgeted(FINDINGS_KEPT)  # findings reused across records (engine.evaluate_rule)
        self.levels_memo: Memo[Any, Any] = Memo(10_000)  # (county, date) → engine's shared plan chain
        self.named_memo: Memo[Any, Any] = Memo(2_000)  # a shared finding → its copy naming a right's minerals
        self._context = {"zone_index": self.zone_index}
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
            indexes: dict[str, ZoneIndex] = {}  # the plan's zone index, made once for all its files
            read = [pair for path in paths for pair in _parse_rules(path, self.plans, files, indexes)]
            for rule, _ in read:
                if rule.plan != plan_id:
                    raise CorpusError(f"{files[rule.id]}: rule {rule.id} of {rule.plan} lies in {plan_id}'s folder")
            self.files.update(files)
            for rule, params in read:
                self.params[rule.id] = params
                self._rules.append(rule)
                self._by_plan.setdefault(rule.plan, []).append(rule)
            self._in_file_order = False
            self._selections.pop(plan_id, None)
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
            found = self._candidates[key] = self._selection(plan_id).select(right, application, mineral, county)
        return found

    def candidates_any(
        self, plan_id: str, right: str, application: str, minerals: tuple[str, ...], county: str
    ) -> list[Rule]:
        """The plan's rules whose fixed scope admits such a record for at least one of ``minerals``, in order."""
        return self._selection(plan_id).select_any(right, application, minerals, county)

    def selected(
        self, plan_id: str, right: str, application: str, mineral: str, county: str
    ) -> list[tuple[Rule, Any, str, tuple[str, bool]]]:
        """:meth:`candidates` as the engine judges them: each rule with its parameters, how far its scope reaches
        the mineral (``all`` or ``some``, :meth:`partial`) and its slot in :attr:`memo`."""
        key = (plan_id, right, application, mineral, county)
        found = self._selected.get(key)
        if found is None:
            found = self._selected[key] = [
                (rule, self.params[rule.id], self.reach_of(plan_id, rule.id, mineral), memo_slot(rule.id, True))
                for rule in self.candidates(plan_id, right, application, mineral, county)
            ]
        return found

    def reach_of(self, plan_id: str, rule_id: str, mineral: str) -> str:
        """How far a candidate rule's scope reaches ``mineral``: ``some`` of its kinds (:meth:`partial`), or ``all``."""
        return "some" if rule_id in self.partial(plan_id, mineral) else "all"

    def covered(self, plan_id: str, right: str, minerals: tuple[str, ...]) -> tuple[str, ...]:
        """The plan's :meth:`Plan.covered`, remembered (its scope does not change)."""
        key = (plan_id, right, minerals)
        found = self._covered.get(key)
        if found is None:
            found = self._covered.keep(key, self.plans[plan_id].covered(right, minerals))
        return found

    def partial(self, plan_id: str, mineral: str) -> frozenset[str]:
        """Ids of the plan's rules whose scope reaches only some of the kinds ``mineral`` may stand for
        (:meth:`Scope.reach_of`): the engine asks a record naming it which kind it is."""
        return self._selection(plan_id).partial(mineral)

    def _selection(self, plan_id: str) -> Selection:
        found = self._selections.get(plan_id)
        if found is None:
            found = self._selections[plan_id] = Selection(self.rules_of(plan_id))
        return found

    def _plans_over(self, county: str) -> list[Plan]:
        from minplan.regions import gazetteer

        return [p for d in gazetteer().chain(county) for p in self.plans_for(d.code)]

    def zone_index(self, county: str, day: dt.date) -> ZoneIndex:
        """The zones a record in ``county`` dated ``day`` may name: those of the plans in force there and then.

        Codes and full names of every zone of those plans; short forms and suggestions from the county's own
        zones (listed for it, or with no county printed), the leading names of its divisions left out.
        """
        found = self._zones_on.get((county, day))
        if found is not None:
            return found
        in_force = tuple(p.id for p in self._plans_over(county) if p.use_on(day).applied)
        index = self._zone_indexes.get((county, in_force))
        if index is None:
            from minplan.regions import gazetteer

            chain = gazetteer().chain(county)
            index = ZoneIndex(
                [ZoneRef(plan_id, z) for plan_id in in_force for z in self.plans[plan_id].zones],
                place_prefixes(n for d in chain for n in (d.zh, *d.aliases)),
                local=lambda zone: not zone.county or county in zone.county,
                elsewhere=lambda zone: zone.county_printed and county not in zone.county,
                plans=in_force,
                series=self._printed_series(),
            )
            self._zone_indexes[(county, in_force)] = index
        return self._zones_on.keep((county, day), index)

    def _printed_series(self) -> dict[str, str]:
        """The series of the codes of the national pattern that any plan's zone tables print (minplan.zones)."""
        if self._series is None:
            self._series = printed_series(ZoneRef(p.id, z) for p in self.plans.values() for z in p.zones)
        return self._series

    def record_context(self) -> dict[str, Any]:
        """What record validation may consult: ``zone_index(county, date)`` (one dict, read only)."""
        return self._context

    def rules_of(self, plan_id: str) -> list[Rule]:
        if plan_id in self._unread:
            self._read(plan_id)
        return self._by_plan.get(plan_id, [])

    def plans_for(self, code: str) -> list[Plan]:
        return self._by_place.get(code, [])

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


RULE_SUFFIXES = (".yaml", ".yml")


def memo_slot(rule_id: str, scoped: bool) -> tuple[str, bool]:
    """Where :attr:`Corpus.memo` keeps a rule's findings: apart for those judged with the scope's fixed part
    already known to admit the record (a candidate), which key the memo by fewer facts."""
    return (rule_id, scoped)


def _below(folder: Path) -> list[Path]:
    """Everything below ``folder`` but its folders, the folders reached through links searched too (as record
    folders are: a linked folder of rules left unread would pass what they forbid), each folder once, so that a
    link back up does not loop. A folder that cannot be listed is a CorpusError, not a folder of nothing."""
    found: list[Path] = []
    searched: set[tuple[int, int]] = set()

    def unlisted(exc: OSError) -> NoReturn:
        raise CorpusError(f"{exc.filename}: cannot list the folder: {exc.strerror or exc}")

    for top, folders, files in os.walk(folder, onerror=unlisted, followlinks=True):
        try:
            info = os.stat(top)
        except OSError as exc:  # gone since it was listed
            unlisted(exc)
        if (info.st_dev, info.st_ino) in searched:
            folders.clear()  # the same folder by a second way: its files are listed once
            continue
        searched.add((info.st_dev, info.st_ino))
        folders.sort()  # searched in a stable order: which way to a folder is taken does not vary
        found.extend(Path(top, name) for name in files)
    return found


def corpus_files(folder: Path, skip: Path | None = None) -> list[Path]:
    """The YAML files below ``folder`` (those below ``skip`` left out), in a stable order; ``.YAML`` is one too,
    as it is for records (a rule file left unread would pass what it forbids).

    Anything named like one that is not a folder is listed, FIFOs and devices too: the reader refuses them
    with a message rather than leaving them out unsaid."""
    return sorted(
        p
        for p in _below(folder)
        if p.suffix.lower() in RULE_SUFFIXES and not p.is_dir() and not (skip is not None and skip in p.parents)
    )


def not_rule_files(folder: Path) -> list[Path]:
    """The files below a corpus folder that are not read as rule files (hidden ones and plans/ aside)."""
    return sorted(
        p
        for p in _below(folder)
        if p.is_file()
        and p.suffix.lower() not in RULE_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def check_folder(folder: Path, what: str) -> None:
    """Refuse a corpus folder that is missing or is a file: it would load nothing, and everything would pass."""
    if not folder.exists():
        raise CorpusError(f"{folder}: no such folder of {what}")
    if not folder.is_dir():
        raise CorpusError(f"{folder}: is a file; a folder of {what} is expected")


def read_corpus_file(path: Path) -> Any:
    """One parsed corpus file; whatever stops it being read is a CorpusError naming the file."""
    try:
        return load_data_file(path)
    except CorpusError:
        raise
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except Exception as exc:  # a syntax error, a refused tag, a document too deep …: a message, never a traceback
        raise CorpusError(f"{path}: cannot read: {exc}") from None


def _read_rule_file(path: Path) -> list[dict[str, Any]]:
    _, raws, problems = rule_dicts(read_corpus_file(path))
    if problems:
        raise CorpusError("\n".join(f"{path}: {where + ': ' if where else ''}{what}" for where, what in problems))
    return raws


def _load_plans(plans_dir: Path) -> dict[str, Plan]:
    check_folder(plans_dir, "plan files")
    paths = corpus_files(plans_dir)
    if not paths:
        raise CorpusError(f"{plans_dir}: holds no plan files (*.yaml)")
    plans: dict[str, Plan] = {}
    where: dict[str, Path] = {}
    for path in paths:
        try:
            plan = Plan.model_validate(read_corpus_file(path))
        except ValidationError as exc:
            raise CorpusError(f"{path}: plan file: {problem_text(exc)}") from None
        if plan.id in plans:
            raise CorpusError(f"{path}: plan id {plan.id} is already defined in {where[plan.id]}")
        plans[plan.id] = plan
        where[plan.id] = path
    return plans


def zone_identities(raw: dict[str, Any], plan: Plan | None, indexes: dict[str, ZoneIndex]) -> None:
    """A rule's zone references (scope.zones, params.zones: codes, names, types) as the zones' identities."""
    if plan is None:
        return
    for part in ("scope", "params"):
        holder = raw.get(part)
        if isinstance(holder, dict) and isinstance(holder.get("zones"), list):
            if plan.id not in indexes:
                indexes[plan.id] = plan_index(plan)
            raw[part] = {**holder, "zones": rule_zone_refs(holder["zones"], plan, indexes[plan.id])}


def with_enlarging_changes(rule: Rule, plan: Plan) -> Rule:
    """A provision on 改扩建 (expansion) that does not name 变更 (change) also judges a change that is an
    expansion by the plan's reading (one that enlarges the scale or the area): such a right is filed as a change
    of its licence, and would otherwise escape every provision on expansions."""
    applications = rule.scope.applications
    given = rule.expansion_by_change
    if given == [] or Application.expansion not in applications or Application.change in applications:
        return rule  # changes left out as the rule says, or judged as its scope says
    scope = rule.scope.model_copy(update={"applications": [*applications, Application.change]})
    if given is None:  # the plan's reading, and with it, where the plan defines 改扩建, its definition
        update = {"expansion_by_change": list(plan.expansion_by_change), "expansion_defined": plan.defines_expansion}
    else:
        update = {"expansion_by_change": given}
    return rule.model_copy(update={"scope": scope, **update})


def _parse_rules(
    path: Path, plans: dict[str, Plan], files: dict[str, str], indexes: dict[str, ZoneIndex]
) -> list[tuple[Rule, Any]]:
    """The rules of one file with their kinds' parameters; ``files`` (rule id → file) learns them, ``indexes``
    (plan id → its zones, for the rules naming zones) keeps the zone indexes made, for the other files."""
    from minplan.kinds import KINDS  # kinds validate their own parameters

    out = []
    for raw in _read_rule_file(path):
        label = raw.get("id") if isinstance(raw.get("id"), str) else "(without an id)"
        try:
            zone_identities(raw, plans.get(raw.get("plan", "")), indexes)
        except ZoneError as exc:
            raise CorpusError(f"{path}: rule {raw.get('id')}: {exc}") from None
        try:
            rule = Rule.model_validate(raw)
        except ValidationError as exc:
            raise CorpusError(f"{path}: rule {label}: {problem_text(exc)}") from None
        kind = KINDS.get(rule.kind)
        if kind is None:
            raise CorpusError(f"{path}: rule {label}: unknown kind {rule.kind!r}")
        try:
            params = kind.parse(rule)
        except Exception as exc:  # a kind's own check of its parameters, whatever it raises, names the rule
            raise CorpusError(f"{path}: rule {label}: parameters: {problem_text(exc)}") from None
        if rule.plan not in plans:
            raise CorpusError(f"{path}: rule {rule.id} names plan {rule.plan!r}, which has no data/plans file")
        rule = with_enlarging_changes(rule, plans[rule.plan])
        if rule.id in files:
            raise CorpusError(f"{path}: rule id {rule.id} is already defined in {files[rule.id]}")
        files[rule.id] = str(path)
        out.append((rule, params))
    return out


def scope_problems(rule: Rule, plan: Plan) -> list[str]:
    """Unknown names, and scope fields that can never matter (inert: the rule reads as narrower than it is, or
    applies to nothing): each leaves a rule silently not judging what it reads as judging."""
    from minplan.regions import gazetteer
    from minplan.textnorm import nearest

    problems: list[str] = []
    add = problems.append
    book = mineral_book()
    scope = rule.scope
    names = sorted({m.name for m in book.minerals.values()})
    known = True
    for name in (*scope.minerals, *scope.except_minerals):
        if name not in book.minerals:
            known = False
            hint = nearest(name, names, n=2)
            add(f"unknown mineral {name!r}" + (f" (did you mean {', '.join(hint)}?)" if hint else ""))
    if known and scope.minerals and scope.except_minerals:
        covered = [m for m in book.minerals if book.covers(scope.minerals, m)]
        for name in scope.except_minerals:
            if all(book.covers(scope.minerals, m, [name]) for m in covered):
                add(f"except_minerals {name} excludes nothing the rule's minerals cover")
        if not any(book.covers(scope.minerals, m, scope.except_minerals) for m in covered):
            add("except_minerals exclude every mineral the rule names: it can never apply")
    if scope.methods and scope.rights and all(r.value == "exploration" for r in scope.rights):
        add("methods on a rule for exploration rights only: no exploration record states a mining method")
    zone_params = rule.params.get("zones", []) if rule.kind == "zone" else []
    resolved: list[str] = []  # the scope's zones as codes and types
    for i, code in enumerate((*scope.zones, *zone_params)):
        try:  # a code, printed name or short form of one of the plan's zones, or a zone type
            refs = rule_zone_refs([code], plan)
        except ZoneError as exc:
            add(str(exc))
            continue
        if i < len(scope.zones):
            resolved.extend(refs)
    places = gazetteer()
    for county in scope.counties:
        if county not in places.divisions:
            add(f"unknown county code {county!r}")
        elif plan.jurisdiction not in {d.code for d in places.chain(county)}:
            add(f"county {county} lies outside the plan's jurisdiction {plan.jurisdiction}")
    if scope.counties and scope.zones:
        named = set(resolved)
        zones = [z for z in plan.zones if z.code.upper() in named or z.type in named]
        if zones and all(z.county and not set(z.county) & set(scope.counties) for z in zones):
            add(f"zones {', '.join(scope.zones)} lie in none of the rule's counties: it can never apply")
    if rule.kind in ("min_scale", "extraction_cap") and not scope.minerals:
        add(f"a {rule.kind} rule names no minerals: its figure would bind every mineral (a table row lost its own?)")
    return problems


def plan_problems(plans: dict[str, Plan]) -> list[tuple[str, str]]:
    """(plan id, problem) for what would leave a plan, or part of it, judging nothing, silently: a jurisdiction
    that is no division of its level, counties of indicators and zones that are unknown or lie outside it, two
    plans of one jurisdiction in force on one day (each would judge the record, the earlier said to apply for want
    of a successor)."""
    from minplan.regions import gazetteer

    places = gazetteer()
    out: list[tuple[str, str]] = []
    for plan in plans.values():
        home = places.divisions.get(plan.jurisdiction)
        if home is None:
            out.append((plan.id, f"jurisdiction {plan.jurisdiction!r} is no division code (data/jurisdictions.yaml)"))
            continue
        if home.level != plan.level:
            out.append((plan.id, f"level {plan.level}, but {home.code} ({home.zh}) is a {home.level}"))
        named = [(f"indicator {i.name}", i.county) for i in plan.indicators if i.county]
        named += [(f"zone {z.code}", county) for z in plan.zones for county in z.county]
        for where, county in named:
            if county not in places.divisions:
                out.append((plan.id, f"{where}: county {county!r} is no division code (write the code, e.g. 222404)"))
            elif plan.jurisdiction not in {d.code for d in places.chain(county)}:
                out.append((plan.id, f"{where}: county {county} lies outside the plan's jurisdiction"))
    ordered = sorted(plans.values(), key=lambda p: (p.jurisdiction, p.in_force.start))
    for a, b in itertools.pairwise(ordered):
        end = a.in_force.superseded_after
        if a.jurisdiction == b.jurisdiction and (end is None or end >= b.in_force.start):
            until = end.isoformat() if end else "no end (superseded_after not given)"
            out.append(
                (b.id, f"in force from {b.in_force.start} while {a.id} of the same jurisdiction is, until {until}")
            )
    return out


def load_corpus(rules: Path | None = None, plans: Path | None = None) -> Corpus:
    """Plan metadata from ``plans`` (default ``data/plans``) and rules from every YAML file below ``rules``.

    Every file is read and checked now. A folder that is missing, is a file or holds no rule file is an
    error: an empty corpus would let every record pass.
    """
    rules = rules or rules_dir()
    plans_dir = plans or data_dir() / "plans"
    check_folder(rules, "rule files")
    plan_map = _load_plans(plans_dir)
    files: dict[str, str] = {}
    params: dict[str, Any] = {}
    loaded: list[Rule] = []
    indexes: dict[str, ZoneIndex] = {}
    paths = corpus_files(rules, skip=plans_dir)
    if not paths:
        raise CorpusError(f"{rules}: holds no rule files (*.yaml, *.yml)")
    for path in paths:
        for rule, parsed in _parse_rules(path, plan_map, files, indexes):
            params[rule.id] = parsed
            loaded.append(rule)
    # what would leave a plan or a rule applying to nothing, silently (the shipped corpus: held to it by its lint)
    inert = [f"{plans_dir}: plan {plan_id}: {problem}" for plan_id, problem in plan_problems(plan_map)]
    inert += [f"{files[r.id]}: rule {r.id}: {p}" for r in loaded for p in scope_problems(r, plan_map[r.plan])]
    if inert:
        raise CorpusError("\n".join(inert))
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
    for path in corpus_files(root):
        parts = path.relative_to(root).parts
        if len(parts) < 2 or parts[0] not in unread:
            raise CorpusError(f"{path}: a shipped rule file lies in rules/<plan id>/")
        unread[parts[0]].append(path)
    return Corpus(plans, unread=unread)


def today() -> dt.date:
    return dt.date.today()
