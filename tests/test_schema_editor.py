"""`minplan schema` as an editor uses it: the YAML an editor reads (YAML 1.2: dates stay text) validates exactly
where minplan reads it — the template `minplan init` writes, every documented spelling of every value."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from minplan.cli import app
from minplan.loader import load_text
from minplan.regions import gazetteer
from minplan.schema import record_schema, spellings
from minplan.template import template
from minplan.vocab import ZH

ROOT = Path(__file__).resolve().parent.parent


class Editor(yaml.SafeLoader):
    """YAML as yaml-language-server reads it (1.2 core schema): no timestamps, only true/false are booleans."""


Editor.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for key in "yYnNoO":
    Editor.yaml_implicit_resolvers[key] = [
        (tag, rx) for tag, rx in Editor.yaml_implicit_resolvers.get(key, []) if tag != "tag:yaml.org,2002:bool"
    ]


def editor_load(text: str):
    return yaml.load(text, Loader=Editor)  # a SafeLoader subclass


@pytest.fixture(scope="module", params=["zh", "en"])
def validator(request: pytest.FixtureRequest) -> jsonschema.Draft202012Validator:
    schema = record_schema(request.param)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


BASE = editor_load((ROOT / "examples" / "yanbian-gold.yaml").read_text(encoding="utf-8"))


def both(record: dict, validator: jsonschema.Draft202012Validator) -> tuple[list[str], list[str]]:
    """The schema's errors and minplan's for one record (as YAML text, read as minplan reads files)."""
    schema_errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(record)]
    [loaded] = load_text(yaml.safe_dump(record, allow_unicode=True), "x.yaml")
    return schema_errors, [str(i) for i in loaded.issues]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_template_validates(lang: str, validator: jsonschema.Draft202012Validator):
    text = template(lang)
    assert text.startswith("# yaml-language-server: $schema=")
    assert list(validator.iter_errors(editor_load(text))) == []
    [loaded] = load_text(text, "t.yaml")
    assert loaded.issues == []


def test_the_command_prints_chinese_descriptions():
    result = CliRunner().invoke(app, ["schema"])
    schema = json.loads(result.output)
    assert schema["properties"]["capacity"]["description"].startswith("设计开采规模")
    assert "采矿权" in schema["properties"]["right"]["enum"] and "mining" in schema["properties"]["right"]["enum"]


@pytest.mark.parametrize("enum", list(ZH), ids=lambda e: e.__name__)
def test_every_spelling_of_every_value(enum, validator: jsonschema.Draft202012Validator):
    field = {
        "Right": "right",
        "Application": "application",
        "Method": "method",
        "DepositScale": "deposit_scale",
        "Stage": "exploration_stage",
        "WaterType": "mineral_water_type",
        "SeamThickness": "seam_thickness",
        "Document": "documents",
        "Technique": "techniques",
    }[enum.__name__]
    for spelling in spellings(enum):
        record = copy.deepcopy(BASE)
        record[field] = [spelling] if field in ("documents", "techniques") else spelling
        schema_errors, minplan_errors = both(record, validator)
        assert schema_errors == [], (spelling, schema_errors)
        assert minplan_errors == [], (spelling, minplan_errors)
    record = copy.deepcopy(BASE)
    record[field] = "no such value"
    assert both(record, validator)[0], "an unknown value is underlined"


def test_every_county_by_name_alias_or_code(validator: jsonschema.Draft202012Validator):
    for division in gazetteer().counties():
        numbers = [int(code) for code in (division.code, *division.aliases) if code.isdigit()]  # 220113 too
        for value in (division.zh, division.en, *division.aliases, division.code, *numbers):
            record = copy.deepcopy(BASE)
            record["location"] = {"county": value}
            record.pop("mineral_water_type", None)
            schema_errors = [e.message for e in validator.iter_errors(record)]
            assert schema_errors == [], (value, schema_errors)


@pytest.mark.parametrize(
    "capacity", ["2 万吨/年", "300 吨/日", {"value": 2, "unit": "万吨/年"}, {"value": "2", "unit": "万吨/年"}]
)
def test_quantities_as_text_or_value_and_unit(capacity, validator: jsonschema.Draft202012Validator):
    record = copy.deepcopy(BASE)
    record["capacity"] = capacity
    assert both(record, validator) == ([], [])


@pytest.mark.parametrize("flag", [True, False, "yes", "no", "是", "否"])
def test_flags(flag, validator: jsonschema.Draft202012Validator):
    record = copy.deepcopy(BASE)
    record["site"]["ecological_red_line"] = flag
    assert both(record, validator) == ([], [])


def test_unknown_keys_are_underlined(validator: jsonschema.Draft202012Validator):
    record = copy.deepcopy(BASE)
    record["capacty"] = "2 万吨/年"
    assert both(record, validator)[0] and both(record, validator)[1]


def test_the_readme_shows_the_editor_line():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "# yaml-language-server: $schema=" in readme


X0, Y0 = 4748064, 43611148  # a square kilometre in 珲春市, CGCS2000 3-degree zone 43
SQUARE = [[X0, Y0], [X0, Y0 + 1000], [X0 + 1000, Y0 + 1000], [X0 + 1000, Y0]]
HOLE = [[X0 + 100, Y0 + 100], [X0 + 100, Y0 + 200], [X0 + 200, Y0 + 200], [X0 + 200, Y0 + 100]]


@pytest.mark.parametrize(
    "boundary",
    [
        {"crs": "EPSG:4531", "points": SQUARE},
        {"crs": "2000国家大地坐标系 3度带 43带", "points": SQUARE, "holes": [HOLE]},
        {"crs": "EPSG:4531", "parcels": [{"points": SQUARE, "holes": [HOLE]}]},
        {"crs": "2000国家大地坐标系 经纬度", "points": [["42°50′00″", "130°20′00″"], [42.84, 130.35], [42.85, 130.34]]},
    ],
)
def test_a_boundary_minplan_reads_is_valid_in_the_editor(boundary, validator: jsonschema.Draft202012Validator):
    pytest.importorskip("pyproj")
    record = copy.deepcopy(BASE)
    record["location"]["boundary"] = boundary
    schema_errors, _ = both(record, validator)
    assert schema_errors == []


@pytest.mark.parametrize(
    "boundary",
    [{"crs": "EPSG:4531", "points": [[X0, Y0, 1]]}, {"crs": "EPSG:4531", "pionts": SQUARE}, "4748064,43611148"],
)
def test_a_boundary_of_the_wrong_shape_is_underlined(boundary, validator: jsonschema.Draft202012Validator):
    record = copy.deepcopy(BASE)
    record["location"]["boundary"] = boundary
    assert both(record, validator)[0]


@pytest.mark.parametrize(
    ("location", "valid"),
    [
        ({"depth": {"from": 1250, "to": 800}}, True),  # as the README writes it
        ({"depth": {"top": 1250, "bottom": 800}}, True),
        ({"depth": {"from": 20, "to": 300, "datum": "深度"}}, True),
        ({"depth": {"from": 1250}}, False),
        ({"boundary": {"crs": 4531, "points": SQUARE}}, True),  # an EPSG code as a number
        ({"boundary": {"crs": "EPSG:4531", "points": SQUARE, "towgs84": [1, 2, 3, 4, 5]}}, False),
        ({"boundary": {"crs": "EPSG:4531", "points": SQUARE, "towgs84": [1, 2, 3]}}, True),
        ({"boundary": {"crs": "EPSG:4531", "points": SQUARE[:2]}}, False),  # two points make no ring
        ({"boundary": {"crs": -4531, "points": SQUARE}}, False),
        ({"boundary": {"crs": "EPSG:4531", "parcels": [{"points": SQUARE, "holes": [HOLE[:2]]}]}}, False),
    ],
)
def test_the_editor_and_minplan_agree_on_depth_and_boundary(location, valid, validator):
    """What the schema accepts minplan reads, and what it underlines minplan refuses."""
    pytest.importorskip("pyproj")
    record = copy.deepcopy(BASE)
    record["location"].update(location)
    schema_errors, minplan_errors = both(record, validator)
    assert (schema_errors == []) is valid, schema_errors
    assert (minplan_errors == []) is valid, minplan_errors


def test_the_chinese_schema_describes_the_boundary_in_chinese():
    boundary = record_schema("zh")["properties"]["location"]["properties"]["boundary"]
    texts = [boundary["description"], *(p["description"] for p in boundary["anyOf"][0]["properties"].values())]
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in text) for text in texts), texts


@pytest.mark.parametrize(
    ("recovery", "valid"),
    [(85, True), ("85%", True), ("０.５%", True), (0.85, False), (1, False), ("0.85", False)],
)
def test_the_editor_and_minplan_agree_on_percentages(recovery, valid, validator):
    """A bare rate of at most 1 (85% as a fraction, or 0.85%?) is refused, and underlined where the schema can
    tell a number (a bare figure written as text the schema takes: minplan says why)."""
    record = copy.deepcopy(BASE)
    record["recovery"] = {"mining": recovery}
    schema_errors, minplan_errors = both(record, validator)
    assert (minplan_errors == []) is valid, minplan_errors
    if not isinstance(recovery, str):
        assert (schema_errors == []) is valid, schema_errors


@pytest.mark.parametrize(
    ("grade", "valid"),
    [
        (8, True),
        ("1.2%", True),
        ("3.5 g/t", True),
        ("3.5克/吨", True),
        ("３ 克／吨", True),
        ("3 G/T", True),
        ("５ｇ／ｔ", True),  # full-width, as a Chinese input method types it
        (".5 g/t", True),
        ("5.%", True),
        ("3 g/m3", False),  # placer gold by volume
        ("3 ppm", False),
        ("3 g / t", False),
        (0.5, False),
        ("5。5 g/t", False),  # an ideographic full stop is no decimal point to minplan, nor to the schema
        ("5。5%", False),
    ],
)
def test_the_editor_and_minplan_agree_on_grades(grade, valid, validator):
    """A grade in % or in g/t (gold) is valid in both; a grade in any other unit is refused by both."""
    record = copy.deepcopy(BASE)
    record["grade"] = grade
    schema_errors, minplan_errors = both(record, validator)
    assert (minplan_errors == []) is valid, minplan_errors
    assert (schema_errors == []) is valid, schema_errors


@pytest.mark.parametrize(
    "written", ["2023-06-01", "2023-6-1", "2023/6/1", "2023.6.1", "2023年6月1日", "2023-6/1", "20230601", "2023/06"]
)
def test_the_schema_takes_the_dates_the_record_takes(written: str):
    """An editor underlines no date minplan reads (2023/6/1 as a spreadsheet exports it), and every one it refuses."""
    import re

    from minplan.record import read_date
    from minplan.schema import _DATE

    try:
        read_date(written)
        read = True
    except ValueError:
        read = False
    assert bool(re.match(_DATE, written)) is read
