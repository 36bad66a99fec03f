"""The JSON report of the public contract (version 1; docs/contract.md), written record by record."""

from __future__ import annotations

import codecs
import io
import json
from typing import Any, BinaryIO, TextIO

from minplan.engine import RecordResult
from minplan.report.base import Context, Ending, Meta, Renderer
from minplan.report.escape import json_text
from minplan.report.json_report import fragment_parts, tail

SMALL = 50  # a report of this many records or fewer is indented, for people to read


COMPACT_FROM = 400  # files: a batch this large separates its records and findings without a space


def separator(meta: Meta) -> str:
    """Between records, and between a record's findings. Version-1 reports of batches under COMPACT_FROM
    files separate them as json.dumps does, larger ones without the space: kept, so that a report is byte
    for byte what earlier releases wrote for the same input (COMPACT_FROM was where batches went parallel)."""
    return "," if meta.files >= COMPACT_FROM else ", "


class Report(Renderer):
    """Records are written as they come, except the first ``SMALL``: whether the report is indented
    depends on whether there are more."""

    def start(self, meta: Meta) -> None:
        self.first: list[bytes] | None = []
        self.separator = separator(meta).encode()
        self.raw = _utf8_bytes(self.out)

    @staticmethod
    def prepare(result: RecordResult, context: Context) -> bytes:
        """The record's JSON text in UTF-8, escaped part by part (escaping is character by character): what
        records share (a finding's text, the plans and chain of a county and date) escaped and encoded once,
        however many share it."""
        head, findings, end = fragment_parts(result, context.lang, json_text)
        return head + separator(context.meta).encode().join(findings) + end

    def record(self, item: bytes) -> None:
        if self.first is None:
            self._write(self.separator + item)
            return
        self.first.append(item)
        if len(self.first) > SMALL:
            self._write(b'{"version": 1, "records": [' + self.separator.join(self.first))
            self.first = None

    def _write(self, data: bytes) -> None:
        """Bytes to the report: to the stream's own bytes where it writes UTF-8 (its text written out first,
        so that the order holds), else as text."""
        if self.raw is None:
            self.out.write(data.decode("utf-8"))
            return
        self.out.flush()
        self.raw.write(data)

    def finish(self, end: Ending) -> None:
        aggregate, summary, notes, ignored = end.aggregate, end.summary, end.notes, end.ignored
        rest: dict[str, Any] = tail(aggregate, summary, notes, self.lang, ignored)
        if self.first is None:
            self.out.write("], " + json_text(json.dumps(rest, ensure_ascii=False))[1:] + "\n")
            return
        report = {"version": 1, "records": [json.loads(piece) for piece in self.first], **rest}
        self.out.write(json_text(json.dumps(report, ensure_ascii=False, indent=2)) + "\n")


def _utf8_bytes(out: TextIO) -> BinaryIO | None:
    """The bytes under a text stream that writes UTF-8 as it is given (a file, standard output), else None."""
    raw = getattr(out, "buffer", None)
    if raw is None or not isinstance(out, io.TextIOWrapper):
        return None
    try:
        utf8 = codecs.lookup(out.encoding).name == "utf-8"  # utf-8-sig is not: it writes a BOM first
    except LookupError:
        utf8 = False
    return raw if utf8 else None
