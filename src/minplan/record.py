"""The record: one permit application or one operating mine, as a validated pydantic model."""

# No ``from __future__ import annotations`` here: pydantic would compile every field's annotation from its text when
# it builds the models, some 5 ms of each check's start-up.
import datetime as dt
import re
from collections.abc import Sequence
from enum import StrEnum
from functools import cache
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetPydanticSchema,
    PlainSerializer,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError, core_schema

from minplan.defaults import empty_list, none_given
from minplan.geo import available as geo_available
from minplan.minerals import UnknownMineral, UseNotStated, mineral_book
from minplan.quantities import (
    GRAMS_PER_TONNE_IN_A_PERCENT,
    Quantity,
    QuantityError,
    figure_text,
    in_grams_per_tonne,
    number,
    percent_of,
)
from minplan.regions import UnknownPlace, gazetteer
from minplan.say import Msg, Refusal, msg_of
from minplan.textnorm import fold, listed, plain_form, written
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
    label,
)
from minplan.zones import BLOCK_CODE as BLOCK_CODE  # accepted unchecked: the plans' block annexes are not printed


def mineral_name(raw: Any) -> str:
    """The canonical name of a mineral given by any alias; a ValueError (for pydantic) when unknown."""
    try:
        return mineral_book().resolve(str(raw)).name
    except UnknownMineral as exc:
        raise Refusal(msg_of(exc)) from None


def right_mineral(raw: Any) -> str:
    """A mineral of a right: as :func:`mineral_name`, and a name with several uses (花岗岩) must say which."""
    name = mineral_name(_place_text(raw))
    uses = mineral_book().uses(name)
    if len(uses) > 1:
        raise UseNotStated(name, uses)
    return name


_SEPARATORS = re.compile(r"[、,，;；]")


def _name_list(raw: Any) -> Any:
    """A list of names, or one string of them separated by 、 or commas (金矿、银矿)."""
    if isinstance(raw, str):
        # a text of separators alone lists nothing: kept whole, it is refused rather than read as none
        return [part.strip() for part in _SEPARATORS.split(raw) if part.strip()] or [raw]
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
        raise Refusal(Msg("a mineral is listed twice among the right's minerals: {names}", names=listed(twice)))


RightMineral = Annotated[str, BeforeValidator(right_mineral)]


def division_code(raw: Any) -> str:
    """The code of a division given by name, alias or code; a ValueError (for pydantic) when unknown."""
    try:
        return gazetteer().resolve(str(raw)).code
    except UnknownPlace as exc:
        raise Refusal(msg_of(exc)) from None


def _parsed(raw: Any, example: Msg) -> tuple[Quantity, str]:
    """A quantity as written (text, or ``{value, unit}``) and how to quote it in a message."""
    if isinstance(raw, Quantity):
        return raw, str(raw)
    try:
        if isinstance(raw, str):
            return Quantity.parse(raw), written(raw)
        if isinstance(raw, dict) and set(raw) == {"value", "unit"} and isinstance(raw["unit"], str):
            value = raw["value"]
            shown = written(f"{value if isinstance(value, str) else written(value)} {raw['unit']}")
            return Quantity.of(value, raw["unit"]), shown
    except QuantityError as exc:
        raise Refusal(msg_of(exc)) from None
    raise Refusal(Msg("expected a quantity such as {example}, got {got}", example=example, got=written(raw)))


def _quantity(raw: Any) -> Quantity:
    """A yearly or daily rate above zero, as written: ``6 万吨/年``, ``300 吨/日``, ``{value: 6, unit: 万吨/年}``."""
    found, shown = _parsed(raw, Msg("'6 万吨/年' or {{value: 6, unit: 万吨/年}}"))
    if not found.unit.is_rate:
        if found.unit.dimension == "share":
            raise Refusal(
                Msg("{shown} is a share, not a rate: write it per year or per day (万吨/年, 吨/日 …)", shown=shown)
            )
        raise Refusal(
            Msg("{shown} is an amount, not a rate: write it per year or per day (万吨/年, 吨/日 …)", shown=shown)
        )
    if found.value <= 0:
        raise Refusal(Msg("{shown}: a rate must be above zero", shown=shown))
    return found


def _area(raw: Any) -> Quantity:
    """An area above zero, as written: ``0.35 平方千米``, ``12 公顷``, ``{value: 12, unit: 公顷}``."""
    found, shown = _parsed(raw, Msg("'0.35 平方千米' or '12 公顷'"))
    if found.unit.dimension != "area":
        raise Refusal(Msg("{shown} is not an area (平方千米, 公顷)", shown=shown))
    if found.value <= 0:
        raise Refusal(Msg("{shown}: an area must be above zero", shown=shown))
    return found


def _finite(raw: Any) -> float:
    """A decimal figure as written (see :func:`minplan.quantities.number`)."""
    try:
        return number(raw)
    except QuantityError as exc:
        raise Refusal(msg_of(exc)) from None


def _positive(raw: Any) -> float:
    value = _finite(raw)
    if value <= 0:
        raise Refusal(Msg("{shown}: must be above zero", shown=written(raw)))
    return value


def _percent(raw: Any, positive: bool = True) -> float:
    """A percentage: 70 or 70% (７０％), 0.8% for 0.8 per cent. A bare figure of at most 1 is refused: 0.7 may be
    a fraction written for 70% as well as 0.7%, and a share read the wrong way round passes a limit it breaks."""
    explicit = False
    if isinstance(raw, str) and raw.strip().endswith(("%", "％")):
        raw, explicit = raw.strip()[:-1].strip(), True
    value = _positive(raw) if positive else _finite(raw)
    if not explicit and 0 < value <= 1:
        shown, times = f"{value:.15g}", f"{percent_of(value):.15g}"  # 0.69999: 69.999, not 70
        raise Refusal(
            Msg(
                "{raw}: a percentage is asked for, and {shown} may mean {times}% (a fraction) or {shown}%; "
                "write {times} for {times}%, or {shown}% for {shown} per cent",
                raw=written(raw),
                shown=shown,
                times=times,
            )
        )
    return value


DENSIEST = 25.0
"""吨/立方米: no ore is denser (native gold 19.3, osmium 22.6); a larger figure is a density in kg/m³ (2700)."""


def _whole(raw: Any) -> int:
    value = _positive(raw)
    if value != int(value):
        raise Refusal(Msg("{shown}: must be a whole number", shown=written(raw)))
    return int(value)


def _text(raw: Any) -> Any:
    """Text exactly as written (a number written bare stays as its digits: 0123 is "0123")."""
    if isinstance(raw, str):
        return raw
    if raw is None:
        raise Refusal(Msg("no value written (~, null or nothing)"))
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)  # JSON and spreadsheets hand whole numbers over typed; their digits are the text
    raise Refusal(Msg("expected text, got {got} (quote it)", got=written(raw)))


def county_code(raw: Any) -> str:
    """The code of a county given by name, alias or code; a ValueError for a prefecture or province (counted
    nowhere, a county's rule or cap would pass without it) or for what is no name."""
    division = gazetteer().divisions[division_code(_place_text(raw))]
    if division.level == "prefecture":
        raise Refusal(Msg("{name} ({code}) is a prefecture, not a county", name=division.zh, code=division.code))
    if division.level == "province":
        raise Refusal(Msg("{name} ({code}) is a province, not a county", name=division.zh, code=division.code))
    if division.level != "county":
        raise Refusal(Msg.verbatim(f"{division.zh} ({division.code}) is a {division.level}, not a county"))
    return division.code


def _place_text(raw: Any) -> str:
    if isinstance(raw, str) or (isinstance(raw, int) and not isinstance(raw, bool)):
        return str(raw)
    raise Refusal(Msg("expected a name or code, got {got}", got=written(raw)))


_FLAGS = {"true": True, "false": False, "yes": True, "no": False, "是": True, "否": False}
_FLAGS.update({word.capitalize(): flag for word, flag in _FLAGS.items()})
_FLAGS.update({mark: True for mark in "✓✔√"} | {mark: False for mark in "✗✘×"})  # ticks and crosses of tables


def _flag(raw: Any) -> bool:
    """true/false, yes/no, 是/否 (any case), ✓/✗ or √/×; other words are refused rather than guessed."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str):
        found = _FLAGS.get(raw)
        if found is None:
            found = _FLAGS.get(plain_form(raw).strip().lower())
        if found is not None:
            return found
    raise Refusal(Msg("expected true or false (yes/no, 是/否, ✓/✗), got {got}", got=written(raw)))


_DATE = re.compile(r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})|([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日")


def read_date(raw: Any) -> dt.date:
    """A date written YYYY-MM-DD (or YYYY-M-D, YYYY/M/D as spreadsheets export dates, YYYY.M.D, YYYY年M月D日);
    a spreadsheet's date cell as it is."""
    if isinstance(raw, dt.datetime):
        if raw.time() != dt.time():
            raise Refusal(Msg("expected a date, got a date and time {when!r}", when=raw.isoformat()))
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        if len(raw) == 10 and raw[4] == raw[7] == "-" and raw.isascii():  # the common form, read in C
            try:
                return dt.date.fromisoformat(raw)
            except ValueError:
                pass  # said below
        match = _DATE.fullmatch(figure_text(raw).strip())  # ２０２３ as 2023, but not ⁰⁶ as 06
        if match:
            try:
                parts = match.groups()
                return dt.date(*map(int, (parts[0], *parts[2:4]) if parts[0] else parts[4:]))
            except ValueError as exc:
                raise Refusal(Msg("{raw!r} is not a valid date ({why})", raw=raw, why=_why_no_date(exc))) from None
    raise Refusal(Msg("expected a date written YYYY-MM-DD, got {got}", got=written(raw)))


_NO_DATE = {"month must be in 1..12": "月份应在 1..12 之间", "day is out of range for month": "该月没有这一天"}


def _why_no_date(exc: ValueError) -> Msg:
    """Python's reason a date does not exist, in Chinese too where it is one of the usual two."""
    text = str(exc)
    return Msg.both(text, _NO_DATE[text]) if text in _NO_DATE else Msg.verbatim(text)


# Field types that read a value as written (the YAML reader hands every scalar over as its text).
Text = Annotated[str, BeforeValidator(_text)]
Flag = Annotated[bool, BeforeValidator(_flag)]
Day = Annotated[dt.date, BeforeValidator(read_date)]
Figure = Annotated[float, BeforeValidator(_finite)]
"""A finite decimal figure (30,000 and ３０ read; 0,5, 1e3, 0x10, 12:30, .inf refused); bounds go in its Field."""
PositiveFigure = Annotated[float, BeforeValidator(_positive)]


def _percent_from_zero(raw: Any) -> float:
    return _percent(raw, positive=False)


# a figure (as the figure's reader will judge it), then what follows it
_UNIT_AFTER = re.compile(r"([+＋-]?[0-9０-９.,，．。_]+(?:[eE][+-]?[0-9]+)?)\s*(.*)", re.DOTALL)


def _grade(raw: Any) -> float:
    """An ore grade in %, or in g/t (克/吨) as precious metals are graded, held in %."""
    try:
        if isinstance(raw, str):
            text = raw.strip().replace("／", "/")
            split = _UNIT_AFTER.fullmatch(text)
            if split is not None:
                figure, unit = split.groups()
                if in_grams_per_tonne(unit):
                    return _positive(figure) / GRAMS_PER_TONNE_IN_A_PERCENT
                # 3 mg/t: the unit said, not '3 m'; 12:30 and 0x10 are left to the figure's reader to say why
                if unit[:1].isalpha() and ("/" in unit or not any(c.isdigit() for c in unit)):
                    raise Refusal(Msg("{raw}: {unit!r} is no unit of a grade", raw=written(raw), unit=unit))
        return _percent(raw)
    except ValueError as error:  # 3 g/m³ (placer gold) or 3 ppm is no grade this field holds: say which are
        raise Refusal(
            Msg("{error}; a grade is written in % (1.2%) or in g/t (3.5 g/t, 3.5克/吨)", error=msg_of(error))
        ) from None


Percent = Annotated[float, BeforeValidator(_percent)]
"""A percentage above zero: 70 or 70%; a bare 0.7 is refused (70% or 0.7%?)."""
PercentFromZero = Annotated[float, BeforeValidator(_percent_from_zero)]
"""A percentage that may be zero (bounds in its Field)."""
Grade = Annotated[float, BeforeValidator(_grade)]
"""An ore grade: 1.2% (a bare figure as a percentage) or 3.5 g/t (克/吨), held in %."""
WholeNumber = Annotated[int, BeforeValidator(_whole)]
"""A whole number above zero (0300 is 300)."""

# what the validators make is a Quantity: checked as one, without the schema pydantic would build for the dataclass
_A_QUANTITY = GetPydanticSchema(lambda _type, _handler: core_schema.is_instance_schema(Quantity))
QuantityField = Annotated[
    Quantity,
    _A_QUANTITY,
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


AreaField = Annotated[
    Quantity,
    _A_QUANTITY,
    BeforeValidator(_area),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"description": "an area: '0.35 平方千米', '12 公顷'", "type": "string"}),
]


def _enum(enum: type) -> BeforeValidator:
    return BeforeValidator(lambda raw: enum_value(enum, raw))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def _coordinate(raw: Any) -> float:
    from minplan.geo.boundary import angle

    return angle(raw)


Coordinate = Annotated[
    float,
    BeforeValidator(_coordinate),
    WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string"}], "description": "a number or 度分秒"}),
]


def _pair(raw: Any) -> Any:
    if isinstance(raw, str):  # "4748064, 43611148": which comma parts the figures is not for minplan to guess
        raise Refusal(Msg("a corner point is a pair [X, Y] (a list of two figures), not one text"))
    if isinstance(raw, list | tuple) and len(raw) != 2:
        raise Refusal(Msg("a corner point is a pair [X, Y]; {count} figures given", count=len(raw)))
    return raw


Point = Annotated[tuple[Coordinate, Coordinate], BeforeValidator(_pair)]


class Parcel(_Strict):
    """One parcel of a right of several: its outer ring and any holes."""

    points: list[Point] = Field(description="the corner points, in order round the parcel")
    holes: list[list[Point]] = Field(default_factory=empty_list, description="rings cut out of the parcel")


class Boundary(_Strict):
    """The right's corner points (拐点坐标), in the CRS's own axis order: X (northing) then Y (easting, with the zone
    number first for a zone CRS); latitude then longitude for a geographic CRS."""

    crs: str = Field(
        description="EPSG:4531, or as written: 2000国家大地坐标系 3度带 43带, CGCS2000 中央经线129°, "
        "2000国家大地坐标系 经纬度"
    )
    points: list[Point] | None = Field(None, description="one parcel's corner points, in order round it")
    holes: list[list[Point]] | None = Field(None, description="rings cut out of that parcel")
    parcels: list[Parcel] | None = Field(None, description="a right of several parcels (instead of points)")
    towgs84: list[Figure] | None = Field(
        None,
        min_length=3,
        max_length=7,
        description="Xi'an 80 or Beijing 54: the shift to WGS 84 the survey used, [dx, dy, dz] or seven parameters",
    )
    _footprint: Any = PrivateAttr(None)

    @field_validator("crs", mode="before")
    @classmethod
    def _crs(cls, raw: Any) -> str:
        from minplan.geo.crs import CRSError, epsg_code

        try:
            return f"EPSG:{epsg_code(str(raw))}"
        except CRSError as exc:
            raise Refusal(msg_of(exc)) from None

    @model_validator(mode="after")
    def _shape(self) -> Self:
        from minplan.geo import boundary as geometry

        if (self.points is None) == (self.parcels is None):
            raise Refusal(Msg("give either points (one parcel) or parcels, not both or neither"))
        if self.parcels is not None and self.holes is not None:
            raise Refusal(Msg("holes belong to their parcel: parcels: [{{points: …, holes: […]}}]"))
        if self.towgs84 is not None and len(self.towgs84) not in (3, 7):
            raise Refusal(Msg("towgs84 takes three values [dx, dy, dz] or seven [dx, dy, dz, rx, ry, rz, ds]"))
        problems: Sequence[tuple[Any, Msg | str]] = geometry.count_problems(self)
        if not problems and geo_available():
            try:
                self._footprint = geometry.examine(self)
            except geometry.BoundaryProblems as exc:
                problems = exc.problems
            except Exception as exc:  # PROJ or GEOS refusing what passed every check: refuse it, do not crash
                problems = [((), Msg("the boundary cannot be placed on the earth: {error}", error=msg_of(exc)))]
        if problems:
            raise ValidationError.from_exception_data(
                "Boundary",
                [
                    InitErrorDetails(
                        type=PydanticCustomError(
                            "boundary",
                            "{message}",
                            {"message": str(m), "said": m if isinstance(m, Msg) else Msg.verbatim(str(m))},
                        ),
                        loc=loc,
                        input=None,
                    )
                    for loc, m in problems
                ],
            )
        return self

    def footprint(self) -> Any:
        """The boundary in CGCS2000 lon/lat (minplan.geo.boundary.Footprint); None without the geo extra."""
        return self._footprint


class DepthDatum(StrEnum):
    elevation = "elevation"
    below_surface = "below_surface"


class Depth(_Strict):
    """The vertical range of the right: elevations (标高, metres above the national height datum) from the top down,
    or depths below the surface (开采深度)."""

    model_config = ConfigDict(populate_by_name=True)

    top: Figure = Field(alias="from", description="the upper end: highest elevation, or smallest depth, in metres")
    bottom: Figure = Field(alias="to", description="the lower end: lowest elevation, or greatest depth, in metres")
    datum: Annotated[DepthDatum, BeforeValidator(lambda raw: DEPTH_WORDS.get(str(raw).strip(), raw))] = Field(
        DepthDatum.elevation, description="elevation 标高 (default) or below_surface 深度"
    )

    @model_validator(mode="after")
    def _order(self) -> Self:
        if self.datum is DepthDatum.elevation and self.top <= self.bottom:
            raise Refusal(
                Msg(
                    "elevations run from the top down: from {top:g} m must be above to {bottom:g} m",
                    top=self.top,
                    bottom=self.bottom,
                )
            )
        if self.datum is DepthDatum.below_surface and not 0 <= self.top < self.bottom:
            raise Refusal(
                Msg(
                    "depths run from the surface down: 0 ≤ from ({top:g} m) < to ({bottom:g} m)",
                    top=self.top,
                    bottom=self.bottom,
                )
            )
        return self


DEPTH_WORDS = {"标高": "elevation", "高程": "elevation", "深度": "below_surface", "埋深": "below_surface"}


class Location(_Strict):
    county: str | None = Field(
        None,
        description="county-level division: name, alias or 6-digit code (临江市, 220681, Hunchun); may be left out "
        "when a boundary is given (it is then found from the boundary, with the geo extra)",
    )
    zones: list[str] | None = Field(
        None,
        description="planning zones or blocks the site lies in: codes (KZ01, CS002, …) or the names the plans print "
        "(临江大栗子铁矿重点开采区, 大栗子铁矿重点开采区 …); [] for none",
    )
    lon: Figure | None = Field(None, ge=-180, le=180, description="longitude, decimal degrees")
    lat: Figure | None = Field(None, ge=-90, le=90, description="latitude, decimal degrees")
    boundary: Boundary | None = Field(None, description="the right's corner points (拐点坐标) in a stated CRS")
    area_km2: PositiveFigure | None = Field(None, description="the area the application states, km² (申请面积)")
    depth: Depth | None = Field(None, description="the depth or elevation range of the right (开采深度/标高)")

    @field_validator("county", mode="before")
    @classmethod
    def _county(cls, raw: Any) -> str:
        return county_code(raw)

    @field_validator("zones", mode="before")
    @classmethod
    def _zones(cls, raw: Any, info: ValidationInfo) -> Any:
        """Plain strings; with the zone tables at hand (the record's context) they are resolved by Record."""
        if isinstance(raw, str):
            if (info.context or {}).get("zone_index") is not None:
                return [raw]  # split with the zone tables at hand: a name may hold 、 or ,
            raw = [z for z in re.split(r"[,，、;；\s]+", raw) if z] or [raw]  # separators alone name no zone
        if isinstance(raw, list):
            if (info.context or {}).get("zone_index") is not None:
                return [_place_text(z).strip() for z in raw]
            return [fold(_place_text(z)).upper() for z in raw]
        return raw

    @model_validator(mode="after")
    def _inside(self) -> Self:
        if self.county is None:
            if self.boundary is None:
                raise Refusal(Msg("location.county is required (or a boundary to find it from)"))
            if not geo_available():
                raise Refusal(
                    Msg(
                        "location.county is required here: the county would be found from the boundary, but the geo "
                        "extra is not installed (pip install 'minplan[geo]')"
                    )
                )
            return self
        outside = gazetteer().outside_bounds(self.county, self.lon, self.lat)
        if outside is not None:
            b = outside.bounds
            assert b is not None
            raise Refusal(
                Msg(
                    "lon/lat ({lon}, {lat}) lies outside {name} {code}: "
                    "lon {west:.4f}–{east:.4f}, lat {south:.4f}–{north:.4f} ({source})",
                    lon=self.lon,
                    lat=self.lat,
                    name=outside.zh,
                    code=outside.code,
                    west=b.lon[0],
                    east=b.lon[1],
                    south=b.lat[0],
                    north=b.lat[1],
                    source=b.source,
                )
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
    meets_higher_min_scale: Flag | None = Field(
        None,
        description="the design scale reaches the minimum mining scales the higher plans set "
        "(达到上级规划确定的最低开采规模), as the application states it: where a plan defers to tables minplan does "
        "not hold",
    )

    @model_validator(mode="after")
    def _what_changes(self) -> Self:
        """A change that alters none of area, mineral, method, scale or service life enlarges nothing and keeps its
        method; one that enlarges the scale or area, or changes the method, alters them. Stated against each other,
        refused; left out, entailed."""
        parts = ("changes_method", "enlarges_scale", "enlarges_area")
        if self.changes_parameters is False:
            said = [p for p in parts if getattr(self, p) is True]
            if said:
                raise Refusal(
                    Msg(
                        "changes_parameters is false (the change alters no area, mineral, method, scale or service "
                        "life), but {fields} is true",
                        fields=listed(said),
                    )
                )
            unsaid = {p: False for p in parts if getattr(self, p) is None}
            return self.model_copy(update=unsaid) if unsaid else self
        if self.changes_parameters is None and any(getattr(self, p) is True for p in parts):
            return self.model_copy(update={"changes_parameters": True})
        return self


class Recovery(_Strict):
    """The three rates (三率), in percent."""

    mining: Percent | None = Field(None, le=100, description="mining recovery rate 开采回采率, %")
    processing: Percent | None = Field(None, le=100, description="processing recovery rate 选矿回收率, %")
    utilisation: Percent | None = Field(None, le=100, description="comprehensive utilisation rate 综合利用率, %")
    magnetic_iron: Percent | None = Field(
        None, le=100, description="iron ore: recovery of the magnetic iron in processing 磁性铁回收率, %"
    )


class Operation(_Strict):
    """Facts of an operating mine (application: existing) or of the mine an application concerns."""

    output: QuantityField | None = Field(None, description="actual yearly output (实际年产量)")
    production_start: Day | None = Field(None, description="date production began (投产日期)")
    green_mine: Flag | None = Field(None, description="listed as a green mine (纳入绿色矿山名录)")
    natural_flow_share: Percent | None = Field(
        None, description="mineral water: extraction as a share of the natural flow, % (开采量占天然流量比例)"
    )
    beyond_licensed_bounds: Flag | None = Field(
        None, description="mines beyond the licensed depth or boundary (超层越界开采)"
    )
    high_grading: Flag | None = Field(
        None, description="mines the rich ore and leaves the lean, against the approved plan (采富弃贫)"
    )
    waste_residue_use_share: PercentFromZero | None = Field(
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


@cache
def _values(enum: type) -> frozenset[str]:
    return frozenset(member.value for member in enum)


def _spelled_list(enum: type, items: list[Any]) -> list[Any]:
    """Each item as the enum's value. A text that is no value as a whole lists several (开发利用方案、土地复垦方案); a
    piece that is none is joined with the pieces after it, as a value's own name may hold 、
    (国家限制和淘汰的采选技术、工艺和设备, which a table's cell is split at)."""
    values = _values(enum)
    spelled = [enum_value(enum, item) for item in items]
    if all(isinstance(item, str) for item in items) and all(value in values for value in spelled):
        return spelled  # every item a value (as most lists are written): nothing to split or join

    def known(text: Any) -> bool:
        return enum_value(enum, text) in values

    pieces: list[Any] = []
    for item in items:
        if isinstance(item, str) and not known(item) and _SEPARATORS.search(item):
            # a text of separators alone names nothing: kept whole, it is refused rather than dropped
            pieces.extend([part.strip() for part in _SEPARATORS.split(item) if part.strip()] or [item])
        else:
            pieces.append(item)
    out, i = [], 0
    while i < len(pieces):
        step = 1
        if isinstance(pieces[i], str) and not known(pieces[i]):
            for j in range(min(len(pieces), i + 4), i + 1, -1):
                joined = pieces[i:j]
                if all(isinstance(p, str) for p in joined) and known("、".join(joined)):
                    pieces[i], step = "、".join(joined), j - i
                    break
        out.append(enum_value(enum, pieces[i]))
        i += step
    return out


def _enum_list(enum: type) -> BeforeValidator:
    def convert(raw: Any) -> Any:
        if isinstance(raw, str):
            raw = [raw]
        return _spelled_list(enum, raw) if isinstance(raw, list) else raw

    return BeforeValidator(convert)


_MINING_ONLY = {
    Application.conversion: Msg(
        "探转采 (conversion) applies for a mining right: give right: 采矿权, the right applied "
        "for (the exploration right it comes from is not the one judged)"
    ),
    Application.existing: Msg("生产矿山 (existing) is a mine worked under a mining right: give right: 采矿权"),
}


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
    area: AreaField | None = Field(
        None, description="area of the mining or exploration right (矿区面积): 平方千米, 公顷"
    )
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
        description="working days per year, to turn a daily capacity into a yearly one "
        "(not given: judged over 300 and 330, needs_info where they differ)",
    )
    density: PositiveFigure | None = Field(
        None,
        description="ore density in 吨/立方米 (2.7 for granite), to compare mass with volume "
        "(before the plan's own equivalence, which is approximate)",
    )
    grade: Grade | None = Field(
        None,
        le=100,
        description="ore grade of the main mineral, % (TFe for iron ore) or g/t (克/吨, gold), "
        "for caps counted in ore of a set grade or in metal",
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
        "矿山地质环境保护与土地复垦方案 · geo_environment_plan 矿山地质环境保护与治理恢复方案 · land_reclamation_plan "
        "土地复垦方案 (each of these two alone is not the plan of both) · "
        "green_mine_plan 绿色矿山建设实施方案 · exploration_plan 勘查实施方案 · "
        "green_exploration_chapter 绿色勘查章节 · restoration_fund 恢复基金已缴存 · project_approval 项目核准 · "
        "eia_approval 环境影响评价批复 · associated_minerals_plan 共伴生矿床综合开发利用方案",
    )
    techniques: Annotated[list[Technique] | None, _enum_list(Technique)] = Field(
        None,
        description="processes used: primitive_smelting 土法冶炼 · cyanidation 氰化法 · spring_to_well 扩泉成井 · "
        "well_drilling 凿井 · restricted_or_obsolete 国家限制和淘汰的采选技术、工艺和设备; [] for none of them",
    )
    recovery: Recovery = Field(default_factory=none_given(Recovery))
    operation: Operation = Field(default_factory=none_given(Operation))
    site: Site = Field(default_factory=none_given(Site))
    quality: Quality = Field(default_factory=none_given(Quality))
    project: Project = Field(default_factory=none_given(Project))
    closure: Closure = Field(default_factory=none_given(Closure))

    @field_validator("density", mode="after")
    @classmethod
    def _densest(cls, value: float | None) -> float | None:
        if value is not None and value > DENSIEST:
            raise Refusal(
                Msg(
                    "{value:g} 吨/立方米 is no ore's density (at most {densest:g}): write it in 吨/立方米, "
                    "{per_tonne:g} for {value:g} kg/m³",
                    value=value,
                    densest=DENSIEST,
                    per_tonne=value / 1000,
                )
            )
        return value

    @field_validator("application", mode="after")
    @classmethod
    def _application_of_the_right(cls, application: Application, info: ValidationInfo) -> Application:
        """探转采 applies for a mining right, and 生产矿山 is a mine worked under one: said of an exploration
        right, the record names the wrong right, and its mining provisions would never be asked."""
        if info.data.get("right") == Right.exploration and application in _MINING_ONLY:
            raise Refusal(_MINING_ONLY[application])
        return application

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
            raise Refusal(
                Msg(
                    "give either minerals or mineral (with associated_minerals), not both: {fields} "
                    "given beside minerals",
                    fields=listed(raw.given),
                )
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

    @field_validator("project", mode="after")
    @classmethod
    def _enlarged_by_a_change(cls, project: Project | None, info: ValidationInfo) -> Project | None:
        """A scale or area enlarged, a method changed, is said of a change (变更) or an expansion (改扩建): said of a
        renewal or a transfer, the provisions on enlarged mines would not judge what it enlarges."""
        application = info.data.get("application")
        if project is None or application is None or application in (Application.change, Application.expansion):
            return project
        said = [p for p in ("enlarges_scale", "enlarges_area", "changes_method") if getattr(project, p) is True]
        if said:
            raise Refusal(
                Msg(
                    "{field} is true, but the application is {application}: a right that enlarges its scale or "
                    "area, or changes its method, is filed as a change (变更) or an expansion (改扩建)",
                    field=said[0],
                    application=Msg.both(application.value, f"{label(application.value, 'zh')}（{application.value}）"),
                )
            )
        return project

    @field_validator("area", mode="after")
    @classmethod
    def _one_area(cls, area: Any, info: ValidationInfo) -> Any:
        """The area as ``area`` (矿区面积, with its unit) or ``location.area_km2``: given both, they agree (the
        error at ``area``, the field read after the other)."""
        location = info.data.get("location")
        stated = getattr(location, "area_km2", None)
        if area is not None and stated is not None:
            given = area.to("平方千米").value
            if abs(given - stated) > 1e-9 * max(given, stated):
                raise Refusal(
                    Msg(
                        "area {area} and location.area_km2 {stated:g} disagree: give the area once",
                        area=str(area),
                        stated=stated,
                    )
                )
        return area

    @property
    def stated_area_km2(self) -> float | None:
        """The area the application states, in km²: ``location.area_km2``, else ``area`` (矿区面积)."""
        if self.location.area_km2 is not None:
            return self.location.area_km2
        return self.area.to("平方千米").value if self.area is not None else None

    @property
    def stated_area_field(self) -> str:
        """The field that states the area (for a finding's place in the file)."""
        return "location.area_km2" if self.location.area_km2 is not None else "area"

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
        if zone_index is None or not isinstance(day, dt.date) or not location.zones or location.county is None:
            return location
        index = zone_index(location.county, day)
        found = [index.find(z) for z in location.zones]
        if all(len(f) == 1 for f in found) and not any(index.misplaced(next(iter(f))) for f in found):
            values = list(dict.fromkeys(f.pop() for f in found))  # the common case: every item one zone
            return location if values == location.zones else location.model_copy(update={"zones": values})
        county = gazetteer().divisions[location.county]
        plans = Msg.both(", ".join(index.plans) or "none", "、".join(index.plans) or "无")
        where = Msg(
            "for {name} {code} under the plans in force on {day} ({plans})",
            name=county.zh,
            code=county.code,
            day=day.isoformat(),
            plans=plans,
        )
        hint = Msg("; `minplan zones --county {code} --date {day}` lists them", code=county.code, day=day.isoformat())
        if not index:
            hint = Msg("; no plan in force there then prints zones (a block code of the national pattern is accepted)")
        values, errors = index.resolve_list(location.zones, where, hint)
        problems = [
            InitErrorDetails(
                type=PydanticCustomError("zone", "{message}", {"message": str(exc), "said": msg_of(exc)}),
                loc=("zones", i),
                input=location.zones[i],
            )
            for i, exc in errors
        ]
        if problems:
            raise ValidationError.from_exception_data("Location", problems)
        return location.model_copy(update={"zones": values})


def record_schema(lang: str = "zh") -> dict[str, Any]:
    """JSON Schema of a record, for editors (yaml-language-server) and other programs (see minplan.schema)."""
    from minplan.schema import record_schema as schema

    return schema(lang)
