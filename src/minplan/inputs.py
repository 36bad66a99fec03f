"""Turn the paths given on the command line into the files to check."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

RECORD_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass
class Inputs:
    files: list[str]
    missing: list[str]
    ignored: list[str]


def collect(paths: list[Path]) -> Inputs:
    """Files named directly, and record files found recursively below folders; nothing dropped silently."""
    files: list[str] = []
    missing: list[str] = []
    ignored: list[str] = []
    for path in paths:
        if path.is_dir():
            for top, dirs, names in os.walk(path):
                hidden = sorted(d for d in dirs if d.startswith("."))
                ignored.extend(os.path.join(top, d) for d in hidden)  # counted, not descended (.git …)
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    wanted = name.lower().endswith(RECORD_SUFFIXES) and not name.startswith(".")
                    (files if wanted else ignored).append(os.path.join(top, name))
        elif path.exists():
            files.append(str(path))
        else:
            missing.append(str(path))
    return Inputs(files, missing, ignored)
