"""Zones as the plans print them: a code, or the printed name and its short forms, resolved to one identity.

A zone's identity is its code: the one the plan prints or, where the plan prints none, the one minplan
coins (``coined: true``). A record or a rule may name a zone by that code, by its printed name (or another
name the plan prints for it), or by a short form of the name: without the leading names of the
divisions the record lies in (吉林省, 临江市, 临江 …), without a trailing parenthesis ((国家级) …), and with
the type's suffix varied or left out (重点勘查区 / 重点勘查区域 / 勘查区). Full-width and half-width forms,
dashes, and 、 against , count as the same. A name that could denote two zones is refused, naming both.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from minplan.say import Msg, Refusal, join
from minplan.textnorm import fold, listed

if TYPE_CHECKING:
    from minplan.plans import Plan, Zone

BLOCK_CODE = re.compile(r"^[A-Z]{2}\d{11}$")
"""A planning-block code of the national pattern (KQ21060000001 …): accepted unchecked, as the plans'
block annexes are not part of their printed text."""

SERIES = 8
"""A code of the national pattern begins with its series: the two letters of its kind and the six digits of
the division that drew it (KZ210600… for Dandong's key exploration areas)."""


def printed_series(refs: Iterable[ZoneRef]) -> dict[str, str]:
    """The series of the codes of the national pattern a zone table prints, each with the plan printing it.

    A table prints every zone of its series (Dandong's 专栏三 every KZ210600…), so a code of such a series that
    the table does not list is a code mistyped or of a zone that is not there, not a block of an annex.
    """
    out: dict[str, str] = {}
    for ref in refs:
        code = ref.zone.code.upper()
        if not ref.zone.coined and BLOCK_CODE.match(code):
            out.setdefault(code[:SERIES], ref.plan)
    return out


_DASHES = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
_COMMAS = re.compile("[,，、､]")
_TRAILING_PAREN = re.compile(r"\([^()]*\)$")
_SEPARATORS = re.compile(r"[^,，、;；\s]+")

# Interchangeable spellings of a zone type's suffix, longest first. A type not listed here (industry areas,
# remediation areas) has names too varied for a suffix to be swapped; its names are matched as printed.
SUFFIXES: dict[str, tuple[str, ...]] = {
    "key_exploration_area": ("重点勘查区域", "重点勘查区", "勘查区"),
    "key_mining_area": ("重点开采区域", "重点开采区", "重点开采"),
    "concentrated_mining_area": ("集中开采区",),
    "restricted_mining_area": ("限制开采区",),
    "encouraged_mining_area": ("鼓励开采区",),
    "national_planned_mining_area": ("国家规划矿区", "规划矿区"),
    "exploration_block": ("勘查规划区块",),
    "mining_block": ("开采规划区块",),
}
_NOT_AFTER_PREFIX = tuple("省市县区州-、(")  # 吉林 is no prefix of 吉林市…, 临江 none of 临江-长白…
_SHORTEST_CORE = 2  # a short form keeps at least two characters of its own besides the suffix


def zone_key(text: object) -> str:
    """The lookup key of a zone code or name: NFKC, no white space, lower case, one dash, 、 for commas."""
    return _COMMAS.sub("、", _DASHES.sub("-", fold(str(text))))


def place_prefixes(names: Iterable[str]) -> tuple[str, ...]:
    """Division names a short form may leave out, as keys, longest first (吉林省 before 吉林)."""
    keys = {zone_key(n) for n in names if any("\u4e00" <= ch <= "\u9fff" for ch in n)}
    return tuple(sorted(keys, key=len, reverse=True))


def _unprefixed(name: str, prefixes: tuple[str, ...]) -> list[str]:
    """``name`` and each form left after taking leading division names off, one at a time."""
    out = [name]
    current = name
    while True:
        prefix = next((p for p in prefixes if current.startswith(p)), None)
        if prefix is None:
            return out
        rest = current[len(prefix) :]
        if not rest or rest.startswith(_NOT_AFTER_PREFIX):
            return out
        out.append(rest)
        current = rest


def _suffixed(name: str, zone_type: str) -> set[str]:
    """``name`` with its type's suffix in each spelling, and without it."""
    spellings = SUFFIXES.get(zone_type)
    if not spellings:
        return {name}
    core = next((name[: -len(s)] for s in spellings if name.endswith(s)), name)
    forms = {core + s for s in spellings} | {name}
    if len(core) >= _SHORTEST_CORE:
        forms.add(core)
    return forms


def short_forms(name: str, zone_type: str, prefixes: tuple[str, ...]) -> set[str]:
    """Every key a name may be given by, the printed form's key among them."""
    printed = zone_key(name)
    stems = {printed, _TRAILING_PAREN.sub("", printed)}
    forms: set[str] = set()
    for stem in stems:
        for rest in _unprefixed(stem, prefixes):
            forms |= _suffixed(rest, zone_type)
    return {f for f in forms if len(f) >= _SHORTEST_CORE and f not in _ALL_SUFFIXES}


_ALL_SUFFIXES = {zone_key(s) for spellings in SUFFIXES.values() for s in spellings}


@dataclass(frozen=True)
class ZoneRef:
    """One zone of one plan."""

    plan: str
    zone: Zone

    @property
    def value(self) -> str:
        """The zone's identity, as records and rules hold it."""
        return self.zone.code.upper()

    def label(self) -> str:
        return f"{self.zone.code} {self.zone.name} ({self.plan})"


class ZoneError(Refusal):
    """A zone reference that names no zone, or more than one."""


def _in_english(msg: Msg, *parts: Msg | str) -> Msg:
    """``msg``, or its English in both languages where a part was given as English text (a caller's own)."""
    return Msg.verbatim(str(msg)) if any(isinstance(p, str) and p for p in parts) else msg


class UnknownZone(ZoneError):
    def __init__(
        self, text: str, where: Msg | str, suggestions: list[ZoneRef], hint: Msg | str = "", what: str = "zone"
    ) -> None:
        labels = join([Msg.verbatim(r.label()) for r in suggestions])
        mean = Msg(" (did you mean {labels}?)", labels=labels) if suggestions else Msg.verbatim("")
        said = {"text": text, "where": where, "mean": mean, "hint": hint}
        if what == "zone":
            msg = Msg("unknown zone {text!r} {where}{mean}{hint}", **said)
        elif what == "zone code or type":
            msg = Msg("unknown zone code or type {text!r} {where}{mean}{hint}", **said)
        else:
            msg = Msg.verbatim(f"unknown {what} {text!r} {where}{mean}{hint}")
        super().__init__(_in_english(msg, where, hint))
        self.text = text
        self.suggestions = suggestions


class AmbiguousZone(ZoneError):
    def __init__(self, text: str, where: Msg | str, matches: list[ZoneRef]) -> None:
        names = listed([r.label() for r in matches], " or ", " 或 ")
        msg = Msg(
            "zone name {text!r} is ambiguous {where}: it may be {names}; give the code or the full name",
            text=text,
            where=where,
            names=names,
        )
        super().__init__(_in_english(msg, where))
        self.text = text
        self.matches = matches


class MisplacedZone(ZoneError):
    """A zone the plan prints as lying in other counties than the record's."""

    def __init__(self, text: str, where: Msg | str, refs: list[ZoneRef]) -> None:
        from minplan.regions import gazetteer

        places = gazetteer().divisions
        ref = refs[0]
        counties = "、".join(f"{places[c].zh} {c}" if c in places else c for c in ref.zone.county)
        msg = Msg(
            "zone {text!r} is {zone}, which {table} places in {counties}: it does not lie in the record's county "
            "(zones looked up {where}); give a zone of that county, or the county the site lies in",
            text=text,
            zone=ref.label(),
            table=ref.zone.table,
            counties=counties,
            where=where,
        )
        super().__init__(_in_english(msg, where))
        self.text = text
        self.refs = refs


@dataclass
class ZoneIndex:
    """The zones one may name in one place: codes, printed names, and short forms of the place's own zones.

    ``refs`` are every zone that may be named (by code or full printed name); ``local`` says which of them
    are the place's own (listed for it, or with no county printed), which short forms and suggestions use.
    """

    refs: list[ZoneRef]
    prefixes: tuple[str, ...] = ()
    local: Callable[[Zone], bool] = field(default=lambda zone: True)
    # a zone the plan prints as lying elsewhere (its counties printed, the place's not among them)
    elsewhere: Callable[[Zone], bool] = field(default=lambda zone: False)
    types: frozenset[str] = frozenset()  # zone types a rule may name instead of zones
    plans: tuple[str, ...] = ()
    # series of printed codes of the national pattern (code[:SERIES] → plan), the refs' own and those of other
    # plans: a code of one of them is no block code
    series: dict[str, str] = field(default_factory=dict)
    _codes: dict[str, str] = field(default_factory=dict, init=False)
    _names: dict[str, set[str]] = field(default_factory=dict, init=False)
    _by_value: dict[str, list[ZoneRef]] = field(default_factory=dict, init=False)
    _forms: dict[str, set[str]] = field(default_factory=dict, init=False)  # value → its keys, for suggestions
    _most_parts: int = field(default=1, init=False)  # the most pieces a printed name splits into (金、铜矿: 2)

    def __post_init__(self) -> None:
        self.series = {**self.series, **printed_series(self.refs)}
        for ref in self.refs:
            value = ref.value
            for name in ref.zone.names():
                self._most_parts = max(self._most_parts, len(_SEPARATORS.findall(name)))
            self._by_value.setdefault(value, []).append(ref)
            self._codes[zone_key(ref.zone.code)] = value
            keys = {zone_key(n) for n in ref.zone.names()}
            if self.local(ref.zone):
                for name in ref.zone.names():
                    keys |= short_forms(name, ref.zone.type, self.prefixes)
                self._forms.setdefault(value, set()).update(keys | {zone_key(ref.zone.code)})
            for key in keys:
                self._names.setdefault(key, set()).add(value)

    def __bool__(self) -> bool:
        return bool(self.refs)

    def find(self, text: str) -> set[str]:
        """The identities ``text`` may denote: one, several (ambiguous) or none. Zone types are not looked at."""
        key = zone_key(text)
        if key in self._codes:
            return {self._codes[key]}
        found = self._names.get(key)
        if found:
            return set(found)
        plain = key.upper()
        return {plain} if BLOCK_CODE.match(plain) and plain[:SERIES] not in self.series else set()

    def _series_hint(self, text: str) -> Msg:
        """Why a code of the national pattern was not taken for a block code: its series is a table's."""
        plain = zone_key(text).upper()
        if not BLOCK_CODE.match(plain) or plain[:SERIES] not in self.series:
            return Msg.verbatim("")
        plan = self.series[plain[:SERIES]]
        if plan in self.plans:
            return Msg(
                "; codes {series}… are those {plan}'s zone tables print in full, not block codes",
                series=plain[:SERIES],
                plan=plan,
            )
        return Msg(
            "; codes {series}… are those the zone tables of {plan}, not in force here print in full, not block codes",
            series=plain[:SERIES],
            plan=plan,
        )

    def misplaced(self, value: str) -> list[ZoneRef]:
        """The zones of identity ``value`` if every one of them is printed as lying elsewhere; else none."""
        refs = self._by_value.get(value, [])
        return refs if refs and all(self.elsewhere(r.zone) for r in refs) else []

    def resolve(self, text: str, where: Msg | str, hint: Msg | str = "") -> str:
        """The identity of the zone ``text`` names; UnknownZone or AmbiguousZone otherwise.

        ``where`` and ``hint`` are said as given: a :class:`~minplan.say.Msg` in the reader's language, a text
        in English only."""
        if text in self.types:
            return text
        found = self.find(text)
        if len(found) == 1:
            return found.pop()
        if found:
            raise AmbiguousZone(text, where, [self._by_value[v][0] for v in sorted(found)])
        series = self._series_hint(text)
        said: Msg | str = series if hint == "" else series + hint if isinstance(hint, Msg) else str(series) + hint
        raise UnknownZone(text, where, self.suggest(text), said)

    def resolve_list(
        self, items: list[str], where: Msg | str, hint: Msg | str = ""
    ) -> tuple[list[str], list[tuple[int, ZoneError]]]:
        """The identities a record's list names, each once, and the errors by list position.

        A zone the plan prints as lying in other counties (``elsewhere``) is an error at its position.

        An item that names no zone as a whole may list several (``KZ01, KZ02``). A piece that names none
        is joined with the pieces after it, longest first, since a name may hold 、 or , (金、铜矿) and a
        YAML flow list splits at the comma: ``[六道沟金,铜矿重点勘查区]`` still names one zone.
        """
        pieces: list[tuple[int, str]] = []
        errors: list[tuple[int, ZoneError]] = []
        for i, item in enumerate(items):
            found = self._find_or_type(item)
            if len(found) > 1:
                errors.append((i, self._error(item, where, hint)))
            elif found or not _SEPARATORS.findall(item):
                pieces.append((i, item))
            else:
                pieces.extend((i, part) for part in _SEPARATORS.findall(item))
        values: list[str] = []
        k = 0
        while k < len(pieces):
            i, text = pieces[k]
            found, step = self._find_or_type(text), 1
            if len(found) != 1:  # joined with the pieces after it, as far as a printed name can reach
                for j in range(min(len(pieces), k + self._most_parts), k + 1, -1):
                    joined = self._find_or_type("、".join(part for _, part in pieces[k:j]))
                    if len(joined) == 1:
                        found, step = joined, j - k
                        break
            if len(found) == 1:
                value = found.pop()
                misplaced = self.misplaced(value)
                if misplaced:
                    errors.append((i, MisplacedZone(text, where, misplaced)))
                elif value not in values:
                    values.append(value)
            else:
                errors.append((i, self._error(text, where, hint)))
            k += step
        return values, errors

    def _find_or_type(self, text: str) -> set[str]:
        return {text} if text in self.types else self.find(text)

    def _error(self, text: str, where: Msg | str, hint: Msg | str) -> ZoneError:
        try:
            self.resolve(text, where, hint)
        except ZoneError as exc:
            return exc
        raise AssertionError(f"{text!r} resolves")  # only called for a text that does not

    def suggest(self, text: str, n: int = 3) -> list[ZoneRef]:
        """The place's own zones nearest to ``text``."""
        key = zone_key(text)
        scored = []
        for value, keys in self._forms.items():
            best = max(
                max(difflib.SequenceMatcher(None, key, k).ratio(), 0.75 if key in k or k in key else 0.0) for k in keys
            )
            if best >= 0.5:
                scored.append((-best, value))
        return [self._by_value[v][0] for _, v in sorted(scored)[:n]]


def plan_index(plan: Plan) -> ZoneIndex:
    """The zones a rule of ``plan`` may name: its own, by code, name or short form, and their types."""
    from minplan.regions import gazetteer

    places = gazetteer()
    chain = places.chain(plan.jurisdiction) if plan.jurisdiction in places.divisions else []
    return ZoneIndex(
        [ZoneRef(plan.id, z) for z in plan.zones],
        place_prefixes(n for d in chain for n in (d.zh, *d.aliases)),
        types=frozenset(z.type for z in plan.zones),
        plans=(plan.id,),
    )


def rule_zone_refs(refs: list[str], plan: Plan, index: ZoneIndex | None = None) -> list[str]:
    """A rule's zone references (codes, names, short forms or zone types) as zone identities and types."""
    index = index or plan_index(plan)
    where = Msg("in {plan}'s zone tables", plan=plan.id)
    out: list[str] = []
    for ref in refs:
        try:
            value = index.resolve(str(ref), where)
        except UnknownZone as exc:
            # say "code or type": a rule may name a zone type instead of zones
            raise UnknownZone(str(ref), where, exc.suggestions, what="zone code or type") from None
        if value not in out:
            out.append(value)
    return out
