"""Reports are written record by record: the same report whether a batch is judged in one process or in
several, and the JSON report exactly what json.dumps makes of the contract's dict."""

from __future__ import annotations

import io
import json
import pickle
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minplan.cli import app
from minplan.engine import RecordResult
from minplan.report.base import Context, Meta, Renderer, load, names, replay
from minplan.report.json_report import run_to_dict
from minplan.rulebook import default_corpus
from minplan.runner import PARALLEL_FROM, run_check
from minplan.views import RecordView

runner = CliRunner()

VARIED = """\
id: S-{i:04d}
right: {right}
application: {application}
date: {date}
location:
  county: {county}
  zones: []
mineral: {mineral}
method: {method}
capacity: {capacity}
deposit_scale: {scale}
mine_scale: {scale}
holder: 公司{holder}
"""


def _varied(root: Path, n: int) -> Path:
    counties = ["珲春市", "临江市", "洮南市", "宽甸满族自治县", "东港市", "延吉市"]
    minerals = [("岩金", "万吨/年"), ("建筑用花岗岩", "万立方米/年"), ("矿泉水", "万吨/年"), ("铁", "万吨/年")]
    for i in range(n):
        mineral, unit = minerals[(i // 7) % 4]
        text = VARIED.format(
            i=i,
            right=["采矿权", "探矿权"][i % 2],
            application=["新立", "延续", "改扩建", "探转采" if i % 2 == 0 else "变更"][(i // 2) % 4],
            date=["2023-06-01", "2012-03-01", "2027-01-15", "2021-11-30"][(i // 5) % 4],
            county=counties[(i // 3) % 6],
            mineral=mineral,
            method=["地下开采", "露天开采"][(i // 11) % 2],
            capacity=f"{1 + i * 7 % 40} {unit}",
            scale=["大型", "中型", "小型"][(i // 13) % 3],
            holder=i % 40,
        )
        (root / f"r{i:04d}.yaml").write_text(text, encoding="utf-8")
    (root / "broken.yaml").write_text("id: x\nright: [mining\n", encoding="utf-8")
    (root / "two.yaml").write_text(VARIED.format(**_one()) + "---\n" + VARIED.format(**_one(i=9999)), "utf-8")
    return root


def _one(i: int = 9998) -> dict[str, object]:
    return dict(
        i=i,
        right="采矿权",
        application="新立",
        date="2023-06-01",
        county="珲春市",
        mineral="岩金",
        method="地下开采",
        capacity="2 万吨/年",
        scale="小型",
        holder=1,
    )


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> Path:
    return _varied(tmp_path_factory.mktemp("large"), PARALLEL_FROM + 50)


def _cells(path: Path) -> bytes:
    """A workbook's cells (its zip holds the time it was written)."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(path.read_bytes()), read_only=True)  # whatever its name
    return repr([[list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book]).encode()


def test_serial_and_parallel_runs_write_the_same_report_in_every_format(large: Path, tmp_path: Path):
    for name in names():
        reports = {}
        for jobs in ("1", "2"):
            default_corpus.cache_clear()  # each run learns from nothing, as a command does
            target = tmp_path / f"{name}-{jobs}"
            result = runner.invoke(
                app, ["check", str(large), "--format", name, "--jobs", jobs, "--lang", "en", "-o", str(target)]
            )
            assert result.exit_code == 2, (name, result.output)  # the broken file
            reports[jobs] = _cells(target) if name == "xlsx" else target.read_bytes()
        assert reports["1"] == reports["2"], name
        assert len(reports["1"]) > 10_000, name


def test_a_json_report_is_json_dumps_of_the_contract_dict(tmp_path: Path):
    """Indented for 50 records or fewer, compact above: byte for byte as reports have always been."""
    for n, indent in ((20, 2), (80, None)):
        folder = tmp_path / str(n)
        folder.mkdir()
        _varied(folder, n)
        kept = run_check([folder], default_corpus(), keep=True)
        expected = json.dumps(run_to_dict(kept, "zh"), ensure_ascii=False, indent=indent) + "\n"
        result = runner.invoke(app, ["check", str(folder), "--format", "json", "-o", str(folder / "r.out")])
        assert result.exit_code == 2, result.output
        assert (folder / "r.out").read_text(encoding="utf-8") == expected
        assert replay(load("json"), kept, "zh") == expected


def test_a_json_report_writes_its_bytes_in_order_with_the_streams_text(tmp_path: Path):
    """The JSON report writes a record's UTF-8 bytes under a text stream that writes UTF-8, and decodes them for
    any other: what the stream was given as text before and after stays where it was, in either."""
    import io

    from minplan.report.base import Context, Ending, Meta

    _varied(tmp_path, 80)  # more than the indented report's 50: records are written as they come
    corpus = default_corpus()
    kept = run_check([tmp_path], corpus, keep=True)
    expected = replay(load("json"), kept, "zh")
    for encoding in ("utf-8", "gb18030"):
        raw = io.BytesIO()
        out = io.TextIOWrapper(raw, encoding=encoding, errors="backslashreplace")
        report = load("json")(out, "zh", corpus)
        meta = Meta(files=len(kept.records), missing=0, ignored=0)
        out.write("before\n")
        report.start(meta)
        for number, result in enumerate(kept.records):
            report.record(load("json").prepare(result, Context("zh", corpus, meta)))
            if number == 60:
                assert (report.raw is not None) == (encoding == "utf-8")
        ending = kept.aggregate, kept.summary(), kept.notes, kept.ignored_files
        report.finish(Ending(*ending, kept.unchecked(corpus), kept.plan_notes(corpus)))
        out.write("after\n")
        out.flush()
        assert raw.getvalue().decode(encoding) == "before\n" + expected + "after\n", encoding


def test_a_run_keeps_views_only_unless_asked(large: Path):
    corpus = default_corpus()
    run = run_check([large], corpus, jobs=1)
    assert run.records == [] and len(run.views) == PARALLEL_FROM + 53
    assert all(isinstance(v, RecordView) for v in run.views)
    with pytest.raises(ValueError, match="keep=True"):
        replay(load("json"), run)
    kept = run_check([large], corpus, jobs=2, keep=True)
    assert [r.id for r in kept.records] == [v.id for v in run.views]
    assert kept.summary() == run.summary() and kept.aggregate == run.aggregate


def test_every_format_is_a_renderer_whose_pieces_travel(tmp_path: Path):
    """What a format's prepare makes of a record is sent from a worker process: it must pickle."""
    _varied(tmp_path, 3)
    corpus = default_corpus()
    run = run_check([tmp_path], corpus, keep=True)
    assert {"table", "json", "junit", "sarif", "github", "markdown"} <= set(names())
    for name in names():
        kind = load(name)
        assert issubclass(kind, Renderer)
        for result in run.records:
            assert isinstance(result, RecordResult)
            pickle.loads(pickle.dumps(kind.prepare(result, Context("zh", corpus, Meta(3, 0, 0)))))
    with pytest.raises(LookupError, match="formats"):
        load("xml")


class _Log(Renderer):
    """Records what a run calls, in order."""

    calls: list[str]

    @staticmethod
    def prepare(result: RecordResult, context: Context) -> str:
        return result.id or result.file

    def start(self, meta: Meta) -> None:
        self.calls = [f"start {meta.files}"]

    def record(self, item: str) -> None:
        self.calls.append("record")

    def finish(self, end) -> None:
        self.calls.append(f"finish {end.summary['records']}")


@pytest.mark.parametrize("jobs", [1, 2])
def test_each_record_is_written_before_later_ones_are_counted(large: Path, jobs: int):
    log = _Log(None)  # type: ignore[arg-type]
    run_check([large], default_corpus(), jobs=jobs, report=log, progress=lambda done, total: log.calls.append("done"))
    n = PARALLEL_FROM + 53
    assert log.calls == [f"start {PARALLEL_FROM + 52}", *["record", "done"] * n, f"finish {n}"]
