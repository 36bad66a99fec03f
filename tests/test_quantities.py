from __future__ import annotations

import math

import pytest

from minplan.quantities import DimensionMismatch, Quantity, QuantityError


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("6 万吨/年", 6, "万吨/年"),
        ("20万立方米/年", 20, "万立方米/年"),
        ("300 吨/日", 300, "吨/日"),
        ("２万吨／年", 2, "万吨/年"),
        ("2万t/a", 2, "万吨/年"),
        ("15 m³/d", 15, "立方米/日"),
        ("0.02 亿吨", 0.02, "亿吨"),
        ("1,200 吨/年", 1200, "吨/年"),
    ],
)
def test_parse(text, value, unit):
    q = Quantity.parse(text)
    assert q.value == pytest.approx(value)
    assert q.unit.name == unit


def test_daily_to_yearly_uses_300_working_days_by_default():
    # the plans' own figures agree: 100 t/d ≙ 3 万t/a
    assert Quantity.parse("100 吨/日").to("万吨/年").value == pytest.approx(3)


def test_daily_to_yearly_uses_stated_working_days():
    assert Quantity.parse("100 吨/日").to("万吨/年", working_days=330).value == pytest.approx(3.3)


def test_yearly_to_daily():
    assert Quantity.parse("3 万吨/年").to("吨/日").value == pytest.approx(100)


def test_stock_units_convert():
    assert Quantity.parse("0.026 亿吨").to("万吨").value == pytest.approx(260)
    assert Quantity.parse("5 千吨").to("吨").value == pytest.approx(5000)


def test_mass_never_compares_with_volume():
    with pytest.raises(DimensionMismatch):
        Quantity.parse("30 万吨/年").to("万立方米/年")


def test_density_turns_mass_into_volume():
    volume = Quantity.parse("27 万吨/年").with_density(2.7)
    assert volume.unit.name == "万立方米/年"
    assert volume.value == pytest.approx(10)


def test_rate_and_stock_do_not_mix():
    with pytest.raises(QuantityError):
        Quantity.parse("3 万吨").to("万吨/年")


@pytest.mark.parametrize("text", ["6", "万吨/年", "six 万吨/年", "5 bananas", "-3 万吨/年"])
def test_rejects_bad_text(text):
    with pytest.raises(QuantityError):
        Quantity.parse(text)


@pytest.mark.parametrize("value", [math.nan, math.inf, -1.0])
def test_rejects_non_finite_and_negative(value):
    with pytest.raises(QuantityError):
        Quantity.of(value, "万吨/年")


@pytest.mark.parametrize("text", ["2.5-3万吨/年", "2～3万吨/年", "2 至 3 万吨/年", "2—3万吨/年", "２－３万吨/年"])
def test_a_range_is_refused_as_a_range(text):
    """The second figure was read as the start of the unit: "unknown unit '-3万吨/年' (did you mean 万吨/年?)"."""
    with pytest.raises(QuantityError, match="is a range: give one figure"):
        Quantity.parse(text)
