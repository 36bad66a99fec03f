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
from minplan.inputs import Inputs, collect
from minplan.loader import MAX_FILE_BYTES, Issue, Loaded, load_file
from minplan.report.result import RunResult
from minplan.rulebook import Corpus

if TYPE_CHECKING:
    from minplan.baseline import Mine

PARALLEL_FROM = 400  # files; below this, starting workers costs more than it saves
_CORPUS: Corpus | None = None
_GEO: Any = None  # the run's layers (minplan.geo.context.GeoContext), as the worker got them


def _check_file(path: str, corpus: Corpus, max_bytes: int, geo: Any = None) -> list[RecordResult]:
    return [check_record(item, corpus, geo) for item in load_file(path, max_bytes, corpus.record_context())]


def _worker_chunk(args: tuple[list[str], int, str | None]) -> list[Any]:
    paths, max_bytes, json_lang = args
    assert _CORPUS is not None
    results = [r for p in paths for r in _check_file(p, _CORPUS, max_bytes, _GEO)]
    if json_lang is None:
        return results
    # for a JSON report, render here and send back only what the batch checks need: far less to pickle
    from minplan.report.json_report import fragment

    return [r.to_wire(fragment(r, json_lang)) for r in results]


def _init(corpus: Corpus, geo: Any = None) -> None:
    global _CORPUS, _GEO
    _CORPUS = corpus
    _GEO = geo
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
    inputs: Inputs, corpus: Corpus, jobs: int, max_bytes: int, json_lang: str | None, geo: Any = None
) -> Iterator[RecordResult]:
    for name in inputs.missing:
        yield check_record(Loaded(name, 0, issues=[Issue("no such file or folder")]), corpus)
    files = inputs.files
    if jobs <= 1:
        for path in files:
            yield from _check_file(path, corpus, max_bytes, geo)
        return
    size = max(50, len(files) // (jobs * 8))
    chunks = [(files[i : i + size], max_bytes, json_lang) for i in range(0, len(files), size)]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(corpus, geo)) as pool:
        for chunk in pool.map(_worker_chunk, chunks):
            if json_lang is None:
                yield from chunk
            else:
                yield from map(RecordResult.from_wire, chunk)


def run_check(
    paths: list[Path],
    corpus: Corpus,
    baseline: list[Mine] | None = None,
    jobs: int | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    progress: Callable[[int, int], None] | None = None,
    json_lang: str | None = None,
    geo: Any = None,
) -> RunResult:
    """Check every record under ``paths``; batch-wide findings come after every record is judged."""
    inputs = collect(paths)
    jobs = jobs if jobs is not None else min(2, os.cpu_count() or 1)
    total = len(inputs.files) + len(inputs.missing)
    workers = jobs if len(inputs.files) >= PARALLEL_FROM else 1
    if workers > 1:
        corpus.read_all()  # once here, not once per worker: the workers inherit it
        if geo is not None:
            geo.prepare()  # the layers and county boundaries too (a spawned worker reads them again)
    results: list[RecordResult] = []
    with _batch_gc():
        for result in _results(inputs, corpus, workers, max_bytes, json_lang, geo):
            results.append(result)
            if progress:
                progress(len(results), total)
    notes = []
    if baseline is not None:
        notes.append(
            {
                "zh": f"批量汇总以现有矿山台账为基数（{len(baseline)} 座）",
                "en": f"batch-wide counts start from the ledger of existing mines ({len(baseline)} mines)",
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
    return RunResult(results, findings, ignored=len(inputs.ignored), notes=notes)
