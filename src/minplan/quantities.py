"""Numbers with units: parsing, explicit conversions, and refusal to mix mass with volume."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from minplan.memo import Memo
from minplan.resources import data_dir
from minplan.say import Msg, Refusal, join
from minplan.textnorm import nearest, written
from minplan.yamlio import load_data_file

DEFAULT_WORKING_DAYS = 300
"""Working days per year assumed when a record states none (the plans' own figures agree on it)."""
MOST_WORKING_DAYS = 330  # the design standards' count for continuous work: a daily figure's other reading


class QuantityError(Refusal):
    """A quantity that cannot be read or converted as asked: ``str()`` is why in English, ``.msg`` in both."""

    def __init__(self, message: Msg | str) -> None:
        super().__init__(message if isinstance(message, Msg) else Msg.verbatim(message))


class DimensionMismatch(QuantityError):
    """Two quantities of different dimensions (mass against volume) were compared."""


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit of measure: its dimension, its factor to the dimension's base unit, and per what time."""

    name: str
    dimension: str
    factor: float
    per: str | None = None  # "year", "day" or None for a stock
    en: str = ""  # the English label (10⁴ t/a for 万吨/年)

    @property
    def is_rate(self) -> bool:
        return self.per is not None


def spelling(text: str) -> str:
    """A unit as written, for lookup: full-width forms as half-width (NFKC: ／ → /, ｔ → t, ³ → 3), spaces
    dropped, case kept (Mt is not mt, T is not t)."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


_SPACE = re.compile(r"\s+")


@cache
def _units() -> dict[str, Unit]:
    table: dict[str, Unit] = {}
    for entry in load_data_file(data_dir() / "units.yaml")["units"]:
        unit = Unit(entry["name"], entry["dimension"], float(entry["factor"]), entry.get("per"), entry.get("en", ""))
        for label in [entry["name"], *entry.get("aliases", [])]:
            key = spelling(str(label))
            if table.get(key, unit) != unit:
                raise QuantityError(
                    Msg(
                        "units.yaml: {label!r} names two units ({one}, {other})",
                        label=label,
                        one=table[key].name,
                        other=unit.name,
                    )
                )
            table[key] = unit
    return table


def unit(name: str) -> Unit:
    """The unit written ``name``: its name or an alias, exactly (full-width or half-width)."""
    found = _units().get(spelling(name))
    if found is None:
        raise QuantityError(_unknown(name))
    return found


def _unknown(name: str) -> Msg:
    """Why ``name`` is no unit, with the spellings it may have meant (of other case first: mt/a is not Mt/a)."""
    key = spelling(name)
    table = _units()
    cased = sorted(label for label in table if label.lower() == key.lower())
    near = [label for label in nearest(key, sorted(table), n=3) if label not in cased]
    meant = [Msg("{label} ({unit})", label=label, unit=table[label].name) for label in [*cased, *near][:3]]
    case = Msg(": units are read as written, and case matters") if cased else ""
    hint = Msg(" (did you mean {meant}?)", meant=join(meant, " or ")) if meant else ""
    return Msg("unknown unit {name!r}{case}{hint}", name=name, case=case, hint=hint)


_DIMENSIONS = {
    "mass": Msg("mass"),
    "volume": Msg("volume"),
    "area": Msg("area"),
    "count": Msg("count"),
    "money": Msg("money"),
    "power": Msg("power"),
    "share": Msg("share"),
}


def dimension(name: str) -> Msg:
    """A dimension of units.yaml (mass, volume …) as a message names it, in either language."""
    return _DIMENSIONS.get(name) or Msg.verbatim(name)


def unit_names() -> list[str]:
    return sorted({u.name for u in _units().values()})


_DECIMAL = re.compile(r"[+-]?(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+)")
# the figure at the head of a quantity (of text already stripped), taken wide so that what is wrong with it can be
# said; possessive, so that a long value that does not match is given up in one pass, not retried at every length
_FIGURE = re.compile(r"([+-]?+(?:0[xXoObB][0-9a-fA-F_]++|[0-9.][0-9.,_:]*+(?:[eE][+-]?+[0-9]++)?+))\s*+(.*)")
# full-width forms of ASCII (２．５, １，０００, ／, ｔ) as ASCII, and nothing else: NFKC would also read superscript,
# subscript and circled digits as plain ones, 10⁴ as 104 and ① as 1
_NARROW = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


def figure_text(text: str) -> str:
    """A figure as written, its full-width digits and punctuation as ASCII (other characters as they are)."""
    return text.translate(_NARROW)


def _odd_digit(text: str) -> str | None:
    """The first character of ``text`` that reads as a digit only through NFKC (⁴, ₂, ①, ²), if any."""
    return next(
        (ch for ch in text if not "0" <= ch <= "9" and any("0" <= c <= "9" for c in unicodedata.normalize("NFKC", ch))),
        None,
    )


def number(raw: object) -> float:
    """A figure as written: a decimal number, a comma only between groups of three digits (30,000),
    full-width digits read as plain ones, leading zeros as decimal (0300 is 300). Anything else is
    refused, saying why: a decimal comma (0,5), an exponent, hexadecimal, a time (12:30), inf or nan, and a
    superscript or circled digit (10⁴, ①), which NFKC would read as a plain one."""
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise QuantityError(Msg("expected a number, got {shown}", shown=written(raw)))
    if isinstance(raw, str):
        text = figure_text(raw).strip()
        if not _DECIMAL.fullmatch(text):
            raise QuantityError(Msg("{raw!r} is not a decimal number{why}", raw=raw, why=_why(text)))
        value = float(text.replace(",", ""))
    else:
        try:
            value = float(raw)
        except OverflowError:  # a whole number of hundreds of digits (JSON hands it over as an int)
            raise QuantityError(Msg("{shown}… is too large to be a figure", shown=written(raw)[:40])) from None
    if math.isnan(value) or math.isinf(value):
        raise QuantityError(Msg("{shown} is not a finite number", shown=written(raw)))
    return value


def _why(text: str) -> Msg | str:
    odd = _odd_digit(text)
    if odd is not None:
        return Msg(
            ": {odd!r} is no digit here (superscript, subscript and circled figures are not read): write digits",
            odd=odd,
        )
    if "," in text:
        return Msg(": a comma stands only between groups of three digits (30,000); write a decimal point (0.5)")
    if text[:2].lower() in ("0x", "0o", "0b"):
        return Msg(": only decimal figures are read")
    if ":" in text:
        return Msg(": a colon (as in a time) is not read")
    if "_" in text:
        return Msg(": write the digits without '_'")
    if re.search(r"[0-9][eE]", text):
        return Msg(": write the figure without an exponent")
    if text.lower().lstrip("+-.") in ("inf", "infinity", "nan"):
        return Msg(": it must be a finite figure")
    return ""


_PARSED: Memo[str, Quantity] = Memo(10_000, longest=60)
_RANGE = re.compile(r"\s*(?:[-~～—–至到]|－)\s*[0-9.]")  # a second figure after the first: a range


def _as_written(value: float, given: object) -> str | None:
    """The figure as given, where the shown form would hide digits (2.0000000001 from Excel's arithmetic)."""
    if float(format_number(value)) == value:
        return None
    text = given.strip() if isinstance(given, str) else repr(given)
    return unicodedata.normalize("NFKC", text)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure in a unit, keeping the figure as written where it has more digits than a float shows."""

    value: float
    unit: Unit
    figure: str | None = field(default=None, compare=False)  # the figure as written, where it has more digits

    @classmethod
    def of(cls, value: object, unit_name: str) -> Quantity:
        """A figure (a number, or its text) and a unit name; negative and non-finite figures are refused."""
        figure = number(value)
        if figure < 0:
            raise QuantityError(Msg("negative quantity: {shown}", shown=written(value)))
        return cls(figure, unit(unit_name), _as_written(figure, value))

    @classmethod
    def parse(cls, text: str) -> Quantity:
        """Read ``"6 万吨/年"``, ``"300吨/日"``, ``"２０万立方米／年"``, ``"30,000吨/年"`` and the like."""
        found = _PARSED.get(text)
        if found is not None:
            return found
        match = _FIGURE.fullmatch(figure_text(text).strip())
        if not match or not match.group(2):
            odd = _odd_digit(text[:40])
            why = Msg(" ({odd!r} is no digit here: write plain digits)", odd=odd) if odd is not None else ""
            raise QuantityError(
                Msg("expected a number and a unit, e.g. '6 万吨/年', got {text!r}{why}", text=text, why=why)
            )
        figure, rest = match.group(1), match.group(2)
        if not _DECIMAL.fullmatch(figure):
            raise QuantityError(
                Msg("{text!r}: {figure!r} is not a decimal number{why}", text=text, figure=figure, why=_why(figure))
            )
        odd = _odd_digit(rest[:1])
        if odd is not None:  # 10⁴吨/年 is not 104 吨/年
            raise QuantityError(
                Msg(
                    "{text!r}: {odd!r} after {figure!r} is no digit (superscript, subscript and circled figures are "
                    "not read): write the figure in plain digits, e.g. '1 万吨/年' or '10000 吨/年'",
                    text=text,
                    odd=odd,
                    figure=figure,
                )
            )
        if figure.startswith("-"):
            raise QuantityError(Msg("negative quantity: {text!r}", text=text))
        if _RANGE.match(rest):  # 2.5-3万吨/年, 2～3万吨/年: read on, the unit would be '-3万吨/年'
            raise QuantityError(
                Msg("{text!r} is a range: give one figure (the design figure), e.g. '3 万吨/年'", text=text)
            )
        value = number(figure)
        found = cls(value, unit(rest), _as_written(value, figure))
        _PARSED.keep(text, found)  # quantities are immutable: a batch's repeated figures are read once
        return found

    def __str__(self) -> str:
        return f"{self.figure or format_number(self.value)}{self.unit.name}"

    def text(self, lang: str = "zh") -> str:
        """The quantity as a reader of ``lang`` writes it: 2万吨/年, or 2 × 10⁴ t/a."""
        if lang == "zh" or not self.unit.en:
            return str(self)
        label = self.unit.en
        shown = self.figure or format_number(self.value)
        if label.startswith("10"):
            scale, _, rest = label.partition(" ")
            return f"{shown} × {scale} {rest}"
        return f"{shown} {label}"

    def in_base(self) -> float:
        return self.value * self.unit.factor

    def to(self, target: str | Unit, working_days: float | None = None) -> Quantity:
        """Convert to ``target``; a per-day rate needs working days to become per-year."""
        goal = unit(target) if isinstance(target, str) else target
        if goal.dimension != self.unit.dimension:
            raise DimensionMismatch(
                Msg(
                    "cannot compare {dimension} ({unit}) with {other} ({goal})",
                    dimension=dimension(self.unit.dimension),
                    unit=self.unit.name,
                    other=dimension(goal.dimension),
                    goal=goal.name,
                )
            )
        if (self.unit.per is None) != (goal.per is None):
            raise QuantityError(
                Msg("cannot convert a stock into a rate: {unit} → {goal}", unit=self.unit.name, goal=goal.name)
            )
        base = self.in_base()
        if self.unit.per != goal.per:
            days = working_days or DEFAULT_WORKING_DAYS
            base = base * days if self.unit.per == "day" else base / days
        return Quantity(base / goal.factor, goal)

    def with_density(self, density: float) -> Quantity:
        """Mass ↔ volume through a density in 吨/立方米."""
        if density <= 0:
            raise QuantityError(Msg("density must be positive"))
        dims = {"mass": ("volume", 1 / density), "volume": ("mass", density)}
        if self.unit.dimension not in dims:
            raise QuantityError(Msg("density does not apply to {dimension}", dimension=dimension(self.unit.dimension)))
        other, ratio = dims[self.unit.dimension]
        units = _units().values()
        target = next(
            (u for u in units if u.dimension == other and u.per == self.unit.per and u.factor == self.unit.factor),
            None,
        )
        if target is None:  # no unit of the other kind at this scale (万吨/日, 千吨/年): in base units
            target = next((u for u in units if u.dimension == other and u.per == self.unit.per and u.factor == 1), None)
            if target is None:
                raise QuantityError(
                    Msg("no {other} unit to turn {unit} into", other=dimension(other), unit=self.unit.name)
                )
            return Quantity(self.in_base() * ratio, target)
        return Quantity(self.value * ratio, target)


def _slack(value: float, limit: float) -> float:
    # a unit conversion (a factor, days a year, a density, a grade) rounds each step by half a unit in the last
    # place of a double; a figure as written that misses a limit misses it by more, down to the sixteenth digit a
    # double holds (2.99999999999999 misses 3 by 23 such units): a limit is met within 6 of them and no further
    return 6 * math.ulp(max(abs(value), abs(limit)))


def at_least(value: float, limit: float) -> bool:
    """``value ≥ limit``, float noise aside."""
    return value >= limit - _slack(value, limit)


def above(value: float, limit: float) -> bool:
    """``value > limit``, float noise aside."""
    return value > limit + _slack(value, limit)


def at_most(value: float, limit: float) -> bool:
    """``value ≤ limit``, float noise aside."""
    return value <= limit + _slack(value, limit)


def figure_beside(value: float, limit: float) -> str:
    """``value`` as the plans print figures, with the digits (all a double holds) that tell it from
    ``limit`` where four decimals would not: a total of 31.0000001 beside a cap of 31 is not shown as 31."""
    text = format_number(value)
    if text != format_number(limit) or value == limit:
        return text
    precise = repr(float(value))  # the shortest digits that are this double and no other
    return text if "e" in precise else precise


def converted_figure(quantity: Quantity, beside: float | None) -> Quantity:
    """A figure worked out by a conversion, shown with the digits (all a double holds) that tell it from
    the limit ``beside`` it where four decimals would not: 29999.9 吨 is 2.99999万吨 beside a minimum of 3万吨."""
    if quantity.figure is not None or beside is None:
        return quantity
    text = figure_beside(quantity.value, beside)
    return quantity if text == format_number(quantity.value) else Quantity(quantity.value, quantity.unit, text)


def percent_of(fraction: float) -> float:
    """A fraction as a percentage, worked in decimal: 0.57 is 57, not 56.99999999999999."""
    from decimal import Decimal  # only a percentage cell or a refused share needs it: not at start-up

    return float(Decimal(repr(fraction)) * 100)


def format_number(value: float) -> str:
    """Figures as the plans print them: no trailing zeros."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


GRAMS_PER_TONNE = ("g/t", "克/吨", "克/t", "g/吨")
"""How a grade in grams per tonne is written (full-width forms read as half-width, case folded), as gold ore is
graded."""
GRAMS_PER_TONNE_IN_A_PERCENT = 10_000  # 1 g in 1 t is one part in a million: 0.0001%


def in_grams_per_tonne(unit: str) -> bool:
    """Is ``unit`` grams per tonne (g/t, 克/吨, ｇ／ｔ, G/T)? Spaces inside it are the caller's to drop or not."""
    return unicodedata.normalize("NFKC", unit).strip().casefold() in GRAMS_PER_TONNE


def format_grade(percent: float) -> tuple[str, str]:
    """An ore grade held in %, in Chinese and English: below 0.01% in g/t (克/吨), as gold is graded, where
    four decimals of a per cent would round it away."""
    if percent < 0.01:
        grams = format_number(percent * GRAMS_PER_TONNE_IN_A_PERCENT)
        return f"{grams}克/吨", f"{grams} g/t"
    return f"{format_number(percent)}%", f"{format_number(percent)}%"
