"""rules lint finds what is wrong with a corpus, and finds nothing in the shipped one."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from minplan.cli import app
from minplan.lint import lint

runner = CliRunner()

BAD = """\
plan: yanbian-2021
rules:
  - id: yanbian-2021/min-scale/a
    kind: min_scale
    force: binding
    title: {zh: 甲, en: a}
    citation: {section: 第四章, table: 专栏5, row: "1"}
    scope: {minerals: [glod], zones: [KZ99]}
    params: {unit: 万吨/年, minimum: 3}
    examples: [{name: x, expect: fail, record: {capacity: 1万吨/年}}]
  - id: yanbian-2021/min-scale/a
    kind: min_scale
    force: binding
    title: {zh: 乙, en: b}
    citation: {section: 第四章, table: 专栏5, row: "1"}
    params: {unit: 万吨/年, minimum: 3}
  - id: yanbian-2021/min-scale/b
    kind: min_scale
    force: binding
    title: {zh: 丙, en: c}
    citation: {section: 第四章}
    scope: {minerals: [金]}
    params: {unit: 万吨/年, minimum: 3}
    examples: [{name: y, expect: pass, record: {capacity: 3 bananas}}]
  - id: yanbian-2021/min-scale/b2
    kind: min_scale
    force: binding
    title: {zh: 丙, en: c}
    citation: {section: 第四章, table: 专栏5, row: "2"}
    scope: {minerals: [银]}
    when: {site.wetlnd: true}
    params: {unit: 万吨/年, minimum: 3}
    examples: [{name: y, expect: pass, record: {capacity: 3万吨/年}}]
  - id: yanbian-2021/min-scale/c
    kind: min_scale
    force: binding
    title: {zh: 丁, en: d}
    citation: {section: 第四章, table: 专栏5, row: "5"}
    scope: {minerals: [铜]}
    params: {unit: 万吨/年, minimum: 3}
    examples: [{name: z, expect: pass, record: {capacity: 3万吨/年}}]
  - id: yanbian-2021/min-scale/d
    kind: min_scale
    force: binding
    title: {zh: 戊, en: e}
    citation: {section: 第四章, table: 专栏5, row: "5"}
    scope: {minerals: [铜]}
    params: {unit: 万吨/年, minimum: 5}
    examples: [{name: z, expect: pass, record: {capacity: 5万吨/年}}]
  - id: nowhere-2021/min-scale/e
    kind: min_scale
    force: binding
    title: {zh: 己, en: f}
    citation: {section: 第四章, table: 专栏5, row: "5"}
    params: {unit: 万吨/年, minimum: 5}
    examples: [{name: z, expect: pass, record: {capacity: 5万吨/年}}]
  - id: yanbian-2021/mystery/f
    kind: mystery
    force: binding
    title: {zh: 庚, en: g}
    citation: {section: 第四章, table: 专栏5, row: "5"}
"""


def test_lint_finds_each_problem(tmp_path: Path):
    (tmp_path / "bad.yaml").write_text(BAD, encoding="utf-8")
    orphan = BAD.replace("plan: yanbian-2021", "plan: nowhere-2021").replace("/min-scale/", "/min-scale/o-")
    (tmp_path / "orphan.yaml").write_text(orphan, encoding="utf-8")
    problems = lint(tmp_path)
    text = "\n".join(f"{p.severity} {p.rule} {p.message}" for p in problems)
    assert "unknown mineral 'glod'" in text
    assert "unknown zone code or type 'KZ99'" in text
    assert "duplicate id" in text
    assert "unknown fact 'site.wetlnd'" in text
    assert "neither a table nor a quoted sentence" in text
    assert "is no valid record" in text
    assert "same scope as" in text
    assert "names plan 'nowhere-2021'" in text
    assert "id does not start with its plan" in text
    assert "unknown kind 'mystery'" in text
    result = runner.invoke(app, ["rules", "lint", str(tmp_path)])
    assert result.exit_code == 1


def test_shipped_corpus_is_clean():
    problems = lint()
    assert not [p for p in problems if p.severity == "error"], problems
    result = runner.invoke(app, ["rules", "lint"])
    assert result.exit_code == 0


def _rule(rid: str, force: str, quote: str, title: str = "甲", extra: str = "", kind: str = "min_scale") -> str:
    params = "{unit: 万吨/年, minimum: 3}" if kind == "min_scale" else "{policy: key, activity: mining}"
    return f"""\
  - id: yanbian-2021/{kind.replace("_", "-")}/{rid}
    kind: {kind}
    force: {force}
    title: {{zh: {title}, en: a}}
    citation: {{section: 第四章, table: 专栏5, row: "1", quote: {quote}}}
    scope: {{minerals: [金]}}
    params: {params}
{extra}    examples: [{{name: x, expect: pass, record: {{capacity: 3万吨/年}}}}]
"""


def _lint_rules(tmp_path: Path, *rules: str) -> dict[str, list[str]]:
    (tmp_path / "r.yaml").write_text("plan: yanbian-2021\nrules:\n" + "".join(rules), encoding="utf-8")
    found: dict[str, list[str]] = {}
    for p in lint(tmp_path):
        if p.severity == "error":
            found.setdefault((p.rule or "").rsplit("/", 1)[-1], []).append(p.message)
    return found


def test_a_force_that_disagrees_with_its_words_is_an_error(tmp_path: Path):
    found = _lint_rules(
        tmp_path,
        _rule("soft-bound", "binding", "新建矿山最低开采规模原则上不得低于5万吨/年。"),
        _rule("hard-guided", "guidance", "严禁超规模开采。"),
        _rule("hard-info", "info", "禁止开采砂金。", kind="mineral_policy"),
        _rule("should-bound", "binding", "新建矿山应编制开发利用方案。"),
        _rule("title-says-must", "guidance", "及时编制方案", title="新建矿山须编制方案"),
        _rule("quote-and-title", "binding", "必须编制方案", title="原则上编制方案"),
        _rule("mixed", "binding", "原则上一个区块对应一个主体，严禁分割出让。"),
        _rule("mixed-named", "binding", "原则上一个区块对应一个主体，严禁分割出让。", title="严禁分割出让"),
        _rule("reasoned", "binding", "新建矿山应编制方案。", extra="    force_reason: an admission condition (准入)\n"),
        _rule("agrees", "binding", "不得低于3万吨/年。"),
        _rule("agrees-soft", "expected", "预期性指标"),
        _rule("names-no-word", "binding", "相适应、对应、供应、重要、要求"),
        _rule("zone-names", "guidance", "在限制开采区内，严格审查新设采矿权"),
    )
    assert any("force binding" in m and "原则上" in m for m in found["soft-bound"])
    assert any("force guidance" in m and "严禁" in m for m in found["hard-guided"])
    assert any("force info" in m and "禁止" in m for m in found["hard-info"])
    assert any("应" in m for m in found["should-bound"])
    assert any("须" in m for m in found["title-says-must"])
    assert any("the quote says 必须 but the title says 原则上" in m for m in found["quote-and-title"])
    assert any("mixes binding and non-binding" in m for m in found["mixed"])
    for fine in ("mixed-named", "reasoned", "agrees", "agrees-soft", "names-no-word", "zone-names"):
        assert fine not in found, found.get(fine)


def test_force_info_on_a_rule_that_can_be_broken_is_an_error(tmp_path: Path):
    found = _lint_rules(
        tmp_path,
        _rule("info-minimum", "info", "支持10万吨以上的项目"),
        _rule("info-key", "info", "重点开采金", kind="mineral_policy"),
        _rule("info-reasoned", "info", "支持10万吨以上的项目", extra="    force_reason: figures for information\n"),
    )
    assert any("turns a breach of this rule into a pass" in m for m in found["info-minimum"])
    assert "info-key" not in found and "info-reasoned" not in found


def _scoped(rid: str, scope: str) -> str:
    """A rule of a kind that may name no minerals, with ``scope``: its examples are not what these tests judge."""
    rule = _rule(rid, "binding", "禁止开采。", kind="mineral_policy").replace("policy: key", "policy: prohibited")
    return rule.replace("    scope: {minerals: [金]}\n", f"    scope: {scope}\n")


def test_scope_fields_that_can_never_matter_are_errors(tmp_path: Path):
    found = _lint_rules(
        tmp_path,
        _scoped("outside", '{counties: ["220881"]}'),
        _scoped("except-nothing", "{minerals: [铜], except_minerals: [砂金]}"),
        _scoped("except-all", "{minerals: [岩金], except_minerals: [金]}"),
        _scoped("methods-exploration", "{rights: [exploration], methods: [open_pit]}"),
        _scoped("zone-elsewhere", '{counties: ["222404"], zones: [CZ01]}'),
        _scoped("unknown-zone", "{zones: [CZ99]}"),
        _scoped("unknown-mineral", "{minerals: [glod]}"),
        _scoped("except-under", "{minerals: [金], except_minerals: [砂金]}"),
        _scoped("except-alone", "{except_minerals: [砂金]}"),  # every mineral but placer gold
        _scoped("methods-mining", "{rights: [mining], methods: [open_pit]}"),
        _scoped("zone-here", '{counties: ["222426"], zones: [CZ01]}'),
    )
    found = {k: kept for k, v in found.items() if (kept := [m for m in v if not m.startswith("example ")])}
    assert any("outside the plan's jurisdiction" in m for m in found["outside"])
    assert any("excludes nothing" in m for m in found["except-nothing"])
    assert any("can never apply" in m for m in found["except-all"])
    assert any("exploration rights only" in m for m in found["methods-exploration"])
    assert any("lie in none of the rule's counties" in m for m in found["zone-elsewhere"])
    assert any("unknown zone code" in m for m in found["unknown-zone"])
    assert any("unknown mineral 'glod'" in m for m in found["unknown-mineral"])
    for fine in ("except-under", "except-alone", "methods-mining", "zone-here"):
        assert fine not in found, found.get(fine)


def test_one_id_for_two_provisions_is_an_error(tmp_path: Path):
    from minplan.resources import data_dir

    plans = tmp_path / "plans"
    plans.mkdir()
    text = (data_dir() / "plans" / "yanbian-2021.yaml").read_text("utf-8")
    again = (
        "  - {table: 专栏9, category: 矿山, name: 矿山数量, unit: 个, base: 1, base_year: 2020, target: 9, year: 2025,"
        " nature: expected, direction: max, measure: mines}\n"
    )
    text = text.replace("zones:\n", again + "zones:\n", 1)
    text += (
        "  - {check: zone_permits, id: one-holder-per-block, force: guidance, title_zh: 甲, title_en: a,"
        " section: 第三章}\n"
    )
    (plans / "yanbian-2021.yaml").write_text(text, "utf-8")
    (tmp_path / "r.yaml").write_text("plan: yanbian-2021\nrules:\n" + _rule("a", "binding", "不得"), "utf-8")
    problems = [p for p in lint(tmp_path) if p.severity == "error"]
    text = "\n".join(f"{p.rule}: {p.message}" for p in problems)
    assert "yanbian-2021/aggregate/mines: one id for 2 provisions: indicator 专栏2 矿山数量; indicator 专栏9" in text
    assert "yanbian-2021/aggregate/one-holder-per-block: one id for 2 provisions: batch check" in text


def test_the_modal_words_of_a_sentence():
    from minplan.lint import wording

    assert wording("矿山开采规模必须与矿区（床）的矿产储量规模相适应。") == {"binding": "必须"}
    assert wording("原则上不得低于30万立方米/年，最低开采规模不得低于10万立方米/年") == {
        "soft": "原则上",
        "binding": "不得",
    }
    assert wording("禁止开采区内，禁止进行矿产资源开采活动") == {"binding": "禁止"}
    assert wording("在限制开采区内，严格审查新设采矿权") == {}
    assert wording("重点支持10万吨以上的项目") == {"soft": "支持"}
    assert wording("主要矿种、重要矿产、要求、相应、对应、供应、应用") == {}
    assert wording("不得采用国家限制和淘汰的采选技术") == {"binding": "不得"}
    assert wording("菱镁矿年开采总量（约束性）") == {"binding": "约束性"}
