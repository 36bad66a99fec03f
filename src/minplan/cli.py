"""The command line: parse options, call the engine, render, exit. Heavy imports stay lazy."""

import gc
import io
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from minplan import GC_THRESHOLDS
from minplan.say import Msg, msg_of

# Every help text says it in Chinese, then in English: a command's summary (its help's first paragraph) as
# "\b中文\nEnglish" (\b keeps the two lines apart, in the list of commands and atop the command's own help), an
# option's help as "中文\n\nEnglish" (each paragraph a line). rich wraps only at spaces: a Chinese phrase longer than
# its column without a space in it is cut off (tests/test_help_words.py).
app = typer.Typer(
    name="minplan",
    help="\b依据矿产资源总体规划审查矿业权记录（规划符合性审查）\n"
    "Check mineral-right records against China's mineral-resource plans.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _examples(*lines: str) -> str:
    """A command's --help epilog: its examples, one a line (``\\b`` keeps the lines as they are)."""
    return "\b\n示例 / Examples:\n" + "".join(f"  {line}\n" for line in lines)


def _version(value: bool) -> None:
    if value:
        from minplan import __version__

        typer.echo(f"minplan {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="显示 minplan 的版本并退出\n\nPrint minplan's version and exit.",
        ),
    ] = False,
) -> None:
    """\b依据矿产资源总体规划审查矿业权记录（规划符合性审查）
    Check mineral-right records against China's mineral-resource plans."""


def _formats() -> type[StrEnum]:
    from minplan.report.formats import names

    return StrEnum("Format", {name: name for name in names()})  # one per module of minplan.report.formats


Format = _formats()


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
        help="代替自带规则的规则库\n\nA rule corpus folder to use instead of the shipped one "
        "(rule files; plan metadata in its plans/ subfolder, else the shipped plans).",
    ),
]
LANG_HELP = "报告语言：zh（默认）或 en\n\nLanguage of the report: zh (default) or en."
LangOption = Annotated[Lang, typer.Option("--lang", help=LANG_HELP)]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="FILE",
        help="配置文件：minplan.toml 或 pyproject.toml\n\n"
        "The config file (minplan.toml, or a pyproject.toml with \\[tool.minplan]); default: the nearest one "
        "in the working folder or above it.",
    ),
]
NoConfigOption = Annotated[bool, typer.Option("--no-config", help="不读配置文件\n\nRead no config file.")]
TODAY_HELP = "豁免到期的对照日期\n\nThe date waivers expire against (default: today)."


def _corpus(rules: Path | None, whole: bool = True, lang: str = "zh"):
    """The corpus; ``whole=False`` leaves the shipped one to read a plan's rules when a record needs them.

    A corpus that cannot be read (a folder missing, empty or a file; a broken rule file) is exit 2: with no
    rules every record would pass.
    """
    from minplan.rulebook import CorpusError, default_corpus, load_corpus, not_rule_files

    try:
        if rules is None:
            corpus = default_corpus()
            if whole:
                corpus.read_all()
            return corpus
        plans = rules / "plans"
        corpus = load_corpus(rules=rules, plans=plans if plans.is_dir() else None)
        unread = not_rule_files(rules)
        if unread:  # never skipped unsaid: a rule file renamed min_scale.yaml.bak no longer binds
            shown = ", ".join(str(p) for p in unread[:5]) + (f" and {len(unread) - 5} more" if len(unread) > 5 else "")
            typer.echo(f"minplan: not rule files (*.yaml, *.yml), not read: {shown}", err=True)
        return corpus
    except CorpusError as exc:
        _corpus_error(exc, lang)


def _corpus_error(exc: Exception, lang: str = "zh") -> NoReturn:
    _fail(Msg("rule corpus error: {error}", error=msg_of(exc)), lang, raw=True)


CHECK_EXAMPLES = """\b
示例 / Examples:
  # 给人读的报告，中文 / a report for people, in Chinese
  minplan check permit.yaml
  # 一个文件夹，英文报告 / a folder, in English
  minplan check applications/ --lang en
  # 每条一行 / one line each: x.yaml:14:1: fail yanbian-2021/min-scale/gold …
  minplan check x.yaml --format concise
  # 一次写出多份报告 / all in one run
  minplan check applications/ -o json=report.json -o sarif=minplan.sarif \\
    -o junit=junit.xml
  # 审查意见，供打印签署 / the review opinions, to print and sign
  minplan check applications/ --format html -o opinions.html
  # GitHub Actions 注释 / ::error file=…,line=…:: annotations
  minplan check applications/ --format github
  # 按配置文件的路径、豁免与输出 / the paths, waivers and outputs of a config
  minplan check --config minplan.toml
  # warn 也不通过，叠加已有矿山台账 / warn fails too, on top of a ledger
  minplan check applications/ --fail-on warn --baseline mines.xlsx
"""


@app.command(epilog=CHECK_EXAMPLES)
def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[PATH]...",
            help="记录文件（YAML、JSON、CSV 或工作簿，每行一条）、文件夹或 -（标准输入）；默认取配置文件的 paths\n\n"
            "Record files (YAML, JSON; CSV and workbooks .xlsx/.xlsm/.xls/.ods, one record per row), folders "
            "(searched recursively, links followed) or - for standard input; default: the paths of the config file.",
        ),
    ] = None,
    format: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="报告格式：table 供人阅读，html 为可打印的审查意见，xlsx 为工作簿（需 -o）；默认 table\n\n"
            "table (for people), concise (one line per finding), html (a printable review opinion), json (the "
            "contract), a CI format: junit, sarif, github, markdown; or for spreadsheets: xlsx (a workbook: a row per "
            "record with its verdict, every finding, the batch-wide checks; needs -o) or csv (a row per finding, "
            "UTF-8 with BOM). Default: the config's format, else table.",
        ),
    ] = None,
    lang: Annotated[Lang | None, typer.Option("--lang", help=LANG_HELP)] = None,
    rules: RulesOption = None,
    output: Annotated[
        list[str] | None,
        typer.Option(
            "--output",
            "-o",
            metavar="[FORMAT=]FILE",
            help="把报告写入 FILE；用 FORMAT=FILE 另写一种格式，可重复\n\n"
            "Write the report of --format to FILE, or with FORMAT=FILE (json=report.json) another format's "
            "report too; repeat for several (beside the config's \\[outputs]). A file is replaced only once its "
            "report is complete; a pipe or device is written directly; an input file is refused.",
        ),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            help="遇 fail、needs_info 即退出码 1（默认），或连 warn 也算\n\n"
            "Exit 1 on fail/needs_info (default), or also on warn.",
        ),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            help="已有矿山台账（批量计数）\n\n"
            "Ledger of existing mines (a workbook, CSV, YAML or JSON; read as records are, every sheet, or "
            "FILE#SHEET[,SHEET] for some) for batch-wide counts; else the plans' base figures.",
        ),
    ] = None,
    sheet: Annotated[
        list[str] | None,
        typer.Option(
            "--sheet",
            help="只读此工作表（可重复）\n\n"
            "Read only this sheet of a workbook (repeatable); every sheet with a table by default.",
        ),
    ] = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
    today: Annotated[str | None, typer.Option("--today", metavar="DATE", help=TODAY_HELP)] = None,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="table 也列出已满足的条款\n\nList passing provisions too (table)."),
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help="不在标准输出打印报告（-o 的文件照写）\n\n"
            "Print no report on standard output (files of -o are written).",
        ),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="并行审查的进程数（400 条记录起）\n\n"
            "Processes that judge a batch of 400 records or more, this one among them (default: the cores "
            "no other process is using now).",
        ),
    ] = None,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", min=1, help="拒收更大的输入文件\n\nRefuse larger input files.")
    ] = 10 * 1024 * 1024,
    max_documents: Annotated[
        int,
        typer.Option(
            "--max-documents",
            min=1,
            help="每个文件的记录数上限（含 --- 分隔的多文档）\n\n"
            "Refuse more records than this in one file (--- stream).",
        ),
    ] = 5000,
    allow_empty: Annotated[
        bool,
        typer.Option(
            "--allow-empty",
            help="允许无记录文件的文件夹\n\nA folder with no record file in it is fine (else it is an error, exit 2).",
        ),
    ] = False,
    layer: Annotated[
        list[str] | None,
        typer.Option(
            "--layer",
            metavar="KIND=PATH[:LAYER][#FIELD]",
            help="叠加图层（需 geo 扩展）：zones 为规划分区，或为 ecological_red_line 等控制线；可重复\n\n"
            "A layer to overlay each record's boundary with (geo extra): KIND zones (FIELD: the attribute with "
            "the zone's code or name) or a site fact (ecological_red_line, permanent_basic_farmland, "
            "urban_development_boundary, nature_reserve, wetland, arable_land, visible_from_transport_corridor); "
            "GeoPackage, Shapefile or GeoJSON in any CRS. Repeatable.",
        ),
    ] = None,
    map_dir: Annotated[
        Path | None,
        typer.Option(
            "--map",
            metavar="DIR",
            help="把各记录的范围图（SVG 与 PNG）写入 DIR\n\n"
            "Write a map (SVG and PNG) of each record's boundary to DIR.",
        ),
    ] = None,
) -> None:
    """\b审查记录是否符合其所在地、所在时现行的每一部规划
    Check records against every plan in force where and when they lie.

    Settings not given on the command line come from the config file (minplan.toml, or \\[tool.minplan] in
    pyproject.toml, found upwards from the working folder; --config names one): paths, lang, fail-on,
    baseline, rules, format, outputs and dated waivers.

    Exit codes: 0 all pass (warnings and waived findings allowed), 1 a record fails or needs information or
    a batch-wide check fails, 2 an input or the config could not be read or validated, or wrong usage;
    130, 143, 129 stopped by SIGINT, SIGTERM, SIGHUP (no half-written --output); 3 a defect of minplan's own.
    """
    settings = _config(config, no_config, lang.value if lang else "zh")
    lang_ = lang.value if lang else settings.lang or "zh"
    if not paths:
        if not settings.paths:
            _fail(Msg("no PATH given, and no config file names paths to check (minplan check --help)"), lang_)
        paths = list(settings.paths)
    fail = fail_on.value if fail_on else settings.fail_on or "fail"
    main_format = format.value if format else settings.format or "table"
    targets = _targets(output or [], main_format, settings, quiet, lang_)
    code = _run(
        paths,
        targets,
        lang=lang_,
        rules=rules or settings.rules,
        fail_on=fail,
        baseline=baseline or settings.baseline,
        waivers=_waivers(settings, today, lang_),
        verbose=verbose,
        jobs=jobs,
        max_bytes=max_bytes,
        max_documents=max_documents,
        allow_empty=allow_empty,
        sheets=tuple(sheet or ()),
        layers=tuple(layer or ()) or settings.layers,
        map_dir=map_dir,
    )
    raise typer.Exit(code)


def _config(path: Path | None, off: bool = False, lang: str = "zh"):
    """The settings of the config file (``--config``, else the one found upwards); exit 2 when it is broken (said
    in ``lang``: the config's own cannot be known)."""
    from minplan.config import ConfigError, find, load

    if off:
        return load(None)
    try:
        return load(path if path is not None else find())
    except ConfigError as exc:
        _fail(Msg("config: {error}", error=msg_of(exc)), lang)


def _waivers(settings, today: str | None, lang: str = "zh"):
    import datetime as dt

    day = _day(today, "--today", lang) or dt.date.today()
    if not settings.waivers:
        return None
    from minplan.waivers import Waivers

    return Waivers(settings.waivers, day, settings.shown or "minplan.toml")


def _targets(output: list[str], main: str, settings, quiet: bool, lang: str = "zh") -> list[tuple[str, Path | None]]:
    """Each report of the run: format and file (``None``: standard output). ``-o FILE`` takes the --format's
    report off standard output; ``-o FORMAT=FILE`` adds one; the config's outputs come after, but for a format
    ``-o`` gives, which goes where ``-o`` says. A word before ``=`` that names no format is refused: taken for a file
    name, the report meant would silently not be written."""
    import difflib
    import re

    from minplan.report.formats import names

    extra: list[tuple[str, Path | None]] = []
    main_file: Path | None = None
    for item in output:
        name, sep, file = item.partition("=")
        if sep and name in names():
            if not file:
                _fail(Msg("-o {item}: no file after '='", item=item), lang)
            extra.append((name, Path(file)))
        elif sep and not name:
            why = "-o {item}: no format before '=' (a file whose name starts with '=' is written ./{item})"
            _fail(Msg(why, item=item), lang)
        elif sep and re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", name):
            near = difflib.get_close_matches(name.lower(), names(), n=1, cutoff=0.6)
            formats = ", ".join(names())
            if near:
                _fail(
                    Msg(
                        "-o {item}: {name!r} is not a format ({formats}); did you mean {near}={file}? "
                        "(a file whose name holds '=' is written ./{item})",
                        item=item,
                        name=name,
                        formats=formats,
                        near=near[0],
                        file=file,
                    ),
                    lang,
                )
            _fail(
                Msg(
                    "-o {item}: {name!r} is not a format ({formats}) (a file whose name holds '=' is written ./{item})",
                    item=item,
                    name=name,
                    formats=formats,
                ),
                lang,
            )
        elif main_file is None:
            main_file = Path(item)
        else:
            _fail(
                Msg(
                    "-o {item}: the report of --format {main} already goes to {file} (use FORMAT=FILE)",
                    item=item,
                    main=main,
                    file=main_file,
                ),
                lang,
            )
    given = {name for name, _ in extra}
    extra += [(name, file) for name, file in settings.outputs if name not in given]
    out: list[tuple[str, Path | None]] = []
    if main_file is not None or not quiet:
        out.append((main, main_file))
    out.extend(extra)
    files = [f for _, f in out if f is not None]
    twice = {str(f) for f in files if files.count(f) > 1}
    if twice:
        _fail(Msg("-o: two reports to the same file: {files}", files=", ".join(sorted(twice))), lang)
    return out


def _run(
    paths: list[Path],
    targets: list[tuple[str, Path | None]],
    *,
    lang: str,
    rules: Path | None,
    fail_on: str,
    baseline: Path | None,
    waivers=None,
    verbose: bool = False,
    jobs: int | None = None,
    max_bytes: int = 10 * 1024 * 1024,
    max_documents: int = 5000,
    allow_empty: bool = False,
    sheets: tuple[str, ...] = (),
    layers: tuple[str, ...] = (),
    map_dir: Path | None = None,
    shown=None,
) -> int:
    """Judge ``paths`` and write each report of ``targets``; the exit code (records ``shown`` only, when given)."""
    from contextlib import ExitStack

    from minplan.inputs import collect
    from minplan.outputs import OutputError, Together, check_stop, report_stream, settle, signals
    from minplan.report.base import Tee, load
    from minplan.rulebook import CorpusError
    from minplan.runner import WorkerError, run_check

    corpus = _corpus(rules, whole=False, lang=lang)
    mines = _baseline(baseline, corpus, max_bytes, max_documents, lang)
    geo = _geo(list(layers), map_dir, lang)
    inputs = collect(paths, allow_empty)
    taken = [*inputs.files, *([str(_ledger_file(baseline, lang))] if baseline else [])]
    terminal = any(file is None and name == "table" for name, file in targets) and sys.stdout.isatty()
    try:
        with signals(), ExitStack() as stack:
            together = stack.enter_context(Together())  # left last: the files of -o take their places at once
            reports = []
            for name, file in targets:
                out = stack.enter_context(report_stream(file, taken, together))
                report = load(name)(out, lang, corpus)
                report.verbose = verbose
                reports.append((name, report))
            if not reports:  # --quiet and no file: judge all the same, for the exit code
                sink = stack.enter_context(open(os.devnull, "w", encoding="utf-8"))
                reports = [("concise", load("concise")(sink, lang, corpus))]
            report = reports[0][1] if len(reports) == 1 else Tee(reports)
            with _progress(show=not terminal) as bar:  # a table on the terminal shows its own progress

                def progress(done: int, total: int) -> None:
                    check_stop()
                    if bar is not None:
                        bar(done, total)

                run = run_check(
                    inputs,
                    corpus,
                    mines,
                    jobs=jobs,
                    max_bytes=max_bytes,
                    max_documents=max_documents,
                    sheets=sheets,
                    progress=progress,
                    report=report,
                    waivers=waivers,
                    shown=shown,
                    fail_on=fail_on,
                    geo=geo,
                )
            check_stop()  # before the reports take the place of their files
            settle()  # which they then do all together, whatever signal comes
            for _, each in reports:
                each.out.flush()
    except (OutputError, WorkerError) as exc:
        _fail(msg_of(exc), lang)
    except CorpusError as exc:  # a plan's rules are read when a record first needs them
        _corpus_error(exc, lang)
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly, as if by SIGPIPE
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(128 + 13) from None
    except OSError as exc:
        from minplan.outputs import os_reason

        _fail(Msg("cannot write the report: {reason}", reason=os_reason(exc)), lang)
    except KeyboardInterrupt as exc:
        _stopped(exc)
    if shown is None:
        return run.exit_code(fail_on)
    from minplan.report.result import RunResult

    mine = [v for v in run.views or [] if shown(v.file)]
    return RunResult([], run.aggregate, views=mine).exit_code(fail_on)


HOOK_EXAMPLES = """\b
示例 / Examples:
  # pre-commit 以改动的文件运行它 / pre-commit runs it with the changed files
  minplan hook applications/a.yaml applications/b.yaml
  pre-commit run minplan-check --all-files
"""


@app.command(epilog=HOOK_EXAMPLES)
def hook(
    files: Annotated[
        list[Path] | None, typer.Argument(metavar="[FILE]...", help="改动的文件\n\nThe changed files.")
    ] = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
    today: Annotated[str | None, typer.Option("--today", metavar="DATE", help=TODAY_HELP)] = None,
) -> None:
    """\bpre-commit 钩子：审查改动的记录，批量汇总审查覆盖整个文件夹
    The pre-commit hook: judge the changed record files, with batch-wide checks over the whole folder.

    Only record files are judged: with a config file naming paths, the changed files under those paths, and
    the batch is every record under them (batch-wide counts see the whole folder, not only what changed);
    without one, the changed files that might hold a record (a mapping with two or more of a record's
    fields, a list of them, or a file minplan cannot read whose text writes such fields: a typo is refused,
    not skipped).
    `.pre-commit-config.yaml`, `.github/`, `minplan.toml` and `pyproject.toml` are never judged. Output is one
    line per finding (concise), or workflow annotations under GitHub Actions (GITHUB_ACTIONS=true). Findings
    are shown for the changed files only; the exit code counts those and the batch-wide checks.
    """
    from minplan.hook import select

    settings = _config(config, no_config)
    chosen = select(files or [], settings)
    for note in chosen.notes:
        typer.echo(f"minplan: {note}", err=True)
    if not chosen.shown:
        raise typer.Exit(0)
    name = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "concise"
    shown = frozenset((*chosen.shown, *chosen.paths))
    code = _run(
        chosen.batch,
        [(name, None)],
        lang=settings.lang or "zh",
        rules=settings.rules,
        fail_on=settings.fail_on or "fail",
        baseline=settings.baseline,
        waivers=_waivers(settings, today, settings.lang or "zh"),
        layers=settings.layers,
        shown=lambda file: chosen.key(file) in shown,
    )
    raise typer.Exit(code)


def _known(option: str, value: str | None, known: list[str], lang: str = "zh") -> None:
    """An option naming a plan or kind that does not exist is exit 2, with the nearest names: an empty list
    would look like an answer."""
    if value is None or value in known:
        return
    from minplan.textnorm import nearest

    hint = nearest(value, known, n=3) or [k for k in known if k.startswith(value)][:3]
    names = ", ".join(known)
    if hint:
        said = Msg(
            "{option} {value!r}: no such name (did you mean {hint}?); known: {known}",
            option=option,
            value=value,
            hint=", ".join(hint),
            known=names,
        )
    else:
        said = Msg("{option} {value!r}: no such name; known: {known}", option=option, value=value, known=names)
    _fail(said, lang)


def _stoppable(command: Callable[..., None]) -> Callable[..., None]:
    """A command stopped by SIGINT, SIGTERM or SIGHUP as check is: its workers ended, -o left as it was, a line
    saying so (no traceback) and the exit code of the signal."""
    from functools import wraps

    @wraps(command)
    def stoppable(*args: Any, **kwargs: Any) -> None:
        from minplan.outputs import signals

        try:
            with signals():
                command(*args, **kwargs)
        except KeyboardInterrupt as exc:
            _stopped(exc)

    return stoppable


def _stopped(exc: KeyboardInterrupt) -> NoReturn:
    """A run ended by a signal (or Ctrl-C): one line saying so, and exit 128 + its number."""
    from contextlib import suppress

    from minplan.outputs import Interrupted

    code = exc.exit_code if isinstance(exc, Interrupted) else 130
    with suppress(OSError):  # standard error gone with the terminal that hung up: the code still says it
        typer.echo(f"minplan: stopped by a signal; exit {code}", err=True)
    raise typer.Exit(code) from None


def _day(text: str | None, option: str, lang: str) -> Any:
    """The date an option gives, read as a record's date is (2023-06-01, 2023/6/1, 2023年6月1日); None if not
    given; exit 2, saying why, for one that is no date."""
    if not text:
        return None
    from minplan.record import read_date

    try:
        return read_date(text)
    except ValueError as exc:
        _fail(Msg("{option}: {why}", option=option, why=msg_of(exc)), lang)


def _fail(message: Msg | str, lang: str = "zh", *, raw: bool = False) -> NoReturn:
    """Say on standard error why the command cannot go on, and exit 2: a line in Chinese, then the same in
    English (``lang`` en: the English alone; one line where the two are the same). Hidden characters are shown
    escaped, but with ``raw`` (a message of several lines, as a rule corpus's)."""
    _say(message, lang, raw=raw)
    raise typer.Exit(2)


def _say(message: Msg | str, lang: str = "zh", *, raw: bool = False) -> None:
    """Say ``message`` on standard error as :func:`_fail` does, and go on."""
    from contextlib import suppress

    from minplan.report.escape import visible

    said = message if isinstance(message, Msg) else Msg.verbatim(message)
    english = said.text("en")
    texts = [english] if lang == "en" else list(dict.fromkeys((said.text("zh"), english)))
    shown = "\n".join(f"minplan: {text if raw else visible(text)}" for text in texts)
    with suppress(OSError):  # standard error gone: the exit code still says it
        typer.echo(shown, err=True)


def _ledger_file(path: Path, lang: str = "zh") -> Path:
    from minplan.baseline import BaselineError, ledger_spec

    try:
        return ledger_spec(path)[0]
    except BaselineError as exc:
        _fail(Msg("baseline: {error}", error=msg_of(exc)), lang, raw=True)


def _baseline(
    path: Path | None,
    corpus=None,
    max_bytes: int | None = None,
    max_documents: int | None = None,
    lang: str = "zh",
):
    """The ledger of ``path``, read within the run's limits where given (else the defaults)."""
    if path is None:
        return None
    from minplan.baseline import BaselineError, ledger_spec, load_baseline
    from minplan.readers import DEFAULT_LIMITS

    limits = DEFAULT_LIMITS._replace(
        max_bytes=max_bytes or DEFAULT_LIMITS.max_bytes, max_documents=max_documents or DEFAULT_LIMITS.max_documents
    )
    try:
        file, sheets = ledger_spec(path)
        return load_baseline(file, corpus, sheets, limits)
    except BaselineError as exc:
        _fail(Msg("baseline: {error}", error=msg_of(exc)), lang, raw=True)


def _geo(layers: list[str], map_dir: Path | None, lang: str = "zh"):
    """The run's layers, read now (a layer that cannot be is exit 2), and where maps go; None without either."""
    if not layers and map_dir is None:
        return None
    from minplan.geo import INSTALL, available

    if not available():
        _fail(Msg("--layer and --map need the geo extra: {install}", install=INSTALL), lang, raw=True)
    from minplan.geo.context import GeoContext
    from minplan.geo.layers import LayerError, LayerSpec

    try:
        context = GeoContext(tuple(LayerSpec.parse(text) for text in layers), str(map_dir) if map_dir else None)
        for read in context.layers():
            if read.note:
                typer.echo(f"minplan: {read.note}", err=True)
    except LayerError as exc:
        _fail(msg_of(exc), lang, raw=True)
    if map_dir is not None:
        from importlib.util import find_spec

        if find_spec("matplotlib") is None:
            _fail(Msg("--map needs matplotlib: pip install 'minplan[geo,chart]'"), lang, raw=True)
        try:
            map_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # a file of that name, a folder that cannot be made
            from minplan.outputs import os_reason

            said = Msg("--map {folder}: cannot make the folder: {reason}", folder=map_dir, reason=os_reason(exc))
            _fail(said, lang, raw=True)
    return context


class _progress:
    """A progress bar on stderr for long runs in a terminal; nothing in CI logs or pipes."""

    def __init__(self, show: bool = True) -> None:
        self.show = show

    def __enter__(self):
        self.bar = None
        if not self.show or not sys.stderr.isatty() or os.environ.get("CI"):
            return None
        return self._update

    def _update(self, done: int, total: int) -> None:
        if self.bar is None and total >= 200:
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(transient=True, console=Console(stderr=True))
            self.bar.start()
            self.task = self.bar.add_task("minplan", total=total)
        if self.bar is not None:
            self.bar.update(self.task, completed=min(done, total))

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


@app.command(
    epilog="""\b
示例 / Examples:
  minplan schema > record.schema.json
  # 然后在记录的第一行写 / then, on a record's first line:
  # yaml-language-server: $schema=record.schema.json
  minplan schema --lang en
"""
)
def schema(lang: LangOption = Lang.zh) -> None:
    """\b打印记录的 JSON Schema（供编辑器与其他程序使用）
    Print the JSON Schema of a record (for editors via yaml-language-server, and other programs).

    Every value minplan reads is valid in it (Chinese and English values, county names, aliases and codes,
    quantities as text or {value, unit}); descriptions in Chinese, or English with --lang en."""
    import json

    from minplan.record import record_schema

    typer.echo(json.dumps(record_schema(lang.value), ensure_ascii=False, indent=2))


class ViewFormat(StrEnum):
    table = "table"
    json = "json"


ViewOption = Annotated[
    ViewFormat, typer.Option("--format", "-f", help="输出格式：table（给人读）或 json\n\ntable (for people) or json.")
]


def _dump(key: str, value: object) -> None:
    _print_json({key: value})


def _print_json(value: object) -> None:
    """JSON of a look-up on stdout, what rule files hold escaped where it could act (report.escape.json_text)."""
    import json

    from minplan.report.escape import json_text

    typer.echo(json_text(json.dumps(value, ensure_ascii=False, indent=2, default=str)))


def _console():
    """A terminal's own width; to a file or pipe 120 columns (as `check` writes), unless COLUMNS says otherwise."""
    import os

    from rich.console import Console

    console = Console()
    if not console.is_terminal and not os.environ.get("COLUMNS", "").isdigit():
        console = Console(width=120)
    return console


@app.command(
    epilog=_examples(
        "minplan plans",
        "minplan plans --format json --lang en",
    )
)
def plans(format: ViewOption = ViewFormat.table, lang: LangOption = Lang.zh, rules: RulesOption = None) -> None:
    """\b列出已编入的规划：辖区、级别、规划期、状态、施行日期、数量
    List the encoded plans: jurisdiction, level, period, status (drafts marked), in-force dates, counts."""
    from minplan.lookup import plan_rows

    rows = plan_rows(_corpus(rules, lang=lang.value))
    if format is ViewFormat.json:
        _dump("plans", rows)
    else:
        from minplan.report import lookup_views

        lookup_views.plans(rows, _console(), lang.value)


@app.command(
    epilog=_examples(
        "minplan zones --county 临江市",
        "minplan zones --plan taonan-2021 --date 2023-06-01 --format json",
    )
)
def zones(
    county: Annotated[
        str | None,
        typer.Option(
            "--county",
            help="只列此县的规划分区（名称、别名或代码）\n\nOnly the zones of this county (name, alias or code).",
        ),
    ] = None,
    plan: Annotated[str | None, typer.Option("--plan", help="只列此规划的分区\n\nOnly this plan's zones.")] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", help="只列此日期（ISO）现行的规划\n\nOnly plans in force on this ISO date."),
    ] = None,
    format: ViewOption = ViewFormat.table,
    lang: LangOption = Lang.zh,
    rules: RulesOption = None,
) -> None:
    """\b列出各规划的规划分区：编号、名称、类型、表、矿种、县、规划
    List the plans' zones: code (* where minplan coined one), printed name, type, table, minerals, counties, plan.

    A code marked * is one minplan coined, the plan printing none.

    A record's location.zones may give a zone's code, its printed name, or a short form of the name: without
    the names of the divisions the record lies in (吉林省, 临江市 …), without a closing parenthesis ((国家级)),
    with the type's suffix varied or left out (重点勘查区, 勘查区); full-width or half-width, 、 or , alike.
    A name that fits two zones of the county is refused, naming both. Each is resolved to the zone's code,
    against the plans in force on the record's date. A block code of the national pattern (two letters and
    eleven digits, KQ21060000001) is accepted unchecked: the plans' block annexes are not part of their
    printed text. A code of a series a zone table prints in full (Dandong's KZ210600…, CS210600…) is not:
    it must be one the table lists.
    """

    from minplan.lookup import zone_rows

    corpus = _corpus(rules, lang=lang.value)
    try:
        day = _day(date, "--date", lang.value)
        data = zone_rows(corpus, county, plan, day)
    except (LookupError, ValueError) as exc:
        _fail(msg_of(exc), lang.value, raw=True)
    if format is ViewFormat.json:
        import json

        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        from minplan.report import lookup_views

        lookup_views.zones(data, _console(), lang.value)


rules_app = typer.Typer(
    help="\b列出、查找与检查规则\nList, search and lint rules.",
    invoke_without_command=True,
    no_args_is_help=False,
    epilog=_examples(
        "minplan rules --plan yanbian-2021 --kind min_scale",
        "minplan rules --mineral 金 --county 珲春市",
        "minplan rules lint",
    ),
)
app.add_typer(rules_app, name="rules")


@rules_app.callback()
def rules_list(
    ctx: typer.Context,
    plan: Annotated[str | None, typer.Option("--plan", help="只列此规划的规则\n\nOnly this plan's rules.")] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind", help="只列此类规则（如 min_scale 最低开采规模）\n\nOnly rules of this kind (min_scale, …)."
        ),
    ] = None,
    mineral: Annotated[
        str | None, typer.Option("--mineral", help="只列涉及此矿种的规则\n\nOnly rules that cover this mineral.")
    ] = None,
    county: Annotated[
        str | None,
        typer.Option(
            "--county",
            help="只列在此县适用的规则\n\nOnly rules that apply in this county (of plans over it, scoped to it).",
        ),
    ] = None,
    format: ViewOption = ViewFormat.table,
    lang: LangOption = Lang.zh,
    rules: RulesOption = None,
) -> None:
    """\b列出规则：编号、规划、类型、摘要与出处
    List rules with id, plan, kind, summary and citation."""
    if ctx.invoked_subcommand is not None:
        return
    from minplan.kinds import KINDS
    from minplan.lookup import rule_rows

    corpus = _corpus(rules, lang=lang.value)
    _known("--plan", plan, sorted(corpus.plans), lang.value)
    _known("--kind", kind, sorted(KINDS), lang.value)
    try:
        found = rule_rows(corpus, plan, kind, mineral, county)
    except LookupError as exc:
        _fail(msg_of(exc), lang.value, raw=True)
    if format is ViewFormat.json:
        _dump("rules", found)
    else:
        from minplan.report import lookup_views

        lookup_views.rules(found, _console(), lang.value)


@rules_app.command(
    "lint",
    epilog=_examples(
        "minplan rules lint",
        "minplan rules lint my-rules/ --format json",
    ),
)
def rules_lint(
    folder: Annotated[
        Path | None,
        typer.Argument(help="规则库文件夹（默认：自带规则）\n\nA rule corpus folder (default: the shipped rules)."),
    ] = None,
    format: ViewOption = ViewFormat.table,
) -> None:
    """\b检查规则文件：结构、未知名称、重复编号、与原文不符的效力、规则矛盾
    Check rule files: schema, unknown names, duplicate ids, a force its words do not bear, disagreements.

    In full: schema, unknown minerals, zones and facts, dangling plans, duplicate ids (rules,
    batch-wide checks, indicator counts), scope fields that can never matter, a force that disagrees with
    the rule's own words (必须/严禁/禁止/不得 bind; 原则上/应/鼓励/引导/限制 do not) without a force_reason,
    rules that overlap but disagree, citations without table or row, invalid example records.

    Exit 1 when there is an error (warnings alone exit 0); 2 when the folder is missing, a file or empty,
    or a file cannot be read as a rule or plan file at all.
    """
    from minplan.lint import lint
    from minplan.report.escape import visible
    from minplan.rulebook import CorpusError

    try:
        problems = lint(folder)
    except CorpusError as exc:
        _corpus_error(exc)
    errors = [p for p in problems if p.severity == "error"]
    if format is ViewFormat.json:
        _dump("problems", [p.as_dict() for p in problems])
    else:
        for p in problems:
            typer.echo(visible(f"{p.severity}: {p.file}: {p.rule + ': ' if p.rule else ''}{p.message}"))
        warnings = len(problems) - len(errors)
        typer.echo(f"rules lint: {len(errors)} errors, {warnings} warnings")
    raise typer.Exit(2 if any(p.unreadable for p in errors) else 1 if errors else 0)


@app.command(
    epilog=_examples(
        "minplan explain yanbian-2021/min-scale/gold",
        "minplan explain yanbian-2021/min-scale/gold --format json",
    )
)
def explain(
    rule_id: Annotated[
        str,
        typer.Argument(
            metavar="RULE-ID", help="规则编号，即 minplan rules 所列\n\nA rule id, as `minplan rules` lists them."
        ),
    ],
    format: ViewOption = ViewFormat.table,
    lang: LangOption = Lang.zh,
    rules: RulesOption = None,
) -> None:
    """\b完整显示一条规则：适用范围、参数、出处与原文，及示例记录
    Show one rule in full: scope, parameters, citation and quote, and its example records judged now."""
    from minplan.lookup import explain as explain_rule
    from minplan.textnorm import nearest

    corpus = _corpus(rules, lang=lang.value)
    rule = corpus.rule(rule_id)
    if rule is None:
        plan_id, _, rest = rule_id.partition("/aggregate/")
        if rest and plan_id in corpus.plans:  # a report's batch-wide finding: a plan's indicator or batch check
            said = Msg(
                "{rule} is a batch-wide check of {plan}, no rule: its figure and source are in "
                "`minplan indicators {plan}` (and the plan file's batch checks)",
                rule=rule_id,
                plan=plan_id,
            )
            _fail(said, lang.value, raw=True)
        hint = nearest(rule_id, [r.id for r in corpus.rules], n=3)
        if hint:
            _fail(
                Msg("no rule {rule!r} (did you mean {hint}?)", rule=rule_id, hint=", ".join(hint)), lang.value, raw=True
            )
        _fail(Msg("no rule {rule!r}", rule=rule_id), lang.value, raw=True)
    data = explain_rule(corpus, rule)
    if format is ViewFormat.json:
        _print_json(data)
    else:
        from minplan.report import lookup_views

        lookup_views.explain(data, _console(), lang.value)


class RightOpt(StrEnum):
    mining = "mining"
    exploration = "exploration"


@app.command(
    epilog=_examples(
        "minplan requirements --county 珲春市 --mineral 岩金 --method underground",
        "minplan requirements --county 220681 --mineral 铁矿 --date 2023-06-01 --format json",
        "minplan requirements --county 珲春市 --mineral 岩金 --associated 铜、银",
    )
)
def requirements(
    county: Annotated[
        str,
        typer.Option("--county", help="县级行政区：名称、别名或代码\n\nCounty-level division: name, alias or code."),
    ],
    mineral: Annotated[
        str, typer.Option("--mineral", help="矿种：中文名或英文别名\n\nMineral, Chinese name or English alias.")
    ],
    method: Annotated[
        str | None,
        typer.Option("--method", help="开采方式：underground 地下开采，open_pit 露天开采\n\nunderground or open_pit."),
    ] = None,
    right: Annotated[
        RightOpt,
        typer.Option("--right", help="矿业权：mining 采矿权，exploration 探矿权\n\nmining or exploration."),
    ] = RightOpt.mining,
    application: Annotated[
        str,
        typer.Option(
            "--application",
            help="申请类型：new 新立，expansion 改扩建，renewal 延续 …（同记录）\n\n"
            "new, expansion, renewal, … (as in a record).",
        ),
    ] = "new",
    date: Annotated[
        str | None, typer.Option("--date", help="日期（ISO，默认今天）\n\nISO date (default: today).")
    ] = None,
    associated: Annotated[
        list[str] | None,
        typer.Option(
            "--associated",
            help="其他共生、伴生矿产（可重复）\n\n"
            "Another mineral the right lists (共生、伴生矿产); repeatable, or one list (铜、银).",
        ),
    ] = None,
    format: ViewOption = ViewFormat.table,
    lang: LangOption = Lang.zh,
    rules: RulesOption = None,
) -> None:
    """\b此类记录须满足什么：当地现行各规划的全部条款，最严者在前
    What such a record must satisfy: every provision from every plan in force there, strictest first.

    With --associated, the right's other minerals are judged too, as check judges them."""

    from pydantic import ValidationError

    from minplan.lookup import requirements as find

    corpus = _corpus(rules, lang=lang.value)
    try:
        day = _day(date, "--date", lang.value)
        data = find(corpus, county, mineral, method, right.value, application, day, associated)
    except ValidationError as exc:
        from minplan.rulebook import problem_text

        _fail(Msg.verbatim(problem_text(exc)), lang.value, raw=True)
    except ValueError as exc:
        _fail(msg_of(exc), lang.value, raw=True)
    if format is ViewFormat.json:
        _print_json(data)
    else:
        from minplan.report import lookup_views

        lookup_views.requirements(data, _console(), lang.value)


class IndicatorFormat(StrEnum):
    table = "table"
    markdown = "markdown"
    csv = "csv"
    json = "json"


@app.command(
    epilog=_examples(
        "minplan indicators yanbian-2021",
        "minplan indicators 珲春市 --against applications/ --format csv -o indicators.csv",
    )
)
@_stoppable
def indicators(
    targets: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[PLAN-ID | PLACE]...",
            help="规划 id，或地名（取其现行规划）\n\nPlans, or places (their plans in force).",
        ),
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="地名所用的日期（默认今天）\n\nDate for places (default: today).")
    ] = None,
    against: Annotated[
        list[Path] | None,
        typer.Option(
            "--against",
            help="对照指标的记录文件或文件夹\n\nRecords (files or folders) to measure the indicators by.",
        ),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            help="已有矿山台账（FILE#SHEET 指定工作表）\n\n"
            "Ledger of existing mines (a workbook, CSV, YAML or JSON; FILE#SHEET[,SHEET] for some sheets).",
        ),
    ] = None,
    format: Annotated[
        IndicatorFormat,
        typer.Option(
            "--format", "-f", help="输出格式：table 表格，或 markdown、csv、json\n\ntable, markdown, csv or json."
        ),
    ] = IndicatorFormat.table,
    chart: Annotated[
        Path | None,
        typer.Option("--chart", help="另把图表画到 FILE（.png 或 .svg）\n\nAlso draw a chart to FILE (.png or .svg)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="写入 FILE 而非标准输出（写完才替换）\n\nWrite to FILE (replaced once complete), not stdout.",
        ),
    ] = None,
    lang: LangOption = Lang.zh,
    rules: RulesOption = None,
) -> None:
    """\b打印各规划的主要指标表；加 --against 时另列记录的对照情况
    Print each plan's main-indicator tables; with --against, where records stand against them.

    CSV starts with a UTF-8 byte-order mark, so that Excel reads its Chinese.
    """
    import datetime as dt

    from minplan.indicators import UnknownTarget, as_json, indicator_rows, plans_for

    corpus = _corpus(rules, lang=lang.value)
    try:
        day = _day(date, "--date", lang.value) or dt.date.today()
        plans = plans_for(corpus, targets or [], day)
    except (UnknownTarget, ValueError) as exc:
        _fail(msg_of(exc), lang.value, raw=True)
    results = None
    if against:
        from minplan.measures import unread_inputs
        from minplan.runner import run_check

        results = run_check(against, corpus, keep=True).records
        if unread := unread_inputs(results):  # their rights would count: what they could overturn is needs_info
            files = list(dict.fromkeys(unread))
            said = (
                "{count} inputs of {files} files could not be read (measures they could change are needs_info): {names}"
            )
            _say(Msg(said, count=len(unread), files=len(files), names=", ".join(files)), lang.value)
    rows = indicator_rows(corpus, plans, results, _baseline(baseline, corpus, lang=lang.value))
    from minplan.report import indicator_views as views

    if output is not None or format is not IndicatorFormat.table:
        import json

        from minplan.outputs import OutputError, report_stream
        from minplan.report.escape import json_text

        if format is IndicatorFormat.json:
            text = json_text(json.dumps(as_json(rows), ensure_ascii=False, indent=2, default=str)) + "\n"
        elif format is IndicatorFormat.csv:
            text = "\ufeff" + views.to_csv(rows, lang.value)  # Excel reads UTF-8 only after a BOM
        elif format is IndicatorFormat.markdown:
            text = views.markdown(rows, lang.value)
        else:
            from rich.console import Console

            buffer = io.StringIO()
            views.table(rows, Console(file=buffer, width=120, color_system=None), lang.value)
            text = buffer.getvalue()
        try:
            with report_stream(output, [str(p) for p in against or []]) as out:
                out.write(text)
        except OutputError as exc:
            _fail(msg_of(exc), lang.value)
    else:
        views.table(rows, _console(), lang.value)
    if chart is not None:
        if chart.suffix.lower() not in (".png", ".svg"):
            _fail(Msg("--chart FILE must end in .png or .svg"), lang.value, raw=True)
        from minplan.outputs import OutputError, target

        try:
            target(chart)  # a folder that does not exist, a folder in its place: said as -o says it
            views.chart(rows, chart, lang.value)
        except (RuntimeError, OutputError) as exc:
            _fail(msg_of(exc), lang.value, raw=True)
        except OSError as exc:
            from minplan.outputs import os_reason

            _fail(Msg("{name}: {reason}", name=str(chart), reason=os_reason(exc)), lang.value, raw=True)


class InitFormat(StrEnum):
    yaml = "yaml"
    xlsx = "xlsx"


@app.command(
    epilog=_examples(
        "minplan init permit.yaml",
        "minplan init --lang en > permit.yaml",
    )
)
def init(
    output: Annotated[
        Path | None,
        typer.Argument(help="模板写到哪里（默认：打印出来）\n\nWhere to write the template (default: print it)."),
    ] = None,
    lang: LangOption = Lang.zh,
    format: Annotated[
        InitFormat,
        typer.Option(
            "--format",
            "-f",
            help="yaml 为带注释的记录，xlsx 为工作簿（中文表头、下拉选项、示例行；需 -o）\n\n"
            "yaml (a commented record) or xlsx (a workbook: the bureaus' Chinese headers, drop-down lists of "
            "the allowed values, an example row; needs -o).",
        ),
    ] = InitFormat.yaml,
    out: Annotated[
        Path | None, typer.Option("--output", "-o", help="模板写到哪里\n\nWhere to write the template.")
    ] = None,
) -> None:
    """\b生成模板：带注释的记录（YAML，默认中文注释）或记录工作簿
    Write a template: a commented record (YAML, Chinese comments by default) or a workbook of records."""
    from minplan.outputs import OutputError, report_stream, write_text
    from minplan.template import template, write_workbook

    if out is not None and output is not None and out != output:
        _fail(Msg("give the output once (OUTPUT or -o)"), lang.value)
    target = out or output
    if format is InitFormat.xlsx and target is None:
        _fail(Msg("a workbook is written to a file: give -o FILE.xlsx"), lang.value)
    if target is None:
        sys.stdout.write(template(lang.value))
        return
    if target.exists():
        _fail(Msg("{file} exists; not overwritten", file=target), lang.value, raw=True)
    try:
        if format is InitFormat.xlsx:
            with report_stream(target) as stream:
                write_workbook(binary_stream(stream))
        else:
            write_text(target, template(lang.value))
    except OutputError as exc:
        _fail(msg_of(exc), lang.value)


def binary_stream(stream):
    """The bytes under a report's text stream, for a workbook; a terminal is refused (a workbook is binary)."""
    from minplan.outputs import OutputError

    if stream.isatty() or not hasattr(stream, "buffer"):
        raise OutputError(Msg("a workbook is binary and is not written to a terminal: give -o FILE.xlsx"))
    stream.flush()
    return stream.buffer


def _only(args: list[str]) -> None:
    """Keep registered only the command that ``args`` name (``check`` of ``minplan check …``): typer reads the
    signature of every registered command each time the program starts, and a run needs one. Without a
    command name (``minplan``, ``minplan --help``, a name that is no command) every command stays."""
    name = args[0] if args and not args[0].startswith("-") else None
    commands = [c for c in app.registered_commands if (c.name or c.callback.__name__.replace("_", "-")) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if commands or groups:
        app.registered_commands[:] = commands
        app.registered_groups[:] = groups


def main() -> None:
    """The ``minplan`` command."""
    # pydantic would otherwise scan every installed package's entry points for plugins at start-up
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    # collect cycles rarely (see GC_THRESHOLDS), and freeze the heap before the exit's own collection
    gc.set_threshold(*GC_THRESHOLDS)
    _only(sys.argv[1:])
    try:
        app()
    except Exception as exc:  # a defect of minplan's own: said as such, and not exit 1 (which reads as a verdict)
        _internal_error(exc)
    finally:
        gc.freeze()


INTERNAL_ERROR = 3


def _internal_error(exc: Exception) -> NoReturn:
    """Say that minplan itself failed (no verdict was reached; a report may be incomplete), with the traceback to
    report it by, and exit INTERNAL_ERROR."""
    import traceback

    from minplan.report.escape import visible

    try:
        sys.stderr.write(
            f"minplan: internal error, a defect of minplan and no verdict on any record: "
            f"{type(exc).__name__}: {visible(str(exc))}\n"
            "minplan: no report of this run is complete; please report the defect with what follows\n"
        )
        traceback.print_exception(exc, file=sys.stderr)
    except OSError:  # standard error gone: the exit code still says it
        pass
    raise SystemExit(INTERNAL_ERROR)
