"""Every --help speaks Chinese first, then English: each command's summary is a Chinese line and then an English
one, each option's help a Chinese phrase and then the English, and both are shown whole in a terminal 80 columns
wide as in one 200 wide (rich wraps text only at spaces: a Chinese phrase without one, too long for its column,
would be cut off with an ellipsis)."""

from __future__ import annotations

import re
from typing import Any

import pytest
import typer
from rich.cells import cell_len
from rich.text import Text
from typer.testing import CliRunner

from minplan.cli import app

CJK = re.compile(r"[\u3400-\u9fff]")
ENGLISH = re.compile(r"[A-Za-z]{2,}")
WIDTHS = (80, 200)
runner = CliRunner()


def _commands() -> list[tuple[tuple[str, ...], Any]]:
    """The program and every command and group typer builds from the app, each with the words that run it."""
    found: list[tuple[tuple[str, ...], Any]] = []

    def walk(path: tuple[str, ...], command: Any) -> None:
        found.append((path, command))
        if getattr(command, "commands", None):
            for name, sub in command.commands.items():
                walk((*path, name), sub)

    walk((), typer.main.get_command(app))
    return found


COMMANDS = _commands()
EACH = [pytest.param(path, command, id=" ".join(("minplan", *path))) for path, command in COMMANDS]


def _summary(command: Any) -> tuple[str, str]:
    """The first paragraph of a command's help: its Chinese line and its English line."""
    first = (command.help or "").split("\n\n")[0]
    assert first.startswith("\b"), f"the summary keeps its two lines only after \\b: {first!r}"
    lines = first.removeprefix("\b").strip().split("\n")
    assert len(lines) == 2, f"a Chinese line, then an English one: {first!r}"
    return lines[0].strip(), lines[1].strip()


def _own_params(command: Any) -> list[Any]:
    """The options and arguments minplan describes (--help is click's own, and says it in English)."""
    return [p for p in command.params if p.name != "help"]


def _plain(text: str) -> str:
    return Text.from_markup(text).plain.replace("\b", "")


def _cut(words: str, output: str, written: str) -> list[str]:
    """The space-free pieces of ``words`` that ``output`` does not show whole: missing, or shown cut off with an
    ellipsis that ``written`` (the texts the help is made of) does not hold (rich puts a space before it where a
    wide character would not fit)."""
    cut = []
    for piece in _plain(words).split():
        stubs = [piece[:end] + tail for end in range(1, len(piece)) for tail in ("…", " …")]
        shown = [stub for stub in stubs if re.search(r"(?<![^\s│])" + re.escape(stub), output)]  # as a word begins
        if piece not in output or any(stub not in written for stub in shown):
            cut.append(piece)
    return cut


def _written(command: Any) -> str:
    """Every text a command's --help is made of."""
    texts = [command.help or "", command.epilog or "", *(p.help or "" for p in command.params)]
    texts += [sub.help or "" for sub in getattr(command, "commands", {}).values()]
    return "\n".join(_plain(text) for text in texts)


def test_every_command_is_walked():
    names = {path[-1] for path, _ in COMMANDS if path}
    assert len(COMMANDS) > 10 and {"check", "rules", "lint"} <= names


@pytest.mark.parametrize(("path", "command"), EACH)
def test_the_summary_is_chinese_then_english(path: tuple[str, ...], command: Any):
    chinese, english = _summary(command)
    assert CJK.search(chinese), chinese
    assert ENGLISH.search(english) and not CJK.search(english), english


@pytest.mark.parametrize(("path", "command"), EACH)
def test_each_option_is_described_in_chinese_then_english(path: tuple[str, ...], command: Any):
    for param in _own_params(command):
        said = getattr(param, "help", None) or ""
        paragraphs = said.split("\n\n")
        assert len(paragraphs) == 2, f"{param.name}: a Chinese phrase, a blank line, the English: {said!r}"
        chinese, english = paragraphs
        assert CJK.search(chinese) and "\n" not in chinese, f"{param.name}: {chinese!r}"
        assert ENGLISH.search(english), f"{param.name}: {english!r}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("path", "command"), EACH)
def test_help_shows_every_word_within_the_terminal(path: tuple[str, ...], command: Any, width: int):
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    wide = [line for line in result.output.splitlines() if cell_len(line) > width]
    assert not wide, wide
    written = _written(command)
    shown = list(_summary(command))
    for param in _own_params(command):
        zh, en = (param.help or "").split("\n\n")
        shown += [zh, en] if width >= 200 else [zh]  # narrow, a long English word (a field name) may be cut
    for sub in getattr(command, "commands", {}).values():  # the commands a group lists, by their summaries
        shown += _summary(sub)
    cut = [piece for words in shown for piece in _cut(words, result.output, written)]
    assert not cut, f"cut off or not shown at {width} columns: {cut}\n{result.output}"
