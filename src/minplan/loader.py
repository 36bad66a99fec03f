"""Read record files (YAML or JSON, one record or a ``---`` stream) into validated records.

Every problem becomes an :class:`Issue` naming file, line, column and field; nothing raises
past :func:`load_file`, so a batch can go on past a bad file.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from minplan import quickyaml
from minplan.record import Record
from minplan.textnorm import nearest, plain_form
from minplan.yamlio import SafeLoader

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_NODES = 100_000
MAX_DEPTH = 64

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Issue:
    """One reason a record could not be read or validated."""

    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"message": self.message}
        if self.line is not None:
            out["line"] = self.line
        if self.column is not None:
            out["column"] = self.column
        if self.field:
            out["field"] = self.field
        return out

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "") if self.line else ""
        parts = [p for p in (where, self.field) if p]
        return f"{': '.join(parts)}: {self.message}" if parts else self.message


@dataclass
class Loaded:
    """One document of an input file: a record, or the issues that kept it from being one."""

    file: str
    index: int
    record: Record | None = None
    issues: list[Issue] = field(default_factory=list)
    raw_id: str | None = None
    line: int | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def id(self) -> str | None:
        return self.record.id if self.record else self.raw_id


class _LoadError(Exception):
    def __init__(self, issue: Issue):
        super().__init__(issue.message)
        self.issue = issue


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was found in: BOMs first, then UTF-8, then GB18030."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(name), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise _LoadError(Issue(f"cannot decode the file as UTF-8, UTF-16 or GB18030 ({exc.reason})")) from None


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"


def _at(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder(SafeConstructor):
    """Turns a composed node tree into plain data: safe tags only, no duplicate keys, bounded size."""

    def __init__(self) -> None:
        super().__init__()
        self.nodes = 0

    def build(self, node: Node, path: Path_ = (), depth: int = 0) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            line, col = _at(node)
            raise _LoadError(
                Issue(f"document too large or alias expansion too deep (over {MAX_NODES} nodes)", line, col)
            )
        if depth > MAX_DEPTH:
            raise _LoadError(Issue(f"nesting deeper than {MAX_DEPTH} levels", *_at(node)))
        tag = node.tag
        if tag == _STR:
            value = node.value
            # full-width digits, letters and punctuation (２万吨／年) read as their plain forms
            return plain_form(value)
        if isinstance(node, MappingNode):
            if tag != _MAP:
                raise self._tag_error(node, path)
            if any(k.tag == _MERGE for k, _ in node.value):
                self.flatten_mapping(node)
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.build(key_node, (*path, "<key>"), depth + 1)
                if not isinstance(key, str | int | float | bool):
                    raise _LoadError(Issue("a mapping key must be a plain value", *_at(key_node)))
                if key in out:
                    raise _LoadError(Issue(f"duplicate key {key!r}", *_at(key_node), _dotted((*path, str(key)))))
                out[key] = self.build(value_node, (*path, str(key)), depth + 1)
            return out
        if isinstance(node, SequenceNode):
            if tag != _SEQ:
                raise self._tag_error(node, path)
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if tag not in self.yaml_constructors or tag is None:
            raise self._tag_error(node, path)
        try:
            return self.construct_object(node, deep=True)
        except (ValueError, ConstructorError) as exc:
            raise _LoadError(Issue(f"invalid value {node.value!r}: {exc}", *_at(node), _dotted(path) or None)) from None

    @staticmethod
    def _tag_error(node: Node, path: Path_) -> _LoadError:
        return _LoadError(
            Issue(f"tag {node.tag!r} is not allowed (only plain YAML values)", *_at(node), _dotted(path) or None)
        )


_BUILDER = _Builder()  # stateless between documents but for its node count; costly to make


def positions(
    node: Node, path: Path_ = (), out: dict[Path_, tuple[int, int]] | None = None, seen: int = 0
) -> dict[Path_, tuple[int, int]]:
    """Where each path of a document stands (key positions for mapping entries); walked only on errors."""
    out = {} if out is None else out
    out.setdefault(path, _at(node))
    if len(out) > MAX_NODES:
        return out
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode):
                key = key_node.value
                out[(*path, key)] = _at(key_node)
                positions(value_node, (*path, key), out)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            positions(item, (*path, i), out)
    return out


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _FastReader(SafeLoader):  # type: ignore[misc,valid-type]
    """PyYAML's C reader with a memo of how plain scalars resolve (records repeat the same words)."""

    def resolve(self, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
        # with no path resolvers registered, only a plain scalar's tag depends on its text
        if kind is ScalarNode:
            if not implicit[0]:
                return _STR
            return quickyaml.plain_tag(value)
        return _SEQ if kind is SequenceNode else _MAP

    def descend_resolver(self, current_node: Node | None, current_index: Any) -> None:
        """No path resolvers are registered: nothing to track."""

    def ascend_resolver(self) -> None:
        """No path resolvers are registered: nothing to track."""


_SCALAR = SafeConstructor()
_SCALARS = {
    tag: _SCALAR.yaml_constructors[tag]
    for tag in (
        "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:timestamp",
    )
}


def _fast_build(node: Node) -> Any:
    """Plain data from a node tree that holds no anchors; anything unusual goes to the careful reader."""
    tag = node.tag
    if tag == _STR:
        value = node.value
        return plain_form(value)
    if tag == _MAP:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _fast_build(key_node)
            if not isinstance(key, str | int | float | bool) or key in out:
                raise _Fallback
            out[key] = _fast_build(value_node)
        return out
    if tag == _SEQ:
        return [_fast_build(item) for item in node.value]
    build = _SCALARS.get(tag)
    if build is None or not isinstance(node, ScalarNode):
        raise _Fallback
    return build(_SCALAR, node)


class _Fallback(Exception):
    """The fast reader met something only the careful one can explain (duplicate key, bad value, tag …)."""


def _fast_documents(text: str) -> list[tuple[Any, Node | None, int]]:
    reader = _FastReader(text)
    docs = []
    try:
        while reader.check_node():
            node = reader.get_node()
            if node is not None:
                docs.append((_fast_build(node), node, node.start_mark.line + 1))
    finally:
        reader.dispose()
    return docs


def _too_deep(text: str) -> int | None:
    """The line where nesting passes MAX_DEPTH, checked before the C reader (which recurses) sees the text."""
    if text.count("[") + text.count("{") > MAX_DEPTH:
        depth = 0
        line = 1
        quote = ""
        for char in text:
            if char == "\n":
                line += 1
            if quote:
                if char == quote:
                    quote = ""
            elif char in "\"'":
                quote = char
            elif char in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return line
            elif char in "]}":
                depth = max(0, depth - 1)
    if text.count("\n") > MAX_DEPTH or text.count("- ") > MAX_DEPTH:
        indents: list[int] = []
        for number, row in enumerate(text.splitlines(), start=1):
            stripped = row.lstrip(" ")
            if not stripped or stripped.startswith("#"):
                continue
            indent = len(row) - len(stripped)
            while indents and indents[-1] >= indent:
                indents.pop()
            indents.append(indent)
            dashes = len(re.match(r"^(?:-\s+)*", stripped).group(0).split("-")) - 1
            if len(indents) + dashes > MAX_DEPTH:
                return number
    return None


def _documents(text: str, name: str) -> list[tuple[Any, Node | None, int]]:
    """Each document's data, its node tree (for positions, should validation fail), and its first line."""
    json_file = name.lower().endswith(".json") and not text.strip().startswith("---")
    if not json_file:
        quick = quickyaml.read(text)  # shallow by its own bound: no need of the depth check below
        if quick is not None:  # the common shape of a record file, read without node objects
            return [(quick[0], None, quick[1])]
    deep = _too_deep(text)
    if deep is not None:
        raise _LoadError(Issue(f"nesting deeper than {MAX_DEPTH} levels", deep))
    if json_file:
        return [_json_document(text)]
    if "&" in text and "*" in text:
        return _careful_documents(text)  # anchors and aliases: count what they expand to
    try:
        return _fast_documents(text)
    except yaml.MarkedYAMLError as exc:
        if not isinstance(exc, yaml.constructor.ConstructorError):
            raise _syntax(exc) from None
    except (_Fallback, ValueError, TypeError, yaml.YAMLError, RecursionError):
        pass
    return _careful_documents(text)


def _syntax(exc: yaml.MarkedYAMLError) -> _LoadError:
    mark = exc.problem_mark or exc.context_mark
    problem = " ".join(p for p in (exc.context, exc.problem) if p) or str(exc)
    return _LoadError(
        Issue(f"YAML syntax error: {problem}", mark.line + 1 if mark else None, mark.column + 1 if mark else None)
    )


def _careful_documents(text: str) -> list[tuple[Any, Node | None, int]]:
    """The slow reader: bounded in size and depth, and precise about what is wrong and where."""
    docs = []
    builder = _BUILDER
    try:
        for node in yaml.compose_all(text, Loader=SafeLoader):
            if node is None:
                continue
            builder.nodes = 0
            data = builder.build(node)
            docs.append((data, node, node.start_mark.line + 1))
    except yaml.MarkedYAMLError as exc:
        raise _syntax(exc) from None
    except yaml.YAMLError as exc:
        raise _LoadError(Issue(f"YAML error: {exc}")) from None
    except RecursionError:
        raise _LoadError(Issue(f"nesting deeper than {MAX_DEPTH} levels")) from None
    return docs


def _json_document(text: str) -> tuple[Any, Node | None, int]:
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise _LoadError(Issue(f"JSON syntax error: {exc.msg}", exc.lineno, exc.colno)) from None
    except RecursionError:
        raise _LoadError(Issue(f"nesting deeper than {MAX_DEPTH} levels")) from None
    return data, None, 1


def _positions_in(text: str) -> dict[Path_, tuple[int, int]]:
    """Positions from the YAML reader, for text read without it (JSON is YAML, and so is the quick shape)."""
    try:
        node = yaml.compose(text, Loader=SafeLoader)
        return positions(node) if node is not None else {}
    except (yaml.YAMLError, RecursionError):
        return {}


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _LoadError(Issue(f"duplicate key {key!r}", field=key))
        out[key] = value
    return out


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``loc`` (for key suggestions)."""
    model: type[BaseModel] | None = Record
    for part in loc:
        if model is None or not isinstance(part, str) or part not in model.model_fields:
            return None
        annotation = model.model_fields[part].annotation
        model = annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
    return model


def _issues_from_validation(exc: ValidationError, marks: dict[Path_, tuple[int, int]]) -> list[Issue]:
    issues = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        where = next((marks[loc[:i]] for i in range(len(loc), -1, -1) if loc[:i] in marks), (None, None))
        name = _dotted(loc)
        if err["type"] == "extra_forbidden":
            parent = _model_at(loc[:-1])
            known = list(parent.model_fields) if parent else []
            hint = nearest(str(loc[-1]), known, n=1)
            suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
            message = f"unknown key '{loc[-1]}'{suggestion}"
        elif err["type"] == "missing":
            message = f"required field '{name}' is missing"
        else:
            message = err["msg"].removeprefix("Value error, ")
        issues.append(Issue(message, where[0], where[1], name or None))
    return issues


def _raw_id(data: Any) -> str | None:
    if isinstance(data, dict) and isinstance(data.get("id"), str | int):
        return str(data["id"])
    return None


def load_text(text: str, name: str, context: dict[str, Any] | None = None) -> list[Loaded]:
    """Every document in ``text`` (the contents of file ``name``) as a :class:`Loaded`."""
    try:
        docs = _documents(text, name)
    except _LoadError as exc:
        return [Loaded(name, 0, issues=[exc.issue])]
    if not docs:
        return [Loaded(name, 0, issues=[Issue("empty file: no record in it")])]
    out = []
    for index, (data, node, line) in enumerate(docs):
        item = Loaded(name, index, raw_id=_raw_id(data), line=line)
        if not isinstance(data, dict):
            kind = type(data).__name__ if data is not None else "nothing"
            item.issues.append(Issue(f"a record must be a mapping of fields, found {kind}", line, 1))
        else:
            try:
                item.record = Record.model_validate(data, context=context)
            except ValidationError as exc:
                marks = positions(node) if node is not None else _positions_in(text)
                item.issues.extend(_issues_from_validation(exc, marks))
        out.append(item)
    return out


def load_file(path: Path | str, max_bytes: int = MAX_FILE_BYTES, context: dict[str, Any] | None = None) -> list[Loaded]:
    """Read one file; never raises for bad content."""
    name = str(path)
    try:
        size = os.stat(name).st_size
        if size > max_bytes:
            return [Loaded(name, 0, issues=[Issue(f"file is {size} bytes, over the limit of {max_bytes}")])]
        with open(name, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return [Loaded(name, 0, issues=[Issue(f"cannot read file: {exc.strerror or exc}")])]
    if not data.strip():
        return [Loaded(name, 0, issues=[Issue("empty file: no record in it")])]
    try:
        text, encoding = decode(data)
    except _LoadError as exc:
        return [Loaded(name, 0, issues=[exc.issue])]
    items = load_text(text.replace("\r\n", "\n"), name, context)
    if encoding not in ("utf-8", "utf-8-sig"):
        for item in items:
            item.notes.append(f"file decoded as {encoding}")
    return items
