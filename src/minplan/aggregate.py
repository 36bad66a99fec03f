"""Batch-wide checks: caps, mine counts, share of large and medium mines, blocks, duplicate ids.

Counts add the batch's new applications to a baseline of existing mines: a bureau's ledger
(``--baseline``) when given, else the base-year figures the plan prints. Every finding says which.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

from minplan.findings import Citation, Finding, Status
from minplan.i18n import FORCE, indicator_en
from minplan.measures import (
    Measurement,
    before_issue,
    id_key,
    measure,
    measure_of,
    members,
    new_mines,
    new_rights,
    unread_inputs,
)
from minplan.minerals import mineral_book
from minplan.plans import BatchCheck, Indicator, Plan, Zone
from minplan.quantities import (
    DEFAULT_WORKING_DAYS,
    MOST_WORKING_DAYS,
    at_least,
    figure_beside,
    format_number,
    unit,
)
from minplan.rulebook import Corpus
from minplan.shapes import quantity
from minplan.textnorm import fold
from minplan.views import FactsView, RecordView

if TYPE_CHECKING:
    from minplan.baseline import Mine

BLOCK_TYPES = {"exploration_block", "mining_block"}


@dataclass
class Batch:
    """What the batch-wide checks read: each record's view, the corpus, and the ledger of existing mines."""

    results: list[RecordView]
    corpus: Corpus
    baseline: list[Mine] | None = None

    @cached_property
    def unread(self) -> int:
        """Inputs of the batch that could not be read, or not wholly (counted once for the findings and the note)."""
        return len(unread_inputs(self.results))


def _over(status_binding: str) -> Status:
    return Status.fail if status_binding == "binding" else Status.warn


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


def indicator_finding_id(plan: Plan, ind: Indicator) -> str:
    """The id of the batch-wide finding on ``ind`` (measure, mineral, county): unique within a plan (lint)."""
    mineral = mineral_book().resolve(ind.mineral).en.replace(" ", "-") if ind.mineral else ""
    parts = [(ind.measure or "").replace("_", "-"), mineral, ind.county or ""]
    return f"{plan.id}/aggregate/" + "-".join(p for p in parts if p)


def checked(ind: Indicator) -> bool:
    """Does the batch check this indicator (a measure, a target, and the direction its measure caps)?"""
    wanted = "min" if ind.measure == "large_medium_share" else "max"
    return measure_of(ind) is not None and ind.target is not None and ind.direction == wanted


def name_en(ind: Indicator) -> str:
    base = indicator_en(ind.name)
    return f"{base} ({mineral_book().resolve(ind.mineral).en})" if ind.mineral else base


def name_zh(ind: Indicator) -> str:
    return f"{ind.name}（{ind.mineral}）" if ind.mineral else ind.name


class _Members:
    """The batch's records to which one plan applies, and the baseline mines in its jurisdiction."""

    def __init__(self, plan: Plan, results: list[RecordView], baseline: list[Mine] | None):
        self.records: list[FactsView] = members(plan, results)
        self.new = new_mines(self.records)
        self.baseline = None if baseline is None else [m for m in baseline if plan.covers(m.county)]


def _status(ind: Indicator, m: Measurement) -> Status:
    verdict = m.verdict(ind)
    if verdict in ("within", "reached"):
        return Status.pass_
    return Status.needs_info if verdict == "needs_info" else _over(ind.nature)


def _source(m: Measurement, ind: Indicator, what_zh: str, what_en: str) -> tuple[str, str]:
    if m.basis == "ledger":
        return f"台账现有 {what_zh}", f"{what_en} in the ledger"
    return f"规划基期（{ind.base_year}年）{what_zh}", f"{what_en} in the plan's base year {ind.base_year}"


# the records a count cannot settle, by what leaves it open (a Measurement's field), said after its ids
_OPEN = (
    (
        "unplaced",
        " 的主矿种不在本规划范围内，其他矿种计入本项的数量无法判断",
        ": the main mineral lies outside this plan's scope, so what its other minerals add here cannot be told",
    ),
    (
        "associated",
        " 另以共伴生矿种开采本项矿种，未给出其产量，计入本项的数量无法判断",
        ": also mine it as an associated mineral, whose output they do not give, so what they add here cannot be told",
    ),
    (
        "again",
        " 与本批其他记录或台账中的矿山同编号，只计一次；是否另为一座矿山无法判断",
        ": the id of another record of the batch or of a ledger mine, counted once; whether it is another mine "
        "cannot be told",
    ),
)


def _finding(plan: Plan, ind: Indicator, kind: str, m: Measurement, zh: str, en: str, **extra: Any) -> Finding:
    for field, said_zh, said_en in _OPEN:
        ids = getattr(m, field)
        if ids:
            zh += f"；{'、'.join(ids)}{said_zh}"
            en += f"; {', '.join(ids)}{said_en}"
            extra["records"] = m.records
    if m.unnamed or m.unnamed_ledger:
        shown = m.unnamed_ledger[:5]
        more = "…" if len(m.unnamed_ledger) > len(shown) else ""
        ids = [*m.unnamed, *([f"台账 {len(m.unnamed_ledger)} 座矿山（{'、'.join(shown)}{more}）"] if shown else [])]
        ids_en = [*m.unnamed, *([f"{len(m.unnamed_ledger)} ledger mines ({', '.join(shown)}{more})"] if shown else [])]
        zh += f"；{'、'.join(ids)} 的矿种为统称，未写明具体矿种，是否计入本项无法判断，未计入"
        en += (
            f"; {', '.join(ids_en)}: the mineral is an umbrella of which only some kinds count here, and the kind is "
            "not given, so whether it counts cannot be told; not counted"
        )
        extra["records"] = m.records
    if m.given_up:
        zh += f"；{'、'.join(m.given_up)} 本批申请注销，不计入台账现有数"
        en += f"; {', '.join(m.given_up)}: given up (注销) in the batch, not counted among the ledger's mines"
        extra["records"] = m.records
    if m.unread and _status(ind, m) is Status.needs_info:  # a fail or a warning stands however many more
        zh, en = zh + _unread_zh(m.unread), en + _unread_en(m.unread)
    if m.not_in_ledger:
        zh += f"；{'、'.join(m.not_in_ledger)} 为现有矿山，台账未列（按编号），台账不全则计数偏少"
        en += (
            f"; {', '.join(m.not_in_ledger)}: existing mines the ledger does not list (by id): if it leaves them out, "
            "the count is too low"
        )
        extra["records"] = m.records
        extra["remedy"] = {
            "zh": "提供列有这些矿山的台账（编号与记录一致）",
            "en": "give a ledger that lists these mines (under the ids the records give)",
        }
    if m.ledger_gaps or m.ledger_unlisted:
        from minplan.regions import gazetteer

        places = [gazetteer().divisions[code] for code in m.ledger_gaps]
        if places:
            zh += f"；台账未列{'、'.join(d.zh for d in places)}的任何矿山，若台账不全则计数偏少"
            en += (
                f"; the ledger lists no mine at all in {', '.join(d.en for d in places)}: if it leaves them out, "
                "the count is too low"
            )
        if m.ledger_unlisted:
            zh += f"；规划区内另有 {m.ledger_unlisted} 个县（市、区）minplan 未收录，台账无法列出其矿山"
            en += (
                f"; {m.ledger_unlisted} more counties of the plan's area are not in minplan's list, so no ledger "
                "shows their mines"
            )
        extra.setdefault(
            "remedy",
            {
                "zh": "提供覆盖规划全域各县（市、区）的现有矿山台账",
                "en": "give a ledger of every county of the plan's area",
            },
        )
    return Finding(
        indicator_finding_id(plan, ind),
        plan.id,
        plan.level,
        kind,
        _status(ind, m),
        {"zh": zh, "en": en},
        _citation(ind),
        **{"records": list(m.new), **extra},
    )


def _mines(plan: Plan, ind: Indicator, m: Measurement) -> Finding:
    if m.base is None:
        if m.verdict(ind) == "exceeded":
            zh = f"{name_zh(ind)}：本批新立 {int(m.added)} 座，已超过控制数 {format_number(ind.target or 0)} 座"
            en = f"{name_en(ind)}: {int(m.added)} new in the batch, above the cap of {format_number(ind.target or 0)}"
            return _finding(plan, ind, "mine_count", m, zh, en)
        zh = f"{name_zh(ind)}：规划未给出基期数，需提供现有矿山台账（--baseline）"
        en = f"{name_en(ind)}: the plan gives no base figure; a ledger of existing mines is needed (--baseline)"
        return _finding(plan, ind, "mine_count", m, zh, en)
    base, total, target = int(m.base), int(m.total or 0), ind.target or 0
    source_zh, source_en = _source(m, ind, f"{base} 座", f"{base}")
    over = m.verdict(ind) == "exceeded"
    return _finding(
        plan,
        ind,
        "mine_count",
        m,
        f"{name_zh(ind)}：{source_zh} + 本批新立 {int(m.added)} 座 = {total} 座，"
        f"{'超过' if over else '未超过'}{FORCE[ind.nature]['zh']}控制数 {format_number(target)} 座",
        f"{name_en(ind)}: {source_en} + {int(m.added)} new in the batch = "
        f"{total}, {'above' if over else 'within'} the {ind.nature} cap of {format_number(target)}",
        required=f"≤ {format_number(target)}",
        actual=str(total),
        required_quantity=quantity(target, ind.unit, "<="),
        actual_quantity=quantity(total, ind.unit),
    )


def _output(plan: Plan, ind: Indicator, m: Measurement) -> Finding:
    u = ind.unit
    u_en = unit(u).en or u
    target = ind.target or 0.0
    total = (m.base or 0.0) + m.added
    if m.base is None:
        source_zh, source_en = "基期未给出", "no base figure"
    else:
        source_zh, source_en = _source(m, ind, format_number(m.base), format_number(m.base))
    over = m.verdict(ind) == "exceeded"
    extra_zh = f"；{len(m.skipped)} 条记录的规模或产量无法换算或缺失，未计入" if m.skipped else ""
    extra_en = f"; {len(m.skipped)} records or mines without a comparable figure not counted" if m.skipped else ""
    if m.by_density:  # a mass against a volume, or the reverse: through each record's own density
        extra_zh += f"；{'、'.join(m.by_density)} 的规模按记录所填矿石密度换算"
        extra_en += f"; {', '.join(m.by_density)}: capacity converted through the record's ore density"
    if m.spread:  # daily figures given without working days: counted at 300, and said what 330 would make
        most = format_number(total + m.spread)
        low, high = DEFAULT_WORKING_DAYS, MOST_WORKING_DAYS
        extra_zh += f"；按日填报且未填年工作天数的规模按 {low} 天计，按 {high} 天计为 {most}{u}"
        extra_en += f"; daily figures without working days are taken at {low} days: at {high} the total is {most} "
        extra_en += u_en
    return _finding(
        plan,
        ind,
        "extraction_cap",
        m,
        f"{name_zh(ind)}：{source_zh} + 本批新增 {format_number(m.added)} = {figure_beside(total, target)}{u}，"
        f"{'超过' if over else '未超过'}{FORCE[ind.nature]['zh']}控制量 {format_number(target)}{u}{extra_zh}",
        f"{name_en(ind)}: {source_en} + {format_number(m.added)} from the batch = {figure_beside(total, target)} "
        f"{u_en}, {'above' if over else 'within'} the {ind.nature} cap of {format_number(target)} {u_en}{extra_en}",
        required=f"≤ {format_number(target)}{u}",
        actual=f"{figure_beside(total, target)}{u}",
    )


def _share(plan: Plan, ind: Indicator, m: Measurement) -> Finding:
    share = m.total
    if share is None:
        return _finding(
            plan,
            ind,
            "mine_share",
            m,
            f"{name_zh(ind)}：规划未给出基期矿山数与比例，需提供现有矿山台账（--baseline）",
            f"{name_en(ind)}: no base count and share in the plan; a ledger is needed (--baseline)",
        )
    target = ind.target or 0.0
    reached = at_least(share, target)
    note_zh = f"；{len(m.unknown)} 座矿山规模未知（按非大中型计）" if m.unknown else ""
    note_en = f"; {len(m.unknown)} mines of unknown class (counted as small)" if m.unknown else ""
    lm_base, n_base, lm_new, n_new = m.large_medium_base, int(m.base or 0), m.large_medium_new, int(m.added)
    return _finding(
        plan,
        ind,
        "mine_share",
        m,
        f"{name_zh(ind)}：（{lm_base}+{lm_new}）/（{n_base}+{n_new}）= {format_number(share)}%，"
        f"{'达到' if reached else '低于'}目标 {format_number(target)}%{note_zh}",
        f"{name_en(ind)}: ({lm_base}+{lm_new})/({n_base}+{n_new}) = {format_number(share)}%, "
        f"{'reaches' if reached else 'below'} the target of {format_number(target)}%{note_en}",
        required=f"≥ {format_number(target)}%",
        actual=f"{format_number(share)}%",
    )


def _rights(plan: Plan, ind: Indicator, m: Measurement) -> Finding:
    n, target = int(m.added), format_number(ind.target or 0)
    printed_zh = f"（规划原文：{ind.target_text}）" if ind.target_text else ""
    printed_en = f" (printed: {ind.target_text})" if ind.target_text else ""
    if m.verdict(ind) == "exceeded":
        zh = f"{name_zh(ind)}：本批规划期内新立 {n} 个，单是本批即超过{FORCE[ind.nature]['zh']}控制数 {target} 个"
        en = f"{name_en(ind)}: {n} new in the batch within the plan period, above the {ind.nature} cap of {target}"
    else:
        zh = (
            f"{name_zh(ind)}：本批规划期内新立 {n} 个，未超过控制数 {target} 个；规划期内本批以外已投放的数量未知，"
            "须对照投放台账"
        )
        en = (
            f"{name_en(ind)}: {n} new in the batch within the plan period, within the cap of {target}; rights granted "
            "earlier in the period are not known (check the register of grants)"
        )
    return _finding(
        plan,
        ind,
        "rights_count",
        m,
        zh + printed_zh,
        en + printed_en,
        required=f"≤ {target}",
        actual=str(n),
        required_quantity=quantity(ind.target or 0, ind.unit, "<="),
        actual_quantity=quantity(n, ind.unit),
    )


MEASURES: dict[str, Callable[[Plan, Indicator, Measurement], Finding]] = {
    "mining_rights": _rights,
    "mines": _mines,
    "output": _output,
    "large_medium_share": _share,
}


def _batch_citation(check: BatchCheck) -> Citation:
    return Citation(check.section, check.table, None, check.quote)


def _one_holder(plan: Plan, check: BatchCheck, m: _Members) -> list[Finding]:
    """The holders of the check's kind of right in each block: a mining-block sentence counts mining rights (and
    the ledger's mines), an exploration-block sentence exploration rights."""
    types = {z.code.upper(): z.type for z in plan.zones}
    grouped = {z.code.upper(): z.blocks for z in plan.zones if z.blocks > 1}  # rows that stand for several blocks
    wanted = set(check.zone_types) or BLOCK_TYPES
    # a code the plan's tables do not list is taken for a block code of the check's right (the block annexes
    # are not printed)
    unlisted = "exploration_block" if check.right == "exploration" else "mining_block"

    def blocks(codes: list[str] | None) -> list[str]:
        return [c for c in codes or [] if types.get(c, unlisted) in wanted]

    # holders by their folded spelling (全角 and 半角 brackets, spaces, case alike), each shown as first written
    holders: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    spelled: dict[str, str] = {}
    unknown: dict[str, list[str]] = defaultdict(list)
    rights = [r for r in m.records if r.right == check.right]
    ledger = (m.baseline or []) if check.right == "mining" else []  # the ledger lists mines: mining rights
    placed = {id_key(x.id): x.zones for x in ledger if x.zones is not None}
    unplaced: list[Any] = []  # rights of the batch whose blocks neither the record nor the ledger gives
    for r in rights:
        if r.application == "cancellation":  # a right given up holds no block
            continue
        # a record that does not say where it lies is where the ledger places its mine (a transfer's new holder)
        zones = r.location.zones if r.location.zones is not None else placed.get(id_key(r.id))
        if zones is None:
            unplaced.append(r)
        for code in blocks(zones):
            if _named(r.holder):
                holders[code][spelled.setdefault(fold(r.holder), r.holder)].append(r.id)
            else:
                unknown[code].append(r.id)
    recorded = {id_key(r.id) for r in rights}  # the batch's record of a ledger mine (a transfer …) is newer
    touched = set(holders) | set(unknown)  # the blocks the batch's rights lie in
    for x in ledger:
        if id_key(x.id) in recorded:
            continue
        for code in blocks(x.zones):
            if _named(x.holder):
                holders[code][spelled.setdefault(fold(x.holder), x.holder)].append(x.id)
            elif code in touched:  # beside a right of the batch, a mine of unknown holder may be another's
                unknown[code].append(x.id)
    out = []
    for code in sorted(set(holders) | set(unknown)):
        ids = sorted({i for group in holders[code].values() for i in group} | set(unknown[code]))
        names = sorted(holders[code])
        if 1 < len(names) <= grouped.get(code, 1):  # each may hold a block of its own under the row
            status = Status.needs_info
            zh = (
                f"{code} 汇总 {grouped[code]} 个区块，{len(names)} 个主体（{'、'.join(names)}）是否同在一个区块"
                "无从判断：请填写区块自身的编号"
            )
            en = (
                f"{code} stands for {grouped[code]} blocks: whether its {len(names)} holders ({', '.join(names)}) "
                "share one cannot be told; give the block's own code"
            )
        elif len(names) > 1:  # more holders than the row has blocks: two of them share one
            status = _over(check.force)
            zh = f"区块 {code} 有 {len(names)} 个主体：{'、'.join(names)}"
            en = f"block {code} has {len(names)} holders: {', '.join(names)}"
            if code in grouped:
                zh += f"（该行汇总 {grouped[code]} 个区块，主体多于区块数）"
                en += f" (the row stands for {grouped[code]} blocks, fewer than its holders)"
        elif unknown[code]:
            status = Status.needs_info
            zh, en = f"区块 {code}：{len(unknown[code])} 条记录未填申请人（holder）", f"block {code}: holder not stated"
        elif others := _may_lie_in(code, plan, unplaced, names):
            status = Status.needs_info
            ids = sorted({*ids, *others})
            zh = f"区块 {code} 已知一个主体；{'、'.join(others)} 未填所在分区，可能位于该区块且主体不同"
            en = f"block {code} has one known holder; {', '.join(others)}, of another, give no zones and may lie in it"
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


def _may_lie_in(code: str, plan: Plan, rights: list[Any], names: list[str]) -> list[str]:
    """The rights among ``rights`` (which give no zones) that may lie in block ``code``: of a county it lies in,
    of a mineral it is for, held by another than ``names``."""
    zone = next((z for z in plan.zones if z.code.upper() == code), None)
    if zone is None:
        return []
    known = {fold(n) for n in names}
    out = []
    for r in rights:
        if zone.county and r.location.county not in zone.county:
            continue
        if zone.minerals and not any(mineral_book().covers(zone.minerals, m) for m in r.all_minerals):
            continue
        if _named(r.holder) and fold(r.holder) in known:
            continue
        out.append(r.id)
    return out


# what a form holds where nobody was named (a dash, 无, 不详 …): no holder, not one holder shared by all who write it
_NO_NAME = {"无", "暂无", "不详", "未知", "待定", "n/a", "na", "none", "null", "nil"}


def _named(holder: str | None) -> bool:
    """Does ``holder`` name somebody (not a placeholder such as '-', '—', '无' or 'N/A')?"""
    if not holder:
        return False
    folded = fold(holder).strip().casefold()
    return any(ch.isalnum() for ch in folded) and folded not in _NO_NAME


def _zone_permits(plan: Plan, check: BatchCheck, m: _Members) -> list[Finding]:
    """The rights of the check's kind in each zone: the batch's new ones against the number the plan would set
    there (permits_planned), or all the zone holds against the most it may hold (rights_most)."""
    out = []
    for zone in plan.zones:
        if check.zone_types and zone.type not in check.zone_types:
            continue
        code = zone.code.upper()
        inside = [r for r in m.records if r.right == check.right and code in (r.location.zones or [])]
        new = [r.id for r in new_rights(inside, check.right)]
        if zone.rights_most is not None:
            unknown = _zones_unknown(m, check, zone)
            if unknown or any(r.application != "cancellation" for r in inside):
                out.append(_zone_rights(plan, check, zone, m, inside, new, unknown))
        if zone.permits_planned is not None:
            planned = zone.permits_planned
            # the batch's new rights of the zone's counties that give no zones: any may lie in it
            unplaced = [r.id for r in new_rights(_zones_unknown(m, check, zone), check.right)]
            over = len(new) > planned
            if not new and len(unplaced) <= planned:  # nothing the batch adds can reach the figure
                continue
            zh = f"{zone.code} 本批新设 {len(new)} 个，拟设 {planned} 个"
            en = f"{zone.code} gets {len(new)} new rights in the batch; the plan allows {planned}"
            status = _over(check.force) if over else Status.pass_
            if not over and len(new) + len(unplaced) > planned:
                status = Status.needs_info
                zh += (
                    f"；该区所在县另有 {len(unplaced)} 个新设矿权（{'、'.join(unplaced)}）未填所在分区，"
                    "无法判断是否超过"
                )
                en += (
                    f"; {len(unplaced)} more new rights of its counties ({', '.join(unplaced)}) give no zones, so "
                    "whether it gets more cannot be told"
                )
            ids = new + unplaced if status is Status.needs_info else new
            out.append(_zone_finding(plan, check, zone, status, zh, en, planned, len(new), ids))
    return out


def _zone_rights(
    plan: Plan,
    check: BatchCheck,
    zone: Zone,
    m: _Members,
    inside: list[FactsView],
    new: list[str],
    unknown: list[FactsView],
) -> Finding:
    """All the rights a zone holds against the most it may hold: the rights already set (the ledger's mines there
    and the batch's records of rights already set, by id) and the batch's new ones; a right given up (注销) holds
    none. Without a ledger, or where the ledger or the batch (``unknown``) has rights of the zone's counties that give
    no zones, or the ledger lists none of them, the count is only the least the zone holds, so one within the
    figure is not known to be."""
    most = zone.rights_most
    assert most is not None
    code = zone.code.upper()
    held = [r for r in inside if r.application != "cancellation"]
    fresh = set(new)
    already = {r.id for r in held if r.id not in fresh}
    ids = [r.id for r in held]
    ledger = m.baseline if check.right == "mining" else None
    if ledger is not None:
        counties = set(zone.county)
        there = [x for x in ledger if not counties or x.county in counties]
        # a right given up holds none, the ledger's mine of that id placing it whatever the record says of zones
        gone = {id_key(r.id) for r in m.records if r.right == check.right and r.application == "cancellation"}
        placed = {id_key(x.id) for x in there if code in (x.zones or ())} - gone
        standing = placed | {id_key(i) for i in already}
        fresh_keys = {id_key(i) for i in fresh}
        count = len(standing | fresh_keys)  # by id, full-width and half-width alike: a right once
        # new rights whose id a right there has: the same right, or another so numbered
        twice = sorted(i for i in fresh if id_key(i) in standing)
        unplaced = [x.id for x in there if x.zones is None]
        unplaced += [r.id for r in unknown]
        zh = (
            f"{zone.code} 台账现有 {len(placed)} 个、本批 {len(held)} 个（新设 {len(fresh)} 个），按编号合计 {count} 个"
        )
        en = (
            f"{zone.code} holds {len(placed)} rights in the ledger and {len(held)} in the batch ({len(fresh)} new), "
            f"{count} in all by id"
        )
        if count > most:
            return _zone_finding(plan, check, zone, _over(check.force), zh, en, most, count, ids)
        if twice and count + len(twice) > most:
            zh += f"；新设 {'、'.join(twice)} 与区内已有矿权同编号，只计一次，是否另为一个矿权无法判断"
            en += (
                f"; new {', '.join(twice)}: the id of a right there, counted once; whether it is another cannot be told"
            )
            return _zone_finding(plan, check, zone, Status.needs_info, zh, en, most, count, ids)
        if unplaced or not there:
            why_zh = (
                f"该区所在县 {len(unplaced)} 座矿山（台账或本批）未填所在分区"
                if unplaced
                else "台账未列该区所在县的矿山"
            )
            why_en = (
                f"{len(unplaced)} mines of its counties (ledger or batch) give no zones"
                if unplaced
                else "the ledger lists no mine of its counties"
            )
            zh += f"；{why_zh}，无法判断是否超过 {most} 个"
            en += f"; {why_en}, so whether it holds more than {most} cannot be told"
            return _zone_finding(plan, check, zone, Status.needs_info, zh, en, most, count, ids)
        return _zone_finding(plan, check, zone, Status.pass_, zh + f"，控制在 {most} 个以内", en, most, count, ids)
    count = len(held)
    if count > most:  # the batch's own rights in it are enough: known to exceed
        zh = f"{zone.code} 本批即有 {count} 个，超过 {most} 个"
        en = f"{zone.code} holds at least the batch's {count} rights, above {most}"
        return _zone_finding(plan, check, zone, _over(check.force), zh, en, most, count, ids)
    zh = f"{zone.code} 本批 {count} 个；区内已设采矿权数量未知，无法判断是否超过 {most} 个（请以 --baseline 提供台账）"
    en = (
        f"{zone.code}: {count} in the batch; the rights already set in the zone are not known, so whether it holds "
        f"more than {most} cannot be told (give the ledger with --baseline)"
    )
    return _zone_finding(plan, check, zone, Status.needs_info, zh, en, most, count, ids)


def _zones_unknown(m: _Members, check: BatchCheck, zone: Zone) -> list[FactsView]:
    """The batch's rights of the zone's counties that do not say which zones they lie in: any may lie in it."""
    counties = set(zone.county)
    return [
        r
        for r in m.records
        if r.right == check.right
        and r.application != "cancellation"
        and r.location.zones is None
        and (not counties or r.location.county in counties)
    ]


def _zone_finding(
    plan: Plan,
    check: BatchCheck,
    zone: Zone,
    status: Status,
    zh: str,
    en: str,
    most: int,
    count: int,
    records: list[str],
) -> Finding:
    return Finding(
        f"{plan.id}/aggregate/{check.id}",
        plan.id,
        plan.level,
        "zone_permits",
        status,
        {"zh": f"{check.title_zh}：{zh}", "en": f"{check.title_en}: {en}"},
        Citation(check.section, zone.table, zone.code, check.quote),
        required=f"≤ {most}",
        actual=str(count),
        records=records,
        required_quantity=quantity(most, "个", "<="),
        actual_quantity=quantity(count, "个"),
    )


CHECKS: dict[str, Callable[[Plan, BatchCheck, _Members], list[Finding]]] = {
    "one_holder_per_block": _one_holder,
    "zone_permits": _zone_permits,
}


def duplicate_ids(results: list[RecordView]) -> list[Finding]:
    """Ids given more than once, full-width and half-width forms and white space alike (Ｔ－００１ is T-001)."""
    seen: dict[str, list[RecordView]] = defaultdict(list)
    spellings: dict[str, list[str]] = defaultdict(list)
    for r in results:
        if r.id is not None:
            key = r.id if r.id.isascii() and r.id.isprintable() and " " not in r.id else id_key(r.id)
            seen[key].append(r)
            if r.id not in spellings[key]:
                spellings[key].append(r.id)
    out = []
    for key, where in sorted(seen.items()):
        if len(where) > 1:
            rid = spellings[key][0]
            if len(spellings[key]) > 1:
                rid_zh = f"{rid}（写法：{'、'.join(spellings[key])}）"
                rid_en = f"{rid} (written {', '.join(spellings[key])})"
            else:
                rid_zh = rid_en = rid
            out.append(
                Finding(
                    "minplan/aggregate/duplicate-id",
                    "minplan",
                    "batch",
                    "duplicate_id",
                    Status.fail,
                    {
                        "zh": f"记录编号 {rid_zh} 重复：{'、'.join(_place(r, 'zh') for r in where)}",
                        "en": f"record id {rid_en} appears {len(where)} times: {', '.join(_place(r) for r in where)}",
                    },
                    Citation("记录格式：id 在一批记录中唯一", None, None, None),
                    records=spellings[key],
                )
            )
    return out


def _place(r: RecordView, lang: str = "en") -> str:
    """Where a record is, as its problems are located: a table's by sheet and row (``apps.xlsx › 2023年申请 › row
    5``, ``第 5 行``; the record's number in the file would read as a row), a ``---`` stream's by its number
    (``a.yaml#2``)."""
    if r.row is not None:
        row = f"第 {r.row} 行" if lang == "zh" else f"row {r.row}"
        return " › ".join(p for p in (r.file, r.sheet, row) if p)
    return f"{r.file}" + (f"#{r.index + 1}" if r.index else "")


def _unread_zh(n: int) -> str:
    return f"；本批另有 {n} 份输入未能读取（或未读完），其中若有本项所计的矿权，结论可能不同"


def _unread_en(n: int) -> str:
    return f"; {n} inputs of the batch could not be read (or not wholly): a right among them could change this"


def _unsure(finding: Finding, unread: int) -> Finding:
    """A batch-wide pass while inputs went unread: a right among them could overturn it (a fail or warning holds
    however many more rights there are)."""
    if not unread or finding.status is not Status.pass_:
        return finding
    message = {"zh": finding.message["zh"] + _unread_zh(unread), "en": finding.message["en"] + _unread_en(unread)}
    return replace(finding, status=Status.needs_info, message=message)


def aggregate(batch: Batch) -> list[Finding]:
    """Every batch-wide finding, plan by plan, for the plans applied to at least one record. Inputs that could
    not be read leave no pass standing that a right among them could overturn."""
    findings = duplicate_ids(batch.results)
    unread = batch.unread
    applied = {plan_id for result in batch.results for plan_id in result.applied_plans()}
    # a plan issued after its period began counts the rights of its period it was not yet in force for too
    applied |= {
        plan.id
        for plan in batch.corpus.plans.values()
        if any(r.record is not None and before_issue(plan, r.record) for r in batch.results)
    }
    for plan_id in sorted(applied):
        plan = batch.corpus.plans[plan_id]
        group = _Members(plan, batch.results, batch.baseline)
        for ind in plan.indicators:
            if not checked(ind):
                continue
            m = measure(plan, ind, group.records, batch.baseline, unread)
            # only what the batch touches is reported: what it adds or may add, and what it gives up (with an
            # input unread, the run's notes say that the rest was not judged: see unread_note)
            if m.new or m.unplaced or m.associated or m.again or m.unnamed or m.given_up:
                findings.append(MEASURES[m.measure](plan, ind, m))
        for check in plan.batch:
            findings.extend(_unsure(f, unread) for f in CHECKS[check.check](plan, check, group))
    return findings


def unread_note(batch: Batch) -> dict[str, str] | None:
    """What the batch-wide checks leave open when inputs went unread: only the counts the records read touch are
    reported, and a new right among the unread inputs could touch any other."""
    unread = batch.unread
    if not unread:
        return None
    return {
        "zh": f"本批另有 {unread} 份输入未能读取（或未读完）：批量汇总只判定已读记录涉及的规划指标，其余指标未判定，"
        "未读输入中若有新立矿权，可能涉及其中任何一项",
        "en": f"{unread} inputs of the batch could not be read (or not wholly): batch-wide counts are judged only "
        "where the records read touch them, the others not at all, and a new right among the unread inputs could "
        "touch any",
    }
