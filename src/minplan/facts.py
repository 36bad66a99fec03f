"""The facts rules may ask of a record, and evaluation that stays honest when one is missing.

A rule reads facts through :class:`Facts`. When it asks for one the record does not give,
:class:`Missing` is raised; :func:`decide` then tries every value the fact could take and
answers only if all of them agree (a capacity above every column of a table passes whatever
the deposit scale). Otherwise the answer is ``needs_info``, naming the facts.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from minplan.quantities import DEFAULT_WORKING_DAYS, MOST_WORKING_DAYS, Unit
from minplan.record import Record
from minplan.vocab import Application, DepositScale, Method, SeamThickness, Stage, WaterType


@dataclass(frozen=True)
class Fact:
    """A fact rules read of a record: its names, and the values to try when a record leaves it out."""

    name: str
    zh: str
    en: str
    domain: tuple[Any, ...] | None = None  # finite set of values to try when missing


_BOOL = (True, False)
# a mine's working days a year in the design standards (continuous, intermittent): decide tries the last value
# first, and where the readings agree the first tried is the one shown (300: 100 吨/日 ≙ 3万吨/年)
WORKING_DAYS = (MOST_WORKING_DAYS, DEFAULT_WORKING_DAYS)

FACTS: dict[str, Fact] = {
    f.name: f
    for f in (
        Fact("date", "申请日期", "date of the record"),
        Fact("application", "申请类型", "application type", tuple(Application)),
        Fact("mineral", "矿种", "mineral"),
        Fact(
            "mineral_kind",
            "具体矿种（所报矿种包含本条适用与不适用的亚种或用途，请写明，如 岩金 或 砂金、建筑用花岗岩）",
            "the specific kind of the mineral (it covers kinds this provision does and does not concern, "
            "e.g. lode or placer gold)",
        ),
        Fact("method", "开采方式", "mining method", tuple(Method)),
        Fact("deposit_scale", "矿床规模", "deposit scale", tuple(DepositScale)),
        Fact("capacity", "设计开采规模", "design capacity"),
        Fact(
            "product_output", "产品年产量（如油页岩矿山的年产页岩油量）", "yearly output of the product (shale oil …)"
        ),
        Fact(
            "allowed_yield", "批准的允许开采量（矿泉水、地热）", "approved allowable yield (mineral water, geothermal)"
        ),
        Fact(
            "has_associated_minerals",
            "是否列有共伴生矿产（associated_minerals，无则填 []）",
            "whether the right lists co- or associated minerals (associated_minerals; [] for none)",
            _BOOL,
        ),
        Fact("density", "矿石密度（吨/立方米，用于质量与体积换算）", "ore density in t/m³ (to turn mass into volume)"),
        # a daily figure against a yearly one (or the reverse): not given, decided over the design standards'
        # 300 and 330 working days, so a verdict that turns on the count asks for it
        Fact(
            "working_days",
            "年工作天数（日规模与年规模换算；未填时按 300 与 330 天判断）",
            "working days a year (to turn a daily figure into a yearly one; not given, judged at 300 and 330)",
            WORKING_DAYS,
        ),
        Fact(
            "grade",
            "矿石品位（主矿种，% 或 克/吨；铁矿为全铁 TFe）",
            "ore grade of the main mineral, % or g/t (TFe for iron ore)",
        ),
        Fact("mineral_water_type", "矿泉水类型（普通/稀有）", "mineral-water type (ordinary/rare)", tuple(WaterType)),
        Fact(
            "location.zones",
            "所在规划分区/区块编号（不在任何分区时填 []）",
            "planning zone or block codes ([] for none)",
        ),
        Fact(
            "mine_scale", "矿山生产建设规模（大/中/小型）", "class of the mine's production scale", tuple(DepositScale)
        ),
        Fact("seam_thickness", "煤层厚度类别", "coal-seam thickness class", tuple(SeamThickness)),
        Fact("documents", "申请材料清单（documents）", "the documents the application carries (documents)"),
        Fact("techniques", "采选冶工艺（techniques，无则填 []）", "processes used (techniques; [] for none)"),
        Fact("recovery.mining", "开采回采率", "mining recovery rate"),
        Fact("recovery.processing", "选矿回收率", "processing recovery rate"),
        Fact("recovery.utilisation", "综合利用率", "comprehensive utilisation rate"),
        Fact("recovery.magnetic_iron", "磁性铁回收率", "magnetic-iron recovery rate"),
        Fact("operation.output", "实际年产量", "actual yearly output"),
        Fact("operation.production_start", "投产日期", "date production began"),
        Fact("operation.green_mine", "是否已纳入绿色矿山名录", "listed as a green mine", _BOOL),
        Fact("operation.natural_flow_share", "矿泉水开采量占天然流量比例", "extraction as a share of natural flow"),
        Fact(
            "operation.beyond_licensed_bounds",
            "是否超层越界开采（超出许可的开采深度或矿区范围）",
            "mines beyond the licensed depth or boundary",
            _BOOL,
        ),
        Fact("operation.high_grading", "是否采富弃贫", "mines the rich ore and leaves the lean (high-grading)", _BOOL),
        Fact("operation.waste_residue_use_share", "矿山废渣综合利用率", "share of waste residue put to use"),
        Fact(
            "operation.reclamation_plan_outdated",
            "矿山地质环境保护与土地复垦方案是否超过适用期或剩余服务期少于延续时间",
            "the reclamation plan is past its period or has less left than the renewal",
            _BOOL,
        ),
        Fact(
            "closure.restoration_accepted",
            "矿山地质环境治理恢复与土地复垦是否经验收合格",
            "restoration and land reclamation passed acceptance",
            _BOOL,
        ),
        Fact("site.arable_land", "是否位于可耕地", "on arable land", _BOOL),
        Fact("site.wetland", "是否位于湿地", "in a wetland", _BOOL),
        Fact("site.ecological_red_line", "是否涉及生态保护红线", "overlaps the ecological red line", _BOOL),
        Fact("site.permanent_basic_farmland", "是否涉及永久基本农田", "overlaps permanent basic farmland", _BOOL),
        Fact(
            "site.urban_development_boundary", "是否位于城镇开发边界内", "inside the urban development boundary", _BOOL
        ),
        Fact(
            "site.visible_from_transport_corridor",
            "是否位于铁路、国道、省道两侧直观可视范围内",
            "within sight of a railway or national/provincial road",
            _BOOL,
        ),
        Fact("site.nature_reserve", "是否位于自然保护地", "inside a nature reserve or protected area", _BOOL),
        Fact("site.blank_area", "是否位于空白区（未设矿业权）", "in ground with no mineral right yet", _BOOL),
        Fact("project.combined_land_mine", "是否为矿地综合开发利用项目", "a combined land-and-mining project", _BOOL),
        Fact("project.resource_integration", "是否为资源整合需要", "serves resource integration", _BOOL),
        Fact(
            "project.changes_parameters",
            "变更是否涉及矿区范围、矿种、开采方式、规模或服务年限",
            "the change alters area, mineral, method, scale or service life",
            _BOOL,
        ),
        Fact("project.splits_deposit", "是否将矿产地化大为小、分割出让", "carves a deposit into smaller grants", _BOOL),
        Fact("project.changes_method", "变更是否涉及开采方式", "the change alters the mining method", _BOOL),
        # asked of expansions as of changes (which it makes expansions of): the label names neither alone
        Fact(
            "project.enlarges_scale",
            "是否扩大生产规模（改扩建、变更）",
            "enlarges the production scale (an expansion or change)",
            _BOOL,
        ),
        Fact(
            "project.enlarges_area",
            "是否扩大矿区范围（改扩建、变更）",
            "enlarges the mining area (an expansion or change)",
            _BOOL,
        ),
        Fact(
            "project.meets_higher_min_scale",
            "设计开采规模是否达到上级规划确定的最低开采规模",
            "the design scale reaches the minimum scales the higher plans set",
            _BOOL,
        ),
        Fact(
            "project.fully_state_funded",
            "是否为财政全额出资地质勘查项目",
            "an exploration project wholly paid by government funds",
            _BOOL,
        ),
        Fact("exploration_stage", "勘查阶段", "exploration stage", tuple(Stage)),
        Fact("holder", "申请人/矿业权人", "applicant or right holder"),
        Fact("quality.arsenic_exceeds_standard", "砷含量是否超标", "arsenic above the standard", _BOOL),
        Fact("quality.radioactivity_exceeds_standard", "放射性是否超标", "radioactivity above the standard", _BOOL),
        Fact(
            "project.supplies_major_infrastructure",
            "是否保障重大基础设施建设项目",
            "supplies major infrastructure",
            _BOOL,
        ),
        Fact("project.remote_area", "是否为边远地区", "serves a remote area", _BOOL),
    )
}


def _one_of(value: Any, domain: tuple[Any, ...]) -> bool:
    """Is ``value``, as a rule file writes it, one of a fact's values (true is no 1, "true" no true)?"""
    for option in domain:
        if isinstance(option, bool) or isinstance(value, bool):
            same = value is option
        elif isinstance(option, str):  # a vocabulary's value (an enum of text) as its text
            same = isinstance(value, str) and value == option
        else:
            same = type(value) is type(option) and value == option
        if same:
            return True
    return False


def condition_problem(name: str, expected: Any) -> str | None:
    """Why a rule's condition ``name: expected`` (a list: one of) could never hold, or None: an unknown fact, one
    of no few values (a scope names minerals, zones, counties), a value the fact never takes. A condition that can
    never hold leaves its rule applying to nothing, silently."""
    from difflib import get_close_matches

    fact = FACTS.get(name)
    if fact is None:
        hint = get_close_matches(name, list(FACTS), n=1)
        return f"unknown fact {name!r}" + (f" (did you mean {hint[0]}?)" if hint else "")
    if fact.domain is None:
        return f"{name} takes no few values a condition can name (the scope names minerals, zones and counties)"
    options = expected if isinstance(expected, list) else [expected]
    if not options:
        return f"{name}: no value listed, which no record meets"
    shown = ", ".join(str(v).lower() if isinstance(v, bool) else str(v) for v in fact.domain)
    for value in options:
        if not _one_of(value, fact.domain):
            return f"{name}: {value!r} is none of its values ({shown})"
    return None


def checked_conditions(conditions: dict[str, Any]) -> dict[str, Any]:
    """``conditions`` if each could hold; else a ValueError naming those that never could."""
    problems = [p for name, expected in conditions.items() if (p := condition_problem(name, expected))]
    if problems:
        raise ValueError("; ".join(problems))
    return conditions


def labels(names: list[str] | tuple[str, ...], lang: str, sep: str = ", ") -> str:
    """Facts named for people, in ``lang``: their labels, or the name of a fact minplan does not describe (``sep``
    between English names; 、 between Chinese ones)."""
    words = [getattr(FACTS[n], lang) if n in FACTS else n for n in names]
    return "、".join(words) if lang == "zh" else sep.join(words)


class Missing(Exception):
    """A rule asked for a fact the record does not give."""

    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


class Facts:
    """Read-only view of a record's facts, with hypothetical values for missing ones.

    Every fact read is noted in ``seen``, so that a rule's finding can be reused for another
    record that agrees on all of them.
    """

    def __init__(
        self,
        record: Record,
        assumed: dict[str, Any] | None = None,
        zone_types: dict[str, str] | None = None,
        seen: set[str] | None = None,
    ):
        self.record = record
        self.assumed = assumed or {}
        self.zone_types = zone_types or {}  # zone code → zone type, from the plan being applied
        self.seen = seen if seen is not None else set()

    def zones_with_types(self) -> set[str]:
        """The record's zone codes and the types of those the plan knows. Raises Missing."""
        codes = set(self.get("location.zones"))
        return codes | {self.zone_types[c] for c in codes if c in self.zone_types}

    def get(self, name: str) -> Any:
        self.seen.add(name)
        if name in self.assumed:
            return self.assumed[name]
        value: Any = self.record
        for part in _PATHS.get(name) or _path(name):  # the look-up inline: facts are read on every rule
            value = getattr(value, part)
        if value is None:
            raise Missing(name)
        return value

    def known(self, name: str) -> Any | None:
        try:
            return self.get(name)
        except Missing:
            return None


def working_days(facts: Facts, given: Unit, target: Unit) -> int | None:
    """The working days a year a comparison of ``given`` with ``target`` turns on: read (and so asked for, or
    decided over the standard counts, when not given) only where one is per day and the other per year."""
    if given.per is not None and target.per is not None and given.per != target.per:
        return facts.get("working_days")
    return None


def holds(conditions: dict[str, Any], facts: Facts, any_of: bool = False) -> bool:
    """Do the facts equal the given values (a list means 'one of')? Raises Missing."""
    results = []
    for name, expected in conditions.items():
        value = facts.get(name)
        options = expected if isinstance(expected, list) else [expected]
        results.append(value in options)
        if any_of and results[-1]:
            return True
    return any(results) if any_of else all(results)


_PATHS: dict[str, list[str]] = {}  # a fact's name → its attribute path


def _path(name: str) -> list[str]:
    """A fact's attribute path (``location.zones`` → location, zones), worked out once per name."""
    path = _PATHS.get(name)
    if path is None:
        path = _PATHS[name] = name.split(".")
    return path


def read(record: Record, name: str) -> Any:
    """A fact's value as a hashable key part (None when the record does not give it)."""
    value: Any = record
    for part in _PATHS.get(name) or _path(name):
        value = getattr(value, part, None)
        if value is None:
            return None
    return tuple(value) if isinstance(value, list) else value


T = TypeVar("T")


@dataclass
class Decision:
    """The agreed result, or the facts still needed and the results they would give."""

    result: Any | None
    needs: list[str]
    alternatives: list[Any]
    assumed_over: list[str]  # facts that were missing but did not matter


def decide(
    record: Record,
    judge: Callable[[Facts], T],
    same: Callable[[T, T], bool],
    limit: int = 64,
    zone_types: dict[str, str] | None = None,
    seen: set[str] | None = None,
) -> Decision:
    """Run ``judge``; where it misses a fact with a finite domain, try every value."""
    pending: list[dict[str, Any]] = [{}]
    results: list[T] = []
    missing: list[str] = []
    while pending:
        assumed = pending.pop()
        try:
            results.append(judge(Facts(record, assumed, zone_types, seen)))
        except Missing as miss:
            fact = FACTS.get(miss.name)
            if miss.name not in missing:
                missing.append(miss.name)
            if fact is None or fact.domain is None or len(results) + len(pending) > limit:
                return Decision(None, missing, results, [])
            pending.extend({**assumed, miss.name: v} for v in fact.domain)
    if results and all(same(results[0], r) for r in results[1:]):
        return Decision(results[0], [], results, missing)
    return Decision(None, missing, results, [])


def product(*domains: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    return list(itertools.product(*domains))
