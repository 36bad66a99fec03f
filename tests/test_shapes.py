"""One shape everywhere in the JSON outputs: a figure beside its text as ``X_quantity``, a bilingual text as
``X_i18n`` (docs/contract.md, Shapes); every command's JSON valid against its schema; every key version 1
wrote kept with its value (tests/data/shapes/v1, written by tests/shapes_cases.py)."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest

from minplan.quantities import _units, spelling
from minplan.rulebook import Corpus
from minplan.say import Msg
from minplan.shapes import params_quantity, quantities_of, quantity_of, zone_scale_quantity
from shapes_cases import CASES, ROOT, V1, WHOLE, run

ALL = {**CASES, **WHOLE}
LANG = {name: "en" if " --lang en" in " ".join(args) else "zh" for name, args in ALL.items()}


@pytest.fixture(scope="module")
def outputs() -> dict[str, Any]:
    return {name: run(args) for name, args in ALL.items()}


def nodes(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], dict[str, Any]]]:
    """Every object of a JSON document, with its path; a rule's own data (params, scope, example records,
    conditions) as the rule file gives it is not output of minplan's making, and is not entered."""
    if isinstance(value, dict):
        yield path, value
        for key, item in value.items():
            if key not in ("params", "params_quantity", "record", "scope", "when", "when_any", "unless"):
                yield from nodes(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from nodes(item, (*path, str(i)))


# --- figures ---------------------------------------------------------------------------------------------------

_LABELS = sorted(_units(), key=len, reverse=True)
FIGURE = re.compile(r"(?:≥|≤|>=|<=|>|<)?\s*\d[\d.,]*\s*(?:" + "|".join(re.escape(u) for u in _LABELS) + ")")
FIGURE_KEYS = {"required", "actual", "figure", "minimum", "exceptions", "min_scale"}  # texts that state figures
NUMBER_KEYS = {"target", "base", "actual"}  # the indicators' figures, numbers in the indicator's unit


def test_every_figure_has_its_quantity(outputs: dict[str, Any]):
    checked = 0
    for name, output in outputs.items():
        for path, node in nodes(output):
            if path and path[-1] in FIGURE_KEYS:
                continue  # a figure per deposit class: checked with its parent
            for key, value in node.items():
                where = f"{name}: {'.'.join((*path, key))}"
                if key in FIGURE_KEYS and isinstance(value, str) and FIGURE.search(value):
                    assert f"{key}_quantity" in node or f"{key}_quantities" in node, where
                    checked += 1
                elif key in FIGURE_KEYS and isinstance(value, dict):  # a figure per deposit class
                    given = node.get(f"{key}_quantity", {})
                    for sub, text in value.items():
                        if isinstance(text, str) and FIGURE.search(text):
                            assert sub in given, f"{where}.{sub}"
                            checked += 1
                elif key in FIGURE_KEYS and isinstance(value, list):
                    assert len(node.get(f"{key}_quantity", ())) == len(value), where
                elif key in NUMBER_KEYS and isinstance(value, int | float) and "unit" in node:
                    assert node[f"{key}_quantity"]["value"] == value, where
                    assert node[f"{key}_quantity"]["unit"] == node["unit"], where
                    checked += 1
                elif isinstance(value, str) and key != "target_text":  # a figure under another key is a new key
                    assert not FIGURE.fullmatch(value.strip()), f"{where} = {value!r}: a figure without its quantity"
    assert checked > 200


def test_quantities_say_what_the_text_says(outputs: dict[str, Any]):
    """Each quantity agrees with the text beside it: its value and unit are in it, and a bound's operator."""
    symbol = {">=": ("≥", ">="), "<=": ("≤", "<="), ">": (">",), "<": ("<",)}
    for name, output in outputs.items():
        for path, node in nodes(output):
            for key, q in node.items():
                if not key.endswith("_quantity") or key.removesuffix("_quantity") not in node:
                    continue
                text = node[key.removesuffix("_quantity")]
                if not isinstance(text, str) or not isinstance(q, dict) or "value" not in q:
                    continue
                where = f"{name}: {'.'.join((*path, key))}: {text!r}"
                spellings = [label for label, u in _units().items() if u.name == q["unit"]]
                written = spelling(text)
                assert any(s in written for s in spellings) or q["unit"] == "个", where  # a count is bare (≤ 165)
                figure = f"{q['value']:.4f}".rstrip("0").rstrip(".")
                assert figure in text.replace(",", ""), where
                if "op" in q and key == "required_quantity":
                    assert any(s in text for s in symbol[q["op"]]), where


def test_explain_gives_every_table_cell_as_a_quantity(corpus: Corpus):
    """Every figure of every rule's parameters (cells, caps, limits, their cases) has its quantity in the same
    place, in the rule's unit: a kind that brings a figure of its own cannot leave it a bare number."""
    numbers = 0
    for rule in corpus.rules:
        shaped = params_quantity(rule.kind, rule.params)
        for path, value in _leaves(rule.params):
            if isinstance(value, int | float) and not isinstance(value, bool) and "when" not in path:
                q = _at(shaped, path)
                assert q is not None and q["value"] == value, f"{rule.id}: params.{'.'.join(map(str, path))}"
                unit = rule.params.get("unit", "")
                if (
                    path[-1] not in ("grade_basis", "grade_at_most", "grade_at_least", "plan_density", "months")
                    and path[0] != "dash_elsewhere"
                ):
                    assert q["unit"] == unit, rule.id
                numbers += 1
    assert numbers > 200


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, (*path, k))
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            yield from _leaves(v, (*path, i))
    else:
        yield path, value


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        try:
            value = value[step]
        except (KeyError, IndexError, TypeError):
            return None
    return value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("≥ 3万吨/年", {"value": 3.0, "unit": "万吨/年", "op": ">="}),
        (">= 85%", {"value": 85.0, "unit": "%", "op": ">="}),
        ("< 70%", {"value": 70.0, "unit": "%", "op": "<"}),
        ("≤ 0.02亿吨/年 (62%)", {"value": 0.02, "unit": "亿吨/年", "op": "<="}),
        ("300吨/日 ≙ 9万吨/年", {"value": 9.0, "unit": "万吨/年"}),
        (
            "— (≥ 10万立方米/年: the row's figure for a medium deposit)",
            {"value": 10.0, "unit": "万立方米/年", "op": ">="},
        ),
        ("reclamation_plan", None),
        ("medium", None),
        ("≤ 165", None),  # a count says its unit only where it is made (aggregate): the text has none
        ("—", None),
    ],
)
def test_a_text_read_as_a_figure(text: str, expected: dict[str, Any] | None):
    assert quantity_of(text) == expected


def test_alternatives_are_a_list():
    assert quantities_of("≥ 10万吨/年 / ≥ 30万吨/年") == [
        {"value": 10.0, "unit": "万吨/年", "op": ">="},
        {"value": 30.0, "unit": "万吨/年", "op": ">="},
    ]
    assert quantities_of("≥ 10万吨/年") is None and quantities_of("development_plan / x") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20（矿石,万立方米/年）", {"value": 20.0, "unit": "万立方米/年", "op": ">="}),
        ("新建、扩建矿山最低开采规模不低于30万立方米/年", {"value": 30.0, "unit": "万立方米/年", "op": ">="}),
        ("年产页岩油达到100万吨以上", {"value": 100.0, "unit": "万吨", "op": ">="}),
        ("中型以上", None),
        (None, None),
    ],
)
def test_a_zones_printed_minimum(text: str | None, expected: dict[str, Any] | None):
    assert zone_scale_quantity(text) == expected


def test_batch_counts_carry_their_unit(outputs: dict[str, Any]):
    counts = [f for f in outputs["check-batch"]["aggregate"] if f["kind"] in ("mine_count", "zone_permits")]
    assert counts
    for f in counts:
        assert f["required_quantity"] == {"value": float(f["required"].removeprefix("≤ ")), "unit": "个", "op": "<="}
        assert f["actual_quantity"] == {"value": float(f["actual"]), "unit": "个"}


# --- bilingual texts -------------------------------------------------------------------------------------------

PAIRED = {"messages": "message"}  # a version-1 object whose _i18n is named after the text beside it


def _bilingual(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and set(value) == {"zh", "en"}
        and all(isinstance(v, str) and v.strip() for v in value.values())
    )


def test_every_bilingual_text_has_both_languages_in_one_shape(outputs: dict[str, Any]):
    seen = 0
    for name, output in outputs.items():
        for path, node in nodes(output):
            for key, value in node.items():
                where = f"{name}: {'.'.join((*path, key))}"
                if key.endswith("_i18n"):
                    items = value if isinstance(value, list) else [value]
                    assert all(_bilingual(v) for v in items), where
                    seen += 1
                elif isinstance(value, dict) and {"zh", "en"} <= set(value):  # a version-1 object
                    assert _bilingual(value), where
                    assert node[f"{PAIRED.get(key, key)}_i18n"] == value, where
                elif key.endswith(("_zh", "_en")) and isinstance(value, str):  # a version-1 pair of texts
                    base = key[:-3]
                    assert f"{base}_i18n" in node or f"{base}_name_i18n" in node, where
            if {"zh", "en"} <= set(node) and path[-1:] != ("name_i18n",) and "fact" in node:
                assert node["name_i18n"] == {"zh": node["zh"], "en": node["en"]}, name
    assert seen > 500


def test_the_version_1_texts_are_the_objects_languages(outputs: dict[str, Any]):
    """Each text beside its object is one of its languages: the one of --lang, or the one version 1 gave."""
    fixed = {"reason": "en", "reason_zh": "zh", "note": "en", "note_zh": "zh", "name_en": "en", "title_en": "en"}
    for name, output in outputs.items():
        lang = LANG[name]
        for path, node in nodes(output):
            for key, text in node.items():
                where = f"{name}: {'.'.join((*path, key))}"
                if key in ("message", "notes") and f"{key}_i18n" in node and not isinstance(text, dict):
                    both = node[f"{key}_i18n"]
                    # a record's errors and notes were English in version 1
                    said = "en" if "errors" in path or (path[:1] == ("records",) and len(path) == 2) else lang
                    assert text == ([n[said] for n in both] if key == "notes" else both[said]), where
                elif key in fixed and isinstance(text, str):
                    base = key.removesuffix("_zh").removesuffix("_en")
                    both = node.get(f"{base}_i18n") or node.get(f"{base}_name_i18n")
                    if both is not None:  # an indicator's note is the encoder's, in English only
                        assert both[fixed[key]] == text, where


def test_every_indicator_name_and_category_has_its_english(corpus: Corpus):
    """So that --lang en and name_i18n are English for every plan's indicators, not the Chinese repeated."""
    from minplan.i18n import category_en, indicator_en

    for plan in corpus.plans.values():
        for ind in plan.indicators:
            assert indicator_en(ind.name) != ind.name, f"{plan.id}: {ind.name} (data/indicator_names.yaml)"
            assert category_en(ind.category) != ind.category, f"{plan.id}: {ind.category}"


# --- schemas ---------------------------------------------------------------------------------------------------


def _schema(name: str) -> dict[str, Any]:
    return json.loads((ROOT / "docs" / name).read_text(encoding="utf-8"))


def validator(case: str) -> jsonschema.Draft202012Validator:
    if case.startswith("check"):
        return jsonschema.Draft202012Validator(_schema("report.schema.json"))
    lookups = _schema("lookups.schema.json")
    command = case.split("-")[0]
    return jsonschema.Draft202012Validator({"$defs": lookups["$defs"], "$ref": f"#/$defs/{command}"})


@pytest.mark.parametrize("case", sorted(ALL))
def test_every_commands_json_is_valid_against_its_schema(outputs: dict[str, Any], case: str):
    validator(case).validate(outputs[case])


def test_the_schemas_are_schemas():
    for name in ("report.schema.json", "lookups.schema.json"):
        jsonschema.Draft202012Validator.check_schema(_schema(name))


@pytest.mark.parametrize(
    ("case", "path", "key"),
    [
        ("check-example-zh", ("records", 0, "findings", 0), "message_i18n"),
        ("check-example-zh", ("records", 0, "plans", 0), "reason_i18n"),
        ("check-example-zh", ("records", 0, "jurisdiction", 0), "name_i18n"),
        ("check-batch", (), "notes_i18n"),
        ("requirements-hunchun-gold", ("requirements", 0), "title_i18n"),
        ("requirements-hunchun-coal-2013", ("requirements", 1), "required_quantity"),
        ("indicators", ("indicators", 0), "target_quantity"),
        ("plans", ("plans", 0), "title_i18n"),
        ("zones-taonan", ("zones", 0), "type_i18n"),
        ("rules-taonan", ("rules", 0), "title_i18n"),
        ("explain-min-scale", (), "params_quantity"),
    ],
)
def test_a_schema_refuses_output_without_the_shapes(outputs: dict[str, Any], case: str, path: tuple, key: str):
    broken = copy.deepcopy(outputs[case])
    node = _at(broken, path)
    if key not in node:  # the requirement with a figure is found by kind, not by place
        node = next(n for _, n in nodes(broken) if key in n and "title" in n)
    del node[key]
    assert not validator(case).is_valid(broken)


# --- version 1 kept --------------------------------------------------------------------------------------------


def kept(old: Any, new: Any, path: str = "") -> Iterator[str]:
    """Where ``new`` does not hold ``old``: a key missing or a value changed (keys ``new`` adds are fine)."""
    if isinstance(old, dict):
        if not isinstance(new, dict):
            yield f"{path}: {new!r} is no object"
            return
        for key, value in old.items():
            if key not in new:
                yield f"{path}.{key}: missing"
            elif key == "name_en" and old.get("name") == value and new.get("name_en") != value:
                continue  # an indicator's name_en repeated the Chinese where no English was known: now English
            else:
                yield from kept(value, new[key], f"{path}.{key}")
    elif isinstance(old, list):
        if not isinstance(new, list) or len(new) != len(old):
            yield f"{path}: {len(old)} items, now {len(new) if isinstance(new, list) else new!r}"
            return
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            yield from kept(a, b, f"{path}[{i}]")
    elif old != new:
        yield f"{path}: {old!r}, now {new!r}"


@pytest.mark.parametrize("case", sorted(CASES))
def test_version_1_keys_keep_their_values(outputs: dict[str, Any], case: str):
    old = json.loads((V1 / f"{case}.json").read_text(encoding="utf-8"))
    differences = list(kept(old, outputs[case]))
    assert not differences, (
        f"{case}: {len(differences)} version-1 values changed, e.g. {differences[:5]} "
        "(a change on purpose: python tests/shapes_cases.py writes the files anew)"
    )


def test_the_english_of_indicator_names_is_the_one_change_to_version_1(outputs: dict[str, Any]):
    old = json.loads((V1 / "indicators.json").read_text(encoding="utf-8"))["indicators"]
    new = outputs["indicators"]["indicators"]
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a["name_en"] != b["name_en"]]
    assert changed and all(a["name_en"] == a["name"] for a, _ in changed)  # it was the Chinese repeated
    assert all(not re.search(r"[\u4e00-\u9fff]", b["name_en"].split("(")[0]) for _, b in changed)


def test_spatial_notes_in_both_languages():
    from minplan.report.json_report import spatial

    note = {"zh": "未检查拐点范围：未安装 geo 扩展", "en": "the boundary was not examined: no geo extra"}
    entry = spatial({"examined": False, "notes": [note]}, "en")
    assert entry["notes"] == [note["en"]] and entry["notes_i18n"] == [note]
    schema = _schema("report.schema.json")
    jsonschema.Draft202012Validator({"$defs": schema["$defs"], "$ref": "#/$defs/spatial"}).validate(entry)


def test_the_contracts_examples_are_the_shapes():
    """The examples of docs/contract.md, "Shapes", say what minplan writes."""
    text = (ROOT / "docs" / "contract.md").read_text(encoding="utf-8").split("### Shapes", 1)[1]
    blocks = [json.loads(b) for b in re.findall(r"```json\n(.*?)```", text, flags=re.S)]
    assert len(blocks) == 2
    figures, texts = blocks
    assert figures["required_quantity"] == quantity_of(figures["required"])
    assert figures["minimum_quantity"] == {k: quantity_of(f"≥ {v}") for k, v in figures["minimum"].items()}
    assert texts["reason_i18n"] == {"zh": texts["reason_zh"], "en": texts["reason"]}


# --- a finding's JSON text -------------------------------------------------------------------------------------


def _every_finding(corpus: Corpus) -> list[Any]:
    """The findings of the example and of the benchmarks' varied records (16 counties, 14 minerals, multi-mineral
    rights, facts given or not), and two findings made to carry every optional key, with texts JSON escapes."""
    import importlib.util
    from pathlib import Path

    from minplan.engine import check_record
    from minplan.findings import Citation, Finding, Status
    from minplan.loader import load_text

    spec = importlib.util.spec_from_file_location("benchmark_records", Path(ROOT, "benchmarks", "records.py"))
    assert spec is not None and spec.loader is not None
    generated = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generated)
    texts = [Path(ROOT, "examples", "yanbian-gold.yaml").read_text("utf-8"), *generated.record_texts(400)]
    found: list[Any] = []
    for number, text in enumerate(texts):
        for item in load_text(text, f"r{number}.yaml", corpus.record_context()):
            assert item.record is not None, item.issues
            found += check_record(item, corpus).findings
    odd = '引号"\\反斜杠\n换行\t\x00\u202e\ud800 — ≥ 3万吨/年'
    found += [
        Finding(
            "r/x",
            "p",
            "county",
            "min_scale",
            Status.waived,
            {"en": odd},
            Citation(odd, "专栏5", "1", odd),
            required="≥ 3万吨/年",
            actual="300 吨/日 ≙ 9万吨/年",
            needs=["capacity", odd],
            records=["A", odd],
            mineral="金",
            field="capacity",
            remedy={"zh": "", "en": odd},
            waived={"status": "fail", "reason": odd},
            waiver={"until": "2026-01-01", "expired": True},
        ),
        Finding(
            "r/y",
            "p",
            "batch",
            "mine_count",
            Status.fail,
            {"zh": odd, "en": "x", "fr": "y"},
            Citation("s"),
            required="≥ 10万吨/年 / ≥ 30万吨/年",
            actual="12 座",
            actual_quantity={"value": 12.0, "unit": "座"},
            records=[],
        ),
    ]
    return found


def test_a_findings_json_text_is_what_json_dumps_makes_of_it(corpus: Corpus):
    """Findings write their JSON text key by key (Finding.to_json, each text encoded once): byte for byte what
    json.dumps(ensure_ascii=False) writes of as_dict, in every language."""
    from minplan.findings import ENCODE

    findings = _every_finding(corpus)
    assert len(findings) > 2000 and {f.kind for f in findings} >= {"min_scale", "documents", "mineral_policy"}
    for finding in findings:
        for lang in ("zh", "en", "fr"):
            assert finding.to_json(lang) == ENCODE(finding.as_dict(lang)), (finding.rule, lang)


def test_a_copy_for_another_mineral_writes_its_own_json(corpus: Corpus):
    """A finding copied for another mineral shares the JSON text around the mineral with the one it came from
    (Finding.altered): each still writes byte for byte what json.dumps makes of its own as_dict, whichever of
    the two renders a language first, and a copy that changes more than the mineral renders anew."""
    from minplan.findings import ENCODE, Status

    for finding in _every_finding(corpus):
        assert finding.to_json("zh") == ENCODE(finding.as_dict("zh"))
        for mineral in ("铜", None, '引"号'):
            twin = finding.altered(mineral=mineral)
            for lang in ("zh", "en"):  # en: the copy renders it before the finding it came from
                assert twin.to_json(lang) == ENCODE(twin.as_dict(lang)), (finding.rule, mineral, lang)
        assert finding.to_json("en") == ENCODE(finding.as_dict("en")), finding.rule
        more = finding.altered(mineral="铜", status=Status.warn, field="documents")
        assert more.to_json("zh") == ENCODE(more.as_dict("zh")), finding.rule


def test_a_record_escaped_piece_by_piece_is_its_json_escaped_whole(corpus: Corpus):
    """The JSON report escapes (and encodes) what records share once (a finding's text, its copies' for other
    minerals, a county's plans and chain) and the rest record by record: the same text as escaping the record's
    whole JSON, for records whose file, id, holder and notes, and findings whose mineral and texts, hold characters
    it escapes (controls, bidi overrides, a lone surrogate)."""
    from minplan.engine import check_record
    from minplan.loader import load_text
    from minplan.report.escape import json_text
    from minplan.report.json_report import fragment, fragment_parts

    hostile = "\x1b[2J\u202e\x01\ud800"
    texts = {
        f"a{hostile}.yaml": "id: A1\nright: mining\napplication: new\ndate: 2023-06-01\n"
        "location: {county: 珲春市}\nmineral: 金\nmethod: underground\ncapacity: 2 万吨/年\ndeposit_scale: small\n",
        "b.yaml": 'id: "B\\e[31m\\u202e"\nright: mining\napplication: expansion\ndate: 2023-06-01\n'
        'location: {county: 龙井市}\nminerals: [铜, 金]\nholder: "某\\u202e公司"\n',
        "c.yaml": "id: C\nright: exploration\napplication: new\ndate: 2014-06-01\n"
        "location: {county: 临江市}\nmineral: 铁\n",
    }
    results = [
        check_record(item, corpus)
        for name, text in texts.items()
        for item in load_text(text, name, corpus.record_context())
    ]
    results[0].notes.append(Msg.verbatim(f"a note {hostile}"))
    assert all(r.record is not None for r in results) and sum(len(r.findings) for r in results) > 5
    assert all(json_text(fragment(r, "zh")) != fragment(r, "zh") for r in results[:2])  # each has some to escape
    for result in results:
        for lang in ("zh", "en"):
            whole = json_text(fragment(result, lang, ","))
            head, findings, end = fragment_parts(result, lang, json_text)  # as the JSON report writes
            assert head + b",".join(findings) + end == whole.encode(), (result.file, lang)
    for finding in _every_finding(corpus):
        for mineral in (finding.mineral, f"金{hostile}"):
            twin = finding.altered(mineral=mineral)
            for lang in ("zh", "en"):
                assert twin.json_bytes(lang, json_text) == json_text(twin.to_json(lang)).encode(), (finding.rule, lang)
        assert finding.json_bytes("en", json_text) == json_text(finding.to_json("en")).encode(), finding.rule
