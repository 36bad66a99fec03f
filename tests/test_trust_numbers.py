"""What a record says is what is understood, or it is refused naming the field: figures, units, YAML 1.1's
other readings of plain words, non-finite and non-positive figures, amounts given for rates, and messages
that quote the value as written."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minplan.loader import Loaded, load_text
from minplan.quantities import QuantityError, _units, number, spelling, unit

BASE = """\
id: {id}
right: 采矿权
application: 新立
date: {date}
location:
  county: {county}
mineral: 岩金
method: 地下开采
capacity: {capacity}
deposit_scale: 小型
{extra}"""


def _load(**values: str) -> Loaded:
    fields = {"id": "YB-1", "date": "2023-06-01", "county": "珲春市", "capacity": "2 万吨/年", "extra": ""}
    fields.update(values)
    [item] = load_text(BASE.format(**fields), "a.yaml")
    return item


def _refused(item: Loaded, field: str) -> str:
    assert item.record is None, f"{field} should have been refused"
    issue = next((i for i in item.issues if i.field == field), None)
    assert issue is not None, [str(i) for i in item.issues]
    assert issue.line is not None
    return issue.message


# ---- figures and separators ----


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("30,000吨/年", 30000),
        ("1,234,567.5 吨/年", 1234567.5),
        ("１，０００吨/年", 1000),  # full-width digits and comma
        ("２．５万吨／年", 2.5),
        ("+5万吨/年", 5),
        ("0300 吨/日", 300),  # a leading zero is decimal
        (".5 万吨/年", 0.5),
    ],
)
def test_figures_read_as_written(written, value):
    item = _load(capacity=written)
    assert item.record is not None, item.issues
    assert item.record.capacity.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("0,5万吨/年", "comma"),  # was read as 5
        ("2，5万吨/年", "comma"),  # was read as 25
        ("1.000,5 吨/年", "comma"),
        ("1,00 吨/年", "comma"),
        ("12,3456 吨/年", "comma"),
        ("1e3万吨/年", "exponent"),
        ("0x10 万吨/年", "decimal"),
        ("12:30 吨/日", "colon"),
        ("1_000 吨/年", "_"),
        ("-4 万吨/年", "negative"),
        ("0 万吨/年", "above zero"),
        ("五万吨/年", "expected a number"),
    ],
)
def test_figures_that_cannot_be_read_as_written_are_refused(written, why):
    message = _refused(_load(capacity=written), "capacity")
    assert why in message
    assert repr(written) in message or written in message  # quoted as written


@pytest.mark.parametrize(
    ("values", "field", "written"),
    [
        ({"extra": "density: .inf\n"}, "density", ".inf"),
        ({"extra": "density: .nan\n"}, "density", ".nan"),
        ({"extra": "density: 0\n"}, "density", "0"),
        ({"extra": "density: -2.7\n"}, "density", "-2.7"),
        ({"extra": "density: 1e400\n"}, "density", "1e400"),
        ({"extra": "working_days: 0\n"}, "working_days", "0"),
        ({"extra": "working_days: 0x10\n"}, "working_days", "0x10"),
        ({"extra": "working_days: 12:30\n"}, "working_days", "12:30"),
        ({"extra": "working_days: 300.5\n"}, "working_days", "300.5"),
        ({"extra": "recovery:\n  mining: .inf\n"}, "recovery.mining", ".inf"),
        ({"extra": "recovery:\n  processing: 0\n"}, "recovery.processing", "0"),
        ({"extra": "operation:\n  natural_flow_share: -5\n"}, "operation.natural_flow_share", "-5"),
        ({"extra": "operation:\n  output: 0万吨/年\n"}, "operation.output", "0万吨/年"),
        ({"county": "珲春市\n  lon: .inf"}, "location.lon", ".inf"),
        ({"county": "珲春市\n  lat: nan"}, "location.lat", "nan"),
    ],
)
def test_every_numeric_field_refuses_non_finite_zero_and_negative(values, field, written):
    assert written in _refused(_load(**values), field)


def test_capacity_value_mapping_reads_leading_zeros_as_decimal():
    item = _load(capacity="{value: 0100, unit: 吨/日}")  # YAML 1.1 reads 0100 as octal 64
    assert item.record is not None, item.issues
    assert item.record.capacity.value == 100


def test_working_days_read_leading_zeros_as_decimal():
    item = _load(extra="working_days: 0300\n")  # YAML 1.1 reads 0300 as octal 192
    assert item.record is not None and item.record.working_days == 300


@pytest.mark.parametrize(
    "value", ["{value: .nan, unit: 万吨/年}", "{value: true, unit: 万吨/年}", "{value: '2,5', unit: 万吨/年}"]
)
def test_capacity_value_mapping_refuses_what_is_no_figure(value):
    assert _refused(_load(capacity=value), "capacity")


# ---- rates, not amounts ----


@pytest.mark.parametrize("field", ["capacity", "operation.output"])
def test_an_amount_where_a_rate_is_needed_is_refused_at_validation(field):
    item = _load(capacity="4万吨") if field == "capacity" else _load(extra="operation:\n  output: 4万吨\n")
    message = _refused(item, field)
    assert "'4万吨'" in message and "rate" in message


# ---- units, matched as written ----


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("2 Mt/a", "百万吨/年"),
        ("2 t/a", "吨/年"),
        ("2 万t/a", "万吨/年"),
        ("2 m³/a", "立方米/年"),
        ("2 m3/a", "立方米/年"),
        ("2 万m³/年", "万立方米/年"),
        ("2 ｔ／ａ", "吨/年"),
        ("2 万 吨 / 年", "万吨/年"),
    ],
)
def test_unit_spellings_are_matched_exactly(written, name):
    item = _load(capacity=written)
    assert item.record is not None, item.issues
    assert item.record.capacity.unit.name == name


@pytest.mark.parametrize("written", ["2 mt/a", "2 MT/a", "2 T/A", "2 KT/a", "2 M3/a", "2 tons/a"])
def test_unit_spellings_of_another_case_or_unknown_are_refused(written):
    message = _refused(_load(capacity=written), "capacity")
    assert "unknown unit" in message and written.split(" ", 1)[1] in message


def test_a_unit_of_another_case_is_named_but_not_guessed():
    with pytest.raises(QuantityError, match="case matters") as caught:
        unit("mt/a")
    assert "Mt/a" in str(caught.value) and "t/a" in str(caught.value)


def test_no_spelling_names_two_units():
    seen: dict[str, str] = {}
    for key, u in _units().items():
        assert seen.setdefault(key, u.name) == u.name


# ---- text fields keep what was written ----


@pytest.mark.parametrize(
    "written", ["0123", "12:30", "1.50", "1e3", "0x1F", "true", "NO", "2023-06-01", "+5", "０１２"]
)
def test_ids_keep_exactly_what_was_written(written):
    item = _load(id=written)
    assert item.record is not None, item.issues
    assert item.record.id == written


@pytest.mark.parametrize("written", ["0123", "12:30", "yes", "null-co", "1_000"])
def test_holders_keep_exactly_what_was_written(written):
    item = _load(extra=f"holder: {written}\n")
    assert item.record is not None, item.issues
    assert item.record.holder == written


def test_an_id_written_as_nothing_is_refused():
    assert "no value" in _refused(_load(id="~"), "id")


@pytest.mark.parametrize(
    ("values", "field", "written"),
    [
        ({"county": "0222404"}, "location.county", "0222404"),  # YAML 1.1: octal 75012
        ({"county": "NO"}, "location.county", "NO"),  # YAML 1.1: false
        ({"extra": "right2: x\nmethod2: on\n"}, "right2", "right2"),
        ({"extra": "mine_scale: NO\n"}, "mine_scale", "NO"),
        ({"extra": "site:\n  wetland: maybe\n"}, "site.wetland", "maybe"),
        ({"extra": "site:\n  wetland: on\n"}, "site.wetland", "on"),
        ({"extra": "working_days: 0x10\n"}, "working_days", "0x10"),
        ({"date": "2023-13-45"}, "date", "2023-13-45"),
        ({"date": "86400"}, "date", "86400"),  # not seconds since 1970
        ({"date": "2023-06-01 10:00:00"}, "date", "2023-06-01 10:00:00"),
        ({"extra": "location2: 12:30\n"}, "location2", "location2"),
    ],
)
def test_messages_quote_the_value_as_written(values, field, written):
    assert written in _refused(_load(**values), field)


@pytest.mark.parametrize(("written", "expected"), [("2023-6-1", "2023-06-01"), ("２０２３－０６－０１", "2023-06-01")])
def test_dates_read_as_written(written, expected):
    item = _load(date=written)
    assert item.record is not None, item.issues
    assert item.record.date.isoformat() == expected


@pytest.mark.parametrize(
    ("written", "value"), [("NO", False), ("Yes", True), ("true", True), ("否", False), ("是", True)]
)
def test_flags_read_as_written(written, value):
    item = _load(extra=f"site:\n  wetland: {written}\n")
    assert item.record is not None, item.issues
    assert item.record.site.wetland is value


def test_a_missing_figure_written_as_null_is_not_stated():
    item = _load(extra="density: ~\nworking_days:\n")
    assert item.record is not None, item.issues
    assert item.record.density is None and item.record.working_days is None


def test_json_records_refuse_nan_infinity_and_overflow():
    base = (
        '{"id": "J1", "right": "mining", "application": "new", "date": "2023-06-01", '
        '"location": {"county": "Hunchun"}, "mineral": "gold", "capacity": %s}'
    )
    for value in ('{"value": NaN, "unit": "万吨/年"}', '{"value": Infinity, "unit": "万吨/年"}'):
        [item] = load_text(base % value, "a.json")
        assert item.record is None and "not a number JSON allows" in item.issues[0].message
    [item] = load_text(base % '{"value": 1e400, "unit": "万吨/年"}', "a.json")
    assert _refused(item, "capacity")
    [item] = load_text(base.replace('"J1"', "true") % '"2 万吨/年"', "a.json")
    assert "true" in _refused(item, "id")


# ---- properties ----


def _reference(text: str) -> Decimal | None:
    """An independent reading of a figure: digits, one optional point, commas only as thousands separators."""
    text = unicodedata.normalize("NFKC", text)
    text = text.removeprefix("+")
    whole, _, fraction = text.partition(".")
    if not whole and not fraction:
        return None
    if fraction and not (fraction.isascii() and fraction.isdigit()):
        return None
    groups = whole.split(",")
    if whole and not all(g.isascii() and g.isdigit() for g in groups):
        return None
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])):
        return None
    return Decimal((whole.replace(",", "") or "0") + "." + (fraction or "0"))


FIGURE_CHARS = "0123456789,.，．０１５９+eE:x_ "


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=FIGURE_CHARS, min_size=1, max_size=12))
def test_a_figure_is_read_as_written_or_refused_naming_the_field(figure):
    item = _load(capacity=f"'{figure}万吨/年'")  # quoted: the figure reaches the field whatever it is
    expected = _reference(figure.strip())
    if item.record is not None:
        assert expected is not None, f"{figure!r} should have been refused"
        assert Decimal(repr(item.record.capacity.value)) == pytest.approx(expected)
    else:
        assert expected is None or expected == 0, (figure, [str(i) for i in item.issues])
        assert any(i.field == "capacity" for i in item.issues)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**12), st.text(alphabet="0123456789", max_size=4), st.booleans())
def test_thousands_separated_figures_read_exactly(whole, fraction, wide):
    text = f"{whole:,}" + (f".{fraction}" if fraction else "")
    if wide:
        text = text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789,."})  # full-width forms
    expected = float(f"{whole}.{fraction or 0}")
    assert number(text) == expected
    item = _load(capacity=f"{text} 吨/年")
    if expected == 0:
        assert "above zero" in _refused(item, "capacity")
    else:
        assert item.record is not None, item.issues
        assert item.record.capacity.value == expected


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 5), st.integers(1, 366))
def test_leading_zeros_are_decimal_in_numeric_fields(zeros, days):
    item = _load(extra=f"working_days: {'0' * zeros}{days}\n")
    assert item.record is not None, item.issues
    assert item.record.working_days == days


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789:.-_xXeE+", min_size=1, max_size=10))
def test_ids_of_digits_and_punctuation_keep_what_was_written(written):
    if written[0] in "-:" or written.startswith(("--", ":")) or written.endswith(":"):
        return  # not a plain YAML scalar
    item = _load(id=written)
    if item.record is not None:
        assert item.record.id == written
    else:
        assert item.issues  # the file is not YAML this way (a syntax error), never another id


RATE_LABELS = sorted(label for label, u in _units().items() if u.is_rate)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(RATE_LABELS), st.lists(st.booleans(), min_size=12, max_size=12), st.booleans())
def test_a_unit_is_the_one_spelled_or_refused(label, flips, wide):
    written = "".join(c.swapcase() if flip else c for c, flip in zip(label, flips + [False] * len(label), strict=False))
    if wide:
        written = written.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    item = _load(capacity=f"3 {written}")
    exact = _units().get(spelling(written))
    if exact is not None:
        assert item.record is not None, item.issues
        assert item.record.capacity.unit == exact
    else:
        assert item.record is None and any(i.field == "capacity" for i in item.issues)


# ---- a figure just short of a limit ----


@pytest.mark.parametrize(
    ("capacity", "status", "shown"),
    [
        ("2.9999999999 万吨/年", "fail", "2.9999999999万吨/年"),
        ("2.9999999999999 万吨/年", "fail", "2.9999999999999万吨/年"),  # thirteen digits: still short
        ("2.99999999999999 万吨/年", "fail", "2.99999999999999万吨/年"),  # fifteen
        ("29999.9999999999 吨/年", "fail", "≙ 2.99999999999999"),  # fifteen, converted
        ("29999.999999999 吨/年", "fail", "≙ 2.9999999999999"),  # and shown with the digits that fall short
        ("29999.999999 吨/年", "fail", "≙ 2.9999999999万吨/年"),
        ("29999.9 吨/年", "fail", "≙ 2.99999万吨/年"),
        ("30000 吨/年", "pass", "≙ 3万吨/年"),
        ("100 吨/日", "pass", "≙ 3万吨/年"),  # 300 working days: float noise in the conversion is no shortfall
        ("3 万吨/年", "pass", "3万吨/年"),
    ],
)
def test_a_figure_just_short_of_a_minimum_is_short_of_it(corpus, capacity: str, status: str, shown: str):
    """Yanbian's small underground gold mine needs 3万吨/年: a figure written a hair below it does not meet it,
    and the message shows the digits that make it fall short."""
    from minplan.engine import check_record

    [item] = load_text(
        BASE.format(id="YB-1", date="2023-06-01", county="珲春市", capacity=capacity, extra=""),
        "a.yaml",
        corpus.record_context(),
    )
    result = check_record(item, corpus)
    [gold] = [f for f in result.findings if f.rule == "yanbian-2021/min-scale/gold"]
    assert gold.status.value == status, gold.message
    assert shown in gold.message["zh"]


def test_a_figure_beside_its_limit_shows_the_digits_that_tell_them_apart():
    from minplan.quantities import figure_beside

    assert figure_beside(31.0000001, 31) == "31.0000001"  # a total a hair above a cap is not shown as the cap
    assert figure_beside(31.0, 31) == "31"
    assert figure_beside(60.839160839, 61) == "60.8392"  # four decimals where they already differ


@pytest.mark.parametrize(
    ("point", "words"), [('"4748064, 43611148"', "not one text"), ("[4748064, 43612148, 5]", "3 figures given")]
)
def test_a_corner_point_that_is_no_pair_is_refused_saying_so(point: str, words: str):
    text = BASE.format(id="P", date="2023-06-01", county="珲春市", capacity="2 万吨/年", extra="")
    text = text.replace(
        "location:\n  county: 珲春市\n",
        "location:\n  county: 珲春市\n  boundary:\n    crs: EPSG:4531\n    points:\n"
        f"      - {point}\n      - [4748064, 43612148]\n      - [4749064, 43612148]\n",
    )
    [item] = load_text(text, "a.yaml")
    assert item.record is None and any(words in i.message for i in item.issues), [str(i) for i in item.issues]


DANDONG_STONE = """\
id: D-3
right: 采矿权
application: 延续
date: 2023-06-01
location: {{county: 东港市, zones: [CS21060000002]}}
mineral: 建筑用花岗岩
method: 露天开采
capacity: 50 万吨/年
deposit_scale: 中型
{extra}"""


@pytest.mark.parametrize(
    ("capacity", "extra", "status"),
    [
        (
            "50 万吨/年",
            "density: 2.7\n",
            "warn",
        ),  # 18.5万立方米/年 at its own density, the plan's 50万吨/年 by its words
        ("45 万吨/年", "density: 2.7\n", "fail"),  # below the floor either way
        ("50 万吨/年", "density: 2.4\n", "pass"),  # 20.8万立方米/年: above it either way
        ("50 万吨/年", "", "pass"),  # the plan's own equivalence, 2.5 t/m³
        ("18.5 万立方米/年", "density: 2.7\n", "fail"),  # a volume is compared as it is
        ("12 万吨/年", "density: 0.5\n", "fail"),  # 24万立方米/年 at its density, 4.8 by the plan's: beyond 左右
        ("40 万吨/年", "density: 1.6\n", "warn"),  # 25 at its density, 16 by the plan's: within a fifth
    ],
)
def test_the_mines_own_density_and_the_plans_equivalence_are_both_read(corpus, capacity: str, extra: str, status: str):
    """Dandong's floor is "20万立方米/年（50万吨/年左右）": both figures are the plan's. A mass the mine's own density
    turns into a volume below 20 while it reaches the plan's 50万吨/年 (or the reverse) is not the plan's to fail or
    pass: it is for review (warn), saying so; where the two readings agree, their verdict stands."""
    from minplan.engine import check_record

    text = DANDONG_STONE.replace("capacity: 50 万吨/年", f"capacity: {capacity}").format(extra=extra)
    [item] = load_text(text, "d.yaml", corpus.record_context())
    result = check_record(item, corpus)
    [rule] = [f for f in result.findings if f.rule == "dandong-2021/min-scale/ordinary-sand-gravel"]
    assert rule.status.value == status, rule.message
    if extra and "吨" in capacity:
        density = extra.split()[1]  # the mine's own, said as used
        assert f"（密度 {density}吨/立方米）" in rule.message["zh"] and f"({density} t/m³)" in rule.message["en"]
    assert ("两者不一致" in rule.message["zh"]) is (status == "warn")
    assert ("逾五分之一" in rule.message["zh"]) is (capacity == "12 万吨/年")


WATER = """\
id: MW-1
right: 采矿权
application: 改扩建
date: 2023-06-01
location: {{county: 安图县}}
mineral: 矿泉水
capacity: 5 万吨/年
operation: {{natural_flow_share: {share}}}
"""
FLOW = "yanbian-2021/threshold/mineral-water-natural-flow"


@pytest.mark.parametrize(
    ("share", "status"),
    [
        ("0.7", None),
        ("1", None),
        ("'0.7%'", "pass"),
        ("'70%'", "fail"),
        ("70", "fail"),
        ("'７０％'", "fail"),
        ("69", "pass"),
    ],
)
def test_a_share_of_at_most_one_is_refused_unless_written_as_a_percentage(corpus, share: str, status: str | None):
    """延边: 开采量达到天然流量 70% 以上的，禁止扩大开发规模. 0.7 may be 70% written as a fraction: read as 0.7% it
    would pass a mine the plan stops, so a bare figure of at most 1 is refused; 0.7% and 70% say which."""
    from minplan.engine import check_record

    [item] = load_text(WATER.format(share=share), "w.yaml", corpus.record_context())
    if status is None:
        assert item.record is None
        [issue] = item.issues
        assert issue.field == "operation.natural_flow_share" and "%" in issue.message
        return
    [rule] = [f for f in check_record(item, corpus).findings if f.rule == FLOW]
    assert rule.status.value == status, rule.message


@pytest.mark.parametrize(("grade", "read"), [("0.3", None), ("'0.8%'", 0.8), ("30", 30.0)])
def test_a_grade_of_at_most_one_says_whether_it_is_a_per_cent(corpus, grade: str, read: float | None):
    """0.3 for an iron ore's TFe is 30% written as a fraction (read as 0.3% it shrinks the ore counted against a
    cap to nothing): refused like any bare share of at most 1; 0.8% is a grade of 0.8 per cent."""
    text = BASE.format(id="G", date="2023-06-01", county="珲春市", capacity="3 万吨/年", extra=f"grade: {grade}\n")
    [item] = load_text(text, "g.yaml", corpus.record_context())
    if read is None:
        assert item.record is None and item.issues[0].field == "grade"
    else:
        assert item.record is not None and item.record.grade == read


@pytest.mark.parametrize(
    ("grade", "read"),
    [
        ("3 g/t", 0.0003),
        ("3.5克/吨", 0.00035),
        ("'0.5 g/t'", 0.00005),
        ("３ 克／吨", 0.0003),
        ("0 g/t", None),
        ("3 g/m3", None),  # placer gold, graded by volume: not a grade this field holds
        ("3 ppm", None),
        ("3 mg/t", None),
    ],
)
def test_a_gold_grade_in_grams_per_tonne_is_held_in_per_cent(corpus, grade: str, read: float | None):
    """Gold is graded in g/t: 3 g/t is 0.0003%; a grade of nothing, or in another unit, is refused."""
    text = BASE.format(id="G", date="2023-06-01", county="珲春市", capacity="3 万吨/年", extra=f"grade: {grade}\n")
    [item] = load_text(text, "g.yaml", corpus.record_context())
    if read is None:
        assert item.record is None and item.issues[0].field == "grade"
        assert "g/t" in str(item.issues[0].message) or grade == "0 g/t", item.issues[0]
        unit = grade.partition(" ")[2]
        if unit not in ("g/t", ""):  # the unit written is named, not a figure cut short ('3 m' of 3 mg/t)
            assert f"{unit!r} is no unit of a grade" in str(item.issues[0].message), item.issues[0]
    else:
        assert item.record is not None and item.record.grade == pytest.approx(read, rel=1e-12)


@pytest.mark.parametrize(
    ("capacity", "grade", "status", "shown"),
    [
        ("30 万吨/年", "3 g/t", "pass", "3克/吨"),  # 0.9 吨 of gold a year
        ("300 万吨/年", "5 克/吨", "warn", "5克/吨"),  # 15 吨: twice the province's 7.3
        ("300 万吨/年", None, "needs_info", None),
        ("30 万吨/年", "3", "warn", "3% 高于此类矿石的最高品位"),  # 3 g/t written bare: asked for its unit
        ("30 万吨/年", "0.0005%", "pass", "5克/吨"),
    ],
)
def test_jilin_2011s_gold_figure_counts_the_metal_the_ore_holds(
    corpus, capacity: str, grade: str | None, status: str, shown: str | None
):
    """表4 row 7 counts gold in 吨 of metal: a mine's ore at its grade in g/t, and asked for where it says none."""
    from minplan.engine import check_record

    extra = f"grade: {grade}\n" if grade else ""
    text = BASE.format(id="G", date="2014-06-01", county="珲春市", capacity=capacity, extra=extra)
    [item] = load_text(text, "g.yaml", corpus.record_context())
    [finding] = [f for f in check_record(item, corpus).findings if f.rule == "jilin-2011/extraction-cap/gold"]
    assert finding.status.value == status, finding.message
    if shown:
        assert f"品位 {shown}" in finding.message["zh"]


@pytest.mark.parametrize(("capacity", "volume"), [("0.2万吨/日", 600 / 27), ("5千吨/年", 5 / 27), ("54 万吨/年", 20.0)])
def test_mass_turns_into_volume_at_any_scale_of_unit(capacity: str, volume: float):
    """万吨/日 and 千吨/年 have no volume unit of their own scale: they go through the base units, not an error."""
    from minplan.quantities import Quantity

    converted = Quantity.parse(capacity).with_density(2.7).to("万立方米/年", working_days=300)
    assert converted.value == pytest.approx(volume)


def test_a_rule_comparing_mass_at_an_odd_scale_with_volume_judges(corpus):
    from minplan.engine import check_record

    text = DANDONG_STONE.replace("capacity: 50 万吨/年", "capacity: 0.2万吨/日").format(extra="density: 2.7\n")
    [item] = load_text(text + "working_days: 300\n", "d.yaml", corpus.record_context())
    result = check_record(item, corpus)
    assert result.status.value != "error", [f.message for f in result.findings]
    [rule] = [f for f in result.findings if f.rule == "dandong-2021/min-scale/ordinary-sand-gravel"]
    assert rule.status.value == "pass"  # 22.2 万立方米/年 against 20


OVER = """\
id: OC-1
right: 采矿权
application: 生产矿山
date: 2023-06-01
location: {{county: 珲春市}}
mineral: 铁
method: 地下开采
capacity: 3万吨/年
operation: {{output: {output}}}
{extra}"""


@pytest.mark.parametrize(
    ("output", "extra", "status", "shown"),
    [
        ("1万立方米/年", "density: 2.7\n", "pass", ("≙ 2.7万吨/年（密度 2.7吨/立方米）", "(2.7 t/m³)")),
        ("1.2万立方米/年", "density: 2.7\n", "fail", ("≙ 3.24万吨/年（密度 2.7吨/立方米）", "(2.7 t/m³)")),
        ("1万立方米/年", "", "needs_info", None),
        ("100吨/日", "working_days: 330\n", "fail", ("≙ 3.3万吨/年（年工作 330 天）", "(330 d/a)")),
    ],
)
def test_over_production_is_judged_through_the_mines_density_and_days(corpus, output, extra, status, shown):
    from minplan.engine import check_record

    [item] = load_text(OVER.format(output=output, extra=extra), "o.yaml", corpus.record_context())
    [rule] = [f for f in check_record(item, corpus).findings if f.rule == "yanbian-2021/output-cap/no-over-production"]
    assert rule.status.value == status, rule.message
    if shown:  # how the figure was converted, in each language
        assert shown[0] in rule.message["zh"] and shown[1] in rule.message["en"]


@pytest.mark.parametrize(
    ("capacity", "said"), [("'100%'", "'100%' is a share, not a rate"), ("5 万吨", "is an amount")]
)
def test_a_capacity_that_is_no_rate_says_what_it_is(capacity: str, said: str):
    """A percentage was called "an amount"."""
    assert said in _refused(_load(capacity=capacity), "capacity")
