"""Rule and plan files are read by the records' bounded reader: a broken one is a corpus error naming file,
line and what, never a traceback; what YAML 1.1 reads otherwise than a reader would is refused."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path
from typing import Any

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


GOLD_RULE = """\
plan: yanbian-2021
rules:
  - id: yanbian-2021/min-scale/linked-gold
    kind: min_scale
    force: binding
    title: {zh: 金矿最低开采规模, en: minimum scale of a gold mine}
    citation: {section: 第四章, table: 专栏5, row: "5"}
    scope: {rights: [mining], minerals: [金]}
    params: {unit: 万吨/年, minimum: 3}
"""
IRON_RULE = GOLD_RULE.replace("linked-gold", "own-iron").replace("[金]", "[铁]").replace("金矿", "铁矿")


def test_a_folder_of_rules_reached_through_a_link_is_read(tmp_path: Path):
    """A linked folder of a corpus was passed over (as pathlib's recursive glob does): its provisions bound
    nothing, and the example's 2万吨/年 against a minimum of 3 passed. Links back up do not loop."""
    elsewhere = tmp_path / "shared"
    elsewhere.mkdir()
    (elsewhere / "gold.yaml").write_text(GOLD_RULE, "utf-8")
    rules = tmp_path / "rules"
    (rules / "own").mkdir(parents=True)
    (rules / "own" / "iron.yaml").write_text(IRON_RULE, "utf-8")
    (rules / "linked").symlink_to(elsewhere, target_is_directory=True)
    (rules / "own" / "up").symlink_to(rules, target_is_directory=True)
    (rules / "again").symlink_to(rules / "linked", target_is_directory=True)  # a second way to one folder
    corpus = load_corpus(rules)
    assert sorted(r.id for r in corpus.rules) == [
        "yanbian-2021/min-scale/linked-gold",
        "yanbian-2021/min-scale/own-iron",
    ]
    result = CliRunner().invoke(app, ["check", str(EXAMPLE), "--rules", str(rules), "--format", "json"])
    assert result.exit_code == 1, result.output
    [record] = json.loads(result.stdout)["records"]
    assert {f["rule"]: f["status"] for f in record["findings"]}["yanbian-2021/min-scale/linked-gold"] == "fail"


def test_a_folder_of_rules_that_cannot_be_listed_is_a_corpus_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A subfolder the run may not list was passed over unsaid, and its provisions with it."""
    rules = tmp_path / "rules"
    (rules / "closed").mkdir(parents=True)
    (rules / "closed" / "gold.yaml").write_text(GOLD_RULE, "utf-8")
    (rules / "iron.yaml").write_text(IRON_RULE, "utf-8")
    scandir = os.scandir

    def refusing(path: Any = ".") -> Any:
        if Path(path) == rules / "closed":
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    with pytest.raises(CorpusError, match=r"closed: cannot list the folder: Permission denied"):
        load_corpus(rules)


def test_a_rule_file_over_the_size_limit_names_the_corpus_limit_not_an_option(tmp_path: Path):
    """Refused, it pointed at --max-bytes, which bounds the records a check reads and not the corpus."""
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "big.yaml").write_bytes(b"plan: yanbian-2021\n" + b"#" * (10 * 1024 * 1024 + 10) + b"\n")
    with pytest.raises(CorpusError, match="a corpus file may have") as refused:
        load_corpus(rules=folder)
    assert "--max-bytes" not in str(refused.value)
