"""Run a check over many inputs: load, judge, report each record as it is judged, then batch-wide checks.

A run keeps of each record only its view (minplan.views.RecordView); the record's report is written as soon
as it is judged, by a renderer (minplan.report.base). A large batch may be shared out when cores
are free (:func:`workers_for`): worker processes judge chunks of files, and this process judges the next
chunk itself whenever the one due is not back yet; each record is rendered where it is judged, and a worker
sends back its text and view. Long ``---`` streams are cut into parts at their document markers
(minplan.readers.yaml.parts), each checked against what reading it showed (:class:`_Streams`). At most a few
chunks are in flight, so memory stays flat however long the batch.
Workers die with the run: on a signal the run ends them, and a worker whose parent is gone is killed by the
kernel (Linux).
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from minplan import GC_THRESHOLDS
from minplan.aggregate import Batch, aggregate, unread_note
from minplan.engine import RecordResult, check_record
from minplan.inputs import Ignored, Inputs, collect
from minplan.loader import MAX_FILE_BYTES, Issue, Loaded, load_file
from minplan.readers import MAX_DOCUMENTS, STDIN, Limits, ReadError
from minplan.report.base import Context, Ending, Meta, Renderer
from minplan.report.result import RunResult
from minplan.rulebook import Corpus
from minplan.views import RecordView, Shared

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from minplan.baseline import Mine
    from minplan.waivers import Waivers

PARALLEL_FROM = 400  # records (files, and the documents of long streams); below this, workers cost more than they save
CHUNK_MOST = 160  # records per task: small enough that the few chunks in flight hold little
IN_FLIGHT = 2  # chunks queued per worker (one judged, one waiting)
# chunks' worth of records this process judges ahead of those due from the workers, at most: what it judges
# waits for the chunks queued before it, so less than IN_FLIGHT would keep it from its share
LOCAL_AHEAD = 3
LOCAL_PIECES = 4  # this process judges a chunk's worth of records in this many pieces, feeding workers between
HANDOVER_INTERVAL = 0.0002  # seconds: the interpreter's switch interval while workers judge (see _quick_handover)
MOST_WORKERS = 8  # processes judging a batch when --jobs is not given
SPLIT_FROM = 64 * 1024  # bytes: a YAML file this large may be a --- stream worth cutting into parts
PIPE_BYTES = 1024 * 1024  # the results' pipe, where the system allows it (Linux's default most for a user)
RESULT_POLL = 0.5  # seconds between looks at the workers while a chunk's result is awaited
WORKER_GRACE = 2.0  # seconds a result may still come once a worker has ended (the pool then says it is broken)
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


# a unit of work: a file, or a part of a long --- stream (minplan.readers.yaml.Part)
Unit = tuple[str, Any]


class Done(NamedTuple):
    """What became of one unit: its judged records, and for a part what reading it showed (a Tally)."""

    judged: list[Judged]
    tally: Any = None


def _judge_unit(unit: Unit, corpus: Corpus, limits: Limits, render: Render, waivers: Waivers | None, geo: Any) -> Done:
    path, part = unit
    if part is None:
        return Done(list(_judge_file(path, corpus, limits, render, waivers, geo)))
    from minplan.readers.yaml import Tally

    tally = Tally()
    items = load_file(path, limits, corpus.record_context(), part, tally)
    return Done(
        [item.ignored or _judged_one(check_record(item, corpus, geo), corpus, render, waivers) for item in items], tally
    )


def _worker_chunk(args: tuple[list[Unit], Limits, Render, Waivers | None]) -> list[tuple[Any, ...]]:
    units, limits, render, waivers = args
    assert _CORPUS is not None
    return [_pack(_judge_unit(unit, _CORPUS, limits, render, waivers, _GEO)) for unit in units]


def _pack(done: Done) -> tuple[Any, ...]:
    """A unit's result as few objects as may be, for the pipe: the records' texts (what text formats make of a
    record, or its bytes) as one string with their lengths, the rest as it is."""
    pieces = [j[1] for j in done.judged if not isinstance(j, Ignored)]
    kind = type(pieces[0]) if pieces else str
    if kind not in (str, bytes) or not all(type(piece) is kind for piece in pieces):
        return (done.judged, done.tally)
    rows = [j if isinstance(j, Ignored) else (j[0], j[2] or None) for j in done.judged]
    tally = done.tally
    return (
        kind().join(pieces),
        [len(piece) for piece in pieces],
        rows,
        tally and (tally.documents, tally.values, tally.failed),
    )


def _unpack(packed: tuple[Any, ...]) -> Done:
    if len(packed) == 2:
        return Done(*packed)
    from minplan.readers.yaml import Tally

    text, lengths, rows, counts = packed
    judged: list[Judged] = []
    at = 0
    sizes = iter(lengths)
    for row in rows:
        if isinstance(row, Ignored):
            judged.append(row)
            continue
        size = next(sizes)
        judged.append((row[0], text[at : at + size], row[1] or frozenset()))
        at += size
    tally = None
    if counts is not None:
        tally = Tally()
        tally.documents, tally.values, tally.failed = counts
    return Done(judged, tally)


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

    pool = ProcessPoolExecutor(
        max_workers=jobs, mp_context=_fork(), initializer=_init, initargs=(corpus, os.getpid(), geo)
    )
    _widen(getattr(getattr(pool, "_result_queue", None), "_reader", None))
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


def _fork() -> Any:
    """Workers forked from this process, whatever the default (spawn on macOS, forkserver on Linux from Python
    3.14): they inherit the corpus read once, which does not pickle, and have this process as their parent."""
    import multiprocessing

    return multiprocessing.get_context("fork")


def can_fork() -> bool:
    """Whether this system makes workers by fork (not Windows): a batch is shared out only where it does."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _widen(end: Any) -> None:
    """Let the pipe the workers' results come through hold a whole chunk's result (Linux), so that a worker
    writes it at once and goes on, rather than a pipe's 64 KB at a time as this process reads them."""
    try:
        import fcntl
    except ImportError:  # not a POSIX system: the pipe stays as it is
        return
    setting = getattr(fcntl, "F_SETPIPE_SZ", None)
    if end is None or setting is None:
        return
    with suppress(OSError):  # more than the system allows (/proc/sys/fs/pipe-max-size): the pipe stays as it is
        fcntl.fcntl(end.fileno(), setting, PIPE_BYTES)


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
    processes = _workers(pool)
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
    cuts: dict[str, list[Any]] | None = None,
) -> Iterator[Judged]:
    """Every record in input order (see _judged_one), and the files set aside on reading them (``cuts``: the
    parts of streams already cut)."""
    for name, why in inputs.errors:
        yield _judged_one(check_record(Loaded(name, 0, issues=[Issue.of(why)]), corpus), corpus, render)
    files = inputs.files
    if STDIN in files:  # read here: a worker's standard input is not the user's
        files = [f for f in files if f != STDIN]
        yield from _judge_file(STDIN, corpus, limits, render, waivers, geo)
    if jobs <= 1:
        for path in files:
            yield from _judge_file(path, corpus, limits, render, waivers, geo)
        return
    streams = _Streams(corpus, limits, render, waivers, geo)
    units = list(_units(files, limits, streams.ends, cuts or {}))
    size = min(CHUNK_MOST, max(20, len(units) // (jobs * 16)))  # the last chunk keeps the others waiting
    # chunks go to the workers, a few queued each; while the chunk due next is still with a worker, this
    # process judges the records after the queued chunks itself, a few at a time so that it hands out the
    # next chunk soon after a worker is done; results are written in input order, so what is judged here
    # waits for the chunks before it (LOCAL_AHEAD chunks' worth at most). The last chunk's worth per worker is
    # kept here, judged while the workers finish their queues, rather than waited for at the end.
    queued = (jobs - 1) * IN_FLIGHT
    tail = min((jobs - 1) * size, len(units) // (4 * jobs))  # a few parts of a long stream are units too
    ahead_most = LOCAL_AHEAD * size
    piece = max(1, size // LOCAL_PIECES)
    with _pool(jobs - 1, corpus, geo) as pool, _quick_handover():
        pending: deque[tuple[list[Unit], Future[list[tuple[Any, ...]]] | list[Done]]] = deque()
        sent = 0  # chunks with the workers
        held = 0  # records judged here that wait their turn
        at = 0  # units handed out or judged

        def take(most: int) -> list[Unit]:
            nonlocal at
            taken = units[at : at + most]
            at += len(taken)
            return taken

        def here(chunk: list[Unit]) -> list[Done]:
            nonlocal held
            held += len(chunk)
            return [_judge_unit(unit, corpus, limits, render, waivers, geo) for unit in chunk]

        def feed() -> None:
            nonlocal sent
            while sent < queued and len(units) - at > tail and (chunk := take(size)):
                pending.append((chunk, pool.submit(_worker_chunk, (chunk, limits, render, waivers))))
                sent += 1

        feed()
        while pending or at < len(units):
            due = pending[0][1] if pending else None  # what is to be written next
            idle = due is None or (not isinstance(due, list) and not due.done() and held < ahead_most)
            if idle and at < len(units):
                pending.append((mine := take(piece), here(mine)))
                continue
            chunk, work = pending.popleft()
            if isinstance(work, list):
                held -= len(chunk)
                for unit, done in zip(chunk, work, strict=True):
                    yield from streams.done(unit, done)
            else:
                sent -= 1
                for unit, packed in zip(chunk, _result(work, pool), strict=True):  # waits for it, when it must
                    yield from streams.done(unit, _unpack(packed))
            feed()
        if at != len(units):  # never a record left unjudged without a word
            raise WorkerError(f"{len(units) - at} files were not shared out")


def _workers(pool: Any) -> list[Any]:
    """The pool's worker processes (its own attribute: the executor offers no way to them)."""
    return list((getattr(pool, "_processes", None) or {}).values())


def _result(work: Future[Any], pool: Any) -> Any:
    """A chunk's result once its worker sends it; a WorkerError when a worker has ended and the result does not
    come within WORKER_GRACE (killed while sending, it leaves the pool's thread waiting on half a message)."""
    from concurrent.futures import TimeoutError as Pending

    dead_since: float | None = None
    while True:
        try:
            return work.result(timeout=RESULT_POLL)
        except Pending:
            if not any(process.exitcode is not None for process in _workers(pool)):
                dead_since = None
                continue
            now = time.monotonic()
            dead_since = dead_since or now
            if now - dead_since > WORKER_GRACE:
                raise WorkerError("a worker process ended before its files were checked") from None


@contextmanager
def _quick_handover() -> Iterator[None]:
    """Let this process's pool threads take the interpreter lock soon while the main thread judges: they
    read each worker's result and hand it its next chunk, and at the default 5 ms a handover, a worker
    waited for its next chunk as long as it took to judge one."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(min(previous, HANDOVER_INTERVAL))
    try:
        yield
    finally:
        sys.setswitchinterval(previous)


def _units(files: list[str], limits: Limits, ends: dict[str, int], cuts: dict[str, list[Any]]) -> Iterator[Unit]:
    """The files of a batch as units of work, a long ``---`` stream cut into parts of CHUNK_MOST documents
    (``ends`` learns where each cut file's text ends; ``cuts`` holds the files cut already)."""
    for path in files:
        cut = cuts[path] if path in cuts else _cut(path, limits)
        if cut:
            ends[path] = cut[-1].end
            yield from ((path, part) for part in cut)
        else:
            yield (path, None)


def _cut(path: str, limits: Limits) -> list[Any]:
    """The parts of a long YAML stream, or none (a short file, another format, a file to read as a whole)."""
    from minplan.readers import reader_for

    reader = reader_for(path)
    if reader is None or reader.name != "yaml":
        return []
    try:
        if os.stat(path).st_size < SPLIT_FROM:
            return []
        from minplan.readers import Source, read_bytes
        from minplan.readers.yaml import parts

        text = Source(path, read_bytes(path, limits.max_bytes)).text()
    except (OSError, ReadError):
        return []  # said when the file is read as a whole
    cut = parts(text, CHUNK_MOST)
    if len(cut) < 2 or sum(part.documents for part in cut) > limits.max_documents:
        return []
    return cut


class _Streams:
    """Checks each part of a cut stream against what reading it showed, in file order, and reads the rest of
    the file as a whole from the first part that does not read as it would in the whole file: one that
    stopped on an error, met another count of documents than its markers hold, or came near the file's
    bound on values (which counts from the file's start). A stream whose first part is a report minplan
    wrote is that report, ignored, and its other parts are dropped; one whose parts hold no record at all
    is read as a whole (an empty file)."""

    def __init__(self, corpus: Corpus, limits: Limits, render: Render, waivers: Waivers | None, geo: Any) -> None:
        self.corpus, self.limits, self.render, self.waivers, self.geo = corpus, limits, render, waivers, geo
        self.values: dict[str, int] = {}  # values read so far, per file being taken part by part
        self.found: dict[str, bool] = {}  # whether a part of the file gave a record yet
        self.done_with: set[str] = set()  # files read as a whole or ignored: their later parts are dropped
        self.ends: dict[str, int] = {}  # where the text of each cut file ends

    def done(self, unit: Unit, done: Done) -> Iterator[Judged]:
        path, part = unit
        if part is None:
            yield from done.judged
            return
        if path in self.done_with:
            return
        tally = done.tally
        values = self.values.get(path, 0) + tally.values
        last = part.end == self.ends[path]
        fine = not tally.failed and tally.documents == part.documents
        fine = fine and values + self.limits.max_nodes <= self.limits.max_file_nodes
        if fine and part.first and any(isinstance(j, Ignored) for j in done.judged):
            self.done_with.add(path)
            yield from done.judged
            return
        if fine and last and not done.judged and not self.found.get(path):
            self.done_with.add(path)  # no record in the whole stream: an empty file, said as such
            yield from self._rest(path, 0)
            return
        if not fine:
            self.done_with.add(path)
            yield from self._rest(path, part.ordinal)
            return
        self.values[path] = values
        self.found[path] = self.found.get(path, False) or bool(done.judged)
        yield from done.judged
        if last:
            self.done_with.add(path)

    def _rest(self, path: str, ordinal: int) -> Iterator[Judged]:
        for item in load_file(path, self.limits, self.corpus.record_context()):
            if item.index >= ordinal:
                yield item.ignored or _judged_one(
                    check_record(item, self.corpus, self.geo), self.corpus, self.render, self.waivers
                )


def workers_for(
    files: list[str], limits: Limits, jobs: int | None = None, cuts: dict[str, list[Any]] | None = None
) -> int:
    """How many processes judge a batch (this one among them): one below PARALLEL_FROM records or where workers
    cannot be forked, else ``jobs`` when given, else the cores free now (see :func:`free_cores`), at most
    MOST_WORKERS. ``cuts`` keeps the parts of the streams looked at, for the run to share out."""
    records = len(files)
    if records < PARALLEL_FROM:  # long streams among few files count by their documents
        cuts = {} if cuts is None else cuts
        for path in files:
            cuts[path] = _cut(path, limits)
        records += sum(max(0, sum(part.documents for part in cuts[path]) - 1) for path in files)
    if records < PARALLEL_FROM or not can_fork():
        return 1
    return max(1, jobs) if jobs is not None else min(MOST_WORKERS, free_cores())


def free_cores() -> int:
    """The cores this process may use that no other process is using now: those it may run on
    (``os.sched_getaffinity``) less the processes running or waiting for one, besides this one (on Linux the
    count /proc/loadavg gives at this instant), or less the one-minute load average where that is lower. A
    pool on a machine that is busy anyway only adds the cost of sending work to and fro."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    try:
        busy = os.getloadavg()[0]
    except (AttributeError, OSError):
        busy = 0.0
    try:
        with open("/proc/loadavg", encoding="ascii") as fh:
            busy = min(busy, int(fh.read().split()[3].split("/")[0]) - 1)
    except (OSError, ValueError, IndexError):
        pass
    return max(1, cores - max(0, round(busy)))


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
    total = len(inputs.files) + len(inputs.errors)
    cuts: dict[str, list[Any]] = {}  # streams cut to count their documents, cut once
    workers = workers_for([f for f in inputs.files if f != STDIN], limits, jobs, cuts)
    if workers > 1:
        corpus.read_all()  # once here, not once per worker: the workers inherit it
        share = getattr(corpus.memo, "room", None)
        if share is not None:  # the findings kept for reuse shared out too: each process keeps its part
            corpus.memo.room = share // workers
        if geo is not None:
            geo.prepare()  # the layers and county boundaries too, which the forked workers inherit
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
    with _batch_gc(), closing(_judged(inputs, corpus, workers, limits, render, waivers, geo, cuts)) as judged:
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
    batch = Batch(views, corpus, baseline)
    notes = [_baseline_note(baseline), *filter(None, [unread_note(batch)])]
    findings = aggregate(batch)
    if waivers:
        findings = [waivers.apply(f, list(f.records or []), used) for f in findings]
        findings += waivers.report(used)
    run = RunResult(results, findings, ignored=len(ignored), notes=notes, views=views, ignored_files=ignored)
    if report is not None:
        report.finish(Ending(findings, run.summary(), notes, ignored, run.unchecked(corpus), run.plan_notes(corpus)))
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
        unused = getattr(baseline, "unused", ())
        if unused:  # columns the ledger gives that its counts do not read: said, not dropped unseen
            where_zh += f"；台账中未用于计数的列：{'、'.join(unused)}"
            where_en += f"; ledger columns the counts do not use: {', '.join(unused)}"
        left_out = getattr(baseline, "left_out", ())
        if left_out:  # rows of a ledger of rights that are no mine (exploration rights, closed mines)
            where_zh += "；台账中不计为矿山的行：" + "、".join(f"{i}（{zh}）" for i, zh, _ in left_out)
            where_en += "; ledger rows not counted as mines: " + ", ".join(f"{i} ({en})" for i, _, en in left_out)
        return {
            "zh": f"批量汇总以现有矿山台账为基数（{len(baseline)} 座{where_zh}）",
            "en": f"batch-wide counts start from the ledger of existing mines ({len(baseline)} mines{where_en})",
        }
    return {
        "zh": "批量汇总以规划基期数为基数（未提供台账）",
        "en": "batch-wide counts start from the plans' base-year figures (no ledger given)",
    }
