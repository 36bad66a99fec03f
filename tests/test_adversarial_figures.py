"""Hostile and careless figures: what a file says is what is understood, or it is refused naming the field —
never read otherwise (10⁴ as 104), never a traceback, never a hang."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minplan.loader import Loaded, load_source, load_text
from minplan.quantities import Quantity, QuantityError, number
from minplan.readers import Source

RECORD = """\
id: A-1
right: 采矿权
application: 新立
date: {date}
location:
  county: 珲春市
  zones: []
mineral: 岩金
method: 地下开采
capacity: {capacity}
deposit_scale: 小型
{extra}"""


def _load(capacity: str = "4 万吨/年", date: str = "2023-06-01", extra: str = "") -> Loaded:
    [item] = load_text(RECORD.format(capacity=capacity, date=date, extra=extra), "a.yaml")
    return item


def _refusal(item: Loaded, field: str) -> str:
    assert item.record is None, f"{field} should have been refused, read {item.record!r}"
    [issue] = [i for i in item.issues if i.field == field]
    assert issue.line is not None
    return issue.message


# ---- superscript, subscript and circled digits are no digits of a figure ----

ODD_FIGURES = ["10⁴吨/年", "10⁴ t/a", "2²万吨/年", "①万吨/年", "2₅万吨/年", "10³m³/a", "３⁰⁰吨/日"]


@pytest.mark.parametrize("written", ODD_FIGURES)
def test_a_superscript_or_circled_digit_is_not_read_as_a_plain_one(written: str):
    # NFKC reads 10⁴ as 104 and ① as 1: 10⁴吨/年 (ten thousand) would be judged as 104 吨/年
    message = _refusal(_load(capacity=f'"{written}"'), "capacity")
    assert "no digit" in message


@pytest.mark.parametrize("written", ["3⁰⁰", "①", "３₀₀"])
def test_a_figure_field_refuses_superscript_digits(written: str):
    assert "no digit" in _refusal(_load(extra=f'working_days: "{written}"\n'), "working_days")
    with pytest.raises(QuantityError):
        number(written)


def test_full_width_figures_are_still_read():
    assert _load(capacity='"２．５万吨／年"').record.capacity == Quantity.parse("2.5 万吨/年")
    assert _load(extra="working_days: ３００\n").record.working_days == 300
    assert _load(date="２０２３年６月１日").record.date.isoformat() == "2023-06-01"


def test_a_date_with_a_superscript_digit_is_refused():
    assert "date" in _refusal(_load(date='"２０２３-0⁶-01"'), "date")


def test_a_superscript_figure_in_a_sheet_column_with_a_unit_is_refused():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["编号", "矿业权类型", "申请类型", "申请日期", "所在县（市、区）", "开采矿种", "生产规模（万吨/年）"])
    sheet.append(["A-1", "采矿权", "新立", "2023-06-01", "珲春市", "岩金", "10⁴"])
    buffer = io.BytesIO()
    book.save(buffer)
    [item] = load_source(Source("a.xlsx", buffer.getvalue()))
    assert item.record is None and "no digit" in item.issues[0].message


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789.,⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂①②０１９", min_size=1, max_size=8))
def test_a_figure_with_an_odd_digit_is_never_read(text: str):
    odd = any(ch in "⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂①②" for ch in text)
    try:
        number(text)
    except QuantityError:
        return
    assert not odd, f"{text!r} read as {number(text)}"


# ---- whole numbers too large for a float, and for Python's int ----


def _json(**fields: object) -> str:
    record = {
        "id": "J1",
        "right": "mining",
        "application": "new",
        "date": "2023-06-01",
        "location": {"county": "Hunchun", "zones": []},
        "mineral": "gold",
        "capacity": "4 万吨/年",
    }
    record.update(fields)
    return json.dumps(record)


def test_a_json_whole_number_too_large_for_a_float_is_refused_naming_the_field():
    [item] = load_text(_json(working_days=10**400), "a.json")
    assert "too large" in _refusal(item, "working_days")
    [item] = load_text(_json(capacity={"value": 10**400, "unit": "吨/年"}), "a.json")
    assert "too large" in _refusal(item, "capacity")
    [item] = load_text(_json(location={"county": "Hunchun", "lon": 10**400}), "a.json")
    assert item.record is None


def test_a_json_number_of_thousands_of_digits_is_refused_with_its_line():
    text = _json(working_days=1).replace('"working_days": 1', '"working_days": 1' + "0" * 5000)
    [item] = load_text(text, "a.json")
    assert item.record is None
    [issue] = item.issues
    assert "digits" in issue.message and issue.line == 1 and issue.column is not None


def test_a_long_value_is_quoted_short_in_the_message():
    [item] = load_text(_json(working_days=10**400), "a.json")
    assert len(item.issues[0].message) < 400


# ---- a long value is refused at once, not after hours ----


def test_a_long_quantity_that_is_no_quantity_is_refused_without_a_hang():
    # the figure's pattern once retried the unit at every length: a 300 kB value took hours
    code = (
        "from minplan.quantities import Quantity, QuantityError\n"
        "for text in ('1 a' + ' ' * 300_000 + 'b', '1' * 300_000 + '\\nx', '1' * 300_000 + ' x\\ny'):\n"
        "    try:\n"
        "        Quantity.parse(text)\n"
        "    except QuantityError:\n"
        "        pass\n"
        "    else:\n"
        "        raise SystemExit('read')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], timeout=120, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


# ---- a density in kg/m³ where 吨/立方米 are read ----


@pytest.mark.parametrize("written", ["2700", "2,700", "25.1"])
def test_a_density_no_ore_has_is_refused(written: str):
    # 2700 (kg/m³) read as 2700 吨/立方米 turns 10万立方米/年 into 2.7亿吨/年: every minimum scale passes
    message = _refusal(_load(extra=f'density: "{written}"\n'), "density")
    assert "吨/立方米" in message


def test_the_densities_of_ores_are_read():
    assert _load(extra="density: 2.7\n").record.density == 2.7
    assert _load(extra="density: 19.3\n").record.density == 19.3  # native gold
