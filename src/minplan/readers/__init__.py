"""Readers of input formats, behind one interface (:class:`~minplan.readers.base.Reader`): YAML, JSON,
CSV and workbooks (xlsx, xlsm, xls, ods).

A reader turns a :class:`Source` (the bytes of one input and its name) into :class:`Document`\\ s of
plain data, within :class:`Limits`. Adding a format is one module that defines ``READER`` and one
line in :data:`READERS`; its suffixes are then searched for in folders.
"""

from __future__ import annotations

from minplan.readers import csv, json, workbook, yaml
from minplan.readers.base import (
    DEFAULT_LIMITS,
    MAX_DOCUMENTS,
    Document,
    Limits,
    Path_,
    Position,
    Problem,
    Reader,
    ReadError,
    Source,
    column_letter,
    decode,
    dotted,
)
from minplan.readers.files import STDIN, STDIN_NAME, read_bytes

READERS: tuple[Reader, ...] = (yaml.READER, json.READER, csv.READER, workbook.READER)
RECORD_SUFFIXES: tuple[str, ...] = tuple(suffix for reader in READERS for suffix in reader.suffixes)
FALLBACK: Reader = yaml.READER  # standard input and names without a known suffix (JSON is YAML too)


def reader_for(name: str) -> Reader | None:
    """The reader of a file called ``name``, by its suffix; ``None`` when no reader takes it."""
    lower = name.lower()
    return next((r for r in READERS if lower.endswith(r.suffixes)), None)


__all__ = [
    "DEFAULT_LIMITS",
    "FALLBACK",
    "MAX_DOCUMENTS",
    "READERS",
    "RECORD_SUFFIXES",
    "STDIN",
    "STDIN_NAME",
    "Document",
    "Limits",
    "Path_",
    "Position",
    "Problem",
    "ReadError",
    "Reader",
    "Source",
    "column_letter",
    "decode",
    "dotted",
    "read_bytes",
    "reader_for",
]
