"""Safe YAML reading with the fastest loader available; no tags beyond the safe ones."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_data_file(path: Path) -> Any:
    """Load one trusted-shape YAML data file of the corpus (rules, plans, vocabularies)."""
    with path.open("rb") as fh:
        return yaml.load(fh, Loader=SafeLoader)
