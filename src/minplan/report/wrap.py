"""Line breaking for table cells that mix Chinese and codes: rich breaks lines at spaces only and cuts a run
of Chinese (or a long id) at the cell's edge, wherever that falls.

:class:`Wrapped` breaks where a reader expects: at spaces, and between Chinese characters; never inside a
run of Latin letters, digits and their punctuation (a rule id ``yanbian-2021/min-scale/gold``, a date
``2023-06-01``, a code ``KQ22068100001``, a figure with its unit ``3万吨/年``) unless that run alone is wider
than the cell; never before a closing mark (，。、；：）」” …) nor after an opening one (（「“ …), so no line
starts with a lone closing quote. Its measure tells rich the widest such run, so columns are made at least
that wide where the table can.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.cells import cell_len, chop_cells
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

_UNIT = r"(?:\s?[万千百亿]?(?:吨|立方米|米|个|座|年)(?:/(?:年|日|天))?)?"
_SCIENTIFIC = r"[0-9][0-9.,]*\s?×\s?10[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+(?:\s[A-Za-z³²/]+)?"  # 3 × 10⁴ t/a, as English figures are shown
_LATIN = "0-9A-Za-z\u00c0-\u024f\u2070-\u209f"
_TOKEN = re.compile(rf"{_SCIENTIFIC}|[{_LATIN}][{_LATIN}_.:/#%+×·&'’-]*{_UNIT}|\s+|.", re.S)
CLOSING = frozenset("”’」』）》〕】〉，。、；：！？,.;:!?)]}%…›")
OPENING = frozenset("“‘「『（《〔【〈([{‹")


def tokens(text: str) -> list[str]:
    """``text`` as units no line break falls inside; spaces as their own units (where lines may break)."""
    out: list[str] = []
    glue = False  # the last unit ends with an opening mark: the next one joins it
    for match in _TOKEN.finditer(text):
        unit = match.group()
        if unit.isspace():
            out.append(unit)
            glue = False
            continue
        if out and not out[-1].isspace() and (glue or unit[0] in CLOSING):
            out[-1] += unit
        else:
            out.append(unit)
        glue = unit[-1] in OPENING
    return out


def lines(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` cells (a unit wider than that is cut)."""
    width = max(1, width)
    out: list[str] = []
    for paragraph in text.split("\n"):
        line, used, space = "", 0, ""
        for unit in tokens(paragraph):
            if unit.isspace():
                space = unit if line else ""
                continue
            size = cell_len(unit)
            if line and used + cell_len(space) + size <= width:
                line, used = line + space + unit, used + cell_len(space) + size
            else:
                if line:
                    out.append(line)
                pieces = chop_cells(unit, width) if size > width else [unit]
                out.extend(pieces[:-1])
                line, used = pieces[-1], cell_len(pieces[-1])
            space = ""
        out.append(line)
    return out


class Wrapped:
    """Paragraphs of text, each with a style, broken into lines as :func:`lines` does for rich to show."""

    def __init__(self, parts: Iterable[tuple[str, str]]) -> None:
        self.parts = [(text, style) for text, style in parts if text]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        out = Text(no_wrap=True, overflow="ignore", end="")
        first = True
        for text, style in self.parts:
            for line in lines(text, width):
                if not first:
                    out.append("\n")
                out.append(line, style=style)
                first = False
        yield out

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest_unit = max((cell_len(u) for text, _ in self.parts for u in tokens(text)), default=1)
        widest_line = max((cell_len(line) for text, _ in self.parts for line in text.split("\n")), default=1)
        most = options.max_width
        return Measurement(min(widest_unit, most), min(widest_line, most))
