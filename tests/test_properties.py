"""Properties over generated records, and a bounded fuzz run over the loader."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minplan.engine import check_record
from minplan.findings import SEVERITY, Status, worst
from minplan.loader import Loaded, load_text
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
