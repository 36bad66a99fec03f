"""The shipped corpus read plan by plan: order, errors, threads; and the cache of parsed files."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minplan import rulebook, yamlio
from minplan.cli import app
from minplan.loader import load_text
from minplan.resources import rules_dir
from minplan.rulebook import CorpusError, default_corpus

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "yanbian-gold.yaml"


@pytest.fixture
def shipped_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped rules that the shipped-corpus loader reads instead."""
    root = tmp_path / "rules"
    shutil.copytree(rules_dir(), root)
    monkeypatch.setattr(rulebook, "rules_dir", lambda: root)
    return root


def _break(path: Path) -> None:
    path.write_text(path.read_text("utf-8").replace("kind: min_scale", "kind: no_such_kind", 1), "utf-8")


def test_rules_read_plan_by_plan_come_back_in_file_order(corpus):
    lazy = default_corpus.__wrapped__()
    for plan_id in ("taonan-2021", "jilin-2011", "yanbian-2021", "dandong-2021", "linjiang-2021"):
        lazy.rules_of(plan_id)
    assert not lazy.unread()
    assert [r.id for r in lazy.rules] == [r.id for r in corpus.rules]


def test_a_plan_with_a_broken_file_is_read_all_or_nothing(shipped_copy: Path):
    _break(shipped_copy / "yanbian-2021" / "min_scale.yaml")
    lazy = default_corpus.__wrapped__()
    for _ in range(2):  # and again: the plan is not left half read
        with pytest.raises(CorpusError, match="no_such_kind"):
            lazy.rules_of("yanbian-2021")
        assert "yanbian-2021" in lazy.unread()
        assert not any(r.startswith("yanbian-2021/") for r in lazy.files)


def test_a_broken_plan_met_during_a_check_is_exit_2(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch):
    _break(shipped_copy / "yanbian-2021" / "min_scale.yaml")
    monkeypatch.setattr(rulebook, "default_corpus", default_corpus.__wrapped__)
    result = CliRunner().invoke(app, ["check", str(EXAMPLE), "--format", "json"])
    assert result.exit_code == 2
    assert "rule corpus error" in result.output and "no_such_kind" in result.output


def test_a_shipped_rule_file_outside_its_plan_folder_is_an_error(shipped_copy: Path):
    (shipped_copy / "yanbian-2021" / "siting.yaml").rename(shipped_copy / "siting.yaml")
    with pytest.raises(CorpusError, match="rules/<plan id>/"):
        default_corpus.__wrapped__()


def test_a_rule_file_in_another_plans_folder_is_an_error(shipped_copy: Path):
    (shipped_copy / "yanbian-2021" / "siting.yaml").rename(shipped_copy / "jilin-2011" / "yanbian-siting.yaml")
    lazy = default_corpus.__wrapped__()
    with pytest.raises(CorpusError, match="lies in jilin-2011's folder"):
        lazy.rules_of("jilin-2011")


def test_threads_reading_one_plan_see_all_its_rules(corpus):
    lazy = default_corpus.__wrapped__()
    [item] = load_text(EXAMPLE.read_text("utf-8"), str(EXAMPLE))
    record = item.record
    assert record is not None
    expected = len(corpus.candidates("yanbian-2021", record.right, record.application, record.mineral, "222404"))
    seen: list[int] = []
    start = threading.Barrier(8)

    def look() -> None:
        start.wait()
        found = lazy.candidates("yanbian-2021", record.right, record.application, record.mineral, "222404")
        seen.append(len(found))

    threads = [threading.Thread(target=look) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert expected > 0 and seen == [expected] * 8


def test_the_cache_of_parsed_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MINPLAN_CACHE", str(tmp_path / "cache"))
    source = tmp_path / "data.yaml"
    source.write_text("a: 1\n", "utf-8")
    assert yamlio.load_data_file(source) == {"a": 1}
    [cached] = list((tmp_path / "cache").rglob("*.json"))
    source.write_text("a: 22\n", "utf-8")  # changed: another size, so another stamp
    assert yamlio.load_data_file(source) == {"a": 22}
    cached.write_text("{not json", "utf-8")  # a broken cache file is parsed around, then replaced
    assert yamlio.load_data_file(source) == {"a": 22}
    assert yamlio.load_data_file(source) == {"a": 22}
    assert '"a": 22' in cached.read_text("utf-8")


def test_a_batch_leaves_the_collector_as_it_found_it(corpus, tmp_path: Path):
    import gc

    from minplan.runner import run_check

    (tmp_path / "r.yaml").write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        run_check([tmp_path], corpus)
        assert gc.get_threshold() == (700, 10, 10) and gc.get_freeze_count() == 0
        gc.freeze()  # a host program that froze its heap keeps it frozen
        frozen = gc.get_freeze_count()
        run_check([tmp_path], corpus)
        assert gc.get_freeze_count() >= frozen > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
