"""Which of the files pre-commit hands the hook are records, and what batch they are judged in.

pre-commit passes every changed file its ``files:`` pattern matches (YAML and JSON): a repository's own
configuration among them. Only records are judged:

- with a config file that names ``paths``: the changed files under those paths; the batch is every record
  under the paths, so batch-wide counts (mines per plan, one holder per block) see the whole folder;
- without one: the changed files that might hold a record (a YAML, JSON or table document with two or more of
  a record's fields, a list of them, or a file that cannot be read); the batch is those files.

Never judged: ``.pre-commit-config.yaml``, ``.pre-commit-hooks.yaml``, anything under ``.github/``,
``minplan.toml`` and ``pyproject.toml``. The changed files that are not judged are named in a note.
"""

from __future__ import annotations

import os
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
    return path if rel.startswith("..") else rel


@dataclass
class Chosen:
    shown: list[str] = field(default_factory=list)  # the changed record files, as keys
    batch: list[Path] = field(default_factory=list)  # what the run reads
    notes: list[str] = field(default_factory=list)

    @staticmethod
    def key(file: str) -> str:
        return key(file)


def never(file: str) -> bool:
    """A repository's own configuration, never a record."""
    parts = Path(file).parts
    return Path(file).name in NEVER_FILES or any(p in NEVER_FOLDERS for p in parts[:-1])


def looks_like_record(file: str) -> bool:
    """Might the file hold a record, valid or not? A mapping with two or more of a record's fields (``rigth`` for
    ``right`` and a missing ``application`` leave enough), a list of such mappings or a mapping holding one; or a
    file that cannot be read at all: the run then says what is wrong with it, where skipping it would pass it."""
    from minplan.readers import DEFAULT_LIMITS, FALLBACK, ReadError, Source, read_bytes, reader_for

    try:
        source = Source(file, read_bytes(file, DEFAULT_LIMITS.max_bytes))
        reader = reader_for(file) or FALLBACK
        # a document the reader refuses (a duplicate key, a tag, an unknown header) is shown, not passed over
        return any(
            doc.problem is not None or _record_like(doc.data, 2) for doc in reader.documents(source, DEFAULT_LIMITS)
        )
    except (ReadError, OSError):
        return True


@cache
def _record_fields() -> frozenset[str]:
    from minplan.record import Record

    return frozenset(Record.model_fields)


def _record_like(data: object, depth: int) -> bool:
    if isinstance(data, dict):
        if len(_record_fields() & set(map(str, data))) >= 2:
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
        for name in names:
            path = Path(name)
            under = any(path == root or root in path.parents for root in roots)
            if under and not never(name):
                chosen.shown.append(name)
            else:
                skipped.append(name)
        chosen.batch = [Path(key(p)) for p in settings.paths]
        if skipped:
            where = ", ".join(str(p) for p in settings.paths)
            chosen.notes.append(f"not judged (outside the config's paths {where}): {', '.join(skipped)}")
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
