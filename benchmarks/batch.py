"""Benchmark: check N generated records and compare with merely parsing them with PyYAML's C loader.

    python benchmarks/batch.py [N] [--jobs J]

Prints the times and their ratios: minplan's batch run within one process (what the batch itself
costs), and the whole ``minplan check FOLDER --format json`` command, start-up included. The records
are written to a temporary folder in sub-folders.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

COUNTIES = ["珲春市", "延吉市", "敦化市", "安图县", "临江市", "洮南市", "宽甸满族自治县", "凤城市", "东港市"]
MINERALS = [
    ("岩金", "万吨/年", (1, 20)),
    ("铁", "万吨/年", (5, 300)),
    ("建筑用花岗岩", "万立方米/年", (5, 60)),
    ("建筑用砂", "万立方米/年", (5, 60)),
    ("矿泉水", "万吨/年", (1, 40)),
    ("煤", "万吨/年", (5, 200)),
    ("铜", "万吨/年", (1, 100)),
    ("硅藻土", "万吨/年", (1, 20)),
    ("菱镁矿", "万吨/年", (5, 100)),
]


def make_records(folder: Path, n: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        mineral, unit, (lo, hi) = rng.choice(MINERALS)
        text = (
            f"id: BM-{i:05d}\n"
            f"right: {rng.choice(['采矿权', '采矿权', '探矿权'])}\n"
            f"application: {rng.choice(['新立', '改扩建', '延续'])}\n"
            f"date: 2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n"
            f"location:\n  county: {rng.choice(COUNTIES)}\n  zones: []\n"
            f"mineral: {mineral}\n"
            f"method: {rng.choice(['地下开采', '露天开采'])}\n"
            f"capacity: {rng.randint(lo, hi)} {unit}\n"
            f"deposit_scale: {rng.choice(['大型', '中型', '小型'])}\n"
            f"mine_scale: {rng.choice(['大型', '中型', '小型'])}\n"
            f"holder: 公司{rng.randint(1, 400)}\n"
            "documents: [开发利用方案, 矿山地质环境保护与土地复垦方案, 绿色矿山建设实施方案]\n"
            "site: {arable_land: false, wetland: false, ecological_red_line: false}\n"
        )
        path = folder / f"d{i % 50:02d}" / f"r{i:05d}.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def parse_only(paths: list[Path]) -> float:
    start = time.perf_counter()
    for path in paths:
        with path.open("rb") as fh:
            yaml.load(fh, Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def check_all(folder: Path, jobs: int | None) -> float:
    from minplan.report.formats.json import Report
    from minplan.rulebook import default_corpus
    from minplan.runner import run_check

    start = time.perf_counter()
    corpus = default_corpus.__wrapped__()  # a fresh corpus, as a command starts with: nothing learnt yet
    with open(os.devnull, "w", encoding="utf-8") as sink:
        run_check([folder], corpus, jobs=jobs, report=Report(sink, "zh", corpus))
    return time.perf_counter() - start


def check_command(folder: Path, jobs: int | None) -> float:
    """The whole ``minplan check FOLDER --format json`` process, start-up included."""
    script = shutil.which("minplan", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "minplan"]
    command += ["check", str(folder), "--format", "json", *(["--jobs", str(jobs)] if jobs else [])]
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=5000)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = make_records(folder, args.n)
        parse_only(paths)  # warm the file cache
        parses, checks, commands = [], [], []
        for _ in range(args.repeat):  # interleaved, so that load from elsewhere on the machine hits all alike
            parses.append(parse_only(paths))
            checks.append(check_all(folder, args.jobs))
            commands.append(check_command(folder, args.jobs))
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"records: {args.n}, runs: {args.repeat} (each run times the three back to back)")
    print(f"parse only (PyYAML CSafeLoader, one process): median {statistics.median(parses):.2f} s")
    for name, times in (
        ("minplan check (load, validate, judge, aggregate, JSON)", checks),
        ("the whole command, start-up included", commands),
    ):
        ratios = sorted(t / p for t, p in zip(times, parses, strict=True))
        print(
            f"{name}: median {statistics.median(times):.2f} s; ratio to parsing, run by run: "
            f"median {statistics.median(ratios):.2f} (from {ratios[0]:.2f} to {ratios[-1]:.2f})"
        )


if __name__ == "__main__":
    main()
