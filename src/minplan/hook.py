"""Which of the files pre-commit hands the hook are records, and what batch they are judged in.

pre-commit passes every changed file its ``files:`` pattern matches (YAML and JSON): a repository's own
configuration among them. Only records are judged:

- with a config file that names ``paths``: the changed files under those paths (also through a link, and a
  hidden file or one of another suffix where it might hold a record, which the search of the folder passes
  over); the batch is every record under the paths, so batch-wide counts (mines per plan, one holder per block)
  see the whole folder, with each changed record taken under the name pre-commit gives; an error of a path
  itself (a folder missing, or holding no record) is the run's;
- without one: the changed files that might hold a record (a YAML, JSON or table document with two or more of
  a record's fields, a list of them, or a file that cannot be read); the batch is those files.

Never judged: ``.pre-commit-config.yaml``, ``.pre-commit-hooks.yaml``, anything under ``.github/``,
``minplan.toml`` and ``pyproject.toml``. The changed files that are not judged are named in a note.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from minplan.config import Config

NEVER_FILES = frozenset((".pre-commit-config.yaml", ".pre-commit-hooks.yaml", "minplan.toml", "pyproject.toml"))
NEVER_FOLDERS = frozenset((".github",))


def key(file: str | Path) -> str:
    """A file's name as the run reports it: relative to the working folder, normalised."""
    path = os.path.normpath(os.path.abspath(file))
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel == os.pardir or rel.startswith(os.pardir + os.sep) else rel  # "..x.yaml" lies inside


@dataclass
class Chosen:
    shown: list[str] = field(default_factory=list)  # the changed record files, as keys
    batch: list[Path] = field(default_factory=list)  # what the run reads
    notes: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)  # the config's paths that are no file: their errors are shown

    @staticmethod
    def key(file: str) -> str:
        return key(file)


def never(file: str) -> bool:
    """A repository's own configuration, never a record."""
    parts = Path(file).parts
    return Path(file).name in NEVER_FILES or any(p in NEVER_FOLDERS for p in parts[:-1])


def looks_like_record(file: str) -> bool:
    """Might the file hold a record, valid or not? A mapping with two or more of a record's fields (``rigth`` for
    ``right`` and a missing ``application`` leave enough), a list of such mappings or a mapping holding one; or,
    where the reader refuses the file or one of its documents (a key twice, a syntax error), text that writes two
    or more of a record's fields as keys: the run then says what is wrong, where skipping it would pass it. Other
    files it refuses (a CI config with its own tags) are not records and are left alone."""
    from minplan.readers import DEFAULT_LIMITS, FALLBACK, ReadError, Source, read_bytes, reader_for

    try:
        data = read_bytes(file, DEFAULT_LIMITS.max_bytes)
    except (ReadError, OSError):
        return False  # not a regular readable file: the reader names it if it is given to check
    reader = reader_for(file) or FALLBACK
    try:
        refused = False
        for doc in reader.documents(Source(file, data), DEFAULT_LIMITS):
            if _record_like(doc.data, 2):
                return True
            refused = refused or doc.problem is not None
    except ReadError:
        refused = True
    return refused and (_headers_like_record(data) if file.lower().endswith(".csv") else _keys_like_record(data))


def _headers_like_record(data: bytes) -> bool:
    """Does one of the first rows of a CSV name two or more columns the header map knows (编号, 所在县 …)?"""
    import csv

    from minplan.readers import ReadError, decode
    from minplan.readers.csv import _delimiter
    from minplan.readers.table import header_map

    known = header_map().known
    try:
        text = decode(data)[0]  # GB18030 as the reader takes it, not only UTF-8
    except ReadError:
        return False
    for row in list(csv.reader(text.splitlines()[:30], delimiter=_delimiter(text))):  # ; and tab as the reader
        if sum(1 for cell in row if cell.strip() and known(cell.strip())) >= 2:
            return True
    return False


def _keys_like_record(data: bytes) -> bool:
    """Does the text write two or more of a record's field names as keys (``right:``, ``"mineral":``)?"""
    from minplan.readers import ReadError, decode

    try:
        text = decode(data[:1_000_000])[0]  # UTF-16 and GB18030 as the reader takes them
    except ReadError:
        text = data[:1_000_000].decode("utf-8", "replace")
    keys = set(re.findall(r"""(?m)^[ \t\-{,]*["']?([A-Za-z_]+)["']?[ \t]*:""", text))
    keys |= set(re.findall(r"""["']([A-Za-z_]+)["'][ \t]*:""", text))
    return len(keys & _record_fields()) >= 2


@cache
def _record_fields() -> frozenset[str]:
    from minplan.record import Record

    return frozenset(Record.model_fields)


def _record_like(data: object, depth: int) -> bool:
    if isinstance(data, dict):
        keys = set(map(str, data))
        if len(_record_fields() & keys) >= 2:
            return True
        # a record written with the sheets' Chinese headers as keys (编号, 所在县 …): the run says which keys it
        # does not take, where skipping it would pass it
        from minplan.readers.table import header_map

        known = header_map().known
        if sum(1 for key in keys if known(key.strip())) >= 2:
            return True
        return depth > 0 and any(_record_like(v, depth - 1) for v in data.values() if isinstance(v, list))
    if isinstance(data, list):
        return depth > 0 and any(_record_like(v, depth - 1) for v in data[:50])
    return False


def select(files: list[Path], settings: Config) -> Chosen:
    chosen = Chosen()
    skipped: list[str] = []
    names = [key(f) for f in files]
    if settings.paths:
        roots = [Path(key(p)) for p in settings.paths]
        taken = _taken(settings.paths)
        first: list[Path] = []  # changed files the search of the paths takes under another name, or passes over
        passed_over: list[str] = []
        for name in names:
            path = Path(name)
            under = any(path == root or root in path.parents for root in roots)
            found = taken.get(_identity(name))
            if never(name) or not (under or found):
                skipped.append(name)
            elif found == name:
                chosen.shown.append(name)
            elif found is not None or looks_like_record(name):
                # a link's name met first, or a hidden file or one of another suffix that holds a record: judged
                # as changed (batch-wide counts take it once), not left unjudged with a pass
                chosen.shown.append(name)
                first.append(Path(name))
            else:
                passed_over.append(name)
        # the paths' own errors (a folder missing or holding no record) are the run's, whatever changed
        chosen.paths = [str(root) for root in roots if not root.is_file()]
        chosen.batch = [*first, *(Path(key(p)) for p in settings.paths)]
        if skipped:
            where = ", ".join(str(p) for p in settings.paths)
            chosen.notes.append(f"not judged (outside the config's paths {where}): {', '.join(skipped)}")
        if passed_over:
            chosen.notes.append(f"not judged (no record in them): {', '.join(passed_over)}")
    else:
        for name in names:
            if not never(name) and looks_like_record(name):
                chosen.shown.append(name)
            else:
                skipped.append(name)
        chosen.batch = [Path(n) for n in chosen.shown]
        if skipped:
            chosen.notes.append(f"not judged (no record in them, or configuration): {', '.join(skipped)}")
    return chosen


def _identity(file: str) -> tuple[int, int] | None:
    """A file's device and inode (``None`` when it cannot be looked at): one file by any of its names."""
    try:
        info = os.stat(file)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _taken(paths: tuple[Path, ...]) -> dict[tuple[int, int] | None, str]:
    """The files a search of ``paths`` takes, by identity, each with the name it is taken under."""
    from minplan.inputs import collect

    out: dict[tuple[int, int] | None, str] = {}
    for file in collect(list(paths), allow_empty=True).files:
        identity = _identity(file)
        if identity is not None:
            out.setdefault(identity, key(file))
    return out
