"""Benchmark: peak memory of ``minplan check FOLDER --format json -o FILE`` for a small and a large batch.

    python benchmarks/memory.py [SMALL LARGE] [--jobs J]

Generates the records as benchmarks/batch.py does (several counties, minerals, rights, dates) and runs
the whole command for each size, printing two peaks and their ratio (large / small):

- the largest resident set of any one process of the run (the parent or a worker), as
  ``getrusage(RUSAGE_CHILDREN)`` and ``/usr/bin/time -v`` report it;
- on Linux, the largest sum over the run's processes of their proportional set sizes (PSS: pages shared
  between the parent and its forked workers counted once), sampled every 20 ms.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from records import make_records

PROBE = "import resource, subprocess, sys; subprocess.run(sys.argv[1:]); "
PROBE += "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"


def _descendants(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as fh:
                    parents[int(entry)] = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    found, frontier = [], [root]
    while frontier:
        pid = frontier.pop()
        children = [p for p, parent in parents.items() if parent == pid]
        found += children
        frontier += children
    return found


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(folder: Path, jobs: int | None) -> tuple[float, float | None, float]:
    """Peak RSS of one process (MB), peak PSS of the whole run (MB, Linux), wall time (s)."""
    script = shutil.which("minplan", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "minplan"]
    with tempfile.TemporaryDirectory() as out:
        command += ["check", str(folder), "--format", "json", "-o", str(Path(out) / "report.json")]
        command += ["--jobs", str(jobs)] if jobs else []
        start = time.perf_counter()
        probe = subprocess.Popen([sys.executable, "-c", PROBE, *command], stdout=subprocess.PIPE, text=True)
        peak = [0]
        sampling = sys.platform.startswith("linux")

        def sample() -> None:
            while probe.poll() is None:
                peak[0] = max(peak[0], sum(_pss_kb(p) for p in _descendants(probe.pid)))
                time.sleep(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        if sampling:
            sampler.start()
        stdout, _ = probe.communicate()
        elapsed = time.perf_counter() - start
        if sampling:
            sampler.join()
    return int(stdout.split()[-1]) / 1024, (peak[0] / 1024 if sampling else None), elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[3000, 30000])
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    peaks: list[tuple[float, float | None]] = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            make_records(Path(tmp), n)
            rss, pss, elapsed = measure(Path(tmp), args.jobs)
        peaks.append((rss, pss))
        whole = f", the whole run (PSS) {pss:.0f} MB" if pss is not None else ""
        print(f"{n} records: largest process {rss:.0f} MB{whole}; {elapsed:.1f} s")
    if len(peaks) >= 2:
        (rss0, pss0), (rss1, pss1) = peaks[0], peaks[-1]
        ratio = f"largest process {rss1 / rss0:.2f}"
        if pss0 and pss1:
            ratio += f", the whole run {pss1 / pss0:.2f}"
        print(f"ratio {args.sizes[-1]} / {args.sizes[0]} records: {ratio}")


if __name__ == "__main__":
    main()
