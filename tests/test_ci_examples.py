"""The shipped CI examples are well formed and name real commands and formats."""

from __future__ import annotations

import shlex
from pathlib import Path

import yaml
from typer.testing import CliRunner

from minplan.cli import app

ROOT = Path(__file__).resolve().parent.parent


def _options_work(command: str, tmp_path: Path) -> None:
    words = shlex.split(command)
    assert words[:2] == ["minplan", "check"]
    args = []
    for word in words[2:]:
        if word in (">>", ">", "||", "|", "&&"):
            break  # the shell's part of the line
        args.append(word)
    args = [str(tmp_path) if a == "applications/" else a for a in args]
    args = [str(tmp_path / Path(a).name) if a.endswith((".sarif", ".xml")) else a for a in args]
    result = CliRunner().invoke(app, ["check", *args])
    assert result.exit_code in (0, 1), result.output


def test_pre_commit_hook(tmp_path: Path):
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "minplan-check" and hook["language"] == "python"
    (tmp_path / "a.yaml").write_text((ROOT / "examples" / "yanbian-gold.yaml").read_text(encoding="utf-8"))
    _options_work(hook["entry"] + " applications/", tmp_path)


def test_github_workflow(tmp_path: Path):
    workflow = yaml.safe_load((ROOT / "examples" / "ci" / "github-actions.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["minplan"]["steps"]
    commands = [s["run"] for s in steps if "run" in s and s["run"].startswith("minplan check")]
    assert len(commands) == 4
    (tmp_path / "a.yaml").write_text((ROOT / "examples" / "yanbian-gold.yaml").read_text(encoding="utf-8"))
    for command in commands:
        _options_work(command, tmp_path)
