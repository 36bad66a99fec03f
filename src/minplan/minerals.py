"""The mineral vocabulary: names, aliases and the hierarchy rules match against."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from minplan.resources import data_dir
from minplan.say import Msg, Refusal
from minplan.textnorm import fold, listed, nearest
from minplan.yamlio import load_data_file

# Spellings that name the same thing: 黏土 is the standard form of 粘土, and every clay name is written
# both ways. Only the first pair is applied where a label has it.
_VARIANTS = (("粘土", "黏土"), ("黏土", "粘土"))
# What may follow a mineral's name without changing it (金矿, 铁矿石, 砂金矿), longest first.
_SUFFIXES = ("矿石", "矿")


class UnknownMineral(LookupError):
    def __init__(self, name: str, suggestions: list[str]):
        if suggestions:
            self.msg = Msg("unknown mineral {name!r} (did you mean {names}?)", name=name, names=listed(suggestions))
        else:
            self.msg = Msg("unknown mineral {name!r}", name=name)
        super().__init__(str(self.msg))
        self.name = name
        self.suggestions = suggestions


class DescribedMineral(UnknownMineral):
    """A word a plan prints that describes rocks or a group (多金属, 碱性花岗岩) rather than one mineral."""

    def __init__(self, name: str, hint: str, hint_zh: str | None = None):
        # the hint is minerals.yaml's (``hint``, and its Chinese ``hint_zh`` where the entry gives one)
        said = Msg.both(hint, hint_zh) if hint_zh else Msg.verbatim(hint)
        self.msg = Msg("{name!r} {hint}", name=name, hint=said)
        LookupError.__init__(self, str(self.msg))
        self.name = name
        self.suggestions = []


class UseNotStated(Refusal):
    """A record names a rock or mineral that has several uses, each governed by its own provisions."""

    def __init__(self, name: str, uses: tuple[str, ...]):
        super().__init__(
            Msg("{name} has several uses: {uses}; name the one the right is for", name=name, uses=listed(uses))
        )
        self.name = name
        self.uses = uses


@dataclass(frozen=True)
class Mineral:
    """A mineral kind of the national list, with its other names and the kinds it falls under."""

    name: str
    en: str
    category: str
    aliases: tuple[str, ...] = ()
    parents: tuple[str, ...] = ()
    components: tuple[str, ...] = ()
    use_of: str | None = None  # the rock or mineral this one is a use of (水泥用灰岩 → 石灰岩); also a parent


def _spellings(label: str) -> list[str]:
    out = [label]
    for old, new in _VARIANTS:
        if old in label:
            out.append(label.replace(old, new))
            break
    return out


@dataclass
class MineralBook:
    """The vocabulary of minerals: every name and spelling resolved to one kind, and each kind's lineage."""

    minerals: dict[str, Mineral]
    descriptions: dict[str, str] = field(default_factory=dict)  # word (folded) → what to give instead
    descriptions_zh: dict[str, str] = field(default_factory=dict)  # word (folded) → the same in Chinese
    _index: dict[str, str] = field(default_factory=dict)
    _lineage: dict[str, frozenset[str]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _below: dict[str, frozenset[str]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _uses: dict[str, tuple[str, ...]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for mineral in self.minerals.values():
            for label in (mineral.name, mineral.en, *mineral.aliases):
                for spelling in _spellings(label):
                    self._index.setdefault(fold(spelling), mineral.name)
            if mineral.use_of is not None:
                self._uses[mineral.use_of] = (*self._uses.get(mineral.use_of, ()), mineral.name)

    def resolve(self, name: str) -> Mineral:
        """The mineral called ``name`` (canonical Chinese name, any alias, 黏土/粘土, with or without 矿)."""
        key = fold(name)
        found = self._index.get(key)
        if found is None:
            for suffix in _SUFFIXES:
                if key.endswith(suffix) and len(key) > len(suffix):
                    found = self._index.get(key[: -len(suffix)])
                    if found is not None:
                        break
        if found is not None:
            return self.minerals[found]
        for form in (key, *(key[: -len(s)] for s in _SUFFIXES if key.endswith(s) and len(key) > len(s))):
            if form in self.descriptions:
                raise DescribedMineral(name, self.descriptions[form], self.descriptions_zh.get(form))
        labels = sorted({m.name for m in self.minerals.values()} | {m.en for m in self.minerals.values()})
        raise UnknownMineral(name, nearest(name, labels))

    def uses(self, name: str) -> tuple[str, ...]:
        """The kinds by use of ``name`` (石灰岩 → 水泥用灰岩, 熔剂用灰岩 …), in the vocabulary's order."""
        return self._uses.get(name, ())

    def needs_use(self, name: str) -> bool:
        """Does ``name`` have several uses, so that a record naming it does not say which rules apply?"""
        return len(self.uses(name)) > 1

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

    def admits(self, record_mineral: str, included: Iterable[str] = (), excluded: Iterable[str] = ()) -> bool:
        """Does a scope that names ``included`` minerals (none: any) and keeps ``excluded`` apart admit a record
        of ``record_mineral``?

        A scope on an umbrella term admits the minerals under it; a combined name (铅锌) is admitted when
        any of its components is, and vice versa. An excluded name keeps out what lies under it, whether or
        not the scope names minerals.
        """
        wanted = set(included)
        kept_apart = set(excluded)
        for name in (record_mineral, *self.minerals[record_mineral].components):
            lineage = self.ancestors(name)
            if kept_apart and lineage & kept_apart:
                continue
            if not wanted or lineage & wanted:
                return True
        return False

    def reach(self, record_mineral: str, included: Iterable[str] = (), excluded: Iterable[str] = ()) -> str:
        """How far a scope reaches a record of ``record_mineral``: ``all`` its kinds, ``none``, or ``some``.

        A record may name an umbrella (金) while the scope names one kind under it (砂金) or keeps one
        apart (煤 but not 褐煤): then whether the provision applies depends on which kind the right is for,
        and only the record can say — never read as "out of scope".
        """
        wanted, kept_apart = tuple(included), tuple(excluded)
        here = self.admits(record_mineral, wanted, kept_apart)
        parts = set(self.minerals[record_mineral].components)  # 铅锌 is lead and zinc, not either of them
        kinds = [
            self.admits(k, wanted, kept_apart)
            for k in self.descendants(record_mineral)
            if k != record_mineral and not self.ancestors(k) & parts
        ]
        if here and all(kinds):
            return "all"
        if not here and not any(kinds):
            return "none"
        return "some"

    def covers(self, rule_minerals: list[str], record_mineral: str, excluded: list[str] | tuple[str, ...] = ()) -> bool:
        """Does a rule written for ``rule_minerals`` apply to a record of ``record_mineral``?

        As :meth:`admits`, for a list that names at least one mineral (an empty list covers nothing).
        """
        return bool(rule_minerals) and self.admits(record_mineral, rule_minerals, excluded)

    def listed_as(self, record_mineral: str, listed: Iterable[str]) -> str | None:
        """The name in ``listed`` under which ``record_mineral`` falls: itself if listed, else an umbrella."""
        names = list(listed)
        if record_mineral in names:
            return record_mineral
        for name in (record_mineral, *self.minerals[record_mineral].components):
            lineage = self.ancestors(name)
            for candidate in names:
                if candidate in lineage:
                    return candidate
        return None

    def descendants(self, name: str) -> frozenset[str]:
        """``name`` and every kind under it (remembered, as :meth:`ancestors`)."""
        found = self._below.get(name)
        if found is None:
            found = self._below[name] = frozenset(m for m in self.minerals if name in self.ancestors(m))
        return found


_ENTRY_KEYS = {"name", "en", "aliases", "parents", "components", "use_of", "category"}


@cache
def mineral_book() -> MineralBook:
    data = load_data_file(data_dir() / "minerals.yaml")
    raw = data["minerals"]
    minerals = {}
    for entry in raw:
        unknown = set(entry) - _ENTRY_KEYS
        if unknown:  # a stray key is a value lost (an unquoted comma in a flow mapping splits it)
            raise ValueError(
                f"minerals.yaml: {entry.get('name')}: unknown field(s) {', '.join(sorted(map(str, unknown)))}"
            )
        use_of = entry.get("use_of")
        parents = tuple(entry.get("parents", []))
        if use_of is not None and use_of not in parents:
            parents = (*parents, use_of)
        minerals[entry["name"]] = Mineral(
            name=entry["name"],
            en=entry["en"],
            category=entry["category"],
            aliases=tuple(entry.get("aliases", [])),
            parents=parents,
            components=tuple(entry.get("components", [])),
            use_of=use_of,
        )
    described = data.get("descriptions", [])
    descriptions = {fold(d["name"]): d["hint"] for d in described}
    descriptions_zh = {fold(d["name"]): d["hint_zh"] for d in described if d.get("hint_zh")}
    return MineralBook(minerals, descriptions, descriptions_zh)
