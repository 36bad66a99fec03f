"""The readers' one interface: what a reader yields, how a new format plugs in, and the YAML record reader
holding to PyYAML's structure while keeping every scalar as written."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from minplan.loader import load_source, load_text
from minplan.readers import READERS, RECORD_SUFFIXES, Document, Limits, Problem, ReadError, Source, reader_for
from minplan.readers import yaml as yaml_reader
from minplan.textnorm import plain_form

RECORD = {
    "id": "0123",
    "right": "mining",
    "application": "new",
    "date": "2023-06-01",
    "location": {"county": "Hunchun"},
    "mineral": "gold",
    "capacity": "2 万吨/年",
}


def test_readers_are_chosen_by_suffix_and_their_suffixes_are_searched():
    assert reader_for("A.YAML") is yaml_reader.READER and reader_for("a.json").name == "json"
    assert reader_for("a.XLSX").name == "workbook" and reader_for("a.csv").name == "csv"
    assert reader_for("a.docx") is None
    assert set(RECORD_SUFFIXES) == {s for r in READERS for s in r.suffixes}
    assert set(RECORD_SUFFIXES) == {".yaml", ".yml", ".json", ".csv", ".xlsx", ".xlsm", ".xls", ".ods"}


class RowsReader:
    """A reader of a format of its own (``key=value`` per cell, ``;`` between cells, one record a row): what a
    CSV or XLSX reader does, in a few lines."""

    name = "rows"
    suffixes = (".rows",)

    def documents(self, source: Source, limits: Limits) -> Iterator[Document]:
        for number, row in enumerate(source.text().splitlines(), start=1):
            if number > limits.max_documents:
                raise ReadError("too many rows", number)
            if row.startswith("!"):
                yield Document(number - 1, line=number, problem=Problem("a row that cannot be read", number, 1))
                continue
            cells = dict(cell.split("=", 1) for cell in row.split(";"))
            data: dict = {k: v for k, v in cells.items() if "." not in k}
            for key, value in cells.items():
                if "." in key:
                    outer, inner = key.split(".", 1)
                    data.setdefault(outer, {})[inner] = value
            columns = {key: (number, i + 1) for i, key in enumerate(cells)}
            yield Document(
                number - 1,
                data,
                number,
                positions=lambda c=columns: {tuple(k.split(".")): at for k, at in c.items()},
            )


def test_a_new_reader_plugs_in_and_its_positions_name_the_cell():
    row = ";".join(f"{k}={v}" for k, v in RECORD.items() if k != "location") + ";location.county=Hunchun"
    bad = row.replace("2 万吨/年", "0,5万吨/年")
    items = load_source(Source("r.rows", f"{row}\n!\n{bad}\n".encode()), reader=RowsReader())
    assert items[0].record is not None and items[0].record.id == "0123", items[0].issues
    assert items[1].issues[0].message == "a row that cannot be read"
    [issue] = items[2].issues
    assert (issue.field, issue.line, issue.column) == ("capacity", 3, 6)
    items = load_source(
        Source("r.rows", f"{row}\n{row}\n".encode()), limits=Limits(max_documents=1), reader=RowsReader()
    )
    assert items[1].issues[0].message == "too many rows"


def test_json_and_yaml_read_one_record_alike():
    as_json = load_text(json.dumps(RECORD, ensure_ascii=False), "a.json")[0].record
    as_yaml = load_text(yaml.safe_dump(RECORD, allow_unicode=True), "a.yaml")[0].record
    assert as_json is not None and as_json == as_yaml


def _as_written(data):
    """What the record reader hands over for what PyYAML reads: scalars as their text, keys in plain form."""
    if isinstance(data, dict):
        return {plain_form(_as_written(k)): _as_written(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_as_written(v) for v in data]
    if isinstance(data, bool):
        return "true" if data else "false"
    if isinstance(data, int | dt.date):
        return str(data) if not isinstance(data, dt.date) else data.isoformat()
    return data


SCALARS = [
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.dates(),
    st.text(alphabet="ab 1２：，-_.:#'\"\u3000金0x~", max_size=8),
]


def nested(*scalars: st.SearchStrategy) -> st.SearchStrategy:
    return st.recursive(
        st.one_of(*scalars),
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(st.text(alphabet="abc２金", max_size=4), inner, max_size=4)
        ),
        max_leaves=20,
    )


plain = nested(*SCALARS)


@settings(max_examples=300, deadline=None)
@given(plain.filter(lambda d: d is not None), st.booleans())
def test_the_record_reader_keeps_pyyaml_structure_and_every_scalar_as_written(data, flow):
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow)
    [doc] = yaml_reader.READER.documents(Source.of_text("g.yaml", text), Limits())
    expected = _as_written(yaml.safe_load(text))
    if isinstance(expected, dict) and len({plain_form(k) for k in yaml.safe_load(text)}) < len(expected or {}):
        return  # keys equal only in plain form: refused as duplicates, tested elsewhere
    assert doc.problem is None and doc.data == expected


def test_positions_name_keys_and_items():
    text = "a: 1\nlocation:\n  zones: [x, y]\n  county: 珲春\nlist:\n  - {k: v}\n"
    marks = yaml_reader.text_positions(text)
    assert marks[("location", "zones")] == (3, 3)
    assert marks[("location", "zones", 1)] == (3, 14)
    assert marks[("location", "county")] == (4, 3)
    assert marks[("list", 0, "k")] == (6, 6)


@settings(max_examples=200, deadline=None)
@given(
    data=nested(*SCALARS, st.floats(allow_nan=False, allow_infinity=False)),
    style=st.sampled_from(["block", "flow", "json"]),
)
def test_corpus_files_read_as_pyyaml_reads_what_it_writes(tmp_path_factory, data, style):
    """Typed, the one reader agrees with PyYAML on every file PyYAML writes (it never writes 1.1's other readings)."""
    if style == "json":
        text = json.dumps(data, default=str, ensure_ascii=False)
    else:
        text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=style == "flow")
    path = tmp_path_factory.mktemp("corpus") / "f.yaml"
    path.write_text(text, encoding="utf-8")
    assert yaml_reader.read_data_file(path) == yaml.safe_load(text)


def test_without_a_nesting_cap_in_libyaml_the_python_composer_reads_alike_and_stays_bounded():
    text_composer, _ = yaml_reader._composers(yaml.SafeLoader)
    record = yaml.safe_dump(RECORD, allow_unicode=True)

    def read(text: str) -> list[Document]:
        return list(yaml_reader._stream(text, Limits(), text_composer, yaml_reader._as_written, plain_form))

    [doc] = read(record)
    assert doc.data == next(iter(yaml_reader.READER.documents(Source.of_text("a.yaml", record), Limits()))).data
    for deep in ("a: " + "[" * 5000 + "]" * 5000, "a: " + "[" * 100 + "]" * 100):
        try:
            [doc] = read(deep)
            assert "nesting deeper than 64" in doc.problem.message
        except ReadError as exc:
            assert "nesting" in str(exc)
    with pytest.raises(ReadError, match="unacceptable character #x0001"):  # read whole first: not a traceback
        read("id: a\x01b\n")
