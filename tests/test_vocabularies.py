from __future__ import annotations

import pytest

from minplan.minerals import UnknownMineral, mineral_book
from minplan.regions import UnknownPlace, gazetteer


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("岩金", "岩金"),
        ("gold", "金"),
        ("Gold", "金"),
        ("煤炭", "煤"),
        ("lead-zinc", "铅锌"),
        ("饰面石材", "饰面用石材"),
    ],
)
def test_mineral_aliases(name, canonical):
    assert mineral_book().resolve(name).name == canonical


def test_unknown_mineral_suggests_nearest():
    with pytest.raises(UnknownMineral) as err:
        mineral_book().resolve("glod")
    assert "gold" in err.value.suggestions


@pytest.mark.parametrize(
    ("rule", "record", "applies"),
    [
        (["金"], "岩金", True),
        (["金"], "砂金", True),
        (["岩金"], "金", False),
        (["建筑用石料"], "建筑用花岗岩", True),
        (["建筑用石料"], "建筑用玄武岩", True),
        (["建筑用石料"], "饰面用花岗岩", False),
        (["铅"], "铅锌", True),
        (["铅锌"], "锌", True),
        (["石英岩"], "玻璃用石英岩", True),
        (["石墨"], "隐晶质石墨", True),
    ],
)
def test_hierarchy(rule, record, applies):
    assert mineral_book().covers(rule, record) is applies


def test_a_plan_can_keep_a_child_apart():
    # Linjiang keeps 建筑用砂岩 apart from 建筑用石料
    book = mineral_book()
    assert book.covers(["建筑用石料"], "建筑用砂岩")
    assert not book.covers(["建筑用石料"], "建筑用砂岩", excluded=["建筑用砂岩"])
    assert book.covers(["建筑用石料"], "建筑用花岗岩", excluded=["建筑用砂岩"])


def test_every_parent_and_component_is_known():
    book = mineral_book()
    for mineral in book.minerals.values():
        for other in (*mineral.parents, *mineral.components):
            assert other in book.minerals, f"{mineral.name} names unknown {other}"


def test_aliases_are_unambiguous():
    seen: dict[str, str] = {}
    from minplan.textnorm import fold

    for mineral in mineral_book().minerals.values():
        for label in (mineral.name, mineral.en, *mineral.aliases):
            key = fold(label)
            assert seen.setdefault(key, mineral.name) == mineral.name, f"{label} names two minerals"


CONTRACT_CODES = {
    "220000",
    "222400",
    "222401",
    "222402",
    "222403",
    "222404",
    "222405",
    "222406",
    "222424",
    "222426",
    "220600",
    "220681",
    "220800",
    "220881",
    "210000",
    "210600",
    "210602",
    "210603",
    "210604",
    "210624",
    "210681",
    "210682",
}


# the divisions of Jilin the provincial plan (2011–2015) prints its zones in, beyond the contract's own
JILIN_2011_ZONE_DIVISIONS = {
    *("220100", "220112", "220122", "220181", "220200", "220221", "220281", "220282", "220283", "220284"),
    *("220400", "220422", "220500", "220523", "220602", "220605", "220621", "220622", "220623", "220700", "220721"),
}


def test_every_division_of_the_contract_is_known():
    assert set(gazetteer().divisions) == CONTRACT_CODES | JILIN_2011_ZONE_DIVISIONS


def test_every_county_a_zone_prints_is_known():
    from minplan.rulebook import load_corpus

    printed = {c for plan in load_corpus().plans.values() for z in plan.zones if z.county_printed for c in z.county}
    assert printed <= set(gazetteer().divisions)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("延边州", "222400"),
        ("延边", "222400"),
        ("宽甸县", "210624"),
        ("宽甸", "210624"),
        ("吉林", "220000"),
        ("辽宁", "210000"),
        ("Yanbian", "222400"),
        ("Hunchun", "222404"),
        ("Kuandian", "210624"),
        ("Linjiang", "220681"),
        ("Taonan", "220881"),
        ("220681", "220681"),
        ("珲春市", "222404"),
        ("九台区", "220181"),
        ("220113", "220181"),  # 九台区's code since 2014, the territory of the plan's 九台市
    ],
)
def test_place_names(name, code):
    assert gazetteer().resolve(name).code == code


def test_chain_runs_county_to_province():
    chain = [d.code for d in gazetteer().chain("220681")]
    assert chain == ["220681", "220600", "220000"]


def test_unknown_place_suggests():
    with pytest.raises(UnknownPlace) as err:
        gazetteer().resolve("珲春县")
    assert "珲春市" in err.value.suggestions


def test_bounds_of_a_county_and_of_its_prefecture():
    places = gazetteer()
    assert places.outside_bounds("222404", 130.36, 42.86) is None
    assert places.outside_bounds("222404", 125.0, 42.86).code == "222400"
    assert places.outside_bounds("220681", 127.0, 41.8) is None
    assert places.outside_bounds("220681", 128.5, 41.8).code == "220681"
    # one figure given is checked alone; none given, nothing is outside
    assert places.outside_bounds("220681", 128.5, None).code == "220681"
    assert places.outside_bounds("220681", None, 60.0).code == "220681"
    assert places.outside_bounds("220681", None, None) is None
