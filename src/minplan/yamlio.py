"""Reading the corpus's YAML files: safe loader only, and a JSON cache so start-up stays fast.

Parsing YAML in Python is slow; the corpus rarely changes. Each parsed file is kept as JSON (data,
never code) in the user's cache folder, one cache file per source file, stamped with the source's
size and modification time: a run reads only the cache of the files it needs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import yaml

from minplan.readers.yaml import DataFileError, read_data_file

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _cache_dir() -> Path:
    base = os.environ.get("MINPLAN_CACHE") or os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "minplan" / "parsed-v2"


def _plain(data: Any) -> Any:
    """Dates as ISO text (the models read both), so that a file reads the same parsed or cached."""
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    if isinstance(data, dt.date):
        return data.isoformat()
    return data


def load_data_file(path: Path) -> Any:
    """Load one corpus file (rules, plans, vocabularies), from the cache when it is unchanged."""
    source = str(path.resolve())
    stat = path.stat()
    stamp = [source, stat.st_size, stat.st_mtime_ns]
    cached = _cache_dir() / f"{hashlib.blake2b(source.encode('utf-8'), digest_size=12).hexdigest()}.json"
    try:
        entry = json.loads(cached.read_bytes())
        if entry["stamp"] == stamp:
            return entry["data"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    try:  # the records' bounded reader: a broken file is a corpus error naming file, line and what
        data = _plain(read_data_file(path))
    except DataFileError as exc:
        from minplan.rulebook import CorpusError  # rulebook imports this module

        raise CorpusError(str(exc)) from None
    if not os.environ.get("MINPLAN_NO_CACHE"):
        _write(cached, {"stamp": stamp, "data": data})
    return data


def _write(target: Path, entry: dict[str, Any]) -> None:
    """Write atomically; a cache that cannot be written is simply skipped."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        pass
