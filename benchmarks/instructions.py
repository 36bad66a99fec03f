"""Benchmark: instructions (callgrind) a record and at start-up, minplan against the floors, as no load moves them.

    python benchmarks/instructions.py [N] [--also MINPLAN]

Wall-clock time on a shared machine moves by a third from one minute to the next; the instructions a process
executes do not. Each command runs once under ``valgrind --tool=callgrind`` (valgrind must be installed; a
command then takes some 50 times as long), on N varied records (benchmarks/records.py) and on the first of
them alone, so that a record's cost is what N records cost beyond one, divided by N - 1:

- the parse floor of batch.py (PyYAML's C loader reading every file);
- if ``opa-eval`` is installed, batch.py's Rego engine running Yanbian's 专栏5 as one table (Rust code counts
  as Python does: every instruction the process executes);
- ``minplan check FOLDER --format json --jobs 1`` (one process: a second one's work is not counted here);
- with ``--also``, another minplan (an earlier release) the same way.

Start-up is ``minplan check RECORD --format json`` against the floor of startup.py, on the example record.
``PYTHONHASHSEED`` is fixed, so that a second run gives the same counts. Run it from a ``pip install .``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from batch import PARSE, REGO, REGO_DATA, RUN_REGO, _has_opa  # beside this script
from records import make_records
from startup import FLOOR, ROOT


def instructions(command: list[str], where: Path, must_succeed: bool = False) -> int:
    """What ``command`` executes, in instructions, its children not counted. A floor must succeed (minplan
    exits 1 where a record fails, so its exit is not asked)."""
    out = where / "callgrind.out"
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        check=False,
    )
    if must_succeed and done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode()[-500:]}")
    if not out.exists():
        raise SystemExit(f"valgrind gave no counts for {' '.join(command)}: {done.stderr.decode()[-500:]}")
    for line in out.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith(("summary:", "totals:")):
            out.unlink()
            return int(line.split()[1])
    raise SystemExit(f"no total in the callgrind output of {' '.join(command)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=500)
    parser.add_argument("--also", metavar="MINPLAN", help="another minplan program to count beside (an earlier one)")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    if args.n < 2:
        raise SystemExit("N must be 2 or more")
    script = shutil.which("minplan", path=str(Path(sys.executable).parent))
    programs = {"minplan": [script] if script else [sys.executable, "-m", "minplan"]}
    if args.also:
        programs[args.also] = [args.also]
    example = str(ROOT / "examples" / "yanbian-gold.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "parse.py").write_text(PARSE, encoding="utf-8")
        (root / "floor.py").write_text(FLOOR, encoding="utf-8")
        for name, text in (("rego.py", RUN_REGO), ("min.rego", REGO)):
            (root / name).write_text(text, encoding="utf-8")
        (root / "rego.json").write_text(json.dumps(REGO_DATA, ensure_ascii=False), encoding="utf-8")
        many, one = root / "many", root / "one"
        many.mkdir()
        one.mkdir()
        first = make_records(many, args.n)[0]
        shutil.copy(first, one / first.name)
        for program in programs.values():  # the corpus cache made before anything is counted, for every plan
            # the records reach (the example's alone left the others' rules to be parsed within the count)
            for folder in (many, example):
                subprocess.run([*program, "check", str(folder)], stdout=subprocess.DEVNULL, check=False)

        def per_record(command: list[str], *after: str, floor: bool = False) -> float:
            many_cost = instructions([*command, str(many), *after], root, floor)
            return (many_cost - instructions([*command, str(one), *after], root, floor)) / (args.n - 1)

        parse = per_record([sys.executable, str(root / "parse.py")], floor=True)
        print(f"{args.n} varied records, in instructions a record (one process):")
        print(f"  parse floor (PyYAML C loader)                {parse / 1e6:6.3f} M")
        rego = None
        if _has_opa():
            policy, data = str(root / "min.rego"), str(root / "rego.json")
            rego = per_record([sys.executable, str(root / "rego.py")], policy, data, floor=True)
            print(
                f"  Rego (regorus via opa-eval), 专栏5 as one table {rego / 1e6:6.3f} M  ×{rego / parse:.2f} the parse"
            )
        for name, program in programs.items():
            cost = per_record([*program, "check", "--format", "json", "--jobs", "1"])
            than_rego = f", ×{cost / rego:.2f} Rego" if rego else ""
            print(
                f"  {name + ' check --format json':<44} {cost / 1e6:6.3f} M  ×{cost / parse:.2f} the parse floor"
                + than_rego
            )
        floor = instructions([sys.executable, str(root / "floor.py"), "check", example], root, True)
        print("start-up, in instructions (the example record):")
        print(f"  floor (typer command + one pydantic model)   {floor / 1e6:6.0f} M")
        for name, program in programs.items():
            start = instructions([*program, "check", example, "--format", "json"], root)
            print(f"  {name + ' check --format json':<44} {start / 1e6:6.0f} M  ×{start / floor:.2f} the floor")


if __name__ == "__main__":
    main()
