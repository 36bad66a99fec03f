"""`minplan schema` in the editor itself: yaml-language-server (the server VS Code and others run for YAML) given
the schema accepts the records minplan reads, the template and a boundary among them, and underlines what
minplan refuses. Skipped where the server is not installed (`npm install yaml-language-server`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from minplan.cli import app
from yls_client import diagnostics, server

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "examples" / "yanbian-gold.yaml").read_text(encoding="utf-8")
BOUNDARY = (
    "location:\n  boundary:\n    crs: 2000国家大地坐标系 3度带 43带\n    points:\n"
    "      - [4748064, 43611148]\n      - [4748064, 43612148]\n      - [4749064, 43612148]\n"
)
PROGRAM = server()
pytestmark = pytest.mark.skipif(PROGRAM is None, reason="yaml-language-server is not installed")


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("schema") / "record.schema.json"
    path.write_text(CliRunner().invoke(app, ["schema"]).stdout, encoding="utf-8")
    return path


def _said(schema: Path, tmp_path: Path, text: str) -> list[str]:
    document = tmp_path / "record.yaml"
    document.write_text(text, encoding="utf-8")
    # the template names its schema itself (# yaml-language-server: $schema=record.schema.json), beside it
    (tmp_path / "record.schema.json").write_text(schema.read_text(encoding="utf-8"), encoding="utf-8")
    assert PROGRAM is not None
    return [d["message"] for d in diagnostics(PROGRAM, schema, document)]


@pytest.mark.parametrize(
    "text",
    [
        EXAMPLE,
        EXAMPLE.replace("location:\n", BOUNDARY, 1),
        EXAMPLE.replace("location:\n", "location:\n  depth: {from: 1250, to: 800}\n", 1),
        CliRunner().invoke(app, ["init"]).stdout,
        EXAMPLE + "recovery: {mining: 85%, processing: 0.8%, utilisation: 60}\n",
    ],
    ids=["example", "boundary", "depth", "template", "percentages"],
)
def test_the_editor_accepts_what_minplan_reads(schema: Path, tmp_path: Path, text: str):
    assert _said(schema, tmp_path, text) == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (EXAMPLE.replace("right:", "rigth:"), "right"),
        (EXAMPLE.replace("location:\n", BOUNDARY.replace("      - [4749064, 43612148]\n", ""), 1), "Expected 3"),
        (EXAMPLE + "recovery: {mining: 0.85}\n", "not allowed"),  # 85% or 0.85%? refused as minplan refuses it
    ],
    ids=["misspelt key", "two corner points", "a share as a fraction"],
)
def test_the_editor_underlines_what_minplan_refuses(schema: Path, tmp_path: Path, text: str, words: str):
    said = _said(schema, tmp_path, text)
    assert said and any(words in message for message in said), said
