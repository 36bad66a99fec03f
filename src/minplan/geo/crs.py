"""Coordinate reference systems by the names applications give them, as EPSG codes (``data/crs.yaml``).

Pure data and text: nothing here needs pyproj, so a record's CRS is understood (or refused) the same way
with or without the ``geo`` extra.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from minplan.resources import data_dir
from minplan.say import Msg, Refusal, join
from minplan.textnorm import fold
from minplan.yamlio import load_data_file


class CRSError(Refusal):
    """A CRS that names no system minplan can place, or one it will not guess the datum of (``.msg``: why, in
    both languages; ``str()`` in English)."""

    def __init__(self, message: Msg | str) -> None:
        super().__init__(message if isinstance(message, Msg) else Msg.verbatim(message))


@dataclass(frozen=True)
class Series:
    band: int
    first: int
    zones: tuple[int, int] | None = None
    cms: tuple[int, int] | None = None

    def code(self, zone: int | None, cm: int | None) -> int | None:
        if zone is not None and self.zones and self.zones[0] <= zone <= self.zones[1]:
            return self.first + zone - self.zones[0]
        if cm is not None and self.cms and self.cms[0] <= cm <= self.cms[1] and (cm - self.cms[0]) % self.band == 0:
            return self.first + (cm - self.cms[0]) // self.band
        return None

    def codes(self) -> list[int]:
        if self.zones:
            return [self.first + i for i in range(self.zones[1] - self.zones[0] + 1)]
        assert self.cms is not None
        return [self.first + i for i in range((self.cms[1] - self.cms[0]) // self.band + 1)]


@dataclass(frozen=True)
class Datum:
    key: str
    en: str
    names: tuple[str, ...]
    geographic: int
    needs_parameters: bool
    series: tuple[Series, ...]

    def codes(self) -> set[int]:
        return {self.geographic} | {c for s in self.series for c in s.codes()}


@dataclass(frozen=True)
class Table:
    datums: tuple[Datum, ...]
    words: dict[str, re.Pattern[str]]

    def datum_of(self, code: int) -> Datum | None:
        """The datum an EPSG code of the table belongs to (None for a code the table does not list)."""
        return next((d for d in self.datums if code in d.codes()), None)


@cache
def table() -> Table:
    raw: dict[str, Any] = load_data_file(data_dir() / "crs.yaml")
    datums = []
    for key, d in raw["datums"].items():
        series = tuple(
            Series(
                int(s["band"]),
                int(s["first"]),
                tuple(s["zones"]) if "zones" in s else None,
                tuple(s["cms"]) if "cms" in s else None,
            )
            for s in d["series"]
        )
        datums.append(Datum(key, d["en"], tuple(d["names"]), int(d["geographic"]), bool(d["needs_parameters"]), series))
    words = {k: re.compile(v) for k, v in raw["words"].items()}
    return Table(tuple(datums), words)


_EPSG = re.compile(r"^(?:epsg:?)?(\d{4,5})$")
_BANDS = {"3": 3, "6": 6, "三": 3, "六": 6}


def epsg_code(text: str) -> int:
    """The EPSG code a CRS is given by: ``EPSG:4531``, ``4531``, or a name such as ``2000国家大地坐标系 3度带 43带``.

    A datum name alone gives its geographic CRS only with a word that says so (地理坐标, 经纬度): else the
    coordinates could as well be plane ones. Raises CRSError naming what is missing.
    """
    key = fold(text)
    match = _EPSG.match(key)
    if match:
        return int(match.group(1))
    t = table()
    found = [(len(fold(n)), d) for d in t.datums for n in d.names if fold(n) in key]
    if not found:
        known = join([Msg("{datum}: {name}", datum=d.en, name=d.names[0]) for d in t.datums], "; ")
        raise CRSError(
            Msg(
                "unknown coordinate system {text!r}: give an EPSG code (EPSG:4531) or a datum ({known})",
                text=text,
                known=known,
            )
        )
    datum = max(found, key=lambda p: p[0])[1]
    rest = key
    for name in sorted((fold(n) for n in datum.names), key=len, reverse=True):
        rest = rest.replace(name, " ")
    band_m = t.words["band"].search(rest)
    band = _BANDS[band_m.group("band")] if band_m else None
    if band_m:
        rest = rest[: band_m.start()] + " " + rest[band_m.end() :]
    cm_m = t.words["cm"].search(rest)
    zone_m = t.words["zone"].search(rest if cm_m is None else rest[: cm_m.start()] + " " + rest[cm_m.end() :])
    cm = int(cm_m.group("cm")) if cm_m else None
    zone = int(zone_m.group("zone") or zone_m.group("zone_en")) if zone_m else None
    if cm is not None and zone is not None:
        # both given: they must be one zone (3-degree zone n on 3n°E, 6-degree zone n on (6n − 3)°E)
        meridians = {s.band: s.band * zone - (3 if s.band == 6 else 0) for s in datum.series if s.zones}
        meridians = {b: m for b, m in meridians.items() if band is None or b == band}
        if cm not in meridians.values():
            said = Msg("{band}-degree zone {zone}", band=band, zone=zone) if band else Msg("zone {zone}", zone=zone)
            on = join([Msg.verbatim(f"{m}°") for m in sorted(set(meridians.values()))], " or ")
            raise CRSError(
                Msg(
                    "coordinate system {text!r}: {said} has its central meridian on {on}, not {cm}°: which is right?",
                    text=text,
                    said=said,
                    on=on,
                    cm=cm,
                )
            )
        zone = None  # the central meridian's CRS (Y without the zone number), as with the meridian alone
    if cm is None and zone is None:
        if band is None and t.words["geographic"].search(rest):
            return datum.geographic
        raise CRSError(
            Msg(
                "coordinate system {text!r}: {datum} names the datum only; add the zone (3度带 43带) or the "
                "central meridian (中央经线129°) of Gauss–Krüger coordinates, 经纬度 for longitude and latitude, "
                "or an EPSG code",
                text=text,
                datum=datum.en,
            )
        )
    series = [s for s in datum.series if band is None or s.band == band]
    if band is None and cm is None:
        raise CRSError(
            Msg("coordinate system {text!r}: zone {zone} of which band? write 3度带 or 6度带", text=text, zone=zone)
        )
    for s in sorted(series, key=lambda s: s.band):  # a central meridian alone: the 3-degree band (the same map)
        code = s.code(zone, cm)
        if code is not None:
            return code
    what = Msg("zone {zone}", zone=zone) if zone is not None else Msg("central meridian {cm}°", cm=cm)
    raise CRSError(
        Msg(
            "coordinate system {text!r}: {datum} has no {band}-degree Gauss–Krüger {what}",
            text=text,
            datum=datum.en,
            band=band or 3,
            what=what,
        )
    )
