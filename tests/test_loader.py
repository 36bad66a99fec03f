from __future__ import annotations

from pathlib import Path

import pytest

from minplan.loader import load_file, load_text

GOOD = """\
id: YB-1
right: 采矿权
application: 新立
date: 2023-06-01
location:
  county: 珲春市
mineral: 岩金
method: 地下开采
capacity: 2 万吨/年
deposit_scale: 小型
"""


def test_chinese_values_are_read():
    [item] = load_text(GOOD, "a.yaml")
    record = item.record
    assert record is not None, item.issues
    assert (record.right, record.application, record.method, record.deposit_scale) == (
        "mining",
        "new",
        "underground",
        "small",
    )
    assert record.location.county == "222404"
    assert str(record.capacity) == "2万吨/年"


def test_unknown_key_names_line_and_suggests():
    [item] = load_text(GOOD.replace("mineral:", "minerl:"), "a.yaml")
    assert item.record is None
    unknown = next(i for i in item.issues if "unknown key" in i.message)
    assert unknown.line == 7
    assert "did you mean 'mineral'" in unknown.message
    assert unknown.field == "minerl"


def test_nested_unknown_key_suggests_from_its_own_level():
    text = GOOD.replace("  county: 珲春市", "  county: 珲春市\n  lat_: 42.8")
    [item] = load_text(text, "a.yaml")
    issue = next(i for i in item.issues if "unknown key" in i.message)
    assert issue.field == "location.lat_"
    assert "'lat'" in issue.message
    assert issue.line == 7


def test_bad_value_names_field_and_line():
    [item] = load_text(GOOD.replace("2 万吨/年", "2 bananas"), "a.yaml")
    [issue] = item.issues
    assert (issue.field, issue.line) == ("capacity", 9)


def test_impossible_date_is_an_issue_not_a_crash():
    [item] = load_text(GOOD.replace("2023-06-01", "2023-13-45"), "a.yaml")
    [issue] = item.issues
    assert issue.line == 4 and issue.field == "date"


def test_yaml_syntax_error_has_position():
    [item] = load_text("id: [unclosed\nright: mining\n", "a.yaml")
    [issue] = item.issues
    assert "syntax" in issue.message and issue.line is not None


def test_stream_of_records():
    items = load_text(GOOD + "---\n" + GOOD.replace("YB-1", "YB-2"), "a.yaml")
    assert [i.id for i in items] == ["YB-1", "YB-2"]
    assert items[1].line == 12


def test_top_level_must_be_a_mapping():
    [item] = load_text("- a\n- b\n", "a.yaml")
    assert "mapping" in item.issues[0].message


def test_duplicate_keys_are_refused():
    [item] = load_text(GOOD + "mineral: 铁\n", "a.yaml")
    assert "duplicate key" in item.issues[0].message
    assert item.issues[0].line == 11


def test_unsafe_tags_are_refused():
    [item] = load_text("id: !!python/object:os.system x\n", "a.yaml")
    assert item.record is None
    assert "not allowed" in item.issues[0].message or "syntax" in item.issues[0].message


def test_json_record(tmp_path: Path):
    path = tmp_path / "a.json"
    path.write_text(
        '{"id": "J1", "right": "mining", "application": "new", "date": "2023-06-01",\n'
        ' "location": {"county": "Hunchun"}, "mineral": "gold", "minerl": 1}',
        encoding="utf-8",
    )
    [item] = load_file(path)
    issue = next(i for i in item.issues if "unknown key" in i.message)
    assert issue.line == 2


def test_json_syntax_error(tmp_path: Path):
    path = tmp_path / "a.json"
    path.write_text('{"id": "J1",\n "right": }', encoding="utf-8")
    [item] = load_file(path)
    assert item.issues[0].line == 2


def test_empty_file(tmp_path: Path):
    path = tmp_path / "a.yaml"
    path.write_text("\n\n", encoding="utf-8")
    [item] = load_file(path)
    assert "empty" in item.issues[0].message


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "gb18030"])
def test_encodings(tmp_path: Path, encoding: str):
    path = tmp_path / "a.yaml"
    path.write_bytes(GOOD.replace("\n", "\r\n").encode(encoding))
    [item] = load_file(path)
    assert item.record is not None, item.issues
    assert item.record.mineral == "岩金"


def test_lon_lat_outside_the_county_is_an_error():
    text = GOOD.replace("  county: 珲春市", "  county: 珲春市\n  lon: 121.0\n  lat: 42.8")
    [item] = load_text(text, "a.yaml")
    assert item.record is None
    assert "outside" in item.issues[0].message and "延边" in item.issues[0].message


def test_a_prefecture_is_not_a_county():
    [item] = load_text(GOOD.replace("珲春市", "延边州"), "a.yaml")
    assert "not a county" in item.issues[0].message
