"""Reading the corpus's YAML files: safe loader only, and a JSON cache so start-up stays fast.

Parsing YAML in Python is slow; the corpus rarely changes. Each parsed file is kept as JSON (data,
never code) in the user's cache folder, one cache file per source file. An entry is only a faster copy
of what its source says: it is used when it was made from the very bytes the source holds now, by this
version of minplan and of the reader, and when its own data is intact; any other entry is ignored and
rewritten. Hashing the few files a run reads costs far less than parsing them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import yaml

from minplan import __version__
from minplan.readers.base import DEFAULT_LIMITS, ReadError, Source
from minplan.readers.files import read_bytes
from minplan.readers.yaml import DataFileError, read_data

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _reader_code() -> str:
    """A digest of the code that turns a corpus file's bytes into data (this module, readers.yaml and readers.base,
    which decodes the bytes): an entry made by other code, even under the same version number (an editable or a
    git install), is not used."""
    from minplan.readers import base
    from minplan.readers import yaml as reader

    h = hashlib.blake2b(digest_size=8)
    for module in (reader.__file__, base.__file__, __file__):
        try:
            h.update(Path(module).read_bytes())
        except (OSError, TypeError):
            h.update(b"?")
    return h.hexdigest()


def _parser() -> str:
    """The YAML parser the reader runs on: libyaml's (which accepts and refuses other texts than PyYAML's own,
    and may be another build under the same PyYAML version), or PyYAML's."""
    from minplan.readers import yaml as reader

    if reader._loader().__module__ == "yaml._yaml":
        from yaml import _yaml

        return f"libyaml {_yaml.get_version_string()}"
    return "its own parser"


# What reads a corpus file (the records' bounded reader, readers.yaml): its version is part of every cache key.
READER_VERSION = f"minplan bounded reader {_reader_code()} over PyYAML {yaml.__version__} with {_parser()}"


def _read_yaml(path: Path, source: bytes) -> Any:
    """The one place a corpus file is parsed: a broken file is a corpus error naming file, line and what."""
    try:
        return read_data(Source(str(path), source), DEFAULT_LIMITS)
    except DataFileError as exc:
        from minplan.rulebook import CorpusError  # rulebook imports this module

        raise CorpusError(str(exc)) from None


_FORMAT = "parsed-v3"  # the layout of a cache file: a header line, then the data as JSON
_ENTRY_MOST = 4 * DEFAULT_LIMITS.max_bytes  # an entry holds a source of at most max_bytes, as JSON


_FOUND: dict[tuple[str | None, ...], Path | None] = {}  # the answer, per environment that decides it


def cache_dir() -> Path | None:
    """Where parsed files are kept, or None when there is no usable place (nothing is then cached).

    ``MINPLAN_CACHE`` if set (that folder may be made, not its parent), else the platform's cache folder
    for the user. A home folder that is unset or missing is never made: there is simply no cache.
    """
    env = tuple(os.environ.get(k) for k in ("MINPLAN_CACHE", "HOME", "XDG_CACHE_HOME", "LOCALAPPDATA"))
    if env not in _FOUND:
        _FOUND[env] = _find_cache_dir()
    return _FOUND[env]


def _find_cache_dir() -> Path | None:
    override = os.environ.get("MINPLAN_CACHE")
    if override:
        root = Path(override)
        anchor = root.parent
    else:
        import platformdirs

        root = Path(platformdirs.user_cache_dir("minplan", appauthor=False))
        home = _home()
        if home is not None and root.is_relative_to(home):
            anchor = home
        elif root.is_relative_to(os.path.expanduser("~")):
            return None  # a home the environment does not name (HOME unset): not ours to fill
        else:
            anchor = root.parent
    return root / _FORMAT if anchor.is_dir() else None


def _home() -> Path | None:
    if os.name == "posix":
        return Path(os.environ["HOME"]) if os.environ.get("HOME") else None
    try:
        return Path.home()
    except (RuntimeError, KeyError):
        return None


def _plain(data: Any) -> Any:
    """Dates as ISO text (the models read both), so that a file reads the same parsed or cached."""
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    if isinstance(data, dt.date):
        return data.isoformat()
    return data


def _key(source: bytes) -> str:
    """What an entry must have been made from: these bytes, this minplan, this reader."""
    h = hashlib.blake2b(digest_size=16)
    for part in (_FORMAT, __version__, READER_VERSION):
        h.update(part.encode("utf-8") + b"\0")
    h.update(source)
    return h.hexdigest()


def _digest(key: str, payload: bytes) -> str:
    """A check that the entry's data is the data written under ``key`` (an edited entry is not used)."""
    h = hashlib.blake2b(key.encode("ascii") + b"\0", digest_size=16)
    h.update(payload)
    return h.hexdigest()


def _from_cache(entry: bytes, key: str) -> tuple[bool, Any]:
    """(True, data) when the entry was made from the same source and its data is intact."""
    header, sep, payload = entry.partition(b"\n")
    if not sep:
        return False, None
    try:
        head = json.loads(header)
    except (ValueError, RecursionError):  # garbage, or brackets nested past what the decoder follows
        return False, None
    if not isinstance(head, dict) or head.get("key") != key or head.get("digest") != _digest(key, payload):
        return False, None
    try:
        return True, json.loads(payload)
    except (ValueError, RecursionError):
        return False, None


def load_data_file(path: Path) -> Any:
    """Load one corpus file (rules, plans, vocabularies), from the cache when the cache holds its copy."""
    try:  # bounded as records are: a corpus file is read within the same size limit
        source = read_bytes(str(path), DEFAULT_LIMITS.max_bytes)
    except ReadError as exc:
        from minplan.rulebook import CorpusError

        # a corpus file's bound is not --max-bytes, which bounds the inputs a check reads
        message = exc.problem.message.replace(" (--max-bytes)", " a corpus file may have")
        raise CorpusError(f"{path}: {message}") from None
    folder = None if os.environ.get("MINPLAN_NO_CACHE") else cache_dir()
    if folder is None:  # no cache: neither read (an entry left by others is not trusted then) nor written
        return _plain(_read_yaml(path, source))
    key = _key(source)
    # one entry per source path (abspath: no system calls; the key, not the name, decides whether it is used)
    name = hashlib.blake2b(os.path.abspath(path).encode("utf-8"), digest_size=12).hexdigest()
    target = folder / f"{name}.json"
    try:  # a regular file within bounds only: a FIFO or a device in its place would block or never end
        found, data = _from_cache(read_bytes(str(target), _ENTRY_MOST), key)
        if found:
            return data
    except ReadError:
        pass  # no entry, or one that cannot be used: parsed again and rewritten
    data = _plain(_read_yaml(path, source))
    _write(target, key, data)
    return data


def _within(data: Any, most: int) -> bool:
    """Whether ``data`` as JSON may take at most ``most`` bytes (a text counts its length, any other value one):
    YAML's aliases let a small file repeat a long text many times over, which JSON writes out each time."""
    left = most
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            left -= len(value) + 2
        elif isinstance(value, dict):
            left -= 2 * len(value) + 2
            stack.extend(value)
            stack.extend(value.values())
        elif isinstance(value, list):
            left -= len(value) + 2
            stack.extend(value)
        else:
            left -= 1
        if left < 0:
            return False
    return True


def _write(target: Path, key: str, data: Any) -> None:
    """Write atomically, only what reads back as the same data, within what an entry may hold (a larger one
    would never be read: it is not made, nor the JSON of it); a cache that cannot be written is skipped."""
    if not _within(data, _ENTRY_MOST):
        return
    try:
        payload = json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (TypeError, ValueError):
        return  # e.g. binary scalars: not JSON, so not cached
    if json.loads(payload) != data:
        return  # e.g. a mapping with number keys: JSON would hand back other data
    header = json.dumps({"key": key, "digest": _digest(key, payload)}).encode("ascii")
    if len(header) + 1 + len(payload) > _ENTRY_MOST:
        return
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(header + b"\n" + payload)
        os.replace(tmp, target)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()  # not left behind when the entry's place is taken (by a folder, say)
