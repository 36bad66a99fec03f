"""The common shape of a record file, read without the YAML machinery.

Most record files are a handful of ``key: value`` lines, nested mappings, lists (``- item`` lines
or ``[a, b]``) and flow mappings of plain words. :func:`read` reads exactly that shape, several times faster than
PyYAML's C reader (which builds a node object per value), and answers ``None`` for anything
else — quotes with escapes, anchors, tags, block scalars, several documents, a duplicate key, a
line it does not recognise — so that the caller reads that file with PyYAML. Plain values are
typed by PyYAML's own resolver and constructors, so a value reads the same either way (a test
holds the two to it).
"""

from __future__ import annotations

import re
from typing import Any

from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.reader import Reader
from yaml.resolver import Resolver

from minplan.memo import Memo
from minplan.textnorm import plain_form

# tabs, carriage returns, the line breaks YAML knows beyond \n, and what its reader refuses
_BREAKS = re.compile("[\t\r\x85\u2028\u2029]")
_UNPRINTABLE = Reader.NON_PRINTABLE  # compiled once, by PyYAML (a costly pattern to compile)
# far beyond a record, well within the careful reader's limits on nesting and size, which it reports
_MAX_DEPTH = 16
_MAX_LINES = 10_000
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: +|$)")
# a plain value we accept: no indicator first, no ': ' or ' #' inside, no flow or quote characters
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`](?:[^:#,\[\]{}'\"]|:(?! |$)|#(?<! #))*")
_STR = "tag:yaml.org,2002:str"
_RESOLVER = Resolver()
_SCALAR = SafeConstructor()
_TAGS: Memo[str, str] = Memo(20_000, longest=200)


class _Unusual(Exception):
    """Not the common shape: let PyYAML read it."""


def read(text: str) -> tuple[dict[str, Any], int] | None:
    """The mapping ``text`` holds and the line it starts on, or ``None`` when it is not of the common shape."""
    try:
        return _read(text)
    except Exception:  # _Unusual, or any surprise: PyYAML reads it and says what is wrong
        return None


def _read(text: str) -> tuple[dict[str, Any], int]:
    if _BREAKS.search(text) or _UNPRINTABLE.search(text) or text.count("\n") > _MAX_LINES:
        raise _Unusual
    root: dict[str, Any] = {}
    # open mappings, innermost last: (indent of their keys, the mapping)
    stack: list[tuple[int, dict[str, Any]]] = [(0, root)]
    open_key: tuple[int, dict[str, Any], str] | None = None  # a "key:" whose value is on the lines below
    items: tuple[int, list[Any]] | None = None  # an open block list: the indent of its dashes, the list
    first = 0
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip(" ")
        if not stripped or stripped[0] == "#":
            continue
        indent = len(line) - len(stripped)
        if not first:
            if indent:
                raise _Unusual
            first = number
        dash = stripped.startswith("- ")
        if items is not None:
            if dash and indent == items[0]:
                items[1].append(_item(stripped[2:].lstrip(" ")))
                continue
            items = None
        if open_key is not None:
            key_indent, parent, key = open_key
            open_key = None
            if dash and indent >= key_indent:  # a list may stand at its key's indent
                items = (indent, [_item(stripped[2:].lstrip(" "))])
                parent[key] = items[1]
                continue
            if indent > key_indent:
                if len(stack) > _MAX_DEPTH:
                    raise _Unusual
                child: dict[str, Any] = {}
                parent[key] = child
                stack.append((indent, child))
            else:
                parent[key] = None  # "key:" and nothing below it
        while stack[-1][0] > indent:
            stack.pop()
        level, mapping = stack[-1]
        if level != indent:
            raise _Unusual  # a line between two indentation levels
        key, value = _entry(stripped)
        if key in mapping:
            raise _Unusual  # the careful reader says which key, and where
        if value is _OPEN:
            open_key = (indent, mapping, key)
            mapping[key] = None
            continue
        mapping[key] = value
    if not first:
        raise _Unusual  # nothing but comments: no document
    return root, first


_OPEN = object()  # "key:" with its value on the lines below
_ENTRIES: Memo[str, tuple[str, Any]] = Memo(20_000, longest=200)  # a batch's files repeat most lines
_ITEMS: Memo[str, Any] = Memo(20_000, longest=200)


def _entry(line: str) -> tuple[str, Any]:
    """The key and value of a ``key: value`` line (without its indentation)."""
    found = _ENTRIES.get(line)
    if found is None:
        match = _KEY.match(line)
        if match is None:
            raise _Unusual  # a list item, a quoted key, a document marker, a continuation …
        rest = line[match.end() :]
        found = (_key(match.group(1)), _OPEN if not rest or rest[0] == "#" else _value(rest))
        _ENTRIES.keep(line, found)
    key, value = found
    return key, _fresh(value)


def _item(text: str) -> Any:
    """The value of a ``- item`` line."""
    found = _ITEMS.get(text, _ITEMS)
    if found is _ITEMS:
        found = _value(text)
        _ITEMS.keep(text, found)
    return _fresh(found)


def _fresh(value: Any) -> Any:
    """A remembered value as the caller may own it: lists and mappings copied (their items are plain)."""
    kind = type(value)
    if kind is list:
        return list(value)
    if kind is dict:
        return dict(value)
    return value


def _key(word: str) -> str:
    """A key that YAML reads as text (``yes``, ``on``, ``null`` … are not), and short enough to be a simple key."""
    if len(word) > 1000 or plain_tag(word) != _STR:
        raise _Unusual
    return word


def _value(text: str) -> Any:
    text = _uncomment(text)
    if not text:
        raise _Unusual  # "- " alone
    first = text[0]
    if first == "[":
        if not text.endswith("]"):
            raise _Unusual
        return [_flow_scalar(item) for item in _items(text[1:-1])]
    if first == "{":
        if not text.endswith("}"):
            raise _Unusual
        out: dict[str, Any] = {}
        for item in _items(text[1:-1]):
            match = _KEY.match(item)
            if match is None or match.end() == len(item) or match.group(1) in out:
                raise _Unusual
            out[_key(match.group(1))] = _flow_scalar(item[match.end() :])
        return out
    if first == "'":
        if len(text) < 2 or not text.endswith("'") or "'" in text[1:-1].replace("''", ""):
            raise _Unusual
        return plain_form(text[1:-1].replace("''", "'"))
    if first == '"':
        if len(text) < 2 or not text.endswith('"') or '"' in text[1:-1] or "\\" in text:
            raise _Unusual
        return plain_form(text[1:-1])
    return _scalar(text)


def _uncomment(text: str) -> str:
    """The value without a trailing comment (a '#' after a space starts one, outside quotes)."""
    at = text.find(" #")
    if at >= 0:
        if "'" in text or '"' in text:
            raise _Unusual  # a quoted value may hold ' #'
        text = text[:at]
    return text.rstrip(" ")


def _items(text: str) -> list[str]:
    """The comma-separated items of a one-level flow collection."""
    if not text.strip(" "):
        return []
    items = [item.strip(" ") for item in text.split(",")]
    if len(items) > _MAX_LINES:
        raise _Unusual
    if items[-1] == "":
        items.pop()  # a trailing comma is allowed
    if any(not item for item in items):
        raise _Unusual
    return items


def _flow_scalar(text: str) -> Any:
    if ":" in text or "?" in text:
        raise _Unusual  # libyaml reads ':' and '?' inside flow collections in ways of its own
    return _scalar(text)


def _scalar(text: str) -> Any:
    if _PLAIN.fullmatch(text) is None:
        raise _Unusual
    tag = plain_tag(text)
    if tag == _STR:
        return plain_form(text)
    build = _SCALAR.yaml_constructors.get(tag)
    if build is None:
        raise _Unusual  # '=' (value) and '<<' (merge) resolve to tags no plain value has
    return build(_SCALAR, ScalarNode(tag, text))


def plain_tag(plain: str) -> str:
    """What PyYAML's resolver makes of a plain scalar (remembered: records repeat their words)."""
    tag = _TAGS.get(plain)
    if tag is None:
        tag = _RESOLVER.resolve(ScalarNode, plain, (True, False))
        _TAGS.keep(plain, tag)
    return tag
