"""The JSON of every command that has it, on the bundled example and a small batch, for the shape tests.

``python tests/shapes_cases.py`` writes each case's output to ``tests/data/shapes/v1/`` (run from the checkout).
Those files are what version 1 wrote: a later output must hold every key of them with the same value. Refresh
them only when a version-1 value changes on purpose (a message reworded), never to make new keys pass.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "shapes"
BATCH = "tests/data/shapes/batch"
V1 = DATA / "v1"

CASES: dict[str, list[str]] = {
    name: line.replace("BATCH", BATCH).split()
    for name, line in {
        "check-example-zh": "check --no-config examples/yanbian-gold.yaml -f json",
        "check-example-en": "check --no-config examples/yanbian-gold.yaml -f json --lang en",
        "check-batch": "check --no-config BATCH -f json",
        "check-batch-en": "check --no-config BATCH -f json --lang en",
        "requirements-hunchun-gold": "requirements -f json --date 2023-06-01 --county 珲春市 --mineral 岩金 "
        "--method underground",
        "requirements-taonan-sand": "requirements -f json --date 2023-06-01 --county 洮南市 --mineral 建筑用砂",
        "requirements-kuandian-iron": "requirements -f json --date 2023-06-01 --county 宽甸满族自治县 --mineral 铁矿",
        "requirements-hunchun-coal-2013": "requirements -f json --date 2013-06-01 --county 珲春市 --mineral 煤",
        "requirements-antu-water": "requirements -f json --date 2023-06-01 --county 安图县 --mineral 矿泉水 "
        "--application expansion",
        "explain-min-scale": "explain yanbian-2021/min-scale/gold -f json",
        "explain-min-scale-dash": "explain taonan-2021/min-scale/construction-sand -f json",
        "explain-extraction-cap": "explain dandong-2021/extraction-cap/iron-kuandian -f json",
        "explain-threshold": "explain jilin-2011/threshold/coal-mining-recovery -f json",
        "explain-documents": "explain yanbian-2021/documents/reclamation-plan -f json",
        "indicators": "indicators yanbian-2021 taonan-2021 dandong-2021 -f json",
        "indicators-against": "indicators yanbian-2021 taonan-2021 dandong-2021 -f json --against BATCH",
        "rules-taonan": "rules --plan taonan-2021 -f json",
        "rules-sand-and-stone": "rules --mineral 建筑用砂石 --county 洮南市 -f json",
        "plans": "plans -f json",
        "zones-taonan": "zones --plan taonan-2021 -f json",
        "zones-linjiang": "zones --county 临江市 --date 2023-06-01 -f json",
    }.items()
}

# the whole of each look-up, for the walks (not kept as version-1 files: too large to read)
WHOLE: dict[str, list[str]] = {
    "indicators-all": ["indicators", "-f", "json"],
    "rules-all": ["rules", "-f", "json"],
    "zones-all": ["zones", "-f", "json"],
}


def run(args: list[str]) -> Any:
    """A command's JSON, run from the checkout as a user would (paths relative to it)."""
    import os

    from typer.testing import CliRunner

    from minplan.cli import app

    here = Path.cwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(app, args)
    finally:
        os.chdir(here)
    if result.exit_code not in (0, 1, 2) or not result.stdout.strip():
        raise AssertionError(f"minplan {' '.join(args)}: exit {result.exit_code}\n{result.output}")
    return normalise(json.loads(result.stdout))


def normalise(value: Any) -> Any:
    """Paths into the corpus (a rule's file) made relative to it, so that the output reads the same in any clone
    and from an installed wheel."""
    from minplan.resources import rules_dir

    root = str(rules_dir().parent) + "/"
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if isinstance(value, str) and value.startswith(root):
        return value[len(root) :]
    return value


def write() -> None:
    V1.mkdir(parents=True, exist_ok=True)
    for name, args in CASES.items():
        text = json.dumps(run(args), ensure_ascii=False, indent=1) + "\n"
        (V1 / f"{name}.json").write_text(text, encoding="utf-8")
        print(f"wrote {V1 / name}.json", file=sys.stderr)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    write()
