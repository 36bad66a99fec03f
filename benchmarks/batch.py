"""Benchmark: the whole ``minplan check FOLDER --format json`` command on N generated records, against floors.

    python benchmarks/batch.py [N] [--runs R] [--jobs J] [--stream K] [--kinds varied,repeated]

For each kind of records (benchmarks/records.py: ``varied`` — 16 counties, 14 minerals, rights, applications,
four dates, multi-mineral rights, facts given or not — and ``repeated``, one record under new ids), times
whole processes, interleaved run by run so that load from elsewhere on the machine hits all alike:

- parse floor: PyYAML's C loader (``yaml.load(…, Loader=CSafeLoader)``) reading every file in one process;
- stack floor: a typer command reading every file so and validating it with a one-field pydantic model
  (the least a tool on minplan's stack does);
- Rego: if ``opa-eval`` is installed (``pip install opa-eval``: regorus, a Rego engine in Rust; not a
  dependency of minplan), Yanbian's 专栏5 minimum-scale table as one Rego policy (below), each file loaded
  with PyYAML's C loader and evaluated as the input;
- minplan: ``minplan check FOLDER --format json`` (``--jobs J`` when given, else its own choice).

Prints each command's median and spread (fastest–slowest) and, run by run, minplan's ratio to each floor:
median and spread. ``--stream K`` writes K records a file (``---`` streams) instead of one a file. Run it
from a ``pip install .`` (compiled modules), not an editable checkout.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from records import make_records  # beside this script

PARSE = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    with path.open("rb") as fh:
        for doc in yaml.load_all(fh, Loader=yaml.CSafeLoader):
            pass
"""

STACK = """
import gc
from pathlib import Path

import typer
import yaml
from pydantic import BaseModel

app = typer.Typer(add_completion=False)


class Record(BaseModel):
    id: str


@app.command()
def check(folder: Path, format: str = "table") -> None:
    for path in sorted(folder.rglob("*.yaml")):
        with path.open("rb") as fh:
            for doc in yaml.load_all(fh, Loader=yaml.CSafeLoader):
                Record.model_validate(doc)


@app.command()
def other() -> None:
    pass


gc.set_threshold(50_000, 20, 100)
app()
"""

# Yanbian 专栏5 (rules/yanbian-2021/min_scale.yaml) as one Rego table: new and converted mining rights in the
# prefecture's eight counties from 2021, minimum by deposit scale (and method for iron and gold); a fact left
# out is decided over its values (pass above every column, fail below every one, else needs_info); the coal
# and open-pit gold "—" cells as the figures the plan points to; stone 10 for major infrastructure or remote
# areas; mineral water 20 (ordinary) or 1 (rare).
REGO = """
package minscale

import rego.v1

counties := {"延吉市", "图们市", "敦化市", "珲春市", "龙井市", "和龙市", "汪清县", "安图县"}

applications := {"新立", "探转采"}

scales := {"大型": "large", "中型": "medium", "小型": "small"}

methods := {"地下开采": "underground", "露天开采": "open_pit"}

row := data.rows[input.mineral]

table := data.table[row]

applies if {
	input.location.county in counties
	input.date >= "2021-01-01"
	input.right == "采矿权"
	input.application in applications
	row
}

parts := split(input.capacity, " ")

capacity := to_number(parts[0])

unit := parts[1]

scale_keys := [scales[input.deposit_scale]] if input.deposit_scale
else := ["large", "medium", "small"]

method_keys := [methods[input.method]] if input.method
else := ["underground", "open_pit"]

mins contains m if {
	table.cells
	some k in scale_keys
	m := table.cells[k]
}

mins contains m if {
	some mk in method_keys
	some k in scale_keys
	m := table.by_method[mk][k]
}

mins contains 10 if {
	row == "stone"
	not relief_refused
}

mins contains 30 if {
	row == "stone"
	not relief_given
}

relief_given if input.project.supplies_major_infrastructure == true

relief_given if input.project.remote_area == true

relief_refused if {
	input.project.supplies_major_infrastructure == false
	input.project.remote_area == false
}

mins contains 1 if {
	row == "water"
	input.mineral_water_type != "普通类型"
}

mins contains 20 if {
	row == "water"
	input.mineral_water_type != "稀有类型"
}

status := "pass" if {
	count(mins) > 0
	unit == table.unit
	capacity >= max(mins)
} else := "fail" if {
	count(mins) > 0
	unit == table.unit
	capacity < min(mins)
} else := "needs_info"

result := {"id": input.id, "status": status} if applies
else := {"id": input.id, "status": "out_of_scope"}
"""

REGO_DATA = {
    "rows": {
        "煤": "coal",
        "铁": "iron",
        "铜": "copper",
        "钼": "molybdenum",
        "金": "gold",
        "岩金": "gold",
        "建筑用花岗岩": "stone",
        "建筑用玄武岩": "stone",
        "矿泉水": "water",
    },
    "table": {
        "coal": {"unit": "万吨/年", "cells": {"large": 120, "medium": 60, "small": 30}},
        "iron": {
            "unit": "万吨/年",
            "by_method": {
                "underground": {"large": 100, "medium": 30, "small": 10},
                "open_pit": {"large": 200, "medium": 60, "small": 30},
            },
        },
        "copper": {"unit": "万吨/年", "cells": {"large": 100, "medium": 30, "small": 3}},
        "molybdenum": {"unit": "万吨/年", "cells": {"large": 100, "medium": 50, "small": 10}},
        "gold": {
            "unit": "万吨/年",
            "by_method": {
                "underground": {"large": 15, "medium": 6, "small": 3},
                "open_pit": {"large": 15, "medium": 9, "small": 9},
            },
        },
        "stone": {"unit": "万立方米/年"},
        "water": {"unit": "万吨/年"},
    },
}

RUN_REGO = """
import json, sys
from pathlib import Path
import opa_eval, yaml
engine = opa_eval.OpaEval(sys.argv[2], Path(sys.argv[3]).read_text("utf-8"), "data.minscale.result")
results = []
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    with path.open("rb") as fh:
        for doc in yaml.load_all(fh, Loader=yaml.CSafeLoader):
            results.append(engine.evaluate_parsed(json.dumps(doc, ensure_ascii=False, default=str)))
json.dump(results, sys.stdout, ensure_ascii=False)
"""


def _has_opa() -> bool:
    done = subprocess.run([sys.executable, "-c", "import opa_eval"], capture_output=True, check=False)
    return done.returncode == 0


def _time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def _spread(values: list[float], scale: float = 1.0, unit: str = " s") -> str:
    return f"median {statistics.median(values) * scale:.2f}{unit} ({min(values) * scale:.2f}–{max(values) * scale:.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--stream", type=int, default=0, help="records a file (--- streams); 0: one a file")
    parser.add_argument("--kinds", default="varied,repeated")
    parser.add_argument("--also", metavar="MINPLAN", help="another minplan program to time beside (an earlier one)")
    args = parser.parse_args()
    script = shutil.which("minplan", path=str(Path(sys.executable).parent))
    minplan = [script] if script else [sys.executable, "-m", "minplan"]
    kinds = args.kinds.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, text in (("parse.py", PARSE), ("stack.py", STACK), ("rego.py", RUN_REGO), ("min.rego", REGO)):
            (root / name).write_text(text, encoding="utf-8")
        (root / "rego.json").write_text(json.dumps(REGO_DATA, ensure_ascii=False), encoding="utf-8")
        commands: dict[tuple[str, str], list[str]] = {}
        for kind in kinds:
            folder = root / kind
            folder.mkdir()
            make_records(folder, args.n, kind, stream=args.stream)
            commands[(kind, "parse")] = [sys.executable, str(root / "parse.py"), str(folder)]
            commands[(kind, "stack")] = [sys.executable, str(root / "stack.py"), "check", str(folder)]
            if _has_opa():
                rego = [sys.executable, str(root / "rego.py"), str(folder), str(root / "min.rego")]
                commands[(kind, "rego")] = [*rego, str(root / "rego.json")]
            jobs = ["--jobs", str(args.jobs)] if args.jobs else []
            commands[(kind, "minplan")] = [*minplan, "check", str(folder), "--format", "json", *jobs]
            if args.also:
                commands[(kind, "also")] = [args.also, "check", str(folder), "--format", "json", *jobs]
        for command in commands.values():
            _time(command)  # warm the file cache and minplan's corpus cache
        times: dict[tuple[str, str], list[float]] = {key: [] for key in commands}
        loads = []
        for _ in range(args.runs):
            loads.append(os.getloadavg()[0])
            for key, command in commands.items():
                times[key].append(_time(command))
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {sys.version.split()[0]}; load average")
    print(f"  at each run's start: {', '.join(f'{load:.1f}' for load in loads)}")
    layout = f"{args.stream} a file" if args.stream else "one a file"
    print(f"records: {args.n} ({layout}); runs: {args.runs}, interleaved; minplan --jobs {args.jobs or '(its own)'}")
    names = {
        "parse": "parse floor (PyYAML C loader)",
        "stack": "stack floor (typer + one pydantic model)",
        "rego": "Rego (regorus via opa-eval), 专栏5 as one table",
        "minplan": "minplan check --format json",
        "also": f"{args.also} check --format json",
    }
    for kind in kinds:
        print(f"\n{kind}:")
        for what, label in names.items():
            if (kind, what) in times:
                print(f"  {label:<50} {_spread(times[(kind, what)])}")
        mine = times[(kind, "minplan")]
        for what in ("parse", "stack", "rego", "also"):
            if (kind, what) in times:
                ratios = [m / t for m, t in zip(mine, times[(kind, what)], strict=True)]
                print(f"  minplan / {what:<6} run by run: {_spread(ratios, unit='×')}")


if __name__ == "__main__":
    main()
