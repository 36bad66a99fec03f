"""Words the plans print for minerals: those a right may name resolve under the right umbrella; those that describe
rocks or groups are refused with the names to give instead."""

from __future__ import annotations

import pytest

from minplan.minerals import DescribedMineral, mineral_book
from minplan.record import Record

BOOK = mineral_book()


@pytest.mark.parametrize(
    ("word", "name", "under"),
    [
        ("钠基膨润土", "钠基膨润土", "膨润土"),
        ("钠基优质膨润土", "钠基膨润土", "膨润土"),
        ("羚羊铁", "羚羊铁", "铁"),
        ("临江式铁矿", "羚羊铁", "铁"),
        ("建筑用石灰岩", "建筑石料用灰岩", "建筑用石料"),
    ],
)
def test_a_word_a_record_may_carry_resolves_under_its_umbrella(word, name, under):
    mineral = BOOK.resolve(word)
    assert mineral.name == name and under in BOOK.ancestors(mineral.name)


@pytest.mark.parametrize(
    ("word", "suggests"),
    [
        ("多金属", "minerals:"),
        ("多金属矿", "minerals:"),
        ("碱性花岗岩", "饰面用花岗岩"),
        ("霓霞正长岩", "霞石正长岩"),
        ("蛇纹石化大理岩", "饰面用大理岩"),
        ("石英（砂）岩", "石英砂岩"),
        ("其它石灰岩", "熔剂用灰岩"),
        ("其他石灰岩", "熔剂用灰岩"),
    ],
)
def test_a_description_is_refused_with_what_to_give(word, suggests):
    with pytest.raises(DescribedMineral) as caught:
        BOOK.resolve(word)
    assert suggests in str(caught.value)


def test_a_record_naming_a_description_is_refused_at_its_field():
    with pytest.raises(ValueError, match="is a marble: name its use"):
        Record.model_validate(
            {
                "id": "x",
                "right": "mining",
                "application": "new",
                "date": "2023-06-01",
                "location": {"county": "宽甸满族自治县"},
                "mineral": "蛇纹石化大理岩",
            }
        )


def test_no_description_shadows_a_mineral():
    from minplan.textnorm import fold

    names = {fold(label) for m in BOOK.minerals.values() for label in (m.name, m.en, *m.aliases)}
    assert not names & set(BOOK.descriptions)


def test_an_english_name_with_a_comma_is_read_whole():
    """Unquoted in a flow mapping it would split at its comma; the book refuses the stray field that leaves."""
    assert BOOK.minerals["普通建筑用砂石土"].en == "ordinary construction sand, gravel and clay"
