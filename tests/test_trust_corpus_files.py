"""Rule and plan files are read by the records' bounded reader: a broken one is a corpus error naming file,
line and what, never a traceback; what YAML 1.1 reads otherwise than a reader would is refused."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minplan.cli import app
from minplan.readers.yaml import DataFileError, read_data_file
from minplan.rulebook import CorpusError, load_corpus

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "yanbian-gold.yaml"
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)

BROKEN = {
    "syntax": ("plan: yanbian-2021\nrules: [unclosed\n", 3, "syntax error"),
    "tag": ("plan: !!python/object/apply:os.system [ls]\n", 1, "not allowed"),
    "bomb": (BOMB, 6, "over 100000 values"),
    "deep": ("plan: " + "[" * 200 + "]" * 200 + "\n", 1, "nesting deeper than 64"),
    "deep-block": ("".join(f"{'  ' * i}k{i}:\n" for i in range(80)) + "  " * 80 + "x: 1\n", 65, "nesting deeper"),
    "duplicate": ("plan: yanbian-2021\nplan: taonan-2021\n", 2, "duplicate key 'plan'"),
    "octal": ("plan: yanbian-2021\nrules:\n  - id: x\n    n: 0100\n", 4, "'0100' is read by YAML 1.1 as 64"),
    "base60": ("plan: yanbian-2021\nstart: 12:30\n", 2, "as 750"),
    "yes": ("plan: yanbian-2021\nbinding: yes\n", 2, "'yes' is read by YAML 1.1 as True"),
    "inf": ("plan: yanbian-2021\nminimum: .inf\n", 2, "finite"),
    "merge": ("base: &b {x: 1}\nplan: yanbian-2021\nother:\n  <<: *b\n", 4, "merge keys"),
    "two-documents": ("plan: yanbian-2021\n---\nplan: taonan-2021\n", 3, "one YAML document"),
    "encoding": (b"plan: \xff\xfe\xfa\n", None, "cannot decode"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_rule_file_is_a_corpus_error_with_file_and_line(tmp_path: Path, name: str):
    text, line, what = BROKEN[name]
    path = tmp_path / "rules" / f"{name}.yaml"
    path.parent.mkdir()
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    start = time.perf_counter()
    with pytest.raises(CorpusError) as caught:
        load_corpus(rules=path.parent)
    assert time.perf_counter() - start < 10
    message = str(caught.value)
    assert str(path) in message and what in message
    if line is not None:
        assert f"line {line}" in message


def test_a_broken_rule_file_exits_2_with_a_message_not_a_traceback(tmp_path: Path):
    (tmp_path / "bomb.yaml").write_text(BOMB, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(EXAMPLE), "--rules", str(tmp_path)])
    assert result.exit_code == 2
    assert "rule corpus error" in result.output and "bomb.yaml: line 6" in result.output
    assert "Traceback" not in result.output


@pytest.mark.skipif(os.name != "posix", reason="FIFOs as POSIX has them")
def test_a_fifo_as_a_rule_file_is_refused(tmp_path: Path):
    os.mkfifo(tmp_path / "pipe.yaml")
    with pytest.raises(CorpusError, match="FIFO"):
        load_corpus(rules=tmp_path)


def test_corpus_files_keep_yaml_types():
    data = read_data_file_text("a: 1\nb: 1.5\nc: true\nd: ~\ne: 2023-06-01\nf: '0100'\ng: [x, -3]\nh: 1e3\n")
    assert data == {
        "a": 1,
        "b": 1.5,
        "c": True,
        "d": None,
        "e": dt.date(2023, 6, 1),
        "f": "0100",
        "g": ["x", -3],
        "h": "1e3",  # YAML 1.1 has no float without a point: text, as PyYAML reads it
    }


def read_data_file_text(text: str) -> object:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.yaml"
        path.write_text(text, encoding="utf-8")
        return read_data_file(path)


def test_a_corpus_error_carries_file_and_position(tmp_path: Path):
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\nb: [\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        read_data_file(path)
    assert caught.value.file == str(path) and caught.value.problem.line == 3
