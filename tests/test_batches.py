"""How a batch is shared out: long ``---`` streams cut into parts, findings reused across records, how many
processes judge. Whatever the sharing, the report is the one a single process reading each file whole writes."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from minplan import runner as runner_module
from minplan.engine import check_record
from minplan.loader import load_file, load_text
from minplan.readers.yaml import Tally, parts
from minplan.report.base import Meta
from minplan.report.formats.json import Report
from minplan.rulebook import default_corpus
from minplan.runner import free_cores, run_check, workers_for

RECORD = """\
id: {rid}
right: {right}
application: {application}
date: {date}
location: {{county: {county}, zones: []}}
mineral: {mineral}
capacity: {capacity}
deposit_scale: {scale}
"""

COUNTIES = ["珲春市", "临江市", "洮南市", "宽甸满族自治县", "延吉市", "东港市"]
MINERALS = [
    ("岩金", "万吨/年"),
    ("金", "万吨/年"),
    ("建筑用花岗岩", "万立方米/年"),
    ("矿泉水", "万吨/年"),
    ("铁", "万吨/年"),
]


def _record(i: int) -> str:
    mineral, unit = MINERALS[i % len(MINERALS)]
    text = RECORD.format(
        rid=f"B-{i:04d}",
        right=["采矿权", "探矿权"][(i // 2) % 2],
        application=["新立", "延续", "改扩建", "注销"][(i // 3) % 4],
        date=["2023-06-01", "2012-03-01", "2024-02-29"][(i // 5) % 3],
        county=COUNTIES[(i // 7) % len(COUNTIES)],
        mineral=mineral,
        capacity=f"{1 + i * 7 % 40} {unit}",
        scale=["大型", "中型", "小型"][(i // 11) % 3],
    )
    if i % 6 == 0:
        text += "associated_minerals: [铜]\n"
    if i % 4 == 0:
        text += "method: 露天开采\n"
    return text


# a stream with what a cut must not change: a first document without a marker, comments and an empty document
# between markers, a marker with content on its line, an end marker, text that looks like a marker but is not
# one (indented, or inside a block scalar), a record refused, and documents past a syntax error
STREAM_HEAD = "# 台账\n" + _record(1) + "---\n# nothing here\n---\n" + _record(2) + "...\n"
STREAM_BODY = [
    "--- "
    + "{id: B-FLOW, right: 采矿权, application: 新立, date: 2023-06-01, location: {county: 珲春市}, mineral: 岩金}\n",
    "---\n" + _record(3) + "notes: |\n  a line\n  --- not a marker\n",
    "---\n" + _record(4).replace("capacity: ", "capacity: 很多"),
]


def _stream(n: int, broken_at: int | None = None) -> str:
    docs = [STREAM_HEAD, *STREAM_BODY]
    docs += ["---\n" + _record(10 + i) for i in range(n)]
    if broken_at is not None:
        docs.insert(broken_at, "---\nid: [unclosed\n")
    return "".join(docs)


def _same(a, b) -> None:
    assert [(x.index, x.line, x.issues, x.record, x.notes) for x in a] == [
        (y.index, y.line, y.issues, y.record, y.notes) for y in b
    ]


@pytest.mark.parametrize("size", [1, 2, 3, 7])
@pytest.mark.parametrize("broken_at", [None, 9])
def test_the_parts_of_a_stream_read_as_the_whole_file(tmp_path: Path, size: int, broken_at: int | None):
    text = _stream(12, broken_at)
    path = tmp_path / "stream.yaml"
    path.write_text(text, encoding="utf-8")
    corpus = default_corpus()
    whole = load_file(path, context=corpus.record_context())
    cut = parts(text, size)
    assert len(cut) > 1 and cut[0].first and cut[-1].end == len(text)
    assert sum(p.documents for p in cut) >= len(whole) - 1
    pieces, failed = [], False
    for part in cut:
        tally = Tally()
        pieces += load_file(path, context=corpus.record_context(), part=part, tally=tally)
        assert tally.failed or tally.documents == part.documents
        if tally.failed:
            failed = True
            break
    if broken_at is None:
        assert not failed
        _same(pieces, whole)
    else:  # up to the part that stopped, the same records; the runner reads the rest as a whole
        assert failed and whole[-1].issues and "syntax" in whole[-1].issues[0].message
        _same(pieces[: len(whole) - 1], whole[: len(whole) - 1])


def test_a_stream_with_other_line_breaks_is_not_cut():
    assert parts("a: 1\r---\nb: 2\n---\nc: 3\n", 1) == []
    assert parts("a: 1\n---\nb: 2\u2028---\nc: 3\n", 1) == []


@pytest.mark.parametrize("character", ["\x01", "\x00", "\x7f", "\ufffe", "\ud800"])
def test_a_stream_holding_a_character_yaml_refuses_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, character: str
):
    """YAML's reader decodes ahead of the document it reads (libyaml 16 KB at a time): the whole file stops on such
    a character some documents before the one holding it, where a part read alone would have read them all.
    A control character in document 30 of 60 stopped the whole file at its first document, while the parts
    before it gave 29 records and the error was dropped."""
    docs = [_record(i) for i in range(60)]
    docs[30] = docs[30].replace("mineral: ", "mineral: " + character)
    text = "---\n".join(docs)
    assert parts(text, 4) == []
    if character == "\ud800":
        return  # no file decodes to it
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    serial = _report([tmp_path], 1)
    monkeypatch.setattr(runner_module, "SPLIT_FROM", 100)
    monkeypatch.setattr(runner_module, "CHUNK_MOST", 4)
    monkeypatch.setattr(runner_module, "PARALLEL_FROM", 10)
    assert _report([tmp_path], 2) == serial
    assert "not read" in serial


def _report(paths: list[Path], jobs: int) -> str:
    default_corpus.cache_clear()  # each run learns from nothing, as a command does
    corpus = default_corpus()
    out = io.StringIO()
    run_check(paths, corpus, jobs=jobs, report=Report(out, "en", corpus))
    return out.getvalue()


@pytest.mark.parametrize("broken_at", [None, 5, 30])
def test_a_stream_cut_across_processes_gives_the_report_of_one_reading_it_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken_at: int | None
):
    (tmp_path / "a.yaml").write_text(_stream(40, broken_at), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(_stream(25), encoding="utf-8")
    (tmp_path / "c.yaml").write_text(_record(99), encoding="utf-8")
    (tmp_path / "empty.yaml").write_text("---\n# only comments\n" * 40, encoding="utf-8")
    serial = _report([tmp_path], 1)
    monkeypatch.setattr(runner_module, "SPLIT_FROM", 100)  # every stream above is cut
    monkeypatch.setattr(runner_module, "CHUNK_MOST", 4)
    monkeypatch.setattr(runner_module, "PARALLEL_FROM", 10)
    assert workers_for([str(p) for p in sorted(tmp_path.iterdir())], runner_module.Limits(), 2) == 2
    assert _report([tmp_path], 2) == serial
    assert _report([tmp_path], 3) == serial
    assert "empty file" in serial and "syntax" in serial if broken_at is not None else "empty file" in serial


@pytest.mark.parametrize("size", [1, 4])
def test_a_stream_opening_with_a_report_reads_as_the_whole_file_however_cut(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int
):
    """A first document shaped as minplan's report is that report only when nothing follows it; before records it
    is one of them. A part holding it alone cannot tell, so the file is read whole."""
    head = '{"version": 1, "records": [], "aggregate": [], "summary": {"records": 0}}\n'
    (tmp_path / "records.yaml").write_text(head + "".join("---\n" + _record(i) for i in range(30)), "utf-8")
    (tmp_path / "report.yaml").write_text(head + "---\n# nothing\n" * 40, "utf-8")
    (tmp_path / "c.yaml").write_text(_record(99), encoding="utf-8")
    serial = _report([tmp_path], 1)
    monkeypatch.setattr(runner_module, "SPLIT_FROM", 100)
    monkeypatch.setattr(runner_module, "CHUNK_MOST", size)
    monkeypatch.setattr(runner_module, "PARALLEL_FROM", 10)
    assert _report([tmp_path], 2) == serial
    assert "report.yaml" in serial and "B-0029" in serial


SPAWN_BY_DEFAULT = """\
import multiprocessing, sys
multiprocessing.set_start_method("spawn")
from minplan import runner
runner.SPLIT_FROM, runner.CHUNK_MOST, runner.PARALLEL_FROM = 100, 4, 10
from minplan.cli import main
sys.argv = ["minplan", "check", *sys.argv[1:]]
main()
"""


@pytest.mark.skipif(not runner_module.can_fork(), reason="workers are forked, where the system can")
def test_a_batch_is_shared_out_by_fork_whatever_the_default_start_method(tmp_path: Path):
    """With spawn the default (macOS; forkserver on Linux from Python 3.14), starting the workers sent them the
    corpus, which does not pickle: a traceback and exit 1 for every batch shared out."""
    (tmp_path / "a.yaml").write_text(_stream(40), encoding="utf-8")

    def check(jobs: int) -> subprocess.CompletedProcess:
        args = [sys.executable, "-c", SPAWN_BY_DEFAULT, str(tmp_path), "--format", "json", "--jobs", str(jobs)]
        return subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)

    serial, shared = check(1), check(2)
    assert shared.returncode == serial.returncode == 2, shared.stderr  # (a record of the stream is refused)
    assert shared.stdout == serial.stdout and "Traceback" not in shared.stderr


def test_findings_reused_across_records_are_those_each_record_gets_alone(tmp_path: Path):
    """The memo keys a finding by the facts its rule read (and the mineral): a batch of varied records judged
    with everything learnt along the way gets, record by record, what a corpus that learnt nothing gives."""
    corpus = default_corpus()
    texts = [_record(i) for i in range(240)]
    # the same records filed as changes, enlarging the mine, not, or not saying: whether a record is a change,
    # and what it enlarges, decide provisions on expansions
    flags = ["project: {enlarges_scale: true}\n", "project: {changes_parameters: false}\n", ""]
    for app in ("新立", "延续", "改扩建", "注销"):
        texts += [
            t.replace(f"application: {app}\n", "application: 变更\n") + flags[i % 3]
            for i, t in enumerate(texts[:240])
            if f"application: {app}\n" in t
        ][:30]
    batch = [
        check_record(item, corpus) for text in texts for item in load_text(text, "r.yaml", corpus.record_context())
    ]
    for text, shared in zip(texts, batch, strict=True):
        corpus.memo.clear()
        corpus.named_memo.clear()
        [item] = load_text(text, "r.yaml", corpus.record_context())
        alone = check_record(item, corpus)
        assert alone.status == shared.status, text
        assert [f.as_dict("en") for f in alone.findings] == [f.as_dict("en") for f in shared.findings], text


class _Pool:
    """Stands in for the worker pool: a task runs in this process when its result is asked for, and counts as
    finished before that when ``finished`` says so."""

    def __init__(self, finished: bool) -> None:
        self.finished = finished
        self.busy = False  # running a task, as a worker would
        self.intervals: list[float] = []  # the switch interval as each task was handed out
        self.handed: list[list[str]] = []  # the files of each chunk handed out

    def submit(self, fn, args):
        self.intervals.append(sys.getswitchinterval())
        self.handed.append([unit[0] for unit in args[0]])
        return _Task(self, fn, args)


class _Task:
    def __init__(self, pool: _Pool, fn, args) -> None:
        self.pool, self.fn, self.args = pool, fn, args
        self.value = None

    def done(self) -> bool:
        return self.pool.finished or self.value is not None

    def result(self, timeout: float | None = None):
        if self.value is None:
            self.pool.busy = True
            try:
                self.value = self.fn(self.args)
            finally:
                self.pool.busy = False
        return self.value


def _judged_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pool: _Pool) -> tuple[str, list[str]]:
    """The report of 200 records judged with ``pool`` as the workers, and the files this process judged."""
    for i in range(200):
        (tmp_path / f"r{i:03d}.yaml").write_text(_record(i), encoding="utf-8")
    monkeypatch.setattr(runner_module, "PARALLEL_FROM", 10)
    monkeypatch.setattr(runner_module, "_pool", contextlib.contextmanager(lambda *args: iter([pool])))
    monkeypatch.setattr(runner_module, "_CORPUS", default_corpus())
    here: list[str] = []
    judge = runner_module._judge_unit

    def counted(unit, *rest):
        if not pool.busy:
            here.append(unit[0])
        return judge(unit, *rest)

    monkeypatch.setattr(runner_module, "_judge_unit", counted)
    return _report([tmp_path], 2), here


@pytest.mark.parametrize("finished", [True, False])
def test_this_process_judges_the_next_records_only_while_the_chunk_due_is_with_a_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, finished: bool
):
    """Chunks go to the workers; this process judges the records after them itself only while the chunk due
    is not back (workers that are always done leave it none), a few ahead at most; the report is the serial
    one."""
    pool = _Pool(finished)
    report, here = _judged_here(tmp_path, monkeypatch, pool)
    assert report == _report([tmp_path], 1)
    if finished:
        assert here == sorted(here) and len(here) == 20  # the last chunk's worth only (see below)
    else:
        assert 0 < len(here) < 200 and here == sorted(here)


def test_the_last_records_are_judged_here_while_the_workers_finish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A chunk's worth per worker at the end is kept by this process (judged while the workers finish their
    queues), not handed out to be waited for: none of the last 20 records (200 records: chunks of 20) is handed
    out, even to workers that are always done."""
    pool = _Pool(finished=True)
    report, here = _judged_here(tmp_path, monkeypatch, pool)
    assert report == _report([tmp_path], 1)
    handed = {name for chunk in pool.handed for name in chunk}
    last = {f"{tmp_path}/r{i:03d}.yaml" for i in range(180, 200)}
    assert handed and handed.isdisjoint(last) and last <= set(here)


def test_the_switch_interval_is_short_while_workers_judge_and_restored_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The pool's threads (results in, chunks out) take the interpreter lock soon while this process judges;
    the interval the host program had comes back after the batch."""
    before = sys.getswitchinterval()
    pool = _Pool(finished=False)
    _judged_here(tmp_path, monkeypatch, pool)
    assert pool.intervals and all(i <= runner_module.HANDOVER_INTERVAL for i in pool.intervals)
    assert sys.getswitchinterval() == before


@pytest.mark.skipif(not hasattr(__import__("fcntl"), "F_GETPIPE_SZ"), reason="pipe sizes are Linux's")
def test_the_results_pipe_holds_a_chunks_result():
    """A worker writes a chunk's result (about 1.3 MB for 156 varied records) without waiting for this process
    to read the pipe 64 KB at a time, where the system allows so large a pipe."""
    import fcntl

    most = int(Path("/proc/sys/fs/pipe-max-size").read_text())
    read_end, write_end = os.pipe()
    try:

        class End:
            def fileno(self) -> int:
                return read_end

        runner_module._widen(End())
        assert fcntl.fcntl(read_end, fcntl.F_GETPIPE_SZ) == min(most, runner_module.PIPE_BYTES)
    finally:
        os.close(read_end)
        os.close(write_end)


def test_a_long_stream_among_few_files_is_cut_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Counting a few files' documents cuts their streams; sharing them out uses those parts, not new ones."""
    (tmp_path / "a.yaml").write_text(_stream(40), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(_stream(25), encoding="utf-8")
    serial = _report([tmp_path], 1)
    monkeypatch.setattr(runner_module, "SPLIT_FROM", 100)
    monkeypatch.setattr(runner_module, "CHUNK_MOST", 4)
    monkeypatch.setattr(runner_module, "PARALLEL_FROM", 10)
    cut: list[str] = []
    original = runner_module._cut
    monkeypatch.setattr(runner_module, "_cut", lambda path, lim: cut.append(Path(path).name) or original(path, lim))
    assert _report([tmp_path], 2) == serial
    assert sorted(cut) == ["a.yaml", "b.yaml"]


def test_how_many_processes_judge_a_batch(tmp_path: Path):
    few = [str(tmp_path / f"r{i}.yaml") for i in range(3)]
    many = few * (runner_module.PARALLEL_FROM // 3 + 1)
    limits = runner_module.Limits()
    assert workers_for(few, limits, 4) == 1  # too few records to pay for a pool
    assert workers_for(many, limits, 3) == 3  # as asked
    assert 1 <= workers_for(many, limits) <= max(1, min(runner_module.MOST_WORKERS, free_cores()))
    assert free_cores() >= 1
    assert Meta(len(many), 0, 0).files == len(many)


def test_a_result_that_never_comes_from_an_ended_worker_is_an_error(monkeypatch: pytest.MonkeyPatch):
    """A worker killed while sending its result leaves the pool's thread waiting on half a message: once a worker
    has ended, a result still awaited after the grace is a WorkerError, not a run that hangs."""
    from concurrent.futures import TimeoutError as Pending
    from types import SimpleNamespace

    class Never:
        def result(self, timeout: float | None = None):
            raise Pending

    monkeypatch.setattr(runner_module, "RESULT_POLL", 0.001)
    monkeypatch.setattr(runner_module, "WORKER_GRACE", 0.01)
    ended = SimpleNamespace(_processes={1: SimpleNamespace(exitcode=-9)})
    with pytest.raises(runner_module.WorkerError, match="ended before its files were checked"):
        runner_module._result(Never(), ended)

    class Soon:
        calls = 0

        def result(self, timeout: float | None = None):
            self.calls += 1
            if self.calls < 3:
                raise Pending
            return ["done"]

    alive = SimpleNamespace(_processes={1: SimpleNamespace(exitcode=None)})
    assert runner_module._result(Soon(), alive) == ["done"]  # workers alive: it waits as long as it takes


def test_a_long_stream_is_shared_out_though_its_parts_are_few(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A stream cut into 13 parts of 20 documents is 13 units, fewer than a chunk's worth: most of them still go
    to the workers (what this process keeps at the end is counted so that a few parts are not all kept)."""
    (tmp_path / "a.yaml").write_text(_stream(256), encoding="utf-8")
    serial = _report([tmp_path], 1)
    monkeypatch.setattr(runner_module, "SPLIT_FROM", 100)
    monkeypatch.setattr(runner_module, "CHUNK_MOST", 20)
    monkeypatch.setattr(runner_module, "PARALLEL_FROM", 10)
    pool = _Pool(finished=True)
    monkeypatch.setattr(runner_module, "_pool", contextlib.contextmanager(lambda *args: iter([pool])))
    monkeypatch.setattr(runner_module, "_CORPUS", default_corpus())
    assert _report([tmp_path], 2) == serial
    assert len([unit for chunk in pool.handed for unit in chunk]) >= 8
