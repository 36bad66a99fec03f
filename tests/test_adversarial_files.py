"""Files that are not what they seem: a report is one document, a cache entry a regular file; messages say what
was written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from minplan.loader import load_text

EXAMPLE = (Path(__file__).resolve().parent.parent / "examples" / "yanbian-gold.yaml").read_text("utf-8")


# ---- a report is one document ----


def test_a_stream_whose_first_document_looks_like_a_report_is_read_as_records():
    report = json.dumps({"version": 1, "records": [], "summary": {}})
    items = load_text(f"{report}\n---\n{EXAMPLE}", "a.yaml")
    assert [i.ignored for i in items] == [None, None]
    assert items[0].issues and items[1].record is not None
    [alone] = load_text(report, "a.yaml")
    assert alone.ignored is not None


# ---- messages ----


def test_a_boundary_refusal_does_not_claim_nothing_was_written():
    record = EXAMPLE.replace(
        "  lon: 130.36\n",
        "  boundary:\n    crs: EPSG:4531\n"
        "    points: [[43611148, 4748064], [43612148, 4748064], [43612148, 4749064]]\n",
    )
    [item] = load_text(record, "a.yaml")
    assert item.record is None and item.issues
    assert not any("written: null" in i.message for i in item.issues)


# ---- the corpus cache: an entry is a regular file, read within bounds ----


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_a_fifo_or_device_in_place_of_a_cache_entry_is_passed_over(tmp_path: Path):
    cache = tmp_path / "cache"
    env = {**os.environ, "MINPLAN_CACHE": str(cache)}
    env.pop("MINPLAN_NO_CACHE", None)
    code = (
        "from minplan.resources import data_dir\n"
        "from minplan.yamlio import load_data_file\n"
        "print(len(load_data_file(data_dir() / 'units.yaml')['units']))\n"
    )

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", code], env=env, timeout=60, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    expected = run()  # writes the entry
    [entry] = list(cache.rglob("*.json"))
    for replace in (lambda p: os.mkfifo(p), lambda p: p.symlink_to("/dev/zero")):
        entry.unlink()
        replace(entry)
        assert run() == expected  # read from the source (an open FIFO blocked, /dev/zero never ended)
        assert entry.is_file() and not entry.is_symlink()  # and the entry written again


def test_a_cache_entry_that_cannot_be_replaced_leaves_no_temporary_file(tmp_path: Path, monkeypatch):
    from minplan import yamlio

    monkeypatch.setenv("MINPLAN_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("MINPLAN_NO_CACHE", raising=False)
    source = tmp_path / "data.yaml"
    source.write_text("a: 1\n", "utf-8")
    assert yamlio.load_data_file(source) == {"a": 1}
    [entry] = list((tmp_path / "cache").rglob("*.json"))
    entry.unlink()
    entry.mkdir()  # its place taken by a folder
    source.write_text("a: 2\n", "utf-8")
    assert yamlio.load_data_file(source) == {"a": 2}
    assert not list((tmp_path / "cache").rglob("*.tmp"))


# ---- a workbook of a format no reader takes is an error, not "not a record file" ----


def test_a_workbook_minplan_does_not_read_is_an_error_saying_what_to_save_it_as(tmp_path: Path):
    from typer.testing import CliRunner

    from minplan.cli import app

    folder = tmp_path / "apps"
    folder.mkdir()
    (folder / "a.yaml").write_text(EXAMPLE.replace("capacity: 2 万吨/年", "capacity: 4 万吨/年"), "utf-8")
    (folder / "2023年申请.xlsb").write_bytes(b"PK\x03\x04")
    (folder / "台账.ET").write_bytes(b"\xd0\xcf\x11\xe0")
    result = CliRunner().invoke(app, ["check", str(folder), "--format", "json"])
    report = json.loads(result.stdout)
    errors = {Path(r["file"]).name: r["errors"][0]["message"] for r in report["records"] if r["status"] == "error"}
    assert ".xlsx" in errors["2023年申请.xlsb"] and ".xlsx" in errors["台账.ET"]
    assert not report.get("ignored")
    assert result.exit_code == 2
    result = CliRunner().invoke(app, ["check", str(folder / "2023年申请.xlsb"), "--format", "json"])
    assert result.exit_code == 2 and "save it as .xlsx" in result.stdout


def test_a_cache_entry_made_by_other_reader_code_under_the_same_version_is_not_used(tmp_path: Path):
    # the key held minplan's version number, which stays the same from commit to commit of an editable or git
    # install: a corpus file parsed by an older reader was served as the newer one would read it
    import shutil

    package = Path(__file__).resolve().parent.parent / "src" / "minplan"
    copy = tmp_path / "other" / "src"
    shutil.copytree(package, copy / "minplan", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("data", "rules"):
        (tmp_path / "other" / name).symlink_to(package.parent.parent / name)
    reader = copy / "minplan" / "readers" / "yaml.py"
    reader.write_text(reader.read_text("utf-8") + "\n# a reader that reads otherwise\n", "utf-8")
    cache = tmp_path / "cache"
    source = tmp_path / "data.yaml"
    source.write_text("a: 1\n", "utf-8")  # one corpus file, at one path: one entry
    code = f"from minplan.yamlio import load_data_file\nload_data_file({str(source)!r})\n"

    def key(pythonpath: Path) -> str:
        env = {**os.environ, "MINPLAN_CACHE": str(cache), "PYTHONPATH": str(pythonpath)}
        env.pop("MINPLAN_NO_CACHE", None)
        done = subprocess.run([sys.executable, "-c", code], env=env, timeout=60, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        entries = [e for e in cache.rglob("*.json") if b'"a"' in e.read_bytes()]
        [entry] = entries
        return json.loads(entry.read_bytes().partition(b"\n")[0])["key"]

    first = key(package.parent)
    assert key(copy) != first  # the other reader's entry, written again


# ---- what a file that cannot be read is, said ----


def test_a_socket_and_a_link_to_nothing_are_said_for_what_they_are(tmp_path: Path):
    import socket

    from minplan.loader import load_file

    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "s.yaml"))
        [item] = load_file(tmp_path / "s.yaml")
    assert "a socket" in item.issues[0].message  # was "No such device or address"
    (tmp_path / "a.yaml").symlink_to("nowhere.yaml")
    [item] = load_file(tmp_path / "a.yaml")
    assert "a link to nothing (nowhere.yaml)" in item.issues[0].message
