"""A zone lies where the plan prints it: a record of another county naming a zone whose county the plan prints is
refused at the zone's place in the list; where the plan only lets the county be read from the zone's localities
(or gives none), the record is taken at its word."""

from __future__ import annotations

import pytest

from minplan.engine import check_record
from minplan.loader import load_text
from minplan.rulebook import load_corpus

CORPUS = load_corpus()


def _load(county: str, zones: list[str], mineral: str = "建筑用花岗岩", date: str = "2023-06-01"):
    text = (
        f"id: Z-1\nright: mining\napplication: new\ndate: {date}\n"
        f"location: {{county: {county}, zones: [{', '.join(zones)}]}}\nmineral: {mineral}\ncapacity: 30万立方米/年\n"
    )
    return load_text(text, "z.yaml", context=CORPUS.record_context())[0]


def _zone_finding(item, rule_id: str):
    result = check_record(item, CORPUS)
    return next(f for f in result.findings if f.rule == rule_id)


@pytest.mark.parametrize(
    ("county", "zone", "lies_in"),
    [
        ("凤城市", "CS21060000001", "振安区 210604"),  # 专栏八: the name starts with its county
        ("珲春市", "KZ02", "龙井市 222405"),  # 专栏3: the name starts with its county
        ("元宝区", "GK21060000002", "凤城市 210682"),  # 专栏二 prints 所在行政区
        ("东港市", "丹东市振安区九连城镇庙岭村建筑用花岗岩集中开采区", "振安区 210604"),  # by its printed name
    ],
)
def test_a_zone_printed_in_another_county_is_refused_where_it_stands(county, zone, lies_in):
    item = _load(county, ["CS21060000005", zone] if county == "东港市" else [zone])
    assert item.record is None
    (issue,) = item.issues
    assert issue.field == ("location.zones[1]" if county == "东港市" else "location.zones[0]")
    assert lies_in in issue.message and "does not lie in the record's county" in issue.message


def test_the_same_zone_from_its_own_county_is_judged():
    found = _zone_finding(_load("振安区", ["CS21060000001"]), "dandong-2021/zone/sand-gravel-concentrated-area")
    assert found.status.value == "pass"


def test_a_zone_whose_county_is_only_read_from_its_name_is_taken_at_the_record_word():
    """专栏三 rows 1–9 print 所在行政区 丹东 (the city): KZ21060000001's 凤城 is read from its name, not printed."""
    item = _load("振安区", ["KZ21060000001"], mineral="金")
    assert item.record is not None and item.record.location.zones == ["KZ21060000001"]


def test_a_zone_with_no_county_is_accepted_anywhere_in_the_plan():
    item = _load("东港市", ["KZ21060000002"], mineral="金")  # 辽宁丹东五龙: no county in the name or the table
    assert item.record is not None


def test_which_lists_are_printed_is_marked_in_the_data():
    dandong = {z.code: z for z in CORPUS.plans["dandong-2021"].zones}
    assert dandong["CS21060000001"].county_printed and dandong["KZ21060000010"].county_printed
    assert not dandong["KZ21060000001"].county_printed and not dandong["CZ21060000001"].county_printed
    assert all(z.county_printed for z in CORPUS.plans["yanbian-2021"].zones)


def test_a_jilin_zone_from_another_county_is_refused():
    item = _load("临江市", ["JL-XZ-01"], mineral="钼", date="2013-06-01")
    assert item.record is None and "舒兰市 220283" in item.issues[0].message
    assert _load("舒兰市", ["JL-XZ-01"], mineral="钼", date="2013-06-01").record is not None


def _zone_scoped(plan: str):
    """The plan's rules whose scope names zones (codes or types) that all print the counties they lie in, with those
    counties."""
    zones = CORPUS.plans[plan].zones
    out = []
    for rule in CORPUS.rules:
        if rule.plan != plan or not rule.scope.zones:
            continue
        named = set(rule.scope.zones)
        meant = [z for z in zones if z.code in named or z.type in named]
        if meant and all(z.county_printed for z in meant):
            out.append((rule, {c for z in meant for c in z.county}))
    return out


def test_a_dandong_rule_on_printed_zones_names_their_counties():
    """A record of another county cannot lie in such a zone (naming it is refused), so the rule's scope takes
    only the zones' counties: else a record whose zones are not stated is asked for them by provisions that
    cannot concern it."""
    scoped = _zone_scoped("dandong-2021")
    assert len(scoped) >= 23  # 专栏八's 21 areas, the national planned areas, the areas outside key areas
    for rule, counties in scoped:
        assert set(rule.scope.counties) == counties, rule.id


def test_a_donggang_quarry_is_not_asked_about_fengcheng_concentrated_areas():
    text = (
        "id: Z-2\nright: mining\napplication: new\ndate: 2023-06-01\nlocation: {county: 东港市}\n"
        "mineral: 建筑石料用灰岩\ncapacity: 60万吨/年\ndeposit_scale: medium\n"
    )
    item = load_text(text, "z.yaml", context=CORPUS.record_context())[0]
    found = {f.rule: f.status.value for f in check_record(item, CORPUS).findings}
    assert found["dandong-2021/min-scale/concentrated-area-cs07"] == "needs_info"  # 东港市's own area
    for fengcheng in ("cs13", "cs17"):
        assert found.get(f"dandong-2021/min-scale/concentrated-area-{fengcheng}", "not_applicable") == "not_applicable"
