"""The cache of parsed corpus files is only a faster copy of the sources: it never changes a verdict."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minplan import yamlio
from minplan.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "yanbian-gold.yaml"  # underground gold, small deposit, 2万吨/年

RULES = """\
plan: yanbian-2021
rules:
  - id: yanbian-2021/min-scale/own-gold
    kind: min_scale
    force: binding
    title: {zh: 金矿最低开采规模, en: minimum scale of a gold mine}
    citation: {section: 第四章, table: 专栏5, row: "5"}
    scope: {rights: [mining], minerals: [金]}
    params: {unit: 万吨/年, minimum: 3}
    examples: [{name: below, expect: fail, record: {capacity: 1万吨/年}}]
"""


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MINPLAN_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("MINPLAN_NO_CACHE", raising=False)
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "gold.yaml").write_text(RULES, "utf-8")
    return folder


def _check(folder: Path) -> dict:
    result = runner.invoke(app, ["check", str(EXAMPLE), "--rules", str(folder), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    [record] = json.loads(result.output)["records"]
    [finding] = [f for f in record["findings"] if f["rule"] == "yanbian-2021/min-scale/own-gold"]
    return finding


def _entry(tmp_path: Path) -> Path:
    """The cache entry of the rule file (the others are the shipped plans and vocabularies)."""
    [entry] = [p for p in (tmp_path / "cache").rglob("*.json") if "own-gold" in p.read_text("utf-8")]
    return entry


def test_an_edited_entry_is_not_believed(corpus: Path, tmp_path: Path):
    assert _check(corpus)["status"] == "fail"  # 2 < 3; this run writes the cache
    entry = _entry(tmp_path)
    header, payload = entry.read_text("utf-8").split("\n", 1)
    assert '"minimum": 3' in payload
    entry.write_text(header + "\n" + payload.replace('"minimum": 3', '"minimum": 1'), "utf-8")  # key kept
    finding = _check(corpus)
    assert finding["status"] == "fail" and "3" in finding["required"], finding
    assert '"minimum": 3' in entry.read_text("utf-8")  # and the entry is written again from the source


def test_an_edit_that_keeps_size_and_mtime_is_seen(corpus: Path):
    source = corpus / "gold.yaml"
    assert _check(corpus)["status"] == "fail"
    stat = source.stat()
    source.write_text(RULES.replace("minimum: 3", "minimum: 1"), "utf-8")  # same length
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert source.stat().st_size == stat.st_size and source.stat().st_mtime_ns == stat.st_mtime_ns
    assert _check(corpus)["status"] == "pass"


@pytest.mark.parametrize(
    "content",
    [
        '{"stamp": ["x", 1, 2], "data": 5}',  # the old layout
        "[1, 2, 3]",
        '{"key": "0", "digest": "0"}\n{"plan": 5}',  # a header that does not match
        '{"key": 5}\n[]',
        "\n\n",
        "{not json",
        "[" * 100_000 + "\n{}",  # nested past what the JSON decoder follows
    ],
)
def test_an_entry_of_the_wrong_shape_is_ignored_and_rewritten(corpus: Path, tmp_path: Path, content: str):
    assert _check(corpus)["status"] == "fail"
    entry = _entry(tmp_path)
    entry.write_text(content, "utf-8")
    assert _check(corpus)["status"] == "fail"
    assert "own-gold" in entry.read_text("utf-8")


def test_a_tampered_entry_with_a_forged_header_is_not_believed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Even an entry whose header names the right key but whose data was swapped is parsed around."""
    monkeypatch.setenv("MINPLAN_CACHE", str(tmp_path / "cache"))
    source = tmp_path / "data.yaml"
    source.write_text("a: 1\n", "utf-8")
    assert yamlio.load_data_file(source) == {"a": 1}
    [entry] = (tmp_path / "cache").rglob("*.json")
    header = json.loads(entry.read_text("utf-8").split("\n", 1)[0])
    entry.write_text(json.dumps(header) + "\n" + json.dumps({"a": 2}), "utf-8")
    assert yamlio.load_data_file(source) == {"a": 1}


def test_an_entry_nested_too_deep_for_the_decoder_is_parsed_around(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Brackets nested past the JSON decoder's depth, in the header or (under a digest that holds) in the data,
    are an entry that cannot be used, not an error of the run."""
    monkeypatch.setenv("MINPLAN_CACHE", str(tmp_path / "cache"))
    source = tmp_path / "data.yaml"
    source.write_text("a: 1\n", "utf-8")
    assert yamlio.load_data_file(source) == {"a": 1}
    [entry] = (tmp_path / "cache").rglob("*.json")
    deep = b"[" * 100_000
    entry.write_bytes(deep + b"\n{}")
    assert yamlio.load_data_file(source) == {"a": 1}
    key = yamlio._key(source.read_bytes())
    entry.write_bytes(json.dumps({"key": key, "digest": yamlio._digest(key, deep)}).encode() + b"\n" + deep)
    assert yamlio.load_data_file(source) == {"a": 1}


def test_an_entry_made_by_another_version_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MINPLAN_CACHE", str(tmp_path / "cache"))
    source = tmp_path / "data.yaml"
    source.write_text("a: 1\n", "utf-8")
    monkeypatch.setattr(yamlio, "READER_VERSION", "an older reader")
    assert yamlio.load_data_file(source) == {"a": 1}
    [entry] = (tmp_path / "cache").rglob("*.json")
    old_key = yamlio._key(source.read_bytes())
    payload = json.dumps({"a": 2}).encode()  # what the older reader is taken to have read
    header = json.dumps({"key": old_key, "digest": yamlio._digest(old_key, payload)}).encode()
    entry.write_bytes(header + b"\n" + payload)
    assert yamlio.load_data_file(source) == {"a": 2}  # a well-formed entry of that reader (so the forgery holds)
    monkeypatch.undo()
    monkeypatch.setenv("MINPLAN_CACHE", str(tmp_path / "cache"))
    assert yamlio.load_data_file(source) == {"a": 1}  # another reader does not


def test_the_key_knows_the_code_that_decodes_and_the_parser_it_runs_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """readers.base decodes a corpus file's bytes: an entry made while it decoded otherwise (same version number,
    an editable install) is not used; nor one made by the other YAML parser (libyaml's or PyYAML's own)."""
    import yaml as pyyaml

    from minplan.readers import base
    from minplan.readers import yaml as reader

    before = yamlio._reader_code()
    changed = tmp_path / "base.py"
    changed.write_bytes(Path(base.__file__).read_bytes().replace(b'"gb18030"', b'"gbk"'))
    monkeypatch.setattr(base, "__file__", str(changed))
    assert yamlio._reader_code() != before
    used = reader._TextComposer.__mro__[1]  # the parser the composers were made over
    assert yamlio._parser().startswith("libyaml ") == (used is not pyyaml.SafeLoader)
    monkeypatch.setattr(reader, "_loader", lambda: pyyaml.SafeLoader)
    assert yamlio._parser() == "its own parser"


def test_data_larger_than_an_entry_may_hold_is_not_written_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A long text repeated by aliases: JSON spells it out each time. Written, the entry was far larger than the
    source and than an entry may be read (a 200 kB file made 400 MB, over a gigabyte of memory, at every run)."""
    monkeypatch.setenv("MINPLAN_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(yamlio, "_ENTRY_MOST", 20_000)
    source = tmp_path / "data.yaml"
    source.write_text(f"note: &n {'x' * 1000}\nrefs: [{', '.join(['*n'] * 50)}]\n", "utf-8")
    for _ in range(2):
        data = yamlio.load_data_file(source)
        assert len(data["refs"]) == 50 and data["refs"][-1] == "x" * 1000
        assert not list((tmp_path / "cache").rglob("*.json"))
    source.write_text(f"note: &n {'x' * 1000}\nrefs: [{', '.join(['*n'] * 5)}]\n", "utf-8")  # within bounds
    assert len(yamlio.load_data_file(source)["refs"]) == 5
    assert list((tmp_path / "cache").rglob("*.json"))


def test_data_that_json_would_change_is_not_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MINPLAN_CACHE", str(tmp_path / "cache"))
    source = tmp_path / "data.yaml"
    source.write_text("1: one\nb: two\n", "utf-8")  # JSON would turn the number key into text
    assert yamlio.load_data_file(source) == {1: "one", "b": "two"}
    assert yamlio.load_data_file(source) == {1: "one", "b": "two"}
    assert not list((tmp_path / "cache").rglob("*.json"))


def _env(**changes: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MINPLAN_CACHE", "XDG_CACHE_HOME", "HOME")}
    env.update({k: v for k, v in changes.items() if v is not None})
    return env


@pytest.mark.parametrize("home", ["unset", "missing"])
def test_without_a_usable_home_it_runs_and_creates_nothing(tmp_path: Path, home: str):
    missing = tmp_path / "gone" / "home"
    env = _env(HOME=None if home == "unset" else str(missing))
    result = subprocess.run(
        [sys.executable, "-m", "minplan", "check", str(EXAMPLE), "--format", "json"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr  # the example fails its minimum scale, as it should
    assert json.loads(result.stdout)["records"][0]["status"] == "fail"
    assert not (tmp_path / "gone").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_no_cache_folder_when_home_is_unset_or_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("MINPLAN_CACHE", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("HOME", raising=False)
    if os.name == "posix":
        assert yamlio.cache_dir() is None
    monkeypatch.setenv("HOME", str(tmp_path / "missing"))
    assert yamlio.cache_dir() is None
    monkeypatch.setenv("HOME", str(tmp_path))
    found = yamlio.cache_dir()
    assert found is not None and found.is_relative_to(tmp_path) and not found.exists()


def test_minplan_cache_may_be_made_but_not_its_parent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MINPLAN_CACHE", str(tmp_path / "a" / "b"))
    assert yamlio.cache_dir() is None
    monkeypatch.setenv("MINPLAN_CACHE", str(tmp_path / "a"))
    source = tmp_path / "data.yaml"
    source.write_text("a: 1\n", "utf-8")
    assert yamlio.load_data_file(source) == {"a": 1}
    assert list((tmp_path / "a").rglob("*.json"))


def test_minplan_no_cache_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MINPLAN_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("MINPLAN_NO_CACHE", "1")
    source = tmp_path / "data.yaml"
    source.write_text("a: 1\n", "utf-8")
    assert yamlio.load_data_file(source) == {"a": 1}
    assert not (tmp_path / "cache").exists()


def test_minplan_no_cache_reads_no_entry_either(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """An entry others wrote, forged with a digest worked out anew, is not read when the cache is off."""
    monkeypatch.setenv("MINPLAN_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("MINPLAN_NO_CACHE", raising=False)
    source = tmp_path / "data.yaml"
    source.write_text("a: 1\n", "utf-8")
    assert yamlio.load_data_file(source) == {"a": 1}
    [entry] = (tmp_path / "cache").rglob("*.json")
    header, _, _ = entry.read_bytes().partition(b"\n")
    key = json.loads(header)["key"]
    forged = json.dumps({"a": 2}).encode()
    entry.write_bytes(json.dumps({"key": key, "digest": yamlio._digest(key, forged)}).encode() + b"\n" + forged)
    assert yamlio.load_data_file(source) == {"a": 2}  # what a forger who can write the folder gets
    monkeypatch.setenv("MINPLAN_NO_CACHE", "1")
    assert yamlio.load_data_file(source) == {"a": 1}
