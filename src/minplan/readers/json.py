"""JSON: the standard library's parser, bounded before it runs (it recurses), refusing duplicate keys
and the NaN and Infinity that Python's parser would take. One document per file; numbers arrive as
numbers (JSON's grammar leaves them no second reading), text as written."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from minplan.readers import yaml as yaml_reader
from minplan.readers.base import Document, Limits, ReadError, Source
from minplan.say import Msg
from minplan.textnorm import plain_form

# strings (with their escapes), brackets, commas and the constants JSON does not have, in file order
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{},]|-?\bInfinity\b|\bNaN\b')


class _Duplicate(Exception):
    pass


class _TooLong(Exception):
    """A whole number with more digits than Python turns into an int (4300): json.loads would raise a bare
    ValueError for it."""


_MOST_DIGITS = 1000  # far more than any figure, far fewer than the interpreter's limit


def _int(text: str) -> int:
    if len(text) > _MOST_DIGITS:
        raise _TooLong(text)
    return int(text)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        key = plain_form(key)
        if key in out:
            raise _Duplicate(key)
        out[key] = value
    return out


def _line(text: str, at: int) -> tuple[int, int]:
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def _bound(text: str, limits: Limits) -> None:
    """Refuse what the parser should not see: nesting past the limit, more values than allowed, NaN/Infinity."""
    suspicious = "NaN" in text or "Infinity" in text
    if not suspicious and text.count("[") + text.count("{") <= limits.max_depth and text.count(",") < limits.max_nodes:
        return
    depth = values = 0
    for token in _TOKENS.finditer(text):
        char = token.group()[0]
        if char in "[{":
            depth += 1
            values += 1
            if depth > limits.max_depth:
                raise ReadError(
                    Msg("nesting deeper than {depth} levels", depth=limits.max_depth), *_line(text, token.start())
                )
        elif char in "]}":
            depth -= 1
        elif char == ",":
            values += 1
            if values > limits.max_nodes:
                raise ReadError(
                    Msg("document too large (over {most} values)", most=limits.max_nodes), *_line(text, token.start())
                )
        elif char != '"':
            raise ReadError(
                Msg("{token} is not a number JSON allows", token=token.group()), *_line(text, token.start())
            )


class JsonReader:
    """Record files in JSON: one record (an object) per file."""

    name = "json"
    suffixes = (".json",)

    def documents(self, source: Source, limits: Limits) -> Iterator[Document]:
        text = source.text()
        if not text.strip():
            return  # no document: the caller says the file is empty
        _bound(text, limits)
        try:
            data = json.loads(text, object_pairs_hook=_no_duplicates, parse_int=_int)
        except _TooLong as exc:
            at = text.find(str(exc))
            raise ReadError(
                Msg("a number of more than {digits} digits", digits=_MOST_DIGITS), *_line(text, at)
            ) from None
        except json.JSONDecodeError as exc:
            raise ReadError(Msg("JSON syntax error: {error}", error=exc.msg), exc.lineno, exc.colno) from None
        except _Duplicate as exc:
            raise _located_duplicate(text, limits, str(exc)) from None
        except RecursionError:
            raise ReadError(Msg("nesting deeper than {depth} levels", depth=limits.max_depth)) from None
        line = text[: len(text) - len(text.lstrip())].count("\n") + 1
        yield Document(0, data, line, positions=lambda: yaml_reader.text_positions(text))


def _located_duplicate(text: str, limits: Limits, key: str) -> ReadError:
    """Where the duplicate key stands: JSON is YAML, whose reader says where."""
    duplicate = Msg("duplicate key {key!r}", key=key)
    try:
        for doc in yaml_reader.READER.documents(Source.of_text("", text), limits):
            if doc.problem is not None and "duplicate" in doc.problem.message:
                return ReadError(duplicate, doc.problem.line, doc.problem.column, doc.problem.field)
    except ReadError:
        pass
    return ReadError(duplicate, field=key)


READER = JsonReader()
