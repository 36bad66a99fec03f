"""Benchmark: start-up of ``minplan check one.yaml`` against importing its libraries, and against a floor.

    python benchmarks/startup.py [--runs N] [RECORD]

Four commands are timed, interleaved, each N times (median and spread printed, and minplan's ratio to the
floor run by run):

- baseline: ``python -c "import yaml, pydantic, typer, rich"``;
- floor: the least any tool built on these libraries does to check one file: a typer command with
  the arguments and options of ``minplan check`` (names, flags, types, bounds), whose file is read with
  PyYAML and validated by a one-field pydantic model, the result printed, with the same garbage-collector
  settings as minplan.
  (``import pydantic`` alone is lazy; a model pulls in its machinery, and typer turns each option
  into a pydantic adapter.)
- minplan: ``minplan check RECORD`` (table) and ``minplan check RECORD --format json``.

Run it from an installed ``pip install .`` (compiled modules), not from an editable checkout.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FLOOR = """
import gc
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
import yaml
from pydantic import BaseModel

app = typer.Typer(add_completion=False)


class Record(BaseModel):
    id: str


FORMATS = ("concise", "csv", "github", "html", "json", "junit", "markdown", "sarif", "table", "xlsx")
Format = StrEnum("Format", {name: name for name in FORMATS})
Lang = StrEnum("Lang", {"zh": "zh", "en": "en"})
FailOn = StrEnum("FailOn", {"fail": "fail", "warn": "warn"})


@app.command()
def check(  # the arguments and options of minplan check (tests/test_benchmarks.py holds the two alike)
    paths: Annotated[list[Path] | None, typer.Argument(metavar="[PATH]...")] = None,
    format: Annotated[Format | None, typer.Option("--format", "-f")] = None,
    lang: Annotated[Lang | None, typer.Option("--lang")] = None,
    rules: Annotated[Path | None, typer.Option("--rules")] = None,
    output: Annotated[list[str] | None, typer.Option("--output", "-o", metavar="[FORMAT=]FILE")] = None,
    fail_on: Annotated[FailOn | None, typer.Option("--fail-on")] = None,
    baseline: Annotated[Path | None, typer.Option("--baseline")] = None,
    sheet: Annotated[list[str] | None, typer.Option("--sheet")] = None,
    config: Annotated[Path | None, typer.Option("--config", metavar="FILE")] = None,
    no_config: Annotated[bool, typer.Option("--no-config")] = False,
    today: Annotated[str | None, typer.Option("--today", metavar="DATE")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1)] = None,
    max_bytes: Annotated[int, typer.Option("--max-bytes", min=1)] = 10 * 1024 * 1024,
    max_documents: Annotated[int, typer.Option("--max-documents", min=1)] = 5000,
    allow_empty: Annotated[bool, typer.Option("--allow-empty")] = False,
    layer: Annotated[list[str] | None, typer.Option("--layer", metavar="KIND=PATH[:LAYER][#FIELD]")] = None,
    map_dir: Annotated[Path | None, typer.Option("--map", metavar="DIR")] = None,
) -> None:
    for path in paths or ():
        print(Record.model_validate(yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)))


@app.command()
def other() -> None:
    pass


gc.set_threshold(50_000, 20, 100)  # as minplan does
try:
    app()
finally:
    gc.freeze()
"""


def _time(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("record", nargs="?", default=str(ROOT / "examples" / "yanbian-gold.yaml"))
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    script = shutil.which("minplan", path=str(Path(sys.executable).parent))
    minplan = [script] if script else [sys.executable, "-m", "minplan"]
    with tempfile.TemporaryDirectory() as tmp:
        floor = Path(tmp) / "floor.py"
        floor.write_text(FLOOR, encoding="utf-8")
        imports = "import yaml, pydantic, typer, rich"
        commands = {
            f"baseline ({imports})": [sys.executable, "-c", imports],
            "floor (typer command + one pydantic model)": [sys.executable, str(floor), "check", args.record],
            "minplan check (table)": [*minplan, "check", args.record],
            "minplan check --format json": [*minplan, "check", args.record, "--format", "json"],
        }
        for cmd in commands.values():
            _time(cmd)  # warm the file cache and minplan's corpus cache
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, cmd in commands.items():
                times[name].append(_time(cmd))
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {sys.version.split()[0]}; runs: {args.runs}")
    names = list(times)
    base, floor = statistics.median(times[names[0]]), statistics.median(times[names[1]])
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"{name:<48} median {median * 1000:5.0f} ms ({min(values) * 1000:.0f}–{max(values) * 1000:.0f})"
            f"  ×{median / base:.2f} of the baseline, ×{median / floor:.2f} of the floor"
        )
    for name in names[2:]:
        ratios = sorted(m / f for m, f in zip(times[name], times[names[1]], strict=True))
        print(f"{name} / floor, run by run: median {statistics.median(ratios):.2f} ({ratios[0]:.2f}–{ratios[-1]:.2f})")


if __name__ == "__main__":
    main()
