"""Run a check over many inputs: load, judge, aggregate; in parallel when the batch is large."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from minplan import GC_THRESHOLDS
from minplan.aggregate import Batch, aggregate
from minplan.engine import RecordResult, check_record
from minplan.inputs import Ignored, Inputs, collect
from minplan.loader import MAX_FILE_BYTES, Issue, Loaded, load_file
from minplan.readers import MAX_DOCUMENTS, STDIN, Limits
from minplan.report.result import RunResult
from minplan.rulebook import Corpus

if TYPE_CHECKING:
    from minplan.baseline import Mine

PARALLEL_FROM = 400  # files; below this, starting workers costs more than it saves
_CORPUS: Corpus | None = None


def _check_file(path: str, corpus: Corpus, limits: Limits) -> list[RecordResult | Ignored]:
    return [item.ignored or check_record(item, corpus) for item in load_file(path, limits, corpus.record_context())]


def _worker_chunk(args: tuple[list[str], Limits, str | None]) -> list[Any]:
    paths, limits, json_lang = args
    assert _CORPUS is not None
    results = [r for p in paths for r in _check_file(p, _CORPUS, limits)]
    if json_lang is None:
        return results
    # for a JSON report, render here and send back only what the batch checks need: far less to pickle
    from minplan.report.json_report import fragment

    return [r.to_wire(fragment(r, json_lang)) if isinstance(r, RecordResult) else r for r in results]


def _init(corpus: Corpus) -> None:
    global _CORPUS
    _CORPUS = corpus
    gc.set_threshold(*GC_THRESHOLDS)  # forked workers have it already; spawned ones do not


@contextmanager
def _batch_gc() -> Iterator[None]:
    """Collect garbage less often while a batch runs (the process-wide setting is restored after).

    A batch keeps every result until the end, so each full collection walks a heap that only
    grows, while reading a file leaves almost no cycles to free. Freezing what exists (the corpus)
    and spacing out gen-0 collections takes the collector off the profile. A host program that
    froze its own heap keeps it frozen: this one then only changes the thresholds.
    """
    previous = gc.get_threshold()
    freeze = gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*previous)
        if freeze:
            gc.unfreeze()


def _results(
    inputs: Inputs, corpus: Corpus, jobs: int, limits: Limits, json_lang: str | None
) -> Iterator[RecordResult | Ignored]:
    for name, why in inputs.errors:
        yield check_record(Loaded(name, 0, issues=[Issue(why)]), corpus)
    files = inputs.files
    if STDIN in files:  # read here: a worker's standard input is not the user's
        files = [f for f in files if f != STDIN]
        yield from _check_file(STDIN, corpus, limits)
    if jobs <= 1:
        for path in files:
            yield from _check_file(path, corpus, limits)
        return
    size = max(50, len(files) // (jobs * 8))
    chunks = [(files[i : i + size], limits, json_lang) for i in range(0, len(files), size)]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(corpus,)) as pool:
        for chunk in pool.map(_worker_chunk, chunks):
            if json_lang is None:
                yield from chunk
            else:
                yield from (r if isinstance(r, Ignored) else RecordResult.from_wire(r) for r in chunk)


def run_check(
    paths: list[Path],
    corpus: Corpus,
    baseline: list[Mine] | None = None,
    jobs: int | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    progress: Callable[[int, int], None] | None = None,
    json_lang: str | None = None,
    max_documents: int = MAX_DOCUMENTS,
    allow_empty: bool = False,
    sheets: tuple[str, ...] = (),
) -> RunResult:
    """Check every record under ``paths``; batch-wide findings come after every record is judged.

    ``sheets`` names the sheets of a workbook to read (every sheet when empty)."""
    inputs = collect(paths, allow_empty)
    limits = Limits(max_bytes=max_bytes, max_documents=max_documents, sheets=tuple(sheets))
    jobs = jobs if jobs is not None else min(2, os.cpu_count() or 1)
    total = len(inputs.files) + len(inputs.errors)
    workers = jobs if len(inputs.files) >= PARALLEL_FROM else 1
    if workers > 1:
        corpus.read_all()  # once here, not once per worker: the workers inherit it
    results: list[RecordResult] = []
    ignored = list(inputs.ignored)
    with _batch_gc():
        for result in _results(inputs, corpus, workers, limits, json_lang):
            if isinstance(result, Ignored):
                ignored.append(result)  # a report minplan wrote, found among the inputs
            else:
                results.append(result)
            if progress:
                progress(len(results), total)
    notes = []
    if baseline is not None:
        sources = getattr(baseline, "sources", None)
        where_zh = where_en = ""
        if sources:  # how many mines from which file and sheet
            where_zh = "：" + "；".join(f"{s.where()} {s.count} 座" for s in sources)
            where_en = ": " + "; ".join(f"{s.count} from {s.where()}" for s in sources)
        notes.append(
            {
                "zh": f"批量汇总以现有矿山台账为基数（{len(baseline)} 座{where_zh}）",
                "en": f"batch-wide counts start from the ledger of existing mines ({len(baseline)} mines{where_en})",
            }
        )
    else:
        notes.append(
            {
                "zh": "批量汇总以规划基期数为基数（未提供台账）",
                "en": "batch-wide counts start from the plans' base-year figures (no ledger given)",
            }
        )
    findings = aggregate(Batch(results, corpus, baseline))
    return RunResult(results, findings, ignored=len(ignored), notes=notes, ignored_files=ignored)
