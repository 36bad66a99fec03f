"""YAML: PyYAML's composer (libyaml's, when installed) and one lean, bounded builder over its nodes.

The composer builds each document's node tree in C (libyaml caps nesting at 1000 levels); the
builder turns it into plain data, counting as it goes, so nesting, document size (aliases counted
as what they expand to), documents per file and values per file are bounded. It reads plain
scalars one of two ways:

- records (:data:`READER`): every scalar as the text written — ``0300``, ``12:30``, ``NO``,
  ``0222404`` reach the record's fields as written, which read them for what they are; only a
  plain ``~``, ``null`` or nothing is null;
- corpus files (:func:`read_data_file`): YAML's plain types, with every form YAML 1.1 reads
  otherwise than a reader would (``0100`` as octal 64, ``12:30`` as 750, ``yes``/``on`` as true,
  ``.inf``) refused.

Explicit tags other than ``!!str``, ``!!map`` and ``!!seq``, and merge keys (``<<``), are refused.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from minplan.memo import Memo
from minplan.readers.base import DEFAULT_LIMITS, Document, Limits, Path_, Position, Problem, ReadError, Source, dotted
from minplan.readers.files import read_bytes
from minplan.say import Msg
from minplan.textnorm import plain_form


def _loader() -> type:
    """libyaml's composer when it caps nesting (0.2.6 on: it recurses in C), else PyYAML's own (it recurses in
    Python, which stops at the recursion limit). Only the composer is used: resolving and building are ours, so
    of libyaml's loader only its parser is taken (the loader's constructor and resolver would be made for nothing
    on every file)."""
    try:
        from yaml import _yaml

        if _yaml.get_version() >= (0, 2, 6):
            return _yaml.CParser
    except (ImportError, AttributeError):
        pass
    return yaml.SafeLoader


_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ, _NULL = _TAG + "str", _TAG + "map", _TAG + "seq", _TAG + "null"
_PLAIN = "tag:minplan,plain:"  # a plain scalar, with (corpus files) the tag YAML resolves it to after the colon


class _Refused(Exception):
    """A value the builder will not take; becomes the document's problem."""

    def __init__(self, message: Msg, node: Node, key: Any = None) -> None:
        super().__init__(str(message))
        self.msg = message
        self.node = node
        self.key = key  # for a duplicate key: the key


def _tag_refused(tag: str) -> Msg:
    shown = "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
    return Msg("tag {shown!r} is not allowed (only plain YAML values)", shown=shown)


# ---- how plain scalars resolve ----

_RESOLVER = Resolver()
_RESOLVED: Memo[str, str] = Memo(20_000, longest=200)


def _typed_tag(value: str) -> str:
    tag = _RESOLVED.get(value)
    if tag is None:
        tag = _PLAIN + _RESOLVER.resolve(ScalarNode, value, (True, False))
        _RESOLVED.keep(value, tag)
    return tag


def _composers(loader: type) -> tuple[type, type]:
    """Composers over ``loader`` that tag scalars as written (quoted is text, plain is left to the builder):
    one for records, one that keeps what YAML resolves a plain scalar to, for corpus files."""

    class TextComposer(loader):  # type: ignore[misc,valid-type]
        def resolve(self, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
            if kind is ScalarNode:
                return _PLAIN if implicit[0] else _STR
            return _SEQ if kind is SequenceNode else _MAP

        # no path resolvers, so nothing to track as the composer goes down and up the tree: it calls these for
        # every node, and a built-in that does nothing costs less than a method that does nothing
        descend_resolver = operator.is_  # (node, index)
        ascend_resolver = ().__len__  # ()

    class TypedComposer(TextComposer):
        def resolve(self, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
            if kind is ScalarNode:
                return _typed_tag(value) if implicit[0] else _STR
            return _SEQ if kind is SequenceNode else _MAP

    return TextComposer, TypedComposer


_TextComposer, _TypedComposer = _composers(_loader())


# ---- scalars ----


def _as_written(value: str, node: Node) -> Any:
    """A record's plain scalar: the text written; ``~``, ``null`` or nothing is null."""
    if value in _NULLS:
        return None
    if value == "<<":
        raise _Refused(_MERGE, node)
    return value


_MERGE = Msg("merge keys (<<) are not read: write the keys out")
_TOO_MANY = Msg("too many values")  # said, once known, as the limit passed (see _problem)
_CONSTRUCT = SafeConstructor()
_DECIMAL_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_DECIMAL_FLOAT = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


def _typed(value: str, node: Node) -> Any:
    """A corpus file's plain scalar: text, null, true/false, a decimal number or a date."""
    tag = node.tag[len(_PLAIN) :]
    if tag == _STR or tag == _TAG + "value":
        return value
    if tag == _NULL:
        return None
    if tag == _TAG + "bool" and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if tag == _TAG + "int" and _DECIMAL_INT.fullmatch(value):
        return int(value)
    if tag == _TAG + "float" and _DECIMAL_FLOAT.fullmatch(value):
        return float(value)
    if tag == _TAG + "timestamp":
        try:
            return _CONSTRUCT.construct_yaml_timestamp(ScalarNode(tag, value))
        except ValueError as exc:
            raise _Refused(Msg("invalid date {value!r}: {error}", value=value, error=str(exc)), node) from None
    if tag == _TAG + "merge":
        raise _Refused(_MERGE, node)
    wanted = {
        "bool": Msg("true or false"),
        "int": Msg("a decimal number"),
        "float": Msg("a finite decimal number"),
    }
    try:
        read = _CONSTRUCT.yaml_constructors[tag](_CONSTRUCT, ScalarNode(tag, value))
    except (ValueError, TypeError, KeyError):
        read = "?"
    want = wanted.get(tag[len(_TAG) :]) or Msg("plain text")
    raise _Refused(
        Msg(
            "{value!r} is read by YAML 1.1 as {read!r}: write {want}, or quote it if it is text",
            value=value,
            read=read,
            want=want,
        ),
        node,
    )


# ---- the builder ----


class _Build:
    """Plain data from one document's nodes, within a count of values (aliases counted as expanded)."""

    __slots__ = ("count", "depth", "entry", "key_form", "most", "scalar")

    def __init__(self, scalar: Callable[[str, Node], Any], key_form: Callable[[str], str], most: int, depth: int):
        self.scalar = scalar
        self.key_form = key_form
        self.most = most
        self.depth = depth
        self.count = 0
        self.entry: tuple[Node, str] | None = None  # the top-level entry being read (what grew too large)

    def value(self, node: Node, depth: int) -> Any:
        self.count += 1
        if self.count > self.most:
            raise _Refused(_TOO_MANY, node)
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag.startswith(_PLAIN):
            return self.scalar(node.value, node)
        if depth >= self.depth:
            raise _Refused(Msg("nesting deeper than {depth} levels", depth=self.depth), node)
        depth += 1
        if tag == _MAP and type(node) is MappingNode:
            return self.mapping(node.value, depth)
        if tag == _SEQ and type(node) is SequenceNode:
            items = node.value
            self.count += len(items)  # each counted once here; containers count again as they open
            if self.count > self.most:
                raise _Refused(_TOO_MANY, node)
            # plain and quoted text, the most of a record, without a call each
            return [
                item.value
                if item.tag is _STR
                else (self.scalar(item.value, item) if item.tag is _PLAIN else self._item(item, depth))
                for item in items
            ]
        raise _Refused(_tag_refused(tag), node)

    def _item(self, node: Node, depth: int) -> Any:
        self.count -= 1  # counted with its list already
        return self.value(node, depth)

    def mapping(self, pairs: list[tuple[Node, Node]], depth: int) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key_node, value_node in pairs:
            tag = key_node.tag
            if (tag is _PLAIN and key_node.value not in _NULLS and key_node.value != "<<") or tag is _STR:
                self.count += 1
                key = _key(key_node.value) if self.key_form is plain_form else self.key_form(key_node.value)
            else:
                key = self.value(key_node, depth)
                if isinstance(key, str):
                    key = self.key_form(key)
                elif key is None or not isinstance(key, int | float | bool):
                    raise _Refused(Msg("a mapping key must be a plain value"), key_node)
            if key in out:
                raise _Refused(Msg("duplicate key {key!r}", key=key), key_node, key)
            if depth == 1:
                self.entry = (key_node, str(key))
            tag = value_node.tag
            if tag is _STR:
                self.count += 1
                out[key] = value_node.value
            elif tag is _PLAIN:
                self.count += 1
                out[key] = self.scalar(value_node.value, value_node)
            else:
                out[key] = self.value(value_node, depth)
        if self.count > self.most:
            raise _Refused(_TOO_MANY, pairs[-1][1])
        return out


_KEYS: Memo[str, str] = Memo(5_000, longest=100)  # records repeat their keys


def _key(text: str) -> str:
    """A record's key in plain form (full-width letters as half-width)."""
    key = _KEYS.get(text)
    if key is None:
        key = _KEYS.keep(text, plain_form(text))
    return key


def _path_to(root: Node, target: Node, key_form: Callable[[str], str]) -> Path_:
    """The path of ``target`` in the tree (a key's own path for a key): searched only when a value is refused."""
    seen: set[int] = set()
    stack: list[tuple[Node, Path_]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if node is target:
            return path
        if id(node) in seen or len(path) > 2 * DEFAULT_LIMITS.max_depth:
            continue
        seen.add(id(node))
        if type(node) is MappingNode:
            for key_node, value_node in node.value:
                key = key_form(key_node.value) if type(key_node) is ScalarNode else "<key>"
                if key_node is target:
                    return path
                stack.append((value_node, (*path, key)))
        elif type(node) is SequenceNode:
            stack.extend((item, (*path, i)) for i, item in enumerate(node.value))
    return ()


def _mark(node: Node) -> tuple[int, int]:
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


# YAML cannot be read on past a syntax error: what the file holds after it is said to be unread, not left out
_UNREAD_AFTER = Msg(" (this document and any after it in the file are not read)")


def _syntax(exc: yaml.YAMLError) -> ReadError:
    """PyYAML's error, its own words (English) kept as they are."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(p for p in (exc.context, exc.problem) if p) or str(exc)
        return ReadError(
            Msg("YAML syntax error: {problem}{after}", problem=problem, after=_UNREAD_AFTER),
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
        )
    return ReadError(Msg("YAML error: {error}{after}", error=str(exc), after=_UNREAD_AFTER))


def _empty(node: Node) -> bool:
    """Nothing between two document markers (a trailing ``---``, or a document of comments)."""
    return type(node) is ScalarNode and node.value == "" and node.tag.startswith(_PLAIN)


class Part(NamedTuple):
    """A run of whole documents of a ``---`` stream, cut at document markers so that processes may share a
    file: characters ``start`` to ``end`` of its text, which holds ``documents`` documents by its markers and
    begins after ``lines`` lines and ``ordinal`` documents. The first part also holds what comes before the
    first marker (a document written without one)."""

    start: int
    end: int
    lines: int
    ordinal: int
    documents: int

    @property
    def first(self) -> bool:
        return self.start == 0


class Tally:
    """What reading a part showed: documents met (empty ones too), values spent, and whether reading stopped
    on an error. The one who cut the file checks it against the part (see minplan.runner)."""

    __slots__ = ("documents", "failed", "values")

    def __init__(self) -> None:
        self.documents = 0
        self.values = 0
        self.failed = False


_MARKER = re.compile(r"^---(?=[ \t\n]|$)", re.MULTILINE)
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")  # line breaks to YAML besides "\n"
# a character YAML's reader refuses: libyaml decodes ahead of the document it composes (16 KB at a time), so
# that the whole file stops on it some documents before the part that holds it does
_REFUSED = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NOT_CONTENT = re.compile(r"[ \t]*(?:#.*)?|%.*|\.\.\.[ \t]*(?:#.*)?")


def parts(text: str, size: int) -> list[Part]:
    """The stream ``text`` cut before document markers into parts of about ``size`` documents each (none when
    it holds line breaks other than "\n", or a character YAML does not accept).

    A marker at the start of a line always starts a document in YAML (no scalar or collection goes on past
    it), so each part reads as its documents read in the whole file. What a reader meets otherwise (an error
    across a cut, a count that differs) shows in its :class:`Tally`.
    """
    if any(c in text for c in _OTHER_BREAKS):
        return []  # lines YAML counts otherwise than by "\n": the file is read as a whole
    if _REFUSED.search(text):
        return []  # where the whole file stops reading depends on how far ahead its reader had decoded
    marks = [m.start() for m in _MARKER.finditer(text)]
    prefix = text[: marks[0]] if marks else text
    before = 1 if any(not _NOT_CONTENT.fullmatch(line) for line in prefix.split("\n")) else 0
    docs = before + len(marks)
    cuts = [0, *(marks[i] for i in range(size - before, len(marks), size) if i > 0), len(text)]
    out: list[Part] = []
    ordinal = 0
    lines = 0
    m = 0  # markers before the part
    for start, end in itertools.pairwise(cuts):
        if start == end:
            continue
        inside = 0
        while m + inside < len(marks) and marks[m + inside] < end:
            inside += 1
        held = inside + (before if start == 0 else 0)
        out.append(Part(start, end, lines, ordinal, held))
        ordinal += held
        m += inside
        lines += text.count("\n", start, end)
    assert ordinal == docs
    return out


def _stream(
    text: str,
    limits: Limits,
    composer: type,
    scalar: Callable[[str, Node], Any],
    key_form: Callable[[str], str],
    part: Part | None = None,
    tally: Tally | None = None,
) -> Iterator[Document]:
    """Every document of ``text`` (of its ``part``) that is not empty, in order."""
    ordinal = -1
    if part is not None:  # lines before it kept as lines, so that marks are the file's
        text = "\n" * part.lines + text[part.start : part.end]
        ordinal += part.ordinal
    try:
        nodes = composer(text)
    except yaml.YAMLError as exc:  # PyYAML's own reader checks the whole text at once: a control character
        if tally is not None:
            tally.failed = True
        raise _syntax(exc) from None
    spent = 0  # values in the file so far
    try:
        while True:
            try:
                if not nodes.check_node():
                    return
                ordinal += 1
                if ordinal >= limits.max_documents:
                    raise ReadError(
                        Msg(
                            "more than {most} documents in one file (--max-documents): "
                            "document {number} and those after it are not read",
                            most=limits.max_documents,
                            number=ordinal + 1,
                        )
                    )
                node = nodes.get_node()
            except yaml.YAMLError as exc:
                if tally is not None:
                    tally.failed = True
                raise _syntax(exc) from None
            except RecursionError:  # the pure-Python composer, on nesting libyaml would have refused
                if tally is not None:
                    tally.failed = True
                raise ReadError(Msg("nesting too deep")) from None
            except ReadError:
                if tally is not None:
                    tally.failed = True
                raise
            if tally is not None:
                tally.documents += 1
            if node is None or _empty(node):
                continue
            build = _Build(scalar, key_form, min(limits.max_nodes, limits.max_file_nodes - spent), limits.max_depth)
            line = _mark(node)[0]
            try:
                doc = Document(ordinal, build.value(node, 0), line, positions=lambda n=node: positions(n))
            except _Refused as exc:
                doc = Document(ordinal, None, line, _problem(exc, node, build, limits, key_form))
            spent += build.count
            if tally is not None:
                tally.values = spent
            yield doc
            if spent > limits.max_file_nodes:
                if tally is not None:
                    tally.failed = True
                raise ReadError(
                    Msg(
                        "the file holds more than {most} values; the rest is not read",
                        most=limits.max_file_nodes,
                    )
                )
    finally:
        nodes.dispose()


def _problem(exc: _Refused, root: Node, build: _Build, limits: Limits, key_form: Callable[[str], str]) -> Problem:
    message, node = exc.msg, exc.node
    if message is _TOO_MANY:  # said of the top-level entry that grew so (an alias's target is elsewhere)
        message = (
            Msg("the file holds more than {most} values", most=limits.max_file_nodes)
            if build.most < limits.max_nodes
            else Msg("document too large or alias expansion too deep (over {most} values)", most=limits.max_nodes)
        )
        node, path = (build.entry[0], (build.entry[1],)) if build.entry else (root, ())
    else:
        path = _path_to(root, node, key_form)
        if exc.key is not None:
            path = (*path, str(exc.key))
        elif message.template.startswith("nesting"):
            path = path[:3]
    return Problem.of(message, *_mark(node), dotted(path) or None)


def positions(node: Node, limit: int = DEFAULT_LIMITS.max_nodes) -> dict[Path_, Position]:
    """Where each path of a document stands (a mapping entry at its key); walked only when a record is refused."""
    out: dict[Path_, Position] = {}
    stack: list[tuple[Node, Path_]] = [(node, ())]
    while stack and len(out) < limit:
        node, path = stack.pop()
        out.setdefault(path, _mark(node))
        if type(node) is MappingNode:
            for key_node, value_node in node.value:
                if type(key_node) is ScalarNode:
                    key = plain_form(key_node.value)
                    out.setdefault((*path, key), _mark(key_node))
                    if len(path) < DEFAULT_LIMITS.max_depth:
                        stack.append((value_node, (*path, key)))
        elif type(node) is SequenceNode and len(path) < DEFAULT_LIMITS.max_depth:
            stack.extend((item, (*path, i)) for i, item in enumerate(node.value))
    return out


def text_positions(text: str, ordinal: int = 0) -> dict[Path_, Position]:
    """Positions in document ``ordinal`` of ``text`` (for text a YAML reader can read, such as JSON)."""
    try:
        for doc in READER.documents(Source.of_text("", text), DEFAULT_LIMITS):
            if doc.index == ordinal:
                return doc.positions()
    except ReadError:
        pass
    return {}


# ---- entry points ----


class YamlReader:
    """Record files in YAML: one record or a ``---`` stream of them."""

    name = "yaml"
    suffixes = (".yaml", ".yml")

    def documents(
        self, source: Source, limits: Limits, part: Part | None = None, tally: Tally | None = None
    ) -> Iterator[Document]:
        """The documents of the file, or of one ``part`` of it (see :func:`parts`), ``tally`` told what was read."""
        return _stream(source.text(), limits, _TextComposer, _as_written, plain_form, part, tally)


READER = YamlReader()


class DataFileError(ValueError):
    """A corpus file that cannot be read; names file, line and what is wrong."""

    def __init__(self, file: str, problem: Problem):
        self.file = file
        self.problem = problem
        self.msg = problem.said_at(file)
        super().__init__(f"{file}: {problem}")


def read_data_file(path: Path | str, limits: Limits = DEFAULT_LIMITS) -> Any:
    """The one document of a corpus file (rules, plans, vocabularies) as plain typed data, read within the
    records' bounds; ``None`` for a file with no document. Raises :class:`DataFileError`."""
    name = str(path)
    try:
        data = read_bytes(name, limits.max_bytes)
    except ReadError as exc:
        raise DataFileError(name, exc.problem) from None
    return read_data(Source(name, data), limits)


def read_data(source: Source, limits: Limits = DEFAULT_LIMITS) -> Any:
    """As :func:`read_data_file`, for bytes already read (the corpus cache hashes them first)."""
    try:
        docs = []
        for doc in _stream(source.text(), limits, _TypedComposer, _typed, _same):
            if doc.problem is not None:
                raise DataFileError(source.name, doc.problem)
            if docs:
                second = Problem.of(Msg("a corpus file holds one YAML document; a second starts here"), doc.line)
                raise DataFileError(source.name, second)
            docs.append(doc)
    except ReadError as exc:
        raise DataFileError(source.name, exc.problem) from None
    return docs[0].data if docs else None


def _same(key: str) -> str:
    return key
