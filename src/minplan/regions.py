"""The jurisdiction tree: county › prefecture › province, names, codes and stated bounds."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from minplan.resources import data_dir
from minplan.say import Msg
from minplan.textnorm import fold, listed, nearest
from minplan.yamlio import load_data_file

LEVELS = ("county", "prefecture", "province")


class UnknownPlace(LookupError):
    def __init__(self, name: str, suggestions: list[str]):
        if suggestions:
            self.msg = Msg("unknown division {name!r} (did you mean {names}?)", name=name, names=listed(suggestions))
        else:
            self.msg = Msg("unknown division {name!r}", name=name)
        super().__init__(str(self.msg))
        self.name = name
        self.suggestions = suggestions


@dataclass(frozen=True)
class Bounds:
    """A division's extent in longitude and latitude, and where the figures come from."""

    lon: tuple[float, float]
    lat: tuple[float, float]
    source: str

    def contains(self, lon: float | None, lat: float | None) -> bool:
        ok_lon = lon is None or self.lon[0] <= lon <= self.lon[1]
        ok_lat = lat is None or self.lat[0] <= lat <= self.lat[1]
        return ok_lon and ok_lat


@dataclass(frozen=True)
class Division:
    """An administrative division (province, prefecture or county) with its code, names and parent."""

    code: str
    zh: str
    en: str
    level: str
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    bounds: Bounds | None = None
    boundary: str | None = None  # the code its territory has on today's maps, where the plan's code is gone
    county_count: int | None = None  # county-level divisions it holds in all, where minplan lists fewer

    def label(self, lang: str = "zh") -> str:
        return f"{self.zh if lang == 'zh' else self.en} {self.code}"


@dataclass
class Gazetteer:
    """The divisions minplan knows, each reachable by code, name or alias."""

    divisions: dict[str, Division]
    _index: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for div in self.divisions.values():
            for label in (div.code, div.zh, div.en, *div.aliases):
                self._index.setdefault(fold(label), div.code)

    def resolve(self, name: str | int) -> Division:
        key = fold(str(name))
        if key in self._index:
            return self.divisions[self._index[key]]
        labels = sorted({d.zh for d in self.divisions.values()} | {d.en for d in self.divisions.values()})
        raise UnknownPlace(str(name), nearest(str(name), labels))

    def chain(self, code: str) -> list[Division]:
        """The division and every division enclosing it, lowest first."""
        out: list[Division] = []
        current: str | None = code
        while current:
            div = self.divisions[current]
            out.append(div)
            current = div.parent
        return out

    def counties(self) -> list[Division]:
        return [d for d in self.divisions.values() if d.level == "county"]

    def outside_bounds(self, code: str, lon: float | None, lat: float | None) -> Division | None:
        """The first division in the chain whose stated bounds exclude the point, if any."""
        if lon is None and lat is None:  # no point given, as in most records: every bound holds it
            return None
        for div in self.chain(code):
            if div.bounds and not div.bounds.contains(lon, lat):
                return div
        return None


@cache
def gazetteer() -> Gazetteer:
    raw = load_data_file(data_dir() / "jurisdictions.yaml")["divisions"]
    divisions: dict[str, Division] = {}
    for entry in raw:
        b = entry.get("bounds")
        bounds = Bounds(tuple(b["lon"]), tuple(b["lat"]), b.get("source", "")) if b else None
        divisions[str(entry["code"])] = Division(
            code=str(entry["code"]),
            zh=entry["zh"],
            en=entry["en"],
            level=entry["level"],
            parent=str(entry["parent"]) if entry.get("parent") else None,
            aliases=tuple(entry.get("aliases", [])),
            bounds=bounds,
            boundary=str(entry["boundary"]) if entry.get("boundary") else None,
            county_count=int(entry["county_count"]) if entry.get("county_count") else None,
        )
    return Gazetteer(divisions)
