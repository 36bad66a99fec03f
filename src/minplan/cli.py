"""The command line: parse options, call the engine, render, exit. Heavy imports stay lazy."""

from __future__ import annotations

import os
import sys
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    name="minplan",
    help="Check mineral-right records against China's mineral-resource plans (矿产资源总体规划合规审查).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    table = "table"
    json = "json"


class Lang(StrEnum):
    zh = "zh"
    en = "en"


class FailOn(StrEnum):
    fail = "fail"
    warn = "warn"


RulesOption = Annotated[
    Path | None,
    typer.Option(
        "--rules",
        help="A rule corpus folder to use instead of the shipped one "
        "(rule files; plan metadata in its plans/ subfolder, else the shipped plans).",
    ),
]
LangOption = Annotated[Lang, typer.Option("--lang", help="Language of the report: zh (default) or en.")]


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers never see a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _corpus(rules: Path | None):
    from minplan.rulebook import CorpusError, default_corpus, load_corpus

    try:
        if rules is None:
            return default_corpus()
        plans = rules / "plans"
        return load_corpus(rules=rules, plans=plans if plans.is_dir() else None)
    except CorpusError as exc:
        typer.echo(f"minplan: rule corpus error: {exc}", err=True)
        raise typer.Exit(2) from None


@app.command()
def check(
    paths: Annotated[list[Path], typer.Argument(help="Record files (YAML/JSON) and folders (searched recursively).")],
    format: Annotated[
        Format, typer.Option("--format", "-f", help="table (for people) or json (the contract).")
    ] = Format.table,
    lang: LangOption = Lang.zh,
    rules: RulesOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to FILE (atomically).")
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 on fail/needs_info (default) or also on warn.")
    ] = FailOn.fail,
) -> None:
    """Check records against every plan in force where and when they lie.

    Exit codes: 0 all pass (warnings allowed), 1 a record fails or needs information,
    2 an input could not be read or validated, or the command was used wrongly.
    """
    from minplan.engine import check_record
    from minplan.inputs import collect, documents
    from minplan.report.result import RunResult

    corpus = _corpus(rules)
    inputs = collect(paths)
    run = RunResult([check_record(item, corpus) for item in documents(inputs)], ignored=len(inputs.ignored))
    _emit(run, format, lang, output)
    raise typer.Exit(run.exit_code(fail_on.value))


def _emit(run, format: Format, lang: Lang, output: Path | None) -> None:
    if format is Format.json:
        from minplan.report.json_report import render

        text = render(run, lang.value)
    else:
        from rich.console import Console

        from minplan.report.table import render as render_table

        if output is None:
            render_table(run, Console(), lang.value)
            return
        console = Console(record=True, width=120, file=open(os.devnull, "w"))  # noqa: SIM115
        render_table(run, console, lang.value)
        text = console.export_text()
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomically(output, text)


@app.command()
def schema() -> None:
    """Print the JSON Schema of a record (for editors and other programs)."""
    import json

    from minplan.record import record_schema

    typer.echo(json.dumps(record_schema(), ensure_ascii=False, indent=2))


def main() -> None:
    app()
