"""The start-up benchmark's floor is a typer command with minplan check's own arguments and options: typer builds
a converter for each parameter at start-up, so a floor with others would not be the floor of this command."""

from __future__ import annotations

import importlib.util
from enum import EnumMeta
from pathlib import Path
from typing import Any

import typer

from minplan.cli import app

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _floor_app() -> typer.Typer:
    spec = importlib.util.spec_from_file_location("startup_benchmark", BENCHMARKS / "startup.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # defines FLOOR; runs nothing (main() only under __main__)
    source = module.FLOOR.split("\ngc.set_threshold")[0]  # the command, not its run
    namespace: dict[str, Any] = {"__name__": "floor"}
    exec(compile(source, "floor.py", "exec"), namespace)
    return namespace["app"]


def _params(typer_app: typer.Typer) -> dict[str, tuple[Any, ...]]:
    command = typer.main.get_command(typer_app).commands["check"]  # type: ignore[attr-defined]
    out = {}
    for param in command.params:
        kind = param.type_descriptor.annotation
        kind = tuple(m.value for m in kind) if isinstance(kind, EnumMeta) else kind  # the floor has its own enums
        out[param.name] = (
            type(param).__name__,
            tuple(param.opts),
            tuple(param.secondary_opts),
            kind,
            param.default,
            param.multiple,
            param.nargs,
            getattr(param, "is_flag", False),
            param.min,
            param.max,
            param.metavar,
        )
    return out


def test_the_start_up_floor_has_the_arguments_and_options_of_minplan_check():
    floor, ours = _params(_floor_app()), _params(app)
    assert floor.keys() == ours.keys()
    for name, described in ours.items():
        assert floor[name] == described, name
