"""The record: one permit application or one operating mine, as a validated pydantic model."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from minplan.minerals import UnknownMineral, mineral_book
from minplan.quantities import Quantity, QuantityError, number
from minplan.regions import UnknownPlace, gazetteer
from minplan.textnorm import fold, nearest, plain_form, written
from minplan.vocab import (
    Application,
    DepositScale,
    Document,
    Method,
    Right,
    SeamThickness,
    Stage,
    Technique,
    WaterType,
    enum_value,
)

BLOCK_CODE = re.compile(r"^[A-Z]{2}\d{11}$")
"""A planning-block code of the national pattern (KQ21060000001 …): accepted unchecked, as the plans'
block annexes are not part of their printed text."""


def mineral_name(raw: Any) -> str:
    """The canonical name of a mineral given by any alias; a ValueError (for pydantic) when unknown."""
    try:
        return mineral_book().resolve(str(raw)).name
    except UnknownMineral as exc:
        raise ValueError(str(exc)) from None


def division_code(raw: Any) -> str:
    """The code of a division given by name, alias or code; a ValueError (for pydantic) when unknown."""
    try:
        return gazetteer().resolve(str(raw)).code
    except UnknownPlace as exc:
        raise ValueError(str(exc)) from None


def _quantity(raw: Any) -> Quantity:
    """A yearly or daily rate above zero, as written: ``6 万吨/年``, ``300 吨/日``, ``{value: 6, unit: 万吨/年}``."""
    if isinstance(raw, Quantity):
        return raw
    try:
        if isinstance(raw, str):
            found = Quantity.parse(raw)
        elif isinstance(raw, dict) and set(raw) == {"value", "unit"} and isinstance(raw["unit"], str):
            found = Quantity.of(raw["value"], raw["unit"])
        else:
            example = "'6 万吨/年' or {value: 6, unit: 万吨/年}"
            raise ValueError(f"expected a quantity such as {example}, got {written(raw)}")
    except QuantityError as exc:
        raise ValueError(str(exc)) from None
    if isinstance(raw, str):
        shown = written(raw)
    else:
        value = raw["value"]
        shown = written(f"{value if isinstance(value, str) else written(value)} {raw['unit']}")
    if not found.unit.is_rate:
        raise ValueError(f"{shown} is an amount, not a rate: write it per year or per day (万吨/年, 吨/日 …)")
    if found.value <= 0:
        raise ValueError(f"{shown}: a rate must be above zero")
    return found


def _finite(raw: Any) -> float:
    """A decimal figure as written (see :func:`minplan.quantities.number`)."""
    try:
        return number(raw)
    except QuantityError as exc:
        raise ValueError(str(exc)) from None


def _positive(raw: Any) -> float:
    value = _finite(raw)
    if value <= 0:
        raise ValueError(f"{written(raw)}: must be above zero")
    return value


def _whole(raw: Any) -> int:
    value = _positive(raw)
    if value != int(value):
        raise ValueError(f"{written(raw)}: must be a whole number")
    return int(value)


def _text(raw: Any) -> Any:
    """Text exactly as written (a number written bare stays as its digits: 0123 is "0123")."""
    if isinstance(raw, str):
        return raw
    if raw is None:
        raise ValueError("no value written (~, null or nothing)")
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)  # JSON and spreadsheets hand whole numbers over typed; their digits are the text
    raise ValueError(f"expected text, got {written(raw)} (quote it)")


def _place_text(raw: Any) -> str:
    if isinstance(raw, str) or (isinstance(raw, int) and not isinstance(raw, bool)):
        return str(raw)
    raise ValueError(f"expected a name or code, got {written(raw)}")


_FLAGS = {"true": True, "false": False, "yes": True, "no": False, "是": True, "否": False}
_FLAGS.update({word.capitalize(): flag for word, flag in _FLAGS.items()})


def _flag(raw: Any) -> bool:
    """true/false, yes/no or 是/否 (any case); other words are refused rather than guessed."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str):
        found = _FLAGS.get(raw)
        if found is None:
            found = _FLAGS.get(plain_form(raw).strip().lower())
        if found is not None:
            return found
    raise ValueError(f"expected true or false (yes/no, 是/否), got {written(raw)}")


_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


def _date(raw: Any) -> dt.date:
    """A date written YYYY-MM-DD (or YYYY-M-D); a spreadsheet's date cell as it is."""
    if isinstance(raw, dt.datetime):
        if raw.time() != dt.time():
            raise ValueError(f"expected a date, got a date and time {raw.isoformat()!r}")
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        if len(raw) == 10 and raw[4] == raw[7] == "-" and raw.isascii():  # the common form, read in C
            try:
                return dt.date.fromisoformat(raw)
            except ValueError:
                pass  # said below
        match = _DATE.fullmatch(plain_form(raw).strip())
        if match:
            try:
                return dt.date(*map(int, match.groups()))
            except ValueError as exc:
                raise ValueError(f"{raw!r} is not a valid date ({exc})") from None
    raise ValueError(f"expected a date written YYYY-MM-DD, got {written(raw)}")


# Field types that read a value as written (the YAML reader hands every scalar over as its text).
Text = Annotated[str, BeforeValidator(_text)]
Flag = Annotated[bool, BeforeValidator(_flag)]
Day = Annotated[dt.date, BeforeValidator(_date)]
Figure = Annotated[float, BeforeValidator(_finite)]
"""A finite decimal figure (30,000 and ３０ read; 0,5, 1e3, 0x10, 12:30, .inf refused); bounds go in its Field."""
PositiveFigure = Annotated[float, BeforeValidator(_positive)]
WholeNumber = Annotated[int, BeforeValidator(_whole)]
"""A whole number above zero (0300 is 300)."""

QuantityField = Annotated[
    Quantity,
    BeforeValidator(_quantity),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "description": "a yearly or daily rate: '6 万吨/年', '20万立方米/年', '300 吨/日'",
            "anyOf": [
                {"type": "string"},
                {
                    "type": "object",
                    "properties": {"value": {"type": "number", "exclusiveMinimum": 0}, "unit": {"type": "string"}},
                    "required": ["value", "unit"],
                    "additionalProperties": False,
                },
            ],
        }
    ),
]


def _enum(enum: type) -> BeforeValidator:
    return BeforeValidator(lambda raw: enum_value(enum, raw))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Location(_Strict):
    county: str = Field(description="county-level division: name, alias or 6-digit code (临江市, 220681, Hunchun)")
    zones: list[str] | None = Field(
        None, description="planning-zone or block codes the site lies in (KZ01, CS002, …); [] for none"
    )
    lon: Figure | None = Field(None, ge=-180, le=180, description="longitude, decimal degrees")
    lat: Figure | None = Field(None, ge=-90, le=90, description="latitude, decimal degrees")

    @field_validator("county", mode="before")
    @classmethod
    def _county(cls, raw: Any) -> str:
        division = gazetteer().divisions[division_code(_place_text(raw))]
        if division.level != "county":
            raise ValueError(f"{division.zh} ({division.code}) is a {division.level}, not a county")
        return division.code

    @field_validator("zones", mode="before")
    @classmethod
    def _zones(cls, raw: Any) -> Any:
        if isinstance(raw, str):
            raw = [z for z in re.split(r"[,，、;；\s]+", raw) if z]
        if isinstance(raw, list):
            return [fold(_place_text(z)).upper() for z in raw]
        return raw

    @field_validator("zones", mode="after")
    @classmethod
    def _known_zones(cls, zones: list[str] | None, info: ValidationInfo) -> list[str] | None:
        """With the rule corpus at hand, a code no plan over the county prints is refused (block codes aside)."""
        known_over = (info.context or {}).get("zone_codes")
        county = info.data.get("county")
        if not zones or known_over is None or county is None:
            return zones
        known = known_over(county)
        for code in zones:
            if code not in known and not BLOCK_CODE.match(code):
                hint = nearest(code, sorted(known), n=3)
                suggestion = f" (did you mean {', '.join(hint)}?)" if hint else ""
                raise ValueError(f"unknown zone code {code!r} for this county{suggestion}")
        return zones

    @model_validator(mode="after")
    def _inside(self) -> Location:
        outside = gazetteer().outside_bounds(self.county, self.lon, self.lat)
        if outside is not None:
            b = outside.bounds
            assert b is not None
            raise ValueError(
                f"lon/lat ({self.lon}, {self.lat}) lies outside {outside.zh} {outside.code}: "
                f"lon {b.lon[0]:.4f}–{b.lon[1]:.4f}, lat {b.lat[0]:.4f}–{b.lat[1]:.4f} ({b.source})"
            )
        return self


class Site(_Strict):
    """Declared facts about the site; a rule that needs one the record leaves out answers needs_info."""

    arable_land: Flag | None = Field(None, description="on arable land (可耕地)")
    wetland: Flag | None = Field(None, description="in a wetland (湿地)")
    ecological_red_line: Flag | None = Field(
        None, description="overlaps the ecological protection red line (生态保护红线)"
    )
    permanent_basic_farmland: Flag | None = Field(None, description="overlaps permanent basic farmland (永久基本农田)")
    urban_development_boundary: Flag | None = Field(
        None, description="inside the urban development boundary (城镇开发边界)"
    )
    nature_reserve: Flag | None = Field(
        None, description="inside a nature reserve or other protected area (自然保护地)"
    )
    blank_area: Flag | None = Field(None, description="in ground with no mineral right yet (空白区)")
    visible_from_transport_corridor: Flag | None = Field(
        None, description="within sight of a railway, national or provincial road (铁路、国道、省道两侧直观可视范围)"
    )


class Quality(_Strict):
    """Declared facts about the ore."""

    arsenic_exceeds_standard: Flag | None = Field(None, description="arsenic above the standard (砷超标)")
    radioactivity_exceeds_standard: Flag | None = Field(
        None, description="radioactivity above the standard (放射性超标)"
    )


class Project(_Strict):
    """What the project serves."""

    supplies_major_infrastructure: Flag | None = Field(
        None, description="supplies major energy, transport or water infrastructure (保障重大基础设施建设项目)"
    )
    remote_area: Flag | None = Field(None, description="serves a remote area (边远地区)")
    combined_land_mine: Flag | None = Field(
        None, description="a combined land-and-mining development project (矿地综合开发利用/矿地融合)"
    )
    resource_integration: Flag | None = Field(None, description="serves resource integration (资源整合)")
    changes_parameters: Flag | None = Field(
        None,
        description="a change (变更) that alters the mining area, mineral, method, scale or service life "
        "(矿区范围、开采矿种、开采方式、开采规模或服务年限发生变化), not only a name or holder",
    )
    splits_deposit: Flag | None = Field(
        None, description="carves a deposit or block into smaller grants (化大为小、分割出让、一矿多开)"
    )


class Recovery(_Strict):
    """The three rates (三率), in percent."""

    mining: PositiveFigure | None = Field(None, le=100, description="mining recovery rate 开采回采率, %")
    processing: PositiveFigure | None = Field(None, le=100, description="processing recovery rate 选矿回收率, %")
    utilisation: PositiveFigure | None = Field(None, le=100, description="comprehensive utilisation rate 综合利用率, %")


class Operation(_Strict):
    """Facts of an operating mine (application: existing) or of the mine an application concerns."""

    output: QuantityField | None = Field(None, description="actual yearly output (实际年产量)")
    production_start: Day | None = Field(None, description="date production began (投产日期)")
    green_mine: Flag | None = Field(None, description="listed as a green mine (纳入绿色矿山名录)")
    natural_flow_share: PositiveFigure | None = Field(
        None, description="mineral water: extraction as a share of the natural flow, % (开采量占天然流量比例)"
    )


def _enum_list(enum: type) -> BeforeValidator:
    def convert(raw: Any) -> Any:
        if isinstance(raw, str):
            raw = [raw]
        return [enum_value(enum, item) for item in raw] if isinstance(raw, list) else raw

    return BeforeValidator(convert)


class Record(_Strict):
    id: Text = Field(min_length=1, description="unique within a batch")
    right: Annotated[Right, _enum(Right)] = Field(description="mining 采矿权 · exploration 探矿权")
    application: Annotated[Application, _enum(Application)] = Field(
        description="new 新立 · expansion 改扩建 · renewal 延续 · change 变更 · transfer 转让 · "
        "conversion 探转采 · existing 生产矿山 · cancellation 注销"
    )
    date: Day = Field(description="date of the application (or of the record); selects the plans in force")
    location: Location
    mineral: str = Field(description="main mineral, Chinese name or English alias (金, 岩金, gold …)")
    method: Annotated[Method | None, _enum(Method)] = Field(
        None, description="underground 地下开采 · open_pit 露天开采"
    )
    capacity: QuantityField | None = Field(None, description="design production scale (设计开采规模)")
    deposit_scale: Annotated[DepositScale | None, _enum(DepositScale)] = Field(
        None, description="scale of the deposit (矿床规模): large 大型 · medium 中型 · small 小型"
    )
    working_days: WholeNumber | None = Field(
        None,
        ge=1,
        le=366,
        description="working days per year, to turn a daily capacity into a yearly one (default 300)",
    )
    density: PositiveFigure | None = Field(None, description="ore density in 吨/立方米, to compare mass with volume")
    mineral_water_type: Annotated[WaterType | None, _enum(WaterType)] = Field(
        None, description="mineral water: ordinary 普通类型 · rare 稀有类型"
    )
    mine_scale: Annotated[DepositScale | None, _enum(DepositScale)] = Field(
        None, description="class of the mine's production scale (矿山生产建设规模): large · medium · small"
    )
    exploration_stage: Annotated[Stage | None, _enum(Stage)] = Field(
        None, description="exploration stage: reconnaissance 普查 · prospecting 详查 · detailed 勘探"
    )
    seam_thickness: Annotated[SeamThickness | None, _enum(SeamThickness)] = Field(
        None, description="coal: thin 薄煤层 · medium_thick 中厚煤层 · thick 厚煤层"
    )
    holder: Text | None = Field(None, description="the applicant or right holder (申请人/矿业权人)")
    documents: Annotated[list[Document] | None, _enum_list(Document)] = Field(
        None,
        description="documents the application carries: development_plan 开发利用方案 · reclamation_plan "
        "矿山地质环境保护与土地复垦方案 · green_mine_plan 绿色矿山建设实施方案 · exploration_plan 勘查实施方案 · "
        "green_exploration_chapter 绿色勘查章节 · restoration_fund 恢复基金已缴存 · project_approval 项目核准",
    )
    techniques: Annotated[list[Technique] | None, _enum_list(Technique)] = Field(
        None,
        description="processes used: primitive_smelting 土法冶炼 · cyanidation 氰化法 · spring_to_well 扩泉成井 · "
        "well_drilling 凿井; [] for none of them",
    )
    recovery: Recovery = Field(default_factory=Recovery)
    operation: Operation = Field(default_factory=Operation)
    site: Site = Field(default_factory=Site)
    quality: Quality = Field(default_factory=Quality)
    project: Project = Field(default_factory=Project)

    @field_validator("mineral", mode="before")
    @classmethod
    def _mineral(cls, raw: Any) -> str:
        return mineral_name(_place_text(raw))


def record_schema() -> dict[str, Any]:
    """JSON Schema of a record, for editors (yaml-language-server) and other programs."""
    schema = Record.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "minplan record"
    return schema
