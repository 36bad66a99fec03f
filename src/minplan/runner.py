"""Run a check over many inputs: load, judge, report each record as it is judged, then batch-wide checks.

A run keeps of each record only its view (minplan.views.RecordView); the record's report is written as soon
as it is judged, by a renderer (minplan.report.base). Large batches are judged by worker processes, which
render each record where they judged it and send back its text and view; at most a few chunks are in
flight, so memory stays flat however long the batch. Workers die with the run: on a signal the run ends
them, and a worker whose parent is gone is killed by the kernel (Linux).
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from minplan import GC_THRESHOLDS
from minplan.aggregate import Batch, aggregate
from minplan.engine import RecordResult, check_record
from minplan.inputs import Ignored, Inputs, collect
from minplan.loader import MAX_FILE_BYTES, Issue, Loaded, load_file
from minplan.readers import MAX_DOCUMENTS, STDIN, Limits
from minplan.report.base import Context, Meta, Renderer
from minplan.report.result import RunResult
from minplan.rulebook import Corpus
from minplan.views import RecordView, Shared

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from minplan.baseline import Mine
    from minplan.waivers import Waivers

PARALLEL_FROM = 400  # files; below this, starting workers costs more than it saves
CHUNK_MOST = 500  # files per task: small enough that the few chunks in flight hold little
IN_FLIGHT = 2  # chunks queued per worker
MANAGER_GRACE = 2.0  # seconds the pool's thread has to wind up by itself once its workers are killed
_CORPUS: Corpus | None = None
_GEO: Any = None  # the run's layers (minplan.geo.context.GeoContext), as the worker got them


class WorkerError(RuntimeError):
    """A worker process ended without finishing its files (killed, out of memory)."""


# what is made of each record besides its view: what a renderer's prepare makes of it (the renderer's class,
# the report's language and the run's meta), the full result ("full"), or nothing (None)
Render = tuple[type[Renderer], str, Meta] | str | None


# a judged record (see _judged_one), or a file read and set aside
Judged = tuple[tuple[Any, ...], Any, frozenset[int]] | Ignored


def _judge_file(
    path: str, corpus: Corpus, limits: Limits, render: Render, waivers: Waivers | None = None, geo: Any = None
) -> Iterator[Judged]:
    for item in load_file(path, limits, corpus.record_context()):
        # a report minplan wrote, found among the inputs by its content, is listed as ignored, not judged
        yield item.ignored or _judged_one(check_record(item, corpus, geo), corpus, render, waivers)


def _judged_one(
    result: RecordResult, corpus: Corpus, render: Render, waivers: Waivers | None = None
) -> tuple[tuple[Any, ...], Any, frozenset[int]]:
    """A judged record as its view's wire form, what ``render`` asks to be made of it, and the waivers it used
    (its findings waived first, so that every format shows them so)."""
    used = frozenset(waivers.apply_record(result)) if waivers else frozenset()
    if render is None or render == "full":
        return RecordView.wire(result), (result if render else None), used
    kind, lang, meta = render
    return RecordView.wire(result), kind.prepare(result, Context(lang, corpus, meta)), used


def _worker_chunk(args: tuple[list[str], Limits, Render, Waivers | None]) -> list[Judged]:
    paths, limits, render, waivers = args
    assert _CORPUS is not None
    return [judged for path in paths for judged in _judge_file(path, _CORPUS, limits, render, waivers, _GEO)]


STOP_SIGNALS = tuple(s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None)


def _init(corpus: Corpus, parent: int, geo: Any = None) -> None:
    global _CORPUS, _GEO
    _CORPUS = corpus
    _GEO = geo
    gc.set_threshold(*GC_THRESHOLDS)  # forked workers have it already; spawned ones do not
    for signum in STOP_SIGNALS:  # not the parent's handlers, which fork copies
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent decides
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)  # blocked while the parent forked
    _die_with(parent)


def _die_with(parent: int) -> None:
    """Have the kernel kill this process when its parent ends, however the parent ends (Linux)."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent ended before the request was made
        os._exit(1)


@contextmanager
def _batch_gc() -> Iterator[None]:
    """Collect garbage less often while a batch runs (the process-wide setting is restored after).

    A batch keeps a view of every record until the end and the corpus throughout, while reading a file
    leaves almost no cycles to free: freezing what exists (the corpus) and spacing out gen-0 collections
    takes the collector off the profile. A host program that froze its own heap keeps it frozen: this
    one then only changes the thresholds.
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


@contextmanager
def _pool(jobs: int, corpus: Corpus, geo: Any = None) -> Iterator[ProcessPoolExecutor]:
    """Worker processes that end with the block, at once when it ends by an exception (a signal)."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(corpus, os.getpid(), geo))
    try:
        try:
            with _signals_held():
                pool.submit(int).result()  # start the workers now (a no-op task), while no signal can strike
            yield pool
        except BrokenProcessPool as exc:
            raise WorkerError(f"a worker process ended before its files were checked ({exc})") from None
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown(wait=True)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold stop signals back until the block ends: one handled while the pool forks would be raised inside
    an at-fork callback, which Python ignores."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _stop(pool: ProcessPoolExecutor) -> None:
    """End the workers now, and the pool's threads with them.

    The workers hold nothing to save, and one still starting may not yet have its own signal handlers:
    SIGKILL, not SIGTERM. A worker killed while sending leaves half a result in the pipe, and the pool's
    feeder may be blocked writing tasks no worker will read: closing the parent's ends of both pipes lets
    the pool's threads see a broken pool and end (Python 3.14 has kill_workers for all this).
    """
    kill = getattr(pool, "kill_workers", None)
    if kill is not None:
        kill()
        pool.shutdown(wait=True, cancel_futures=True)
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())
    manager = getattr(pool, "_executor_manager_thread", None)
    ends = [
        getattr(getattr(pool, "_call_queue", None), "_reader", None),
        getattr(getattr(pool, "_result_queue", None), "_writer", None),
    ]
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.kill()
    for process in processes:
        process.join()
    if manager is not None:
        # the pool's own thread sees the broken pool and closes these ends itself: closing them at the same
        # time would race it (a traceback from its thread); only a thread stuck on a pipe needs the push
        manager.join(timeout=MANAGER_GRACE)
        if not manager.is_alive():
            return
    for end in ends:
        if end is not None:
            end.close()
    if manager is not None:
        manager.join()


def _judged(
    inputs: Inputs,
    corpus: Corpus,
    jobs: int,
    limits: Limits,
    render: Render,
    waivers: Waivers | None = None,
    geo: Any = None,
) -> Iterator[Judged]:
    """Every record in input order (see _judged_one), and the files set aside on reading them."""
    for name, why in inputs.errors:
        yield _judged_one(check_record(Loaded(name, 0, issues=[Issue(why)]), corpus), corpus, render)
    files = inputs.files
    if STDIN in files:  # read here: a worker's standard input is not the user's
        files = [f for f in files if f != STDIN]
        yield from _judge_file(STDIN, corpus, limits, render, waivers, geo)
    if jobs <= 1:
        for path in files:
            yield from _judge_file(path, corpus, limits, render, waivers, geo)
        return
    size = min(CHUNK_MOST, max(50, len(files) // (jobs * 8)))
    chunks = ((files[i : i + size], limits, render, waivers) for i in range(0, len(files), size))
    with _pool(jobs, corpus, geo) as pool:
        pending: deque[Future[list[Judged]]] = deque()
        for chunk in chunks:
            pending.append(pool.submit(_worker_chunk, chunk))
            if len(pending) >= jobs * IN_FLIGHT:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def run_check(
    paths: Sequence[Path] | Inputs,
    corpus: Corpus,
    baseline: list[Mine] | None = None,
    jobs: int | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    progress: Callable[[int, int], None] | None = None,
    report: Renderer | None = None,
    keep: bool = False,
    max_documents: int = MAX_DOCUMENTS,
    allow_empty: bool = False,
    geo: Any = None,
    sheets: tuple[str, ...] = (),
    waivers: Waivers | None = None,
    shown: Callable[[str], bool] | None = None,
    fail_on: str = "fail",
) -> RunResult:
    """Check every record under ``paths``; batch-wide findings come after every record is judged.

    With ``report``, each record is rendered and written as it is judged, and the report finished at the
    end. The result holds a view of each record; with ``keep`` also each full result (its findings …),
    which costs memory in proportion to the batch.
    ``sheets`` names the sheets of a workbook to read (every sheet when empty).

    ``waivers`` (minplan.waivers) excuse findings as the config says, and are reported on at the end. With
    ``shown``, only the records of files it accepts are written to the report (the pre-commit hook's changed
    files); every record still counts in the batch-wide checks.
    """
    inputs = paths if isinstance(paths, Inputs) else collect(list(paths), allow_empty)
    limits = Limits(max_bytes=max_bytes, max_documents=max_documents, sheets=tuple(sheets))
    jobs = jobs if jobs is not None else min(2, os.cpu_count() or 1)
    total = len(inputs.files) + len(inputs.errors)
    workers = jobs if len(inputs.files) >= PARALLEL_FROM else 1
    if workers > 1:
        corpus.read_all()  # once here, not once per worker: the workers inherit it
        if geo is not None:
            geo.prepare()  # the layers and county boundaries too (a spawned worker reads them again)
    parts = report.parts() if report is not None else ()
    meta = Meta(len(inputs.files), len(inputs.errors), len(inputs.ignored), fail_on, parts)
    # full results when they are to be kept (a report is then made of them here), else what the report needs
    render: Render = "full" if keep else (None if report is None else (type(report), report.lang, meta))
    if report is not None:
        report.start(meta)
    shared = Shared()
    views: list[RecordView] = []
    results: list[RecordResult] = []
    ignored = list(inputs.ignored)
    read_from: set[str] = set()  # files a record (or an error) came from
    used: set[int] = set()
    with _batch_gc(), closing(_judged(inputs, corpus, workers, limits, render, waivers, geo)) as judged:
        for judged_one in judged:
            if isinstance(judged_one, Ignored):
                ignored.append(judged_one)
                continue
            wire, piece, waived = judged_one
            used |= waived
            read_from.add(wire[0])
            views.append(RecordView.from_wire(wire, shared))
            if keep:
                results.append(piece)
            if report is not None and (shown is None or shown(wire[0])):
                report.record(type(report).prepare(piece, Context(report.lang, corpus, meta)) if keep else piece)
            if progress:
                progress(len(views), total)
        for folder in _empty_once_read(inputs, read_from):
            empty = check_record(Loaded(folder, 0, issues=[Issue(NOTHING_READ)]), corpus)
            wire, piece, _ = _judged_one(empty, corpus, render)
            views.append(RecordView.from_wire(wire, shared))
            if keep:
                results.append(piece)
            if report is not None and (shown is None or shown(wire[0])):
                report.record(type(report).prepare(piece, Context(report.lang, corpus, meta)) if keep else piece)
    notes = [_baseline_note(baseline)]
    findings = aggregate(Batch(views, corpus, baseline))
    if waivers:
        findings = [waivers.apply(f, list(f.records or []), used) for f in findings]
        findings += waivers.report(used)
    run = RunResult(results, findings, ignored=len(ignored), notes=notes, views=views, ignored_files=ignored)
    if report is not None:
        report.finish(findings, run.summary(), notes, ignored)
    return run


NOTHING_READ = (
    "no record in this folder: every file of a record's name in it was set aside once read (reports minplan "
    "wrote; see ignored); --allow-empty accepts that"
)


def _empty_once_read(inputs: Inputs, read_from: set[str]) -> list[str]:
    """The folders that had to hold a record and, once their files were read, hold none."""
    return [folder for folder, files in inputs.folders if files and not read_from.intersection(files)]


def _baseline_note(baseline: list[Mine] | None) -> dict[str, str]:
    if baseline is not None:
        sources = getattr(baseline, "sources", None)
        where_zh = where_en = ""
        if sources:  # how many mines from which file and sheet
            where_zh = "：" + "；".join(f"{s.where()} {s.count} 座" for s in sources)
            where_en = ": " + "; ".join(f"{s.count} from {s.where()}" for s in sources)
        return {
            "zh": f"批量汇总以现有矿山台账为基数（{len(baseline)} 座{where_zh}）",
            "en": f"batch-wide counts start from the ledger of existing mines ({len(baseline)} mines{where_en})",
        }
    return {
        "zh": "批量汇总以规划基期数为基数（未提供台账）",
        "en": "batch-wide counts start from the plans' base-year figures (no ledger given)",
    }
