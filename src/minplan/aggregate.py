"""Batch-wide checks: caps, mine counts, share of large and medium mines, blocks, duplicate ids.

Counts add the batch's new applications to a baseline of existing mines: a bureau's ledger
(``--baseline``) when given, else the base-year figures the plan prints. Every finding says which.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from minplan.findings import Citation, Finding, Status
from minplan.minerals import mineral_book
from minplan.plans import BatchCheck, Indicator, Plan
from minplan.quantities import DimensionMismatch, Quantity, QuantityError, format_number, unit
from minplan.rulebook import Corpus
from minplan.views import FactsView, RecordView

if TYPE_CHECKING:
    from minplan.baseline import Mine

NEW = {"new", "conversion"}
BLOCK_TYPES = {"exploration_block", "mining_block"}


@dataclass
class Batch:
    results: list[RecordView]
    corpus: Corpus
    baseline: list[Mine] | None = None


def _over(status_binding: str) -> Status:
    return Status.fail if status_binding == "binding" else Status.warn


def yearly(q: Quantity, target: str, working_days: int | None) -> float:
    """A capacity as a yearly amount in ``target`` (a rate, or a stock read as 'per year')."""
    goal = unit(target)
    if goal.per is not None:
        return q.to(goal, working_days=working_days).value
    if q.unit.dimension != goal.dimension:
        raise DimensionMismatch(f"cannot add {q.unit.name} to {goal.name}")
    per_year = q.in_base() * ((working_days or 300) if q.unit.per == "day" else 1)
    return per_year / goal.factor


def _citation(ind: Indicator) -> Citation:
    name = f"{ind.name}（{ind.mineral}）" if ind.mineral else ind.name
    return Citation(section="规划主要指标", table=ind.table, row=name)


def _finding(
    plan: Plan,
    key: str,
    kind: str,
    status: Status,
    zh: str,
    en: str,
    citation: Citation,
    records: list[str],
    required: str | None = None,
    actual: str | None = None,
) -> Finding:
    return Finding(
        f"{plan.id}/aggregate/{key}",
        plan.id,
        plan.level,
        kind,
        status,
        {"zh": zh, "en": en},
        citation,
        required=required,
        actual=actual,
        records=records,
    )


def _slug(ind: Indicator) -> str:
    mineral = mineral_book().resolve(ind.mineral).en.replace(" ", "-") if ind.mineral else ""
    parts = [(ind.measure or "").replace("_", "-"), mineral, ind.county or ""]
    return "-".join(p for p in parts if p)


NAMES_EN = {
    "矿山数量": "number of mines",
    "矿山总数量": "number of mines",
    "矿山数": "number of mines",
    "大中型矿山比例": "share of large and medium mines",
    "重要矿产资源年开采量": "yearly extraction",
    "产量": "yearly output",
    "开采总量": "yearly extraction",
}


def name_en(ind: Indicator) -> str:
    base = NAMES_EN.get(ind.name, ind.name)
    return f"{base} ({mineral_book().resolve(ind.mineral).en})" if ind.mineral else base


def name_zh(ind: Indicator) -> str:
    return f"{ind.name}（{ind.mineral}）" if ind.mineral else ind.name


class _Members:
    """The batch's records to which one plan applies, and the baseline mines in its jurisdiction."""

    def __init__(self, plan: Plan, results: list[RecordView], baseline: list[Mine] | None):
        self.records: list[FactsView] = [r.record for r in results if r.record is not None]
        self.new = [r for r in self.records if r.right == "mining" and r.application in NEW]
        self.baseline = None if baseline is None else [m for m in baseline if plan.covers(m.county)]


def _mines(plan: Plan, ind: Indicator, m: _Members) -> Finding:
    new = [r for r in m.new if ind.counts(r.location.county, r.mineral)]
    if m.baseline is not None:
        base = len([x for x in m.baseline if ind.counts(x.county, x.mineral)])
        source_zh, source_en = f"台账现有 {base} 座", f"{base} existing in the ledger"
    elif ind.base is not None:
        base = int(ind.base)
        source_zh, source_en = (
            f"规划基期（{ind.base_year}年）{base} 座",
            f"{base} in the plan's base year {ind.base_year}",
        )
    else:
        return _finding(
            plan,
            _slug(ind),
            "mine_count",
            Status.needs_info,
            f"{name_zh(ind)}：规划未给出基期数，需提供现有矿山台账（--baseline）",
            f"{name_en(ind)}: the plan gives no base figure; a ledger of existing mines is needed (--baseline)",
            _citation(ind),
            [r.id for r in new],
        )
    total = base + len(new)
    target = ind.target or 0
    status = _over(ind.nature) if total > target else Status.pass_
    word_zh = "超过" if total > target else "未超过"
    return _finding(
        plan,
        _slug(ind),
        "mine_count",
        status,
        f"{name_zh(ind)}：{source_zh} + 本批新立 {len(new)} 座 = {total} 座，"
        f"{word_zh}{'约束性' if ind.nature == 'binding' else '预期性'}控制数 {format_number(target)} 座",
        f"{name_en(ind)}: {source_en} + {len(new)} new in the batch = "
        f"{total}, {'above' if total > target else 'within'} the {ind.nature} cap of {format_number(target)}",
        _citation(ind),
        [r.id for r in new],
        required=f"≤ {format_number(target)}",
        actual=str(total),
    )


def _output(plan: Plan, ind: Indicator, m: _Members) -> Finding:
    new = [r for r in m.new if ind.counts(r.location.county, r.mineral)]
    counted, skipped, added = [], [], 0.0
    for r in new:
        try:
            if r.capacity is None:
                raise QuantityError("no capacity")
            added += yearly(r.capacity, ind.unit, r.working_days)
            counted.append(r.id)
        except (QuantityError, DimensionMismatch):
            skipped.append(r.id)
    if m.baseline is not None:
        base = 0.0
        for x in m.baseline:
            q = x.output or x.capacity
            if q is not None and ind.counts(x.county, x.mineral):
                try:
                    base += yearly(q, ind.unit, None)
                except (QuantityError, DimensionMismatch):
                    continue
        source_zh, source_en = f"台账现有 {format_number(base)}", f"{format_number(base)} in the ledger"
    elif ind.base is not None:
        base = ind.base
        source_zh = f"规划基期（{ind.base_year}年）{format_number(base)}"
        source_en = f"{format_number(base)} in the plan's base year {ind.base_year}"
    else:
        base = None
        source_zh, source_en = "基期未给出", "no base figure"
    target = ind.target or 0.0
    total = (base or 0.0) + added
    u = ind.unit
    u_en = unit(u).en or u
    exceeded = total > target + 1e-9
    if exceeded:
        status = _over(ind.nature)
    elif base is None or skipped:
        status = Status.needs_info
    else:
        status = Status.pass_
    extra_zh = f"；{len(skipped)} 条记录规模无法换算或缺失，未计入" if skipped else ""
    extra_en = f"; {len(skipped)} records without a comparable capacity not counted" if skipped else ""
    return _finding(
        plan,
        _slug(ind),
        "extraction_cap",
        status,
        f"{name_zh(ind)}：{source_zh} + 本批新增 {format_number(added)} = {format_number(total)}{u}，"
        f"{'超过' if exceeded else '未超过'}{'约束性' if ind.nature == 'binding' else '预期性'}控制量 "
        f"{format_number(target)}{u}{extra_zh}",
        f"{name_en(ind)}: {source_en} + {format_number(added)} from the batch = {format_number(total)} {u_en}, "
        f"{'above' if exceeded else 'within'} the {ind.nature} cap of {format_number(target)} {u_en}{extra_en}",
        _citation(ind),
        counted + skipped,
        required=f"≤ {format_number(target)}{u}",
        actual=f"{format_number(total)}{u}",
    )


def _share(plan: Plan, ind: Indicator, m: _Members) -> Finding:
    new = [r for r in m.new if ind.counts(r.location.county, r.mineral)]
    unknown = [r.id for r in new if r.mine_scale is None]
    if m.baseline is not None:
        n_base = len(m.baseline)
        lm_base = len([x for x in m.baseline if x.mine_scale in ("large", "medium")])
        unknown += [x.id for x in m.baseline if x.mine_scale is None]
    else:
        counts = [i for i in plan.indicators if i.measure == "mines" and not i.mineral and not i.county]
        if ind.base is None or not counts or counts[0].base is None:
            return _finding(
                plan,
                _slug(ind),
                "mine_share",
                Status.needs_info,
                f"{name_zh(ind)}：规划未给出基期矿山数与比例，需提供现有矿山台账（--baseline）",
                f"{name_en(ind)}: no base count and share in the plan; a ledger is needed (--baseline)",
                _citation(ind),
                [r.id for r in new],
            )
        n_base = int(counts[0].base)
        lm_base = round(n_base * ind.base / 100)
    lm_new = len([r for r in new if r.mine_scale in ("large", "medium")])
    total = n_base + len(new)
    share = 100.0 * (lm_base + lm_new) / total if total else 0.0
    target = ind.target or 0.0
    reached = share + 1e-9 >= target
    status = Status.needs_info if unknown else (Status.pass_ if reached else _over(ind.nature))
    note_zh = f"；{len(unknown)} 座矿山规模未知" if unknown else ""
    note_en = f"; {len(unknown)} mines of unknown class" if unknown else ""
    return _finding(
        plan,
        _slug(ind),
        "mine_share",
        status,
        f"{name_zh(ind)}：（{lm_base}+{lm_new}）/（{n_base}+{len(new)}）= {format_number(share)}%，"
        f"{'达到' if reached else '低于'}目标 {format_number(target)}%{note_zh}",
        f"{name_en(ind)}: ({lm_base}+{lm_new})/({n_base}+{len(new)}) = {format_number(share)}%, "
        f"{'reaches' if reached else 'below'} the target of {format_number(target)}%{note_en}",
        _citation(ind),
        [r.id for r in new],
        required=f"≥ {format_number(target)}%",
        actual=f"{format_number(share)}%",
    )


MEASURES: dict[str, Callable[[Plan, Indicator, _Members], Finding]] = {
    "mines": _mines,
    "output": _output,
    "large_medium_share": _share,
}


def _batch_citation(check: BatchCheck) -> Citation:
    return Citation(check.section, check.table, None, check.quote)


def _one_holder(plan: Plan, check: BatchCheck, m: _Members) -> list[Finding]:
    types = {z.code.upper(): z.type for z in plan.zones}
    wanted = set(check.zone_types) or BLOCK_TYPES

    def blocks(codes: list[str] | None) -> list[str]:
        # a code the plan's tables do not list is taken for a block code (the block annexes are not printed)
        return [c for c in codes or [] if types.get(c, "mining_block") in wanted]

    holders: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    unknown: dict[str, list[str]] = defaultdict(list)
    for r in m.records:
        for code in blocks(r.location.zones):
            if r.holder:
                holders[code][r.holder].append(r.id)
            else:
                unknown[code].append(r.id)
    for x in m.baseline or []:
        for code in blocks(x.zones):
            if x.holder:
                holders[code][x.holder].append(x.id)
    out = []
    for code in sorted(set(holders) | set(unknown)):
        ids = sorted({i for group in holders[code].values() for i in group} | set(unknown[code]))
        names = sorted(holders[code])
        if len(names) > 1:
            status = _over(check.force)
            zh = f"区块 {code} 有 {len(names)} 个主体：{'、'.join(names)}"
            en = f"block {code} has {len(names)} holders: {', '.join(names)}"
        elif unknown[code]:
            status = Status.needs_info
            zh, en = f"区块 {code}：{len(unknown[code])} 条记录未填申请人（holder）", f"block {code}: holder not stated"
        else:
            status = Status.pass_
            zh, en = f"区块 {code} 仅一个主体", f"block {code} has one holder"
        out.append(
            Finding(
                f"{plan.id}/aggregate/{check.id}",
                plan.id,
                plan.level,
                "block_holder",
                status,
                {"zh": f"{check.title_zh}：{zh}", "en": f"{check.title_en}: {en}"},
                _batch_citation(check),
                records=ids,
            )
        )
    return out


def _zone_permits(plan: Plan, check: BatchCheck, m: _Members) -> list[Finding]:
    out = []
    for zone in plan.zones:
        if zone.permits_planned is None or (check.zone_types and zone.type not in check.zone_types):
            continue
        inside = [r.id for r in m.new if zone.code.upper() in (r.location.zones or [])]
        if not inside:
            continue
        over = len(inside) > zone.permits_planned
        status = _over(check.force) if over else Status.pass_
        out.append(
            Finding(
                f"{plan.id}/aggregate/{check.id}",
                plan.id,
                plan.level,
                "zone_permits",
                status,
                {
                    "zh": f"{check.title_zh}：{zone.code} 本批新设 {len(inside)} 个，拟设 {zone.permits_planned} 个",
                    "en": f"{check.title_en}: {zone.code} gets {len(inside)} new rights in the batch; the plan allows "
                    f"{zone.permits_planned}",
                },
                Citation(check.section, zone.table, zone.code, check.quote),
                required=f"≤ {zone.permits_planned}",
                actual=str(len(inside)),
                records=inside,
            )
        )
    return out


CHECKS: dict[str, Callable[[Plan, BatchCheck, _Members], list[Finding]]] = {
    "one_holder_per_block": _one_holder,
    "zone_permits": _zone_permits,
}


def duplicate_ids(results: list[RecordView]) -> list[Finding]:
    seen: dict[str, list[str]] = defaultdict(list)
    for r in results:
        if r.id is not None:
            seen[r.id].append(f"{r.file}" + (f"#{r.index + 1}" if r.index else ""))
    out = []
    for rid, where in sorted(seen.items()):
        if len(where) > 1:
            out.append(
                Finding(
                    "minplan/aggregate/duplicate-id",
                    "minplan",
                    "batch",
                    "duplicate_id",
                    Status.fail,
                    {
                        "zh": f"记录编号 {rid} 重复：{'、'.join(where)}",
                        "en": f"record id {rid} appears {len(where)} times: {', '.join(where)}",
                    },
                    Citation("记录格式：id 在一批记录中唯一", None, None, None),
                    records=[rid],
                )
            )
    return out


def aggregate(batch: Batch) -> list[Finding]:
    """Every batch-wide finding, plan by plan, for the plans applied to at least one record."""
    findings = duplicate_ids(batch.results)
    members: dict[str, list[RecordView]] = defaultdict(list)
    for result in batch.results:
        for plan_id in result.applied_plans():
            members[plan_id].append(result)
    for plan_id in sorted(members):
        plan = batch.corpus.plans[plan_id]
        group = _Members(plan, members[plan_id], batch.baseline)
        for ind in plan.indicators:
            wanted = "min" if ind.measure == "large_medium_share" else "max"
            touched = any(ind.counts(r.location.county, r.mineral) for r in group.new)
            if ind.measure in MEASURES and ind.target is not None and ind.direction == wanted and touched:
                findings.append(MEASURES[ind.measure](plan, ind, group))
        for check in plan.batch:
            findings.extend(CHECKS[check.check](plan, check, group))
    return findings
