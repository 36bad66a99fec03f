"""Turn the paths given on the command line into the documents to check."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from minplan.loader import Issue, Loaded, load_file

RECORD_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass
class Inputs:
    files: list[Path]
    missing: list[str]
    ignored: list[Path]


def collect(paths: list[Path]) -> Inputs:
    """Files named directly, and record files found recursively below folders; nothing dropped silently."""
    files: list[Path] = []
    missing: list[str] = []
    ignored: list[Path] = []
    for path in paths:
        if path.is_dir():
            for top, dirs, names in os.walk(path):
                hidden = sorted(d for d in dirs if d.startswith("."))
                ignored.extend(Path(top) / d for d in hidden)  # counted, not descended (.git …)
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    found = Path(top) / name
                    wanted = found.suffix.lower() in RECORD_SUFFIXES and not name.startswith(".")
                    (files if wanted else ignored).append(found)
        elif path.exists():
            files.append(path)
        else:
            missing.append(str(path))
    return Inputs(files, missing, ignored)


def documents(inputs: Inputs, max_bytes: int | None = None) -> Iterator[Loaded]:
    for name in inputs.missing:
        yield Loaded(name, 0, issues=[Issue("no such file or folder")])
    for path in inputs.files:
        yield from (load_file(path, max_bytes) if max_bytes else load_file(path))
