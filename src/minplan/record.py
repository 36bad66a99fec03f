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
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from minplan.minerals import UnknownMineral, UseNotStated, mineral_book
from minplan.quantities import Quantity, QuantityError, number
from minplan.regions import UnknownPlace, gazetteer
from minplan.textnorm import fold, plain_form, written
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
from minplan.zones import BLOCK_CODE as BLOCK_CODE  # accepted unchecked: the plans' block annexes are not printed


def mineral_name(raw: Any) -> str:
    """The canonical name of a mineral given by any alias; a ValueError (for pydantic) when unknown."""
    try:
        return mineral_book().resolve(str(raw)).name
    except UnknownMineral as exc:
        raise ValueError(str(exc)) from None


def right_mineral(raw: Any) -> str:
    """A mineral of a right: as :func:`mineral_name`, and a name with several uses (花岗岩) must say which."""
    name = mineral_name(_place_text(raw))
    uses = mineral_book().uses(name)
    if len(uses) > 1:
        raise ValueError(str(UseNotStated(name, uses)))
    return name


_SEPARATORS = re.compile(r"[、,，;；]")


def _name_list(raw: Any) -> Any:
    """A list of names, or one string of them separated by 、 or commas (金矿、银矿)."""
    if isinstance(raw, str):
        return [part.strip() for part in _SEPARATORS.split(raw) if part.strip()]
    return raw


class _FromList:
    """Stands for ``mineral`` and ``associated_minerals`` of a record that gives ``minerals`` (validated first)."""


class _Clash:
    """Stands for ``minerals`` given beside ``mineral`` or ``associated_minerals``."""

    def __init__(self, given: list[str]) -> None:
        self.given = given


def _distinct(names: list[str]) -> None:
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValueError(f"a mineral is listed twice among the right's minerals: {', '.join(twice)}")


RightMineral = Annotated[str, BeforeValidator(right_mineral)]


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
        None,
        description="planning zones or blocks the site lies in: codes (KZ01, CS002, …) or the names the plans print "
        "(临江大栗子铁矿重点开采区, 大栗子铁矿重点开采区 …); [] for none",
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
    def _zones(cls, raw: Any, info: ValidationInfo) -> Any:
        """Plain strings; with the zone tables at hand (the record's context) they are resolved by Record."""
        if isinstance(raw, str):
            if (info.context or {}).get("zone_index") is not None:
                return [raw]  # split with the zone tables at hand: a name may hold 、 or ,
            raw = [z for z in re.split(r"[,，、;；\s]+", raw) if z]
        if isinstance(raw, list):
            if (info.context or {}).get("zone_index") is not None:
                return [_place_text(z).strip() for z in raw]
            return [fold(_place_text(z)).upper() for z in raw]
        return raw

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
    changes_method: Flag | None = Field(
        None, description="a change (变更) that alters the mining method (变更开采方式)"
    )
    enlarges_scale: Flag | None = Field(
        None, description="a change (变更) that enlarges the production scale (变更扩大生产规模、扩大开采规模)"
    )
    enlarges_area: Flag | None = Field(None, description="a change (变更) that enlarges the mining area (扩大矿区范围)")
    fully_state_funded: Flag | None = Field(
        None, description="an exploration project wholly paid by government funds (财政全额出资地质勘查项目)"
    )

    @model_validator(mode="after")
    def _what_changes(self) -> Project:
        """A change that alters none of area, mineral, method, scale or service life enlarges nothing and keeps its
        method; one that enlarges the scale or area, or changes the method, alters them. Stated against each other,
        refused; left out, entailed."""
        parts = ("changes_method", "enlarges_scale", "enlarges_area")
        if self.changes_parameters is False:
            said = [p for p in parts if getattr(self, p) is True]
            if said:
                raise ValueError(
                    f"changes_parameters is false (the change alters no area, mineral, method, scale or service "
                    f"life), but {', '.join(said)} is true"
                )
            unsaid = {p: False for p in parts if getattr(self, p) is None}
            return self.model_copy(update=unsaid) if unsaid else self
        if self.changes_parameters is None and any(getattr(self, p) is True for p in parts):
            return self.model_copy(update={"changes_parameters": True})
        return self


class Recovery(_Strict):
    """The three rates (三率), in percent."""

    mining: PositiveFigure | None = Field(None, le=100, description="mining recovery rate 开采回采率, %")
    processing: PositiveFigure | None = Field(None, le=100, description="processing recovery rate 选矿回收率, %")
    utilisation: PositiveFigure | None = Field(None, le=100, description="comprehensive utilisation rate 综合利用率, %")
    magnetic_iron: PositiveFigure | None = Field(
        None, le=100, description="iron ore: recovery of the magnetic iron in processing 磁性铁回收率, %"
    )


class Operation(_Strict):
    """Facts of an operating mine (application: existing) or of the mine an application concerns."""

    output: QuantityField | None = Field(None, description="actual yearly output (实际年产量)")
    production_start: Day | None = Field(None, description="date production began (投产日期)")
    green_mine: Flag | None = Field(None, description="listed as a green mine (纳入绿色矿山名录)")
    natural_flow_share: PositiveFigure | None = Field(
        None, description="mineral water: extraction as a share of the natural flow, % (开采量占天然流量比例)"
    )
    beyond_licensed_bounds: Flag | None = Field(
        None, description="mines beyond the licensed depth or boundary (超层越界开采)"
    )
    high_grading: Flag | None = Field(
        None, description="mines the rich ore and leaves the lean, against the approved plan (采富弃贫)"
    )
    waste_residue_use_share: Figure | None = Field(
        None, ge=0, le=100, description="share of the mine's waste residue put to comprehensive use, % (废渣综合利用率)"
    )
    reclamation_plan_outdated: Flag | None = Field(
        None,
        description="the mine's newest geo-environment protection and land-reclamation plan has passed its applicable "
        "period, or has less of it left than the renewal asks for (方案超过适用期或剩余服务期少于采矿权延续时间)",
    )


class Closure(_Strict):
    """Facts of closing a mine and giving up its right (application: cancellation)."""

    restoration_accepted: Flag | None = Field(
        None,
        description="the mine's geo-environment restoration and land reclamation passed acceptance "
        "(矿山地质环境治理恢复与土地复垦经验收合格)",
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
    minerals: Annotated[list[RightMineral] | None, BeforeValidator(_name_list)] = Field(
        None,
        min_length=1,
        description="every mineral the right lists, main first: a list or one string (金矿、银矿); "
        "instead of mineral and associated_minerals",
    )
    mineral: str = Field(
        description="main mineral, Chinese name or English alias (金, 岩金, gold …); a rock with several uses "
        "names the use (建筑用花岗岩, not 花岗岩)"
    )
    associated_minerals: Annotated[list[RightMineral] | None, BeforeValidator(_name_list)] = Field(
        None, description="the other minerals the right lists (共生、伴生矿产), after the main one; [] for none"
    )
    method: Annotated[Method | None, _enum(Method)] = Field(
        None, description="underground 地下开采 · open_pit 露天开采"
    )
    capacity: QuantityField | None = Field(None, description="design production scale (设计开采规模)")
    product_output: QuantityField | None = Field(
        None,
        description="yearly output of the product a plan sets a figure on where it is not the ore mined: shale oil "
        "from oil shale (年产页岩油)",
    )
    allowed_yield: QuantityField | None = Field(
        None, description="mineral water, geothermal water: the approved allowable yield (批准的允许开采量), a rate"
    )
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
    grade: PositiveFigure | None = Field(
        None,
        le=100,
        description="ore grade of the main mineral, % (TFe for iron ore), for caps counted in ore of a set grade",
    )
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
        "green_exploration_chapter 绿色勘查章节 · restoration_fund 恢复基金已缴存 · project_approval 项目核准 · "
        "eia_approval 环境影响评价批复 · associated_minerals_plan 共伴生矿床综合开发利用方案",
    )
    techniques: Annotated[list[Technique] | None, _enum_list(Technique)] = Field(
        None,
        description="processes used: primitive_smelting 土法冶炼 · cyanidation 氰化法 · spring_to_well 扩泉成井 · "
        "well_drilling 凿井 · restricted_or_obsolete 国家限制和淘汰的采选技术、工艺和设备; [] for none of them",
    )
    recovery: Recovery = Field(default_factory=Recovery)
    operation: Operation = Field(default_factory=Operation)
    site: Site = Field(default_factory=Site)
    quality: Quality = Field(default_factory=Quality)
    project: Project = Field(default_factory=Project)
    closure: Closure = Field(default_factory=Closure)

    @model_validator(mode="before")
    @classmethod
    def _one_mineral_form(cls, data: Any) -> Any:
        """``minerals`` stands for ``mineral`` and ``associated_minerals``: exactly one of the two forms."""
        if not isinstance(data, dict) or data.get("minerals") is None:
            return data
        given = [key for key in ("mineral", "associated_minerals") if key in data]
        if given:  # refused where ``minerals`` lies, so the message has its line (and is the only one)
            return {"mineral": _FromList(), **data, "minerals": _Clash(given)}
        return {**data, "mineral": _FromList(), "associated_minerals": _FromList()}

    @field_validator("minerals", mode="before")
    @classmethod
    def _minerals_alone(cls, raw: Any) -> Any:
        if isinstance(raw, _Clash):
            raise ValueError(
                f"give either minerals or mineral (with associated_minerals), not both: {', '.join(raw.given)} "
                "given beside minerals"
            )
        return raw

    @field_validator("minerals", mode="after")
    @classmethod
    def _minerals_distinct(cls, names: list[str] | None) -> list[str] | None:
        _distinct(names or [])
        return names

    @field_validator("mineral", mode="before")
    @classmethod
    def _mineral(cls, raw: Any, info: ValidationInfo) -> Any:
        if isinstance(raw, _FromList):
            names = info.data.get("minerals") or []
            return names[0] if names else ""  # the error is the list's, where it lies
        return right_mineral(raw)

    @field_validator("associated_minerals", mode="before")
    @classmethod
    def _associated(cls, raw: Any, info: ValidationInfo) -> Any:
        if isinstance(raw, _FromList):
            return list((info.data.get("minerals") or [])[1:])
        return raw

    @field_validator("associated_minerals", mode="after")
    @classmethod
    def _associated_distinct(cls, names: list[str] | None, info: ValidationInfo) -> list[str] | None:
        main = info.data.get("mineral")
        _distinct([main, *(names or [])] if main else names or [])
        return names

    @property
    def all_minerals(self) -> tuple[str, ...]:
        """The minerals of the right, main first."""
        return (self.mineral, *(self.associated_minerals or ()))

    @property
    def has_associated_minerals(self) -> bool | None:
        """Does the right list co- or associated minerals? None when the record does not say (no list given)."""
        return None if self.associated_minerals is None else bool(self.associated_minerals)

    @field_validator("location", mode="after")
    @classmethod
    def _zones_in_force(cls, location: Location, info: ValidationInfo) -> Location:
        """Each zone as its identity (the code), from the plans in force where and when the record lies.

        A code, a printed name or a short form of one all give the same value, so rules and batch-wide
        checks see one value per zone. An unknown or ambiguous zone is refused at its place in the list, and
        so is a zone the plan prints as lying in other counties (``Zone.county_printed``): a 凤城市 record
        cannot lie in 振安区's concentrated mining area. Where the plan only lets the counties be read from a
        zone's localities, the record is taken at its word.
        """
        zone_index = (info.context or {}).get("zone_index")
        day = info.data.get("date")
        if zone_index is None or not isinstance(day, dt.date) or not location.zones:
            return location
        index = zone_index(location.county, day)
        found = [index.find(z) for z in location.zones]
        if all(len(f) == 1 for f in found) and not any(index.misplaced(next(iter(f))) for f in found):
            values = list(dict.fromkeys(f.pop() for f in found))  # the common case: every item one zone
            return location if values == location.zones else location.model_copy(update={"zones": values})
        county = gazetteer().divisions[location.county]
        plans = ", ".join(index.plans) or "none"
        where = f"for {county.zh} {county.code} under the plans in force on {day.isoformat()} ({plans})"
        hint = f"; `minplan zones --county {county.code} --date {day.isoformat()}` lists them"
        if not index:
            hint = "; no plan in force there then prints zones (a block code of the national pattern is accepted)"
        values, errors = index.resolve_list(location.zones, where, hint)
        problems = [
            InitErrorDetails(
                type=PydanticCustomError("zone", "{message}", {"message": str(exc)}),
                loc=("zones", i),
                input=location.zones[i],
            )
            for i, exc in errors
        ]
        if problems:
            raise ValidationError.from_exception_data("Location", problems)
        return location.model_copy(update={"zones": values})


def record_schema() -> dict[str, Any]:
    """JSON Schema of a record, for editors (yaml-language-server) and other programs."""
    schema = Record.model_json_schema()
    # the minerals of a right come in one of two forms: mineral (with associated_minerals), or minerals
    schema["required"] = [key for key in schema["required"] if key != "mineral"]
    schema["oneOf"] = [
        {"required": ["mineral"], "not": {"required": ["minerals"]}},
        {
            "required": ["minerals"],
            "not": {"anyOf": [{"required": ["mineral"]}, {"required": ["associated_minerals"]}]},
        },
    ]
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "minplan record"
    return schema
