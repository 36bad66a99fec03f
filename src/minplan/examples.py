"""Example records that rule files carry, completed into full records and judged."""

from __future__ import annotations

from typing import Any

from minplan.engine import evaluate_rule
from minplan.findings import Finding
from minplan.record import Record
from minplan.regions import gazetteer
from minplan.rulebook import Corpus, Example, Rule


def _default_county(corpus: Corpus, rule: Rule, zones: list[str]) -> str:
    plan = corpus.plans[rule.plan]
    if rule.scope.counties:
        return rule.scope.counties[0]
    places = gazetteer()
    for code in zones:  # a record in a zone lies in a county the zone lies in
        zone = next((z for z in plan.zones if z.code.upper() == str(code).upper()), None)
        if zone is not None and zone.county and zone.county[0] in places.divisions:
            return zone.county[0]
    if places.divisions[plan.jurisdiction].level == "county":
        return plan.jurisdiction
    under = [d for d in places.counties() if plan.jurisdiction in {c.code for c in places.chain(d.code)}]
    return sorted(under, key=lambda d: d.code)[0].code


def example_record(corpus: Corpus, rule: Rule, example: Example) -> Record:
    """The example as a full record: what it leaves out is filled from the rule and its plan (a record in a zone
    lies, unless it says otherwise, in a county the zone lies in).

    An example judges one rule for one mineral, so it names a single ``mineral``; it may list the right's
    ``associated_minerals`` where the provision turns on whether there are any, and is judged for the main one.
    """
    if "minerals" in example.record:
        raise ValueError("an example names one mineral (mineral), not minerals (it may list associated_minerals)")
    plan = corpus.plans[rule.plan]
    year = max(plan.period.start.year, min(plan.period.end.year, 2023))
    zones: list[str] = []
    if rule.scope.zones:  # a zone the rule names, or the plan's first zone of the type it names
        first = rule.scope.zones[0]
        zones = [next((z.code for z in plan.zones if z.type == first), first)]
    given = example.record.get("location")
    if isinstance(given, dict) and "zones" in given:
        zones = given["zones"] if isinstance(given["zones"], list) else []
    data: dict[str, Any] = {
        "id": f"{rule.id}#{example.name}",
        "right": rule.scope.rights[0].value if rule.scope.rights else "mining",
        "application": rule.scope.applications[0].value if rule.scope.applications else "new",
        "date": f"{year}-06-01",
        "location": {"county": _default_county(corpus, rule, zones)},
        "mineral": rule.scope.minerals[0] if rule.scope.minerals else "金",
    }
    if rule.scope.zones:
        data["location"]["zones"] = zones[:1] if zones else []
    for key, value in example.record.items():
        if key == "location" and isinstance(value, dict):
            data["location"] = {**data["location"], **value}
        else:
            data[key] = value
    return Record.model_validate(data, context=corpus.record_context())


def run_example(corpus: Corpus, rule: Rule, example: Example) -> tuple[Record, Finding | None]:
    """The example's finding, or None when the rule's scope, or its plan's, leaves the record out."""
    record = example_record(corpus, rule, example)
    plan = corpus.plans[rule.plan]
    if not plan.covered(record.right, (record.mineral,)):
        return record, None
    return record, evaluate_rule(rule, corpus.params[rule.id], record, plan.level, corpus.zone_types(rule.plan))
