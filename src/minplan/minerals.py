"""The mineral vocabulary: names, aliases and the hierarchy rules match against."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from minplan.resources import data_dir
from minplan.textnorm import fold, nearest
from minplan.yamlio import load_data_file


class UnknownMineral(LookupError):
    def __init__(self, name: str, suggestions: list[str]):
        hint = f" (did you mean {', '.join(suggestions)}?)" if suggestions else ""
        super().__init__(f"unknown mineral {name!r}{hint}")
        self.name = name
        self.suggestions = suggestions


@dataclass(frozen=True)
class Mineral:
    name: str
    en: str
    category: str
    aliases: tuple[str, ...] = ()
    parents: tuple[str, ...] = ()
    components: tuple[str, ...] = ()


@dataclass
class MineralBook:
    minerals: dict[str, Mineral]
    _index: dict[str, str] = field(default_factory=dict)
    _lineage: dict[str, frozenset[str]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for mineral in self.minerals.values():
            for label in (mineral.name, mineral.en, *mineral.aliases):
                self._index.setdefault(fold(label), mineral.name)

    def resolve(self, name: str) -> Mineral:
        """The mineral called ``name`` (canonical Chinese name or any alias)."""
        key = fold(name)
        if key in self._index:
            return self.minerals[self._index[key]]
        labels = sorted({m.name for m in self.minerals.values()} | {m.en for m in self.minerals.values()})
        raise UnknownMineral(name, nearest(name, labels))

    def ancestors(self, name: str) -> frozenset[str]:
        """``name`` and every umbrella term above it (remembered: the book does not change once read)."""
        found = self._lineage.get(name)
        if found is None:
            seen: set[str] = set()
            stack = [name]
            while stack:
                current = stack.pop()
                if current in seen:
                    continue
                seen.add(current)
                stack.extend(self.minerals[current].parents)
            found = self._lineage[name] = frozenset(seen)
        return found

    def covers(self, rule_minerals: list[str], record_mineral: str, excluded: list[str] | tuple[str, ...] = ()) -> bool:
        """Does a rule written for ``rule_minerals`` apply to a record of ``record_mineral``?

        A rule on an umbrella term applies to the minerals under it; a combined
        name (铅锌) falls under a rule on any of its components and vice versa.
        ``excluded`` names minerals (and what lies under them) the plan keeps apart.
        """
        names = [record_mineral, *self.minerals[record_mineral].components]
        for name in names:
            lineage = self.ancestors(name)
            if excluded and lineage & set(excluded):
                continue
            if lineage & set(rule_minerals):
                return True
        return False

    def descendants(self, name: str) -> set[str]:
        return {m for m in self.minerals if name in self.ancestors(m)}


@cache
def mineral_book() -> MineralBook:
    raw = load_data_file(data_dir() / "minerals.yaml")["minerals"]
    minerals = {
        entry["name"]: Mineral(
            name=entry["name"],
            en=entry["en"],
            category=entry["category"],
            aliases=tuple(entry.get("aliases", [])),
            parents=tuple(entry.get("parents", [])),
            components=tuple(entry.get("components", [])),
        )
        for entry in raw
    }
    return MineralBook(minerals)
