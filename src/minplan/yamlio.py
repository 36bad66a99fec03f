"""Reading the corpus's YAML files: safe loader only, and a JSON cache so start-up stays fast.

Parsing YAML in Python is slow; the corpus rarely changes. Parsed files are kept as JSON (data,
never code) in the user's cache folder, keyed by each file's path, size and modification time.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import yaml

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_CACHE: dict[str, Any] | None = None
_DIRTY = False


def _cache_file() -> Path:
    base = os.environ.get("MINPLAN_CACHE") or os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "minplan" / "corpus-v1.json"


def _cache() -> dict[str, Any]:
    global _CACHE
    if _CACHE is None:
        try:
            _CACHE = json.loads(_cache_file().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            _CACHE = {}
    return _CACHE


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
    global _DIRTY
    stat = path.stat()
    key = str(path.resolve())
    stamp = [stat.st_size, stat.st_mtime_ns]
    entry = _cache().get(key)
    if entry is not None and entry[0] == stamp:
        return entry[1]
    with path.open("rb") as fh:
        data = _plain(yaml.load(fh, Loader=SafeLoader))
    _cache()[key] = [stamp, data]
    _DIRTY = True
    return data


def save_cache() -> None:
    """Write the cache if anything new was parsed; a cache that cannot be written is simply skipped."""
    global _DIRTY
    if not _DIRTY or os.environ.get("MINPLAN_NO_CACHE"):
        return
    target = _cache_file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(_cache(), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, target)
        _DIRTY = False
    except OSError:
        pass
