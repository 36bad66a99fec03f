"""A run builds only the command it names (typer reads every registered command's signature at start-up): what it
does and says is what the whole program does and says."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from minplan.cli import app

EXAMPLE = str(Path(__file__).resolve().parent.parent / "examples" / "yanbian-gold.yaml")


def _minplan(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "minplan", *args], capture_output=True, text=True, check=False)


def test_a_command_run_alone_answers_as_in_the_whole_program():
    alone = _minplan("check", EXAMPLE, "--format", "json")
    whole = CliRunner().invoke(app, ["check", EXAMPLE, "--format", "json"])
    assert alone.returncode == whole.exit_code == 1
    assert alone.stdout == whole.stdout


def test_without_a_command_every_command_is_there():
    listed = _minplan("--help").stdout
    assert all(name in listed for name in ("check", "hook", "rules", "requirements", "indicators", "init"))
    wrong = _minplan("chek")
    assert wrong.returncode == 2 and "check" in wrong.stderr  # the suggestion comes from the whole program
    assert "lint" in _minplan("rules", "--help").stdout


def test_no_model_field_takes_a_builtin_as_its_default_factory():
    """pydantic inspects each default factory's signature as it builds a model; the builtin ``list`` answers only by
    having its text signature parsed, at every start-up (minplan.defaults.empty_list answers at once)."""
    import importlib
    import pkgutil

    import pydantic

    import minplan

    slow = []
    for info in pkgutil.walk_packages(minplan.__path__, "minplan."):
        if info.name == "minplan.__main__":
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, pydantic.BaseModel) and value.__module__ == info.name:
                for name, field in value.model_fields.items():
                    if field.default_factory in (list, set, frozenset, tuple, bytearray):
                        slow.append(f"{value.__qualname__}.{name}")
    assert not slow, f"use minplan.defaults.empty_list: {slow}"


def test_a_defect_of_minplan_exits_3_said_as_such_not_1_as_a_verdict():
    """An unexpected exception is no verdict: exit 1 would read as "a record fails"."""
    code = (
        "import sys\n"
        "import minplan.runner as runner\n"
        "def broken(*args, **kwargs):\n"
        "    raise RuntimeError('broken on purpose')\n"
        "runner.run_check = broken\n"
        "from minplan.cli import main\n"
        f"sys.argv = ['minplan', 'check', {EXAMPLE!r}]\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 3
    assert "internal error, a defect of minplan and no verdict" in done.stderr
    assert "RuntimeError: broken on purpose" in done.stderr and done.stdout == ""


def test_modules_of_models_do_not_defer_their_annotations():
    """With ``from __future__ import annotations`` pydantic compiles each field's annotation from its text as it
    builds a model, at every start-up."""
    import __future__

    import importlib
    import pkgutil

    import pydantic

    import minplan

    deferred = []
    for info in pkgutil.walk_packages(minplan.__path__, "minplan."):
        if info.name == "minplan.__main__":
            continue
        module = importlib.import_module(info.name)
        models = [v for v in vars(module).values() if isinstance(v, type) and issubclass(v, pydantic.BaseModel)]
        if any(m.__module__ == info.name for m in models) and vars(module).get("annotations") is __future__.annotations:
            deferred.append(info.name)
    assert not deferred, deferred


def test_a_record_leaving_a_part_out_shares_one_frozen_empty_part():
    """Records share the empty part they leave out (no validation a record); sharing is safe only as the parts
    are frozen, and a part that were not would be refused rather than shared."""
    import pydantic
    import pytest

    from minplan.defaults import none_given
    from minplan.record import Record

    data = {
        "id": "A",
        "right": "采矿权",
        "application": "新立",
        "mineral": "金",
        "date": "2022-01-01",
        "location": {"county": "珲春市"},
    }
    first, second = Record.model_validate(data), Record.model_validate({**data, "id": "B"})
    assert first.project is second.project and first.closure is second.closure
    with pytest.raises(pydantic.ValidationError):
        first.project.remote_area = True  # type: ignore[misc]
    given = Record.model_validate({**data, "project": {"remote_area": True}})
    assert given.project is not first.project and first.project.remote_area is None

    class Loose(pydantic.BaseModel):
        a: int | None = None

    with pytest.raises(TypeError, match="not frozen"):
        none_given(Loose)
