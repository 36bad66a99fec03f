"""The project's configuration: ``minplan.toml`` or ``[tool.minplan]`` in ``pyproject.toml``.

This module is the one place config values are read. :func:`find` looks upwards from the working folder for
the first ``minplan.toml``, or ``pyproject.toml`` with a ``[tool.minplan]`` table; ``--config FILE`` names one.
Paths in the file are relative to the folder it lies in. Keys (all optional)::

    paths = ["applications"]       # what `minplan check` and the pre-commit hook check when given no PATH
    lang = "zh"                    # zh or en
    fail-on = "fail"               # fail or warn
    baseline = "ledger/mines.xlsx" # ledger of existing mines for batch-wide counts
    rules = "my-rules"             # a rule corpus instead of the shipped one
    format = "table"               # the format printed on standard output
    [outputs]                      # more reports written by the same run: format = file
    json = "minplan.json"
    sarif = "minplan.sarif"
    [layers]                       # the bureau's GIS layers, as --layer gives them: KIND = file, or a table
    ecological_red_line = "layers/red-line.gpkg"
    zones = {path = "layers/zones.shp", field = "CODE"}   # also layer = "…" for one layer of a GeoPackage
    [[waivers]]                    # dated exceptions (minplan.waivers)
    rule = "yanbian-2021/min-scale/gold"
    record = "YB-2023-001"
    reason = "专家论证通过（延自然资〔2023〕12号）"
    until = 2024-06-30

A file that cannot be read, or holds a key or value minplan does not know, is a :class:`ConfigError` naming
file, line and key: the command stops with exit 2 rather than run with a setting half applied.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from minplan.say import Msg, Refusal, join

NAMES = ("minplan.toml", "pyproject.toml")
KEYS = ("paths", "lang", "fail-on", "baseline", "rules", "format", "outputs", "layers", "waivers")
WAIVER_KEYS = ("rule", "record", "reason", "until")


class ConfigError(Refusal):
    """A config file that cannot be used: names the file, the line (where known) and the key (``.msg``: in both
    languages)."""

    def __init__(self, file: Path | str, message: Msg | str, line: int | None = None, key: str | None = None) -> None:
        self.file, self.line, self.key = str(file), line, key
        where = f"{file}:{line}" if line else str(file)
        said = message if isinstance(message, Msg) else Msg.verbatim(message)
        if key:
            super().__init__(Msg("{where}: {key}: {message}", where=where, key=key, message=said))
        else:
            super().__init__(Msg("{where}: {message}", where=where, message=said))


@dataclass(frozen=True)
class Waiver:
    """One dated exception: findings of rules matching ``rule`` on records matching ``record``."""

    rule: str
    record: str
    reason: str
    until: dt.date
    line: int | None = None  # where it stands in the config file
    index: int = 0  # its place among the file's waivers


@dataclass(frozen=True)
class Config:
    """Settings read from one file (or none: every value its default)."""

    file: Path | None = None
    paths: tuple[Path, ...] = ()
    lang: str | None = None
    fail_on: str | None = None
    baseline: Path | None = None
    rules: Path | None = None
    format: str | None = None
    outputs: tuple[tuple[str, Path], ...] = ()
    layers: tuple[str, ...] = ()  # each as --layer writes it: KIND=PATH[:LAYER][#FIELD]
    waivers: tuple[Waiver, ...] = ()

    @property
    def shown(self) -> str:
        """The config file's name as reports show it: relative to the working folder where it lies below it."""
        if self.file is None:
            return ""
        try:
            return self.file.resolve().relative_to(Path.cwd().resolve()).as_posix()
        except ValueError:
            return str(self.file)


def find(start: Path | None = None) -> Path | None:
    """The config file for ``start`` (the working folder): the nearest ``minplan.toml``, or ``pyproject.toml``
    with a ``[tool.minplan]`` table, in it or a folder above it up to the repository's root (a folder holding
    ``.git``): a file above the repository is another project's, and its waivers would excuse this one's records."""
    folder = (start or Path.cwd()).resolve()
    for here in (folder, *folder.parents):
        own = here / NAMES[0]
        if own.is_file():
            return own
        project = here / NAMES[1]
        if project.is_file() and _has_tool_table(project):
            return project
        if (here / ".git").exists():
            return None
    return None


def _has_tool_table(path: Path) -> bool:
    """Does ``path`` set ``tool.minplan``: as a ``[tool.minplan]`` header, or in any other way TOML writes it
    (``[tool]`` with ``minplan.fail-on = …`` or an inline table, quoted names), which a header search misses?"""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if re.search(r"(?m)^\s*\[\s*tool\s*\.\s*minplan\s*[.\]]", text) is not None:
        return True
    if "minplan" not in text:
        return False
    import tomllib

    try:
        tool = tomllib.loads(text).get("tool")
    except tomllib.TOMLDecodeError:
        return False
    return isinstance(tool, dict) and "minplan" in tool


def load(path: Path | None) -> Config:
    """The settings of ``path`` (``None``: no config, every default). Raises :class:`ConfigError`."""
    if path is None:
        return Config()
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise ConfigError(path, Msg("no such file")) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, Msg("cannot be read ({error})", error=str(exc))) from None
    import tomllib  # only when there is a config file to read

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = _decode_line(str(exc)) or (len(text.splitlines()) or 1 if "end of document" in str(exc) else None)
        said = Msg("not valid TOML: {error}", error=re.sub(r" [(]at line .*[)]$", "", str(exc)))
        raise ConfigError(path, said, line) from None
    lines = KeyLines(text)
    table_path: tuple[str, ...] = ()
    if path.name == NAMES[1]:
        tool = data.get("tool", {})
        data = tool.get("minplan", {}) if isinstance(tool, dict) else {}
        table_path = ("tool", "minplan")
        if not isinstance(data, dict):
            said = Msg("expected a table, got {value!r}", value=data)
            raise ConfigError(path, said, lines.line(*table_path), "tool.minplan")
    return _read(path, data, lines, table_path)


def _decode_line(message: str) -> int | None:
    found = re.search(r"at line (\d+)", message)
    return int(found.group(1)) if found else None


def _near(path: Path) -> Path:
    """``path`` relative to the working folder where it lies below it (as reports show files), else as is."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except (ValueError, OSError):
        return path


def _read(path: Path, data: dict[str, Any], lines: KeyLines, base: tuple[str, ...]) -> Config:
    root = path.parent

    def fail(key: str, message: Msg, *sub: str | int) -> ConfigError:
        return ConfigError(path, message, lines.line(*base, key, *sub), key)

    for key in data:
        if key not in KEYS:
            from minplan.textnorm import nearest

            hint = nearest(key.replace("_", "-"), list(KEYS), n=1)
            known = ", ".join(KEYS)
            if hint:
                raise fail(key, Msg("unknown key (did you mean '{hint}'?); known: {known}", hint=hint[0], known=known))
            raise fail(key, Msg("unknown key; known: {known}", known=known))

    def text(key: str, choices: tuple[str, ...] | None = None) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or (choices and value not in choices):
            want = join([Msg.verbatim(c) for c in choices], " or ") if choices else Msg("text")
            raise fail(key, Msg("expected {want}, got {value!r}", want=want, value=value))
        return value

    def a_path(key: str) -> Path | None:
        value = text(key)
        return None if value is None else _near(root / value)

    paths = data.get("paths", [])
    if isinstance(paths, str):
        paths = [paths]
    if not isinstance(paths, list) or not all(isinstance(p, str) and p for p in paths):
        raise fail("paths", Msg("expected a list of folders or files, got {value!r}", value=paths))
    from minplan.report.formats import names

    outputs = data.get("outputs", {})
    if not isinstance(outputs, dict):
        raise fail("outputs", Msg('expected a table of format = "file"'))
    for name, target in outputs.items():
        if name not in names():
            said = Msg("unknown format {name!r} (formats: {formats})", name=name, formats=", ".join(names()))
            raise fail("outputs", said, name)
        if not isinstance(target, str) or not target:
            raise fail("outputs", Msg("expected a file name, got {value!r}", value=target), name)
    layers = data.get("layers", {})
    if not isinstance(layers, dict):
        raise fail("layers", Msg("expected a table of KIND = file (or a table with path, layer, field)"))
    layer_texts = []
    for kind, spec in layers.items():
        if isinstance(spec, str) and spec:
            spec = {"path": spec}
        if not isinstance(spec, dict) or not isinstance(spec.get("path"), str) or not spec["path"]:
            said = Msg("expected a file, or a table with path (and layer, field), got {value!r}", value=spec)
            raise fail("layers", said, kind)
        unknown = set(spec) - {"path", "layer", "field"}
        if unknown or not all(isinstance(spec.get(k, ""), str) for k in ("layer", "field")):
            raise fail("layers", Msg("a layer takes path, layer and field (text), got {value!r}", value=spec), kind)
        where = str(_near(root / spec["path"]))
        where += f":{spec['layer']}" if spec.get("layer") else ""
        where += f"#{spec['field']}" if spec.get("field") else ""
        layer_texts.append(f"{kind}={where}")
    return Config(
        file=path,
        paths=tuple(_near(root / p) for p in paths),
        lang=text("lang", ("zh", "en")),
        fail_on=text("fail-on", ("fail", "warn")),
        baseline=a_path("baseline"),
        rules=a_path("rules"),
        format=text("format", tuple(names())),
        outputs=tuple((name, _near(root / target)) for name, target in outputs.items()),
        layers=tuple(layer_texts),
        waivers=_waivers(path, data.get("waivers", []), lines, base),
    )


def _waivers(path: Path, raw: Any, lines: KeyLines, base: tuple[str, ...]) -> tuple[Waiver, ...]:
    if not isinstance(raw, list) or not all(isinstance(w, dict) for w in raw):
        raise ConfigError(path, Msg("expected [[waivers]] tables"), lines.line(*base, "waivers"), "waivers")
    out = []
    for index, entry in enumerate(raw):
        line = lines.line(*base, "waivers", index)

        def fail(key: str, message: Msg, entry_line: int | None = line, index: int = index) -> ConfigError:
            return ConfigError(path, message, lines.line(*base, "waivers", index, key) or entry_line, f"waivers.{key}")

        for key in entry:
            if key not in WAIVER_KEYS:
                raise fail(key, Msg("unknown key (a waiver has {keys})", keys=", ".join(WAIVER_KEYS)))
        for key in WAIVER_KEYS:
            if key not in entry:
                has = Msg.verbatim(", ".join(entry)) if entry else Msg("nothing")
                raise fail(key, Msg("a waiver needs {key!r} (it has: {keys})", key=key, keys=has))
        for key in ("rule", "record", "reason"):
            if not isinstance(entry[key], str) or not entry[key].strip():
                raise fail(key, Msg("expected text, got {value!r}", value=entry[key]))
        until = entry["until"]
        if isinstance(until, str):
            try:
                until = dt.date.fromisoformat(until)
            except ValueError:
                raise fail("until", Msg("expected a date such as 2024-06-30, got {value!r}", value=until)) from None
        if isinstance(until, dt.datetime) or not isinstance(until, dt.date):
            raise fail("until", Msg("expected a date such as 2024-06-30, got {value!r}", value=until))
        out.append(Waiver(entry["rule"].strip(), entry["record"].strip(), entry["reason"], until, line, index))
    return tuple(out)


_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")


class KeyLines:
    """The line of each key of a TOML file that tomllib has read without error (tomllib gives data, no
    positions): tables and arrays of tables by their headers, keys by the line that sets them. Multi-line
    strings are skipped; a key set inside an inline table is found at the line of its table."""

    def __init__(self, text: str) -> None:
        self.lines: dict[tuple[str | int, ...], int] = {}
        counts: dict[tuple[str, ...], int] = {}
        table: tuple[str | int, ...] = ()
        fence: str | None = None
        for number, line in enumerate(text.splitlines(), 1):
            if fence is not None:
                if line.count(fence) % 2 == 1:
                    fence = None
                continue
            header = _HEADER.match(line)
            if header:
                names = tuple(_parts(header.group(2)))
                if header.group(1) == "[[":
                    index = counts.get(names, 0)
                    counts[names] = index + 1
                    table = (*names, index)
                    self.lines.setdefault(names, number)
                else:
                    table = names
                self.lines.setdefault(table, number)
                continue
            key = _KEY.match(line)
            if key:
                self.lines.setdefault((*table, *_parts(key.group(1))), number)
                rest = line[key.end() :]
                for quote in ('"""', "'''"):
                    if rest.count(quote) % 2 == 1:
                        fence = quote

    def line(self, *path: str | int) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None


def _parts(dotted: str) -> list[str]:
    return [p.strip().strip("\"'") for p in re.findall(r"""\s*("[^"]*"|'[^']*'|[^.]+)\s*(?:\.|$)""", dotted)]
