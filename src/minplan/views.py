"""What a batch keeps of each judged record once its report is written: a few facts, not the findings.

A batch streams each record's report as the record is judged; batch-wide checks (aggregate.py), the
summary and the exit code then read only a :class:`RecordView` per record: a few hundred bytes, where
a record with its findings takes tens of kilobytes. Views travel from worker processes as plain tuples
(:meth:`RecordView.to_wire`), cheap to pickle; the values records share (counties, minerals, dates,
plan ids …) are kept once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from minplan.findings import Status
from minplan.quantities import Quantity, unit

if TYPE_CHECKING:
    from minplan.engine import RecordResult
    from minplan.record import Record


class LocationView(NamedTuple):
    county: str
    zones: tuple[str, ...] | None


class FactsView(NamedTuple):
    """The facts of a record that batch-wide checks count, under the names of :class:`~minplan.record.Record`.

    Views are named tuples, made in one call each: a batch makes one per record as it reads its result."""

    id: str
    right: str
    application: str
    date: Any
    location: LocationView
    mineral: str
    capacity: Quantity | None
    mine_scale: str | None
    holder: str | None
    working_days: int | None
    all_minerals: tuple[str, ...]  # the right's minerals, main first
    density: float | None = None  # 吨/立方米: a mass capacity counted against a cap in volume, or the reverse
    grade: float | None = None  # % of the main mineral: ore counted in metal, or at a set grade


class RecordView(NamedTuple):
    """One judged record as batch-wide checks, the summary and the exit code see it."""

    file: str
    index: int
    id: str | None
    status: Status
    plans: tuple[str, ...]  # ids of the plans applied to it
    record: FactsView | None  # None when the document could not be read or validated
    sheet: str | None = None  # a row of a workbook: its sheet
    row: int | None = None  # a row of a table (workbook or CSV): its number

    def applied_plans(self) -> tuple[str, ...]:
        return self.plans

    @classmethod
    def of(cls, result: RecordResult, shared: Shared | None = None) -> RecordView:
        return cls.from_wire(cls.wire(result), shared)

    @staticmethod
    def wire(result: RecordResult) -> tuple[Any, ...]:
        """A judged record's view as plain values."""
        facts = None
        if result.record is not None:
            facts = _facts_wire(result.record)
        return (
            result.file,
            result.index,
            result.id,
            result.status.value,
            result.applied_plans(),
            facts,
            result.sheet,
            result.row,
        )

    @classmethod
    def from_wire(cls, wire: tuple[Any, ...], shared: Shared | None = None) -> RecordView:
        keep = shared if shared is not None else Shared()
        file, index, rid, status, plans, facts, sheet, row = wire
        view = None
        if facts is not None:
            right, application, date, county, zones, mineral, capacity, scale, holder, days, minerals, *more = facts
            density, grade = more
            view = FactsView(
                rid,
                keep(right),
                keep(application),
                keep(date),
                keep.location(county, zones),
                keep(mineral),
                keep.quantity(capacity),
                keep(scale),
                keep(holder),
                days,
                keep(tuple(minerals)),
                density,
                grade,
            )
        return cls(file, index, rid, Status(status), keep(tuple(plans)), view, keep(sheet), row)


def _facts_wire(record: Record | FactsView) -> tuple[Any, ...]:
    capacity = (record.capacity.value, record.capacity.unit.name) if record.capacity is not None else None
    zones = tuple(record.location.zones) if record.location.zones is not None else None
    return (
        getattr(record.right, "value", record.right),
        getattr(record.application, "value", record.application),
        record.date,
        record.location.county,
        zones,
        record.mineral,
        capacity,
        getattr(record.mine_scale, "value", record.mine_scale),
        record.holder,
        record.working_days,
        tuple(record.all_minerals),
        record.density,
        record.grade,
    )


class Shared:
    """One copy of each value that many records repeat (a batch keeps tens of thousands of views)."""

    def __init__(self) -> None:
        self._values: dict[Any, Any] = {}
        self._quantities: dict[tuple[type, float, str], Quantity] = {}
        self._locations: dict[tuple[str, Any], LocationView] = {}  # apart: a view equals the plain tuple

    def location(self, county: str, zones: tuple[str, ...] | None) -> LocationView:
        key = (county, zones)
        found = self._locations.get(key)
        if found is None:
            found = self._locations[key] = LocationView(self(county), self(zones))
        return found

    def __call__(self, value: Any) -> Any:
        if value is None:
            return None
        return self._values.setdefault(value, value)

    def quantity(self, wire: tuple[float, str] | None) -> Quantity | None:
        if wire is None:
            return None
        key = (type(wire[0]), *wire)  # 2 and 2.0 are equal keys, but not the same figure in a message
        found = self._quantities.get(key)
        if found is None:
            found = self._quantities[key] = Quantity(wire[0], unit(wire[1]))
        return found
