"""Numbers with units: parsing, explicit conversions, and refusal to mix mass with volume."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from minplan.memo import Memo
from minplan.resources import data_dir
from minplan.textnorm import fold
from minplan.yamlio import load_data_file

DEFAULT_WORKING_DAYS = 300
"""Working days per year assumed when a record states none (the plans' own figures agree on it)."""


class QuantityError(ValueError):
    """A quantity that cannot be read or converted as asked."""


class DimensionMismatch(QuantityError):
    """Two quantities of different dimensions (mass against volume) were compared."""


@dataclass(frozen=True, slots=True)
class Unit:
    name: str
    dimension: str
    factor: float
    per: str | None = None  # "year", "day" or None for a stock
    en: str = ""  # the English label (10⁴ t/a for 万吨/年)

    @property
    def is_rate(self) -> bool:
        return self.per is not None


@cache
def _units() -> dict[str, Unit]:
    table: dict[str, Unit] = {}
    for entry in load_data_file(data_dir() / "units.yaml")["units"]:
        unit = Unit(entry["name"], entry["dimension"], float(entry["factor"]), entry.get("per"), entry.get("en", ""))
        for label in [entry["name"], *entry.get("aliases", [])]:
            table[fold(str(label))] = unit
    return table


def unit(name: str) -> Unit:
    """The unit called ``name`` (any alias, full-width or half-width)."""
    try:
        return _units()[fold(name)]
    except KeyError:
        raise QuantityError(f"unknown unit {name!r}") from None


def unit_names() -> list[str]:
    return sorted({u.name for u in _units().values()})


_PARSED: Memo[str, Quantity] = Memo(10_000, longest=60)
_NUMBER = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(.*?)\s*$")


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    unit: Unit

    @classmethod
    def of(cls, value: float, unit_name: str) -> Quantity:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise QuantityError(f"not a number: {value!r}")
        if math.isnan(value) or math.isinf(value):
            raise QuantityError(f"not a finite number: {value!r}")
        if value < 0:
            raise QuantityError(f"negative quantity: {value!r}")
        return cls(float(value), unit(unit_name))

    @classmethod
    def parse(cls, text: str) -> Quantity:
        """Read ``"6 万吨/年"``, ``"300吨/日"``, ``"２０万立方米／年"`` and the like."""
        found = _PARSED.get(text)
        if found is not None:
            return found
        normal = unicodedata.normalize("NFKC", text).replace(",", "").replace("，", "")
        match = _NUMBER.match(normal)
        if not match or not match.group(2):
            raise QuantityError(f"expected a number and a unit, e.g. '6 万吨/年', got {text!r}")
        found = cls.of(float(match.group(1)), match.group(2))
        _PARSED.keep(text, found)  # quantities are immutable: a batch's repeated figures are read once
        return found

    def __str__(self) -> str:
        return f"{format_number(self.value)}{self.unit.name}"

    def text(self, lang: str = "zh") -> str:
        """The quantity as a reader of ``lang`` writes it: 2万吨/年, or 2 × 10⁴ t/a."""
        if lang == "zh" or not self.unit.en:
            return str(self)
        label = self.unit.en
        if label.startswith("10"):
            scale, _, rest = label.partition(" ")
            return f"{format_number(self.value)} × {scale} {rest}"
        return f"{format_number(self.value)} {label}"

    def in_base(self) -> float:
        return self.value * self.unit.factor

    def to(self, target: str | Unit, working_days: float | None = None) -> Quantity:
        """Convert to ``target``; a per-day rate needs working days to become per-year."""
        goal = unit(target) if isinstance(target, str) else target
        if goal.dimension != self.unit.dimension:
            raise DimensionMismatch(
                f"cannot compare {self.unit.dimension} ({self.unit.name}) with {goal.dimension} ({goal.name})"
            )
        if (self.unit.per is None) != (goal.per is None):
            raise QuantityError(f"cannot convert a stock into a rate: {self.unit.name} → {goal.name}")
        base = self.in_base()
        if self.unit.per != goal.per:
            days = working_days or DEFAULT_WORKING_DAYS
            base = base * days if self.unit.per == "day" else base / days
        return Quantity(base / goal.factor, goal)

    def with_density(self, density: float) -> Quantity:
        """Mass ↔ volume through a density in 吨/立方米."""
        if density <= 0:
            raise QuantityError("density must be positive")
        dims = {"mass": ("volume", 1 / density), "volume": ("mass", density)}
        if self.unit.dimension not in dims:
            raise QuantityError(f"density does not apply to {self.unit.dimension}")
        other, ratio = dims[self.unit.dimension]
        target = next(
            u
            for u in _units().values()
            if u.dimension == other and u.per == self.unit.per and u.factor == self.unit.factor
        )
        return Quantity(self.value * ratio, target)


def format_number(value: float) -> str:
    """Figures as the plans print them: no trailing zeros."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"
