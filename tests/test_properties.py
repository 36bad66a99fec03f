"""Properties over generated records, and a bounded fuzz run over the loader."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minplan import quickyaml
from minplan.engine import check_record
from minplan.findings import SEVERITY, Status, worst
from minplan.loader import Loaded, _careful_documents, _documents, _LoadError, load_text
from minplan.minerals import mineral_book
from minplan.record import Record
from minplan.regions import gazetteer
from minplan.report.json_report import fragment, record_to_dict, render
from minplan.report.result import RunResult
from minplan.rulebook import load_corpus

CORPUS = load_corpus()
SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "docs" / "report.schema.json").read_text("utf-8"))
COUNTIES = sorted(d.code for d in gazetteer().counties())
MINERALS = sorted(mineral_book().minerals)
UNITS = ["万吨/年", "万立方米/年", "吨/日", "吨/年"]
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

maybe_bool = st.one_of(st.none(), st.booleans())


@st.composite
def records(draw) -> dict:
    data = {
        "id": draw(st.text(alphabet="ABC123-", min_size=1, max_size=8)),
        "right": draw(st.sampled_from(["mining", "exploration", "采矿权", "探矿权"])),
        "application": draw(
            st.sampled_from(
                ["new", "expansion", "renewal", "change", "transfer", "conversion", "existing", "新立", "延续"]
            )
        ),
        "date": draw(
            st.dates(
                min_value=__import__("datetime").date(2009, 1, 1), max_value=__import__("datetime").date(2027, 12, 31)
            )
        ).isoformat(),
        "location": {"county": draw(st.sampled_from(COUNTIES))},
        "mineral": draw(st.sampled_from(MINERALS)),
    }
    if draw(st.booleans()):
        data["location"]["zones"] = draw(st.sampled_from([[], ["CS002"], ["KZ01"], ["CZ01"]]))
    if draw(st.booleans()):
        data["method"] = draw(st.sampled_from(["underground", "open_pit"]))
    if draw(st.booleans()):
        value = draw(st.floats(min_value=0, max_value=1000, allow_nan=False))
        data["capacity"] = {"value": value, "unit": draw(st.sampled_from(UNITS))}
    for key in ("deposit_scale", "mine_scale"):
        if draw(st.booleans()):
            data[key] = draw(st.sampled_from(["large", "medium", "small"]))
    if draw(st.booleans()):
        data["mineral_water_type"] = draw(st.sampled_from(["ordinary", "rare"]))
    site = {
        k: draw(maybe_bool)
        for k in (
            "arable_land",
            "wetland",
            "ecological_red_line",
            "permanent_basic_farmland",
            "urban_development_boundary",
        )
    }
    data["site"] = {k: v for k, v in site.items() if v is not None}
    if draw(st.booleans()):
        data["documents"] = draw(
            st.lists(
                st.sampled_from(["development_plan", "reclamation_plan", "green_mine_plan", "restoration_fund"]),
                unique=True,
            )
        )
    return data


def _judge(data: dict):
    [item] = load_text(json.dumps(data, ensure_ascii=False), "generated.json", CORPUS.record_context())
    return item, check_record(item, CORPUS)


@SETTINGS
@given(records())
def test_no_exception_escapes_and_status_is_the_worst_finding(data):
    item, result = _judge(data)
    assert result.status in set(Status) - {Status.not_applicable}
    if item.record is not None:
        assert result.status == worst([f.status for f in result.findings])
        assert all(SEVERITY[f.status] <= SEVERITY[result.status] for f in result.findings)
    else:
        assert result.status is Status.error and result.errors


@SETTINGS
@given(records(), st.floats(min_value=1.0, max_value=100.0))
def test_raising_capacity_never_turns_a_min_scale_pass_into_a_fail(data, factor):
    if "capacity" not in data:
        return
    _, before = _judge(data)
    larger = json.loads(json.dumps(data))
    larger["capacity"]["value"] = data["capacity"]["value"] * factor
    _, after = _judge(larger)
    passed = {f.rule for f in before.findings if f.kind == "min_scale" and f.status is Status.pass_}
    for finding in after.findings:
        if finding.rule in passed:
            assert finding.status is not Status.fail, finding.message["en"]


@SETTINGS
@given(st.lists(records(), min_size=1, max_size=4))
def test_the_json_report_keeps_the_contract(batch):
    results = [_judge(data)[1] for data in batch]
    report = json.loads(render(RunResult(results), "en"))
    jsonschema.validate(report, SCHEMA)
    for result in results:  # a batch's records are rendered piecewise, from shared parts: the same JSON
        for lang in ("zh", "en"):
            assert json.loads(fragment(result, lang)) == record_to_dict(result, lang)


plain = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False),
        st.dates(),
        st.text(alphabet="ab 1２：，-_.:#'\"\u3000金", max_size=8),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(alphabet="abc２金", max_size=4), inner, max_size=4)
    ),
    max_leaves=20,
)


def _read(reader, text: str):
    try:
        return [data for data, _, _ in reader(text, "generated.yaml")]
    except _LoadError as exc:
        return exc.issue.message


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        plain.map(lambda d: yaml.safe_dump(d, allow_unicode=True)), plain.map(lambda d: json.dumps(d, default=str))
    )
)
def test_the_fast_reader_reads_what_the_careful_one_reads(text):
    assert _read(_documents, text) == _read(lambda t, _: _careful_documents(t), text)


QUICK_VALUES = [
    "a",
    "金矿",
    "２万吨／年",
    "20 万吨/年",
    "yes",
    "No",
    "on",
    "null",
    "~",
    "1",
    "-1",
    "017",
    "0x1F",
    "1:30",
    "1_000",
    "3.5",
    ".5",
    "1e3",
    "2023-06-01",
    "2023-6-1",
    "a:b",
    "a: b",
    "a #b",
    "a#b",
    "'q'",
    "'it''s'",
    "'a #b'",
    '"d"',
    '"e\\n"',
    "[a, b]",
    "[]",
    "[ ]",
    "[a, ]",
    "[a,,b]",
    "[a: b]",
    "[a, [b]]",
    "{k: v}",
    "{}",
    "{k: }",
    "{k:v}",
    "{yes: 1}",
    "{a: {b: 1}}",
    "&x a",
    "*x",
    "!!str 1",
    "|",
    ">",
    "http://x",
    "a, b",
    "",
    "# c",
    "- x",
    "?",
    "%",
    "@",
    "`",
    "a\u3000",
    "\u3000a",
    "a\tb",
    "[a #b]",
    "'unclosed",
    '"a"b"',
]
QUICK_KEYS = ["id", "right", "yes", "on", "null", "true", "k_1", "_k", "a", "1a", "a b", "'id'", "? a", "- id"]
QUICK_ITEMS = ["- a", "- 1", "- 2023-06-01", "- [a]", "- {k: v}", "- k: v", "- - a", "-", "-a", "- 'q'", "-  a # c"]


@st.composite
def record_like_texts(draw) -> str:
    """Lines of the common record shape, and of shapes close to it."""
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        indent = draw(st.sampled_from(["", "", "  ", "    ", " "]))
        key = draw(st.sampled_from(QUICK_KEYS))
        sep = draw(st.sampled_from([" ", " ", "  ", ""]))
        value = draw(st.sampled_from(QUICK_VALUES))
        comment = draw(st.sampled_from(["", "", " # note", "  #x"]))
        item = indent + draw(st.sampled_from(QUICK_ITEMS))
        lines.append(draw(st.sampled_from([f"{indent}{key}:{sep}{value}{comment}", item, "", "# comment", "---"])))
    return "\n".join(lines) + draw(st.sampled_from(["", "\n"]))


GOOD_KEYS = ["id", "right", "date", "mineral", "k_1", "_k", "location", "site"]
QUOTES = "'\""
GOOD_VALUES = [
    "a",
    "金矿",
    "２万吨／年",
    "20 万吨/年",
    "1",
    "3.5",
    "2023-06-01",
    "a:b",
    "a#b",
    "'it''s'",
    '"d"',
    "~",
    "No",
]


@st.composite
def record_shaped_texts(draw, depth: int = 0, indent: int = 0) -> str:
    """Documents of the common shape (all of which the quick reader must take), nested, with lists in both
    styles and words YAML types."""
    lines = []
    pad = " " * indent
    for key in draw(st.lists(st.sampled_from(GOOD_KEYS), min_size=1, max_size=4, unique=True)):
        shape = draw(st.sampled_from(["value", "value", "flow", "map", "items", "empty"] if depth < 2 else ["value"]))
        comment = draw(st.sampled_from(["", "", " # note"]))
        if shape == "value":
            value = draw(st.sampled_from(GOOD_VALUES))
            lines.append(f"{pad}{key}: {value}{'' if value[0] in QUOTES else comment}")
        elif shape == "flow":
            words = draw(st.lists(st.sampled_from(["a", "1", "金", "x y", "2023-06-01"]), max_size=3))
            lines.append(f"{pad}{key}: [{', '.join(words)}]{comment}")
        elif shape == "map":
            lines.append(f"{pad}{key}:{comment}")
            step = draw(st.sampled_from([2, 4]))
            lines.append(draw(record_shaped_texts(depth + 1, indent + step)))
        elif shape == "items":
            lines.append(f"{pad}{key}:")
            dash = pad + " " * draw(st.sampled_from([0, 2]))
            for word in draw(st.lists(st.sampled_from(GOOD_VALUES), min_size=1, max_size=3)):
                lines.append(f"{dash}- {word}")
        else:
            lines.append(f"{pad}{key}:")
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(st.sampled_from(["", "# comment", pad + "# indented comment"])))
    return "\n".join(lines)


@settings(max_examples=500, deadline=None)
@given(record_like_texts())
def test_the_quick_reader_reads_what_pyyaml_reads(text):
    quick = quickyaml.read(text)
    if quick is not None:
        [(data, _, line)] = _careful_documents(text)
        assert quick == (data, line)


@settings(max_examples=300, deadline=None)
@given(record_shaped_texts())
def test_the_quick_reader_takes_every_record_shaped_text(text):
    quick = quickyaml.read(text)
    assert quick is not None
    [(data, _, line)] = _careful_documents(text)
    assert quick == (data, line)


# Shapes the quick reader takes (and must read as PyYAML does) ...
QUICK_TAKES = [
    "a:\n- x\nb: 1\n",  # a list at its key's indent
    "a:\n  - x\n  - y\nb:\n",
    "a:\n  b:\n    c: 1\n  d: [x, 2023-06-01]\n",
    "a: [yes, no, ~, 017]\n",
    "a: {b: yes}\n",
    "a:\n\n# gap\n  b: 1\n",
    "a: 'x'\n",
    "a: [x, ]\n",
    "a: ２万吨／年 # full-width\n",
]
# ... and shapes it leaves to PyYAML: unusual, or wrong (PyYAML then says what is wrong, and where)
QUICK_LEAVES = [
    "a:\n  b:\n- x\n",  # a dash left of the key it would belong to
    "a:\n  - x\n - y\n",
    "a:\n  b: 1\n c: 2\n",
    "yes: 1\n",  # a key YAML reads as true
    "a: {on: 1}\n",
    "a: [1:30]\n",  # ':' and '?' inside flow collections
    "# only a comment\n",
    "a: 1\n---\nb: 2\n",
    "a: 'x' # c\n",
    "a: x\n  b: 1\n",
    "a:\n- x\n- \n",  # an empty item
    "x: =\n",  # '=' and '<<' resolve to tags no plain value has
    "x: <<\n",
    "x: [=]\n",
    "x: {a: <<}\n",
    "x: [a:?]\n",  # libyaml refuses these
    "x: {k: a:?}\n",
    "k" * 1100 + ": 1\n",  # longer than a simple key may be
    "x: {" + "k" * 1100 + ": 1}\n",
    "".join(f"{'  ' * i}k{i}:\n" for i in range(63)) + "  " * 63 + "z: [a]\n",  # too deep for the careful reader
    "x: [" + ", ".join(["a"] * 100_001) + "]\n",  # too large for it
]


@pytest.mark.parametrize("text", QUICK_TAKES)
def test_the_quick_reader_takes_the_common_shapes(text):
    quick = quickyaml.read(text)
    assert quick is not None
    [(data, _, line)] = _careful_documents(text)
    assert quick == (data, line)


@pytest.mark.parametrize("text", QUICK_LEAVES)
def test_the_quick_reader_leaves_the_rest_to_pyyaml(text):
    assert quickyaml.read(text) is None


def test_what_the_quick_reader_remembers_is_not_handed_out():
    text = "a: [x, y]\nb: {k: v}\nc:\n  - [z]\n"
    first, _ = quickyaml.read(text)
    first["a"].append("changed"), first["b"].clear(), first["c"][0].clear()
    assert quickyaml.read(text) == ({"a": ["x", "y"], "b": {"k": "v"}, "c": [["z"]]}, 1)


def test_record_files_of_the_common_shape_take_the_quick_path():
    example = Path(__file__).resolve().parent.parent / "examples" / "yanbian-gold.yaml"
    for text in (example.read_text("utf-8"), GENERATED_RECORD):
        assert quickyaml.read(text) is not None


GENERATED_RECORD = """\
# one application
id: BM-00001
right: 采矿权
date: 2023-05-01
location:
  county: 珲春市
  zones: []
capacity: 12 万吨/年
documents: [开发利用方案, 矿山地质环境保护与土地复垦方案]
site: {arable_land: false, wetland: false}
"""


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=400),
        st.binary(max_size=400).map(lambda b: b.decode("latin-1")),
        st.lists(
            st.sampled_from(
                [
                    "id: x\n",
                    "right: mining\n",
                    "date: 2023-13-45\n",
                    "- a\n",
                    "[",
                    "]",
                    "{",
                    "}",
                    "&a ",
                    "*a ",
                    "!!python/object ",
                    "---\n",
                    "  ",
                    "\t",
                    "：",
                    "２",
                    "mineral: 金\n",
                    "location: {county: 珲春}\n",
                    "capacity: -1 万吨/年\n",
                    "? ",
                    ": ",
                ]
            ),
            max_size=40,
        ).map("".join),
    )
)
def test_fuzz_the_loader_never_raises(text):
    items = load_text(text, "fuzz.yaml")
    assert items
    for item in items:
        assert isinstance(item, Loaded)
        assert item.record is not None or item.issues
        if item.record is not None:
            assert isinstance(item.record, Record)
