"""Plan metadata, indicator and zone tables, and which plan is in force on a date."""

# No ``from __future__ import annotations`` here or in the kinds' modules: pydantic would compile every field's
# annotation of their models from its text as it builds them, at each check's start-up.
import datetime as dt
from functools import cache
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from minplan.defaults import empty_list
from minplan.findings import PlanUse
from minplan.vocab import Right

Level = Literal["province", "prefecture", "county"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Period(_Model):
    start: dt.date
    end: dt.date


class InForce(_Model):
    """From ``start`` until superseded; past the period's end only while no successor is encoded."""

    start: dt.date
    superseded_after: dt.date | None = None
    superseded_by: str | None = Field(None, description="the successor plan, if known (encoded or not)")


class Source(_Model):
    file: str = Field(description="the source text, in the seeds folder")
    issuer: str | None = None
    document: str | None = None
    published: str | None = None


class Indicator(_Model):
    """One row of a main-indicator table."""

    table: str
    category: str
    name: str
    mineral: str | None = None
    except_minerals: list[str] = Field(default_factory=empty_list, description="minerals the plan keeps apart")
    unit: str
    base: float | None = None
    base_year: int | None = None
    target: float | None = None
    target_text: str | None = None
    year: int
    nature: Literal["binding", "expected"]
    direction: Literal["max", "min", "none"] = "none"
    county: str | None = None
    measure: str | None = Field(None, description="what records can measure it by: mines, large_medium_share, output")
    grade_basis: float | None = Field(
        None,
        gt=0,
        le=100,
        description="an output counted in ore of this grade (%; 100: in metal, 金属量): each record's ore is converted "
        "by its grade, and one without a grade is not counted (the sum is then not known)",
    )
    note: str | None = None

    def counts(self, county: str, mineral: str) -> bool:
        """Does a mine of ``mineral`` in ``county`` count towards this indicator?"""
        if self.county and self.county != county:
            return False
        return not self.mineral or _counted(self.mineral, tuple(self.except_minerals), mineral)


@cache
def _counted(counted: str, kept_apart: tuple[str, ...], mineral: str) -> bool:
    """:meth:`Indicator.counts` for the mineral, remembered: a batch asks it of each new mine for every indicator
    (the minerals' book does not change)."""
    from minplan.minerals import mineral_book

    return mineral_book().covers([counted], mineral, kept_apart)


ZoneType = Literal[
    "key_exploration_area",
    "key_mining_area",
    "concentrated_mining_area",
    "restricted_mining_area",
    "encouraged_mining_area",
    "national_planned_mining_area",
    "exploration_block",
    "mining_block",
    "industry_area",
    "remediation_area",
]


class Zone(_Model):
    """One row of a zone table (key exploration area, key mining area, planning block …).

    ``code`` is the zone's identity: records and rules may give it, the printed name, another name the
    plan prints for the zone (``aliases``), or a short form of either (minplan.zones).
    """

    code: str = Field(description="the code the plan prints; where it prints none, one minplan coins (coined)")
    coined: bool = Field(False, description="the plan prints no code: minplan made this one up")
    name: str = Field(description="the name as the plan prints it")
    aliases: list[str] = Field(
        default_factory=empty_list,
        description="other names the plan prints for the zone (in the text, 隶属上级规划名称)",
    )
    type: ZoneType
    table: str
    blocks: int = Field(1, ge=1, description="the blocks a table row stands for, where it groups several")
    minerals: list[str] = Field(default_factory=empty_list)
    area_km2: float | None = None
    county: list[str] = Field(default_factory=empty_list)
    county_printed: bool = Field(
        False,
        description="the plan prints where the zone lies (a county column, the county leading the zone's name, or "
        "the text): a record of another county naming the zone is refused; otherwise the counties are read from "
        "the zone's localities and may be incomplete, so a record of another county is taken at its word",
    )
    permits_existing: int | None = None
    permits_planned: int | None = Field(None, description="new rights the plan would set in the zone (拟设)")
    rights_most: int | None = Field(
        None, description="the most rights the zone may hold, those already set included (采矿权数量控制在N个以内)"
    )
    min_scale: str | None = None
    level: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _printed_where(self) -> Self:
        if self.county_printed and not self.county:
            raise ValueError(f"zone {self.code}: county_printed without a county")
        return self

    @field_validator("code")
    @classmethod
    def _code(cls, code: str) -> str:
        if not code.strip() or code != code.strip() or any(ch in code for ch in ",，、;； "):
            raise ValueError(f"zone code {code!r}: no blanks or list separators")
        return code

    def names(self) -> tuple[str, ...]:
        """The printed name and the other names the plan prints for the zone."""
        return (self.name, *self.aliases)


class BatchCheck(_Model):
    """A provision only a whole batch can break (one holder per block, rights granted in a zone)."""

    check: Literal["one_holder_per_block", "zone_permits"]
    id: str
    force: Literal["binding", "expected", "guidance"]
    force_reason: str | None = Field(
        None, description="why the force differs from what the quoted words alone would give (lint asks for it)"
    )
    title_zh: str
    title_en: str
    section: str
    table: str | None = None
    quote: str | None = None
    note: str | None = Field(None, description="how the provision is read")
    zone_types: list[str] = Field(default_factory=empty_list, description="zone types the check counts in")
    right: Right = Field(
        Right.mining,
        description="the kind of right the check counts: zone_permits the new rights of it; one_holder_per_block the "
        "holders of it (a mining-block sentence counts mining rights, an exploration-block sentence exploration "
        "rights, and a block code the zone tables do not list is taken for a block of that kind)",
    )


class ScopeCitation(_Model):
    section: str
    quote: str = Field(description="the sentence that sets the scope, verbatim")


class PlanScope(_Model):
    """What the plan covers, from its 总则 (general provisions): its own minerals and rights, beside its territory.

    ``minerals`` lists the only minerals covered (none: all); ``except_minerals`` those left out (and what lies
    under them); ``rights`` the only kinds of right covered (none: both).
    """

    minerals: list[str] = Field(default_factory=empty_list)
    except_minerals: list[str] = Field(default_factory=empty_list)
    rights: list[Right] = Field(default_factory=empty_list)
    citation: ScopeCitation

    @field_validator("minerals", "except_minerals")
    @classmethod
    def _known(cls, names: list[str]) -> list[str]:
        """Canonical names: a name the vocabulary does not know would silently match nothing."""
        from minplan.minerals import UnknownMineral, mineral_book

        try:
            return [mineral_book().resolve(name).name for name in names]
        except UnknownMineral as exc:
            raise ValueError(str(exc)) from None

    @property
    def limits(self) -> bool:
        """Does the scope leave anything out?"""
        return bool(self.minerals or self.except_minerals or self.rights)

    def admits_mineral(self, mineral: str) -> bool:
        if not (self.minerals or self.except_minerals):
            return True
        from minplan.minerals import mineral_book

        return mineral_book().admits(mineral, self.minerals, self.except_minerals)


# what may make a change (变更) an expansion (改扩建): facts of the record, true or false, with what they enlarge
ENLARGING_FACTS = {
    "project.enlarges_scale": ("生产规模", "the scale"),
    "project.enlarges_area": ("矿区范围", "the area"),
}


def enlarging_facts(value: list[str], empty: bool = True) -> list[str]:
    """``value`` if it names only facts of ENLARGING_FACTS (and some, unless ``empty``); else a ValueError."""
    odd = [name for name in value if name not in ENLARGING_FACTS]
    if odd or (not value and not empty):
        raise ValueError(f"expected some of {', '.join(ENLARGING_FACTS)}, got {', '.join(odd) or 'none'}")
    return value


class Plan(_Model):
    id: str
    title: str
    title_en: str
    jurisdiction: str
    level: Level
    period: Period
    base_year: int
    target_year: int
    outlook_year: int | None = None
    status: Literal["final", "draft"]
    in_force: InForce
    source: Source
    restates: list[str] = Field(default_factory=empty_list, description="higher plans the text restates")
    indicators: list[Indicator] = Field(default_factory=empty_list)
    zones: list[Zone] = Field(default_factory=empty_list)
    batch: list[BatchCheck] = Field(default_factory=empty_list)
    notes: list[dict[str, str]] = Field(default_factory=empty_list)
    scope: PlanScope | None = Field(None, description="what the plan covers beyond its territory (总则)")
    expansion_by_change: list[str] = Field(
        default_factory=lambda: list(ENLARGING_FACTS),
        description="the facts of a change (变更) any one of which makes it the 改扩建 (expansion) the plan's "
        "provisions name: by default one that enlarges the scale or the area; a plan that defines 改扩建 "
        "otherwise names its own",
    )
    defines_expansion: bool = Field(
        False,
        description="the plan defines 改扩建 by the facts of expansion_by_change (丹东 专栏六: "
        "已有矿山整合或扩大矿区范围): an application filed as an expansion that states it does none of them is no "
        "expansion its provisions name",
    )

    @field_validator("expansion_by_change")
    @classmethod
    def _enlarging(cls, value: list[str]) -> list[str]:
        return enlarging_facts(value, empty=False)

    @model_validator(mode="after")
    def _zone_codes(self) -> Self:
        from minplan.zones import BLOCK_CODE

        seen: set[str] = set()
        for zone in self.zones:
            code = zone.code.upper()
            if code in seen:
                raise ValueError(f"zone code {zone.code} appears twice")
            if zone.coined and BLOCK_CODE.match(code):
                raise ValueError(f"coined zone code {zone.code} looks like a printed block code")
            seen.add(code)
        return self

    def covers(self, county: str) -> bool:
        """Does the plan's jurisdiction enclose ``county``?"""
        from minplan.regions import gazetteer

        return self.jurisdiction in {d.code for d in gazetteer().chain(county)}

    def use_on(self, day: dt.date) -> PlanUse:
        """Whether this plan applies to a record dated ``day``, with the reason in zh and en."""
        iso = day.isoformat()
        start = self.in_force.start
        if day < start:
            return PlanUse(
                self.id,
                self.level,
                False,
                {
                    "zh": f"{start.isoformat()} 起施行，{iso} 尚未施行",
                    "en": f"not yet in force on {iso} (from {start.isoformat()})",
                },
            )
        after = self.in_force.superseded_after
        if after is not None and day > after:
            return PlanUse(
                self.id,
                self.level,
                False,
                {"zh": f"{after.isoformat()} 后已被替代", "en": f"superseded after {after.isoformat()}"},
            )
        notes: list[dict[str, str]] = []
        if self.status == "draft":
            notes.append(
                {"zh": "本规划为征求意见稿，尚未批准", "en": "this plan is a draft for comment, not yet approved"}
            )
        if day > self.period.end:
            notes.append(
                {
                    "zh": f"规划期已于 {self.period.end.isoformat()} 届满，尚无已编码的后续规划，继续适用",
                    "en": f"plan period ended {self.period.end.isoformat()}; applied because no successor is encoded",
                }
            )
        return PlanUse(self.id, self.level, True, {"zh": f"{iso} 在施行期内", "en": f"in force on {iso}"}, tuple(notes))

    def covered(self, right: str, minerals: tuple[str, ...]) -> tuple[str, ...]:
        """Those of a right's ``minerals`` (main first) the plan's scope covers; none if it leaves the right out."""
        scope = self.scope
        if scope is None or not scope.limits:
            return minerals
        if scope.rights and right not in scope.rights:
            return ()
        return tuple(m for m in minerals if scope.admits_mineral(m))

    def use_for(self, day: dt.date, right: str, minerals: tuple[str, ...]) -> PlanUse:
        """As :meth:`use_on`, and whether the plan's own scope covers the right and its minerals.

        A plan in force whose scope leaves the record out is not applied, and says why; one that covers
        only some of its minerals is applied, with a note naming those it leaves out.
        """
        use = self.use_on(day)
        if not use.applied or self.scope is None:
            return use
        covered = self.covered(right, minerals)
        if len(covered) == len(minerals):
            return use
        quote = self.scope.citation.quote
        where = self.scope.citation.section
        if not covered:
            if self.scope.rights and right not in self.scope.rights:
                what_zh, what_en = ("探矿权" if right == "exploration" else "采矿权"), f"{right} rights"
            else:
                what_zh, what_en = _names(minerals)
            return PlanUse(
                self.id,
                self.level,
                False,
                {
                    "zh": f"{use.reason['zh']}，但本规划适用范围不含{what_zh}（{where}：“{quote}”）",
                    "en": f"{use.reason['en']}, but the plan's scope leaves out {what_en} ({where}: “{quote}”)",
                },
                use.notes,
                out_of_scope=True,
            )
        left_zh, left_en = _names(tuple(m for m in minerals if m not in covered))
        note = {
            "zh": f"本规划适用范围不含{left_zh}，不对其审查（{where}：“{quote}”）",
            "en": f"the plan's scope leaves out {left_en}, which is not judged under it ({where}: “{quote}”)",
        }
        return PlanUse(self.id, self.level, True, use.reason, (*use.notes, note))

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "level": self.level,
            "jurisdiction": self.jurisdiction,
            "status": self.status,
        }


def _names(minerals: tuple[str, ...]) -> tuple[str, str]:
    from minplan.minerals import mineral_book

    book = mineral_book()
    return "、".join(minerals), ", ".join(f"{book.minerals[m].en} ({m})" for m in minerals)
