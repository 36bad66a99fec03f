"""Signals on a parallel batch: the run stops with 128 + the signal, its workers die, -o is left as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from minplan.runner import PARALLEL_FROM

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

RECORD = """\
id: SIG-{i:05d}
right: {right}
application: {application}
date: 2023-{month:02d}-{day:02d}
location: {{county: {county}, zones: []}}
mineral: {mineral}
method: {method}
capacity: {capacity} 万吨/年
deposit_scale: {scale}
holder: 公司{holder}
"""
COUNTIES = ["珲春市", "延吉市", "临江市", "洮南市", "宽甸满族自治县", "东港市"]
MINERALS = ["岩金", "铁", "铜", "煤", "矿泉水"]


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("signals")
    for i in range(max(6000, PARALLEL_FROM * 4)):  # long enough that a signal lands while workers judge
        folder = root / f"d{i % 20:02d}"
        folder.mkdir(exist_ok=True)
        (folder / f"r{i:05d}.yaml").write_text(
            RECORD.format(
                i=i,
                right=["采矿权", "探矿权"][i % 2],
                application=["新立", "延续", "改扩建"][i % 3],
                month=1 + i % 12,
                day=1 + i % 28,
                county=COUNTIES[i % len(COUNTIES)],
                mineral=MINERALS[i % len(MINERALS)],
                method=["地下开采", "露天开采"][i % 2],
                capacity=1 + i % 50,
                scale=["大型", "中型", "小型"][i % 3],
                holder=i % 300,
            ),
            encoding="utf-8",
        )
    return root


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie holds no file, no pipe


def _start(batch: Path, target: Path) -> tuple[subprocess.Popen, list[int]]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "minplan", "check", str(batch), "--format", "json", "--jobs", "3", "-o", str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        workers = _children(proc.pid)
        if len(workers) >= 2:
            return proc, workers
        if proc.poll() is not None:
            break
        time.sleep(0.02)
    proc.kill()
    pytest.fail(f"no workers started: {proc.communicate()[1].decode()}")


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_ends_the_run_and_its_workers(batch: Path, tmp_path: Path, signum: int, code: int):
    target = tmp_path / "report.json"
    target.write_text("the previous report\n", encoding="utf-8")
    proc, workers = _start(batch, target)
    time.sleep(0.2)  # into the batch: the workers have chunks to judge
    proc.send_signal(signum)
    _out, err = proc.communicate(timeout=60)  # ends only when no process holds the pipes
    assert proc.returncode == code, err.decode()
    assert b"Traceback" not in err and b"Exception ignored" not in err, err.decode()
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [w for w in workers if _alive(w)]
    assert target.read_text(encoding="utf-8") == "the previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # the temporary file is gone


def test_workers_die_with_a_killed_parent(batch: Path, tmp_path: Path):
    proc, workers = _start(batch, tmp_path / "report.json")
    proc.kill()  # SIGKILL: no handler runs; the kernel ends the workers
    proc.communicate(timeout=60)
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [w for w in workers if _alive(w)]


def test_a_reader_that_goes_away_ends_the_run_quietly(batch: Path):
    """`minplan check … | head`: the run stops at the broken pipe, as if by SIGPIPE, and its workers with it."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "minplan", "check", str(batch), "--format", "json", "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    assert proc.stdout.read(100).startswith(b'{"version": 1')
    proc.stdout.close()
    err = proc.stderr.read() if proc.stderr else b""
    assert proc.wait(timeout=60) == 128 + signal.SIGPIPE
    assert b"Traceback" not in err and b"Exception ignored" not in err, err.decode()


def test_a_worker_killed_under_the_run_is_exit_2_not_a_traceback(batch: Path, tmp_path: Path):
    target = tmp_path / "report.json"
    target.write_text("the previous report\n", encoding="utf-8")
    proc, workers = _start(batch, target)
    os.kill(workers[0], signal.SIGKILL)  # as the kernel's OOM killer would
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2, err.decode()
    assert b"a worker process ended" in err and b"Traceback" not in err
    assert target.read_text(encoding="utf-8") == "the previous report\n"
    assert not [w for w in workers if _alive(w)]


def test_a_second_signal_does_not_break_into_the_runs_clean_up():
    """Ctrl-C pressed twice: the second, while the run ends its workers, interrupted that clean-up, which left the
    pool's thread reading half a result and the process hanging at exit after it said it had stopped."""
    from minplan.outputs import Interrupted, signals

    cleaned = False
    previous = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    try:
        with pytest.raises(Interrupted) as stopped, signals():
            try:
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(5)  # the handler raises here
            finally:
                os.kill(os.getpid(), signal.SIGINT)
                for _ in range(50):
                    time.sleep(0.001)  # the second signal's handler runs here: it must not raise
                cleaned = True
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    assert cleaned and stopped.value.exit_code == 143


def test_signals_repeated_while_the_run_stops_end_it_once(batch: Path, tmp_path: Path):
    target = tmp_path / "report.json"
    target.write_text("the previous report\n", encoding="utf-8")
    proc, workers = _start(batch, target)
    time.sleep(0.2)
    deadline = time.monotonic() + 3  # past the time the run gives the pool's thread to end (MANAGER_GRACE)
    while proc.poll() is None and time.monotonic() < deadline:
        proc.send_signal(signal.SIGINT)
        time.sleep(0.01)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode in (130, -signal.SIGINT), err.decode()  # (a last one as the interpreter ends kills it)
    assert err.decode().count("stopped by a signal") == 1 and b"Traceback" not in err and b"Aborted" not in err
    assert target.read_text(encoding="utf-8") == "the previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]
    assert not [w for w in workers if _alive(w)]


def test_a_signal_is_told_by_the_exit_code_when_standard_error_is_gone(batch: Path, tmp_path: Path):
    """A terminal that hangs up takes standard error with it: the message could not be written, and the run ended
    by SIGHUP exited 1, as if a record had failed."""
    read_end, write_end = os.pipe()
    proc = subprocess.Popen(
        [sys.executable, "-m", "minplan", "check", str(batch), "--format", "json", "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=write_end,
    )
    os.close(write_end)
    os.close(read_end)  # nothing reads standard error any more
    deadline = time.monotonic() + 60
    while len(_children(proc.pid)) < 1 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.2)
    proc.send_signal(signal.SIGHUP)
    assert proc.wait(timeout=60) == 128 + signal.SIGHUP


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_ends_indicators_against_a_batch_as_it_ends_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signum: int, code: int
):
    """``indicators --against`` judges a batch as check does: a signal while it does ends it the same way (Ctrl-C
    printed a traceback), and its -o is left as it was."""
    from typer.testing import CliRunner

    import minplan.runner
    from minplan.cli import app

    def judging(*args, **kwargs):
        os.kill(os.getpid(), signum)  # arrives while the batch is judged
        time.sleep(1)  # the handler raises before this ends
        raise AssertionError("the signal did not stop the run")

    monkeypatch.setattr(minplan.runner, "run_check", judging)
    target = tmp_path / "indicators.json"
    target.write_text("the previous table\n", encoding="utf-8")
    args = ["indicators", "珲春市", "--against", str(tmp_path), "--format", "json", "-o", str(target)]
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}

    def unhandled(signum: int, frame: object) -> None:  # where the command installs no handler of its own
        raise AssertionError("the command does not handle the signal")

    signal.signal(signal.SIGTERM, unhandled)
    try:
        result = CliRunner().invoke(app, args)
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    assert result.exit_code == code, result.output
    assert "stopped by a signal" in result.output and "Traceback" not in result.output
    assert target.read_text(encoding="utf-8") == "the previous table\n"
