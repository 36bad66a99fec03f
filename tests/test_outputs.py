"""Where -o writes: files replaced whole, never an input; pipes, devices and stdout written as they are."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from minplan.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "yanbian-gold.yaml"
runner = CliRunner()


def _check(*args: str):
    return runner.invoke(app, ["check", *args])


def _minplan(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "minplan", "check", *args], capture_output=True, check=False, timeout=120, **kwargs
    )


def test_dev_stdout_is_written_not_replaced():
    before = os.lstat("/dev/stdout")
    proc = _minplan(str(EXAMPLE), "--format", "json", "-o", "/dev/stdout")
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["records"][0]["id"] == "YB-2023-001"
    after = os.lstat("/dev/stdout")
    assert stat.S_ISLNK(after.st_mode) == stat.S_ISLNK(before.st_mode)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)  # /dev/stdout is still what it was


def test_dev_stdout_appends_where_stdout_appends(tmp_path: Path):
    log = tmp_path / "log.txt"
    log.write_text("earlier lines\n", encoding="utf-8")
    with log.open("a", encoding="utf-8") as fh:
        proc = subprocess.run(
            [sys.executable, "-m", "minplan", "check", str(EXAMPLE), "--format", "github", "-o", "/dev/stdout"],
            stdout=fh,
            stderr=subprocess.PIPE,
            check=False,
            timeout=120,
        )
    assert proc.returncode == 1, proc.stderr
    text = log.read_text(encoding="utf-8")
    assert text.startswith("earlier lines\n") and "::error" in text


def test_a_fifo_is_written_directly(tmp_path: Path):
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = _check(str(EXAMPLE), "--format", "json", "-o", str(fifo))
    reader.join(timeout=60)
    assert result.exit_code == 1, result.output
    assert json.loads(got[0])["records"][0]["status"] == "fail"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # still a FIFO, nothing left beside it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.fifo"]


def test_a_character_device_is_written_directly():
    result = _check(str(EXAMPLE), "--format", "junit", "-o", os.devnull)
    assert result.exit_code == 1, result.output
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_an_input_file_is_refused(tmp_path: Path):
    record = tmp_path / "a.yaml"
    original = EXAMPLE.read_text(encoding="utf-8")
    record.write_text(original, encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(record)
    hard = tmp_path.parent / f"{tmp_path.name}-hard.yaml"
    os.link(record, hard)
    for target in (record, link, hard):
        result = _check(str(tmp_path), "--format", "json", "-o", str(target))
        assert result.exit_code == 2, result.output
        assert "is one of the inputs" in result.output and "Traceback" not in result.output
    assert record.read_text(encoding="utf-8") == original


def test_a_missing_folder_is_exit_2(tmp_path: Path):
    result = _check(str(EXAMPLE), "--format", "json", "-o", str(tmp_path / "nowhere" / "r.json"))
    assert result.exit_code == 2
    assert "does not exist" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "nowhere").exists()


def test_a_folder_is_exit_2(tmp_path: Path):
    result = _check(str(EXAMPLE), "-o", str(tmp_path))
    assert result.exit_code == 2 and "is a folder" in result.output


def test_a_read_only_folder_is_exit_2(read_only_folder: Path):
    result = _check(str(EXAMPLE), "--format", "json", "-o", str(read_only_folder / "r.json"))
    assert result.exit_code == 2, result.output
    assert "cannot write in folder" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_report_has_the_mode_the_umask_allows(tmp_path: Path, umask: int, mode: int):
    target = tmp_path / "report.json"
    proc = _minplan(str(EXAMPLE), "--format", "json", "-o", str(target), preexec_fn=lambda: os.umask(umask))
    assert proc.returncode == 1, proc.stderr
    assert stat.S_IMODE(target.stat().st_mode) == mode


def test_a_replaced_report_keeps_its_mode_and_links(tmp_path: Path):
    real = tmp_path / "reports" / "r.xml"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "latest.xml"
    link.symlink_to(real)
    result = _check(str(EXAMPLE), "--format", "junit", "-o", str(link))
    assert result.exit_code == 1, result.output
    assert link.is_symlink() and "<testsuites" in real.read_text(encoding="utf-8")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in real.parent.iterdir()) == ["r.xml"]  # no temporary file left


def _two_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, on_sync: Callable[[int], None]
) -> tuple[Path, Path, Callable[[], Any]]:
    """Two files of -o holding an old report, and a run writing both; ``on_sync(n)`` runs as the n-th is synced
    (the real sync done after it, unless it raises)."""
    first, second = tmp_path / "a.json", tmp_path / "b.sarif"
    first.write_text("old", encoding="utf-8")
    second.write_text("old", encoding="utf-8")
    synced: list[int] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        synced.append(fd)
        on_sync(len(synced))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return first, second, lambda: _check(str(EXAMPLE), "--quiet", "-o", f"json={first}", "-o", f"sarif={second}")


def test_the_reports_of_one_run_take_their_places_together(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A signal between two files of -o replaced the first and left the second as it was (exit 143): reports of
    two runs side by side. Once complete they take their places all together, and the run ends as judged."""
    import signal

    def on_sync(n: int) -> None:
        if n == 2:
            os.kill(os.getpid(), signal.SIGTERM)  # the first in its place, the second written out

    first, second, run = _two_reports(tmp_path, monkeypatch, on_sync)
    previous = signal.getsignal(signal.SIGTERM)
    try:
        result = run()
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert result.exit_code == 1, result.output
    assert first.read_text(encoding="utf-8") != "old" and second.read_text(encoding="utf-8") != "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.sarif"]


def test_an_error_is_exit_2_when_standard_error_is_gone(tmp_path: Path):
    """The message of an exit 2 could not be written to a closed standard error, and the run exited 1."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        args = [sys.executable, "-m", "minplan", "check", str(EXAMPLE), "-o", str(tmp_path / "missing" / "r.json")]
        proc = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=write_end, check=False, timeout=120)
    finally:
        os.close(write_end)
    assert proc.returncode == 2


@pytest.mark.parametrize("failing", [1, 2])
def test_a_report_that_cannot_be_written_leaves_every_file_of_the_run_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: int
):
    """A full disk as the first or the second file of -o is written out: neither takes its place, so that no file
    holds this run's report beside another holding the run before's."""
    import errno

    def on_sync(n: int) -> None:
        if n == failing:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    first, second, run = _two_reports(tmp_path, monkeypatch, on_sync)
    result = run()
    assert result.exit_code == 2 and "No space left" in result.output, result.output
    assert first.read_text(encoding="utf-8") == "old" and second.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.sarif"]  # no temporary file left
