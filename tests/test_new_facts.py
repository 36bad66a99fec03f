"""Facts that make a provision checkable: a product's yearly output, the magnetic-iron recovery, whether a right
lists associated minerals, a water source's allowable yield, a reclamation plan out of date at renewal."""

from __future__ import annotations

from minplan.examples import run_example
from minplan.rulebook import Example, load_corpus

CORPUS = load_corpus()


def _found(rule_id: str, record: dict):
    rule = CORPUS.rule(rule_id)
    _, finding = run_example(CORPUS, rule, Example(name="t", expect="pass", record=record))
    return finding


def test_an_oil_shale_right_is_judged_by_its_shale_oil_output():
    rule = "jilin-2011/min-scale/shale-oil-restricted-area"
    low = _found(rule, {"mineral": "油页岩", "capacity": "900万吨/年", "product_output": "60万吨/年"})
    assert low.status.value == "fail" and "yearly shale oil output" in low.message["en"]
    assert _found(rule, {"mineral": "油页岩", "capacity": "900万吨/年"}).needs == ["product_output"]
    assert _found(rule, {"mineral": "页岩油", "capacity": "120万吨/年"}).status.value == "pass"


def test_a_products_output_in_volume_is_not_converted_by_the_ores_density():
    """50万立方米/年 of shale oil passed 年产页岩油 100万吨 as 110万吨 at the ore's 2.2 t/m³ (oil weighs about 0.9):
    the record's density is the ore's, so a product's output in the other quantity is asked for in the figure's."""
    rule = "jilin-2011/min-scale/shale-oil-restricted-area"
    record = {"mineral": "油页岩", "capacity": "800万吨/年", "product_output": "50万立方米/年", "density": 2.2}
    found = _found(rule, record)
    assert found.status.value == "needs_info" and found.needs == ["product_output"]


def test_magnetic_iron_recovery_is_not_read_from_the_processing_rate():
    rule = "jilin-2011/threshold/iron-magnetic-recovery"
    assert _found(rule, {"mineral": "铁", "recovery": {"processing": 95}}).needs == ["recovery.magnetic_iron"]
    assert _found(rule, {"mineral": "铁", "recovery": {"processing": 70, "magnetic_iron": 86}}).status.value == "pass"


def test_a_right_with_associated_minerals_needs_their_development_plan():
    rule = "jilin-2011/documents/associated-minerals-plan"
    with_copper = {"mineral": "岩金", "associated_minerals": ["铜"], "documents": ["development_plan"]}
    assert _found(rule, with_copper).status.value == "fail"
    assert _found(rule, {**with_copper, "associated_minerals": []}).status.value == "not_applicable"
    asked = _found(rule, {"mineral": "岩金", "documents": ["development_plan"]})
    assert asked.status.value == "needs_info" and asked.needs == ["has_associated_minerals"]


def test_over_extraction_of_water_is_against_the_allowable_yield():
    rule = "linjiang-2021/output-cap/mineral-water-geothermal-overdraw"
    within_licence = {"mineral": "矿泉水", "capacity": "30万吨/年", "allowed_yield": "20万吨/年"}
    found = _found(rule, {**within_licence, "operation": {"output": "25万吨/年"}})
    assert found.status.value == "fail" and "allowable yield" in found.message["en"]


def test_a_renewal_with_an_outdated_reclamation_plan_fails():
    rule = "yanbian-2021/declaration/reclamation-plan-current-at-renewal"
    assert _found(rule, {"mineral": "金", "operation": {"reclamation_plan_outdated": "是"}}).status.value == "fail"
    assert _found(rule, {"mineral": "金"}).needs == ["operation.reclamation_plan_outdated"]
