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


def test_with_plugins_disabled_pydantic_runs_without_its_plugin_loader():
    """``main`` puts a loader that finds no plugin in place of pydantic's (which imports importlib.metadata);
    models still build and validate, and any other name of the loader comes from the real module."""
    code = """
import os, sys
os.environ.pop("PYDANTIC_DISABLE_PLUGINS", None)
from minplan import cli
cli._without_plugins()
from pydantic import BaseModel
class M(BaseModel):
    x: int
assert M.model_validate({"x": "3"}).x == 3
print("metadata" if "importlib.metadata" in sys.modules else "none")
from pydantic.plugin._loader import PYDANTIC_ENTRY_POINT_GROUP, get_plugins
print(PYDANTIC_ENTRY_POINT_GROUP, list(get_plugins()), os.environ["PYDANTIC_DISABLE_PLUGINS"])
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["none", "pydantic", "[]", "1"]


def test_plugins_disabled_in_part_are_left_to_pydantic():
    code = """
import os, sys
os.environ["PYDANTIC_DISABLE_PLUGINS"] = "some-plugin"
from minplan import cli
cli._without_plugins()
import pydantic.plugin._loader as loader
print(hasattr(loader, "PYDANTIC_ENTRY_POINT_GROUP") and "importlib.metadata" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["True"]
