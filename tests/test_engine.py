from __future__ import annotations

from minplan.engine import check_record
from minplan.findings import Status
from minplan.loader import load_text
from minplan.rulebook import default_corpus

BASE = """\
id: R
right: mining
application: new
date: {date}
location: {{county: {county}, zones: []}}
mineral: {mineral}
method: underground
capacity: {capacity}
grade: 3.5 g/t
deposit_scale: small
mine_scale: small
documents: [开发利用方案, 矿山地质环境保护与土地复垦方案, 绿色矿山建设实施方案, 恢复基金]
site: {{ecological_red_line: false, permanent_basic_farmland: false}}
project: {{splits_deposit: false}}
"""


def _check(corpus, date="2023-06-01", county="珲春市", mineral="岩金", capacity="2 万吨/年"):
    [item] = load_text(BASE.format(date=date, county=county, mineral=mineral, capacity=capacity), "r.yaml")
    assert item.record is not None, item.issues
    return check_record(item, corpus)


def test_gold_below_the_yanbian_minimum_fails_citing_box_5(corpus):
    result = _check(corpus)
    assert result.status is Status.fail
    failing = [f for f in result.findings if f.status is Status.fail]
    assert [f.rule for f in failing] == ["yanbian-2021/min-scale/gold"]
    assert failing[0].citation.table == "专栏5"
    assert failing[0].required == "≥ 3万吨/年"


def test_gold_above_the_minimum_passes(corpus):
    assert _check(corpus, capacity="4 万吨/年").status is Status.pass_


def test_plans_in_force_and_the_level_without_one(corpus):
    result = _check(corpus)
    applied = {p.id: p.applied for p in result.plans}
    assert applied == {"yanbian-2021": True, "jilin-2011": False}
    province = next(lv for lv in result.levels if lv.division.level == "province")
    # the province has a plan then, not encoded: the note says nothing of this level was checked, and why
    assert province.note("2023-06-01")["en"] == (
        "province: no encoded plan in force on 2023-06-01 (jilin-2011: superseded after 2015-12-31); "
        "this level's provisions were not checked"
    )
    county = next(lv for lv in result.levels if lv.division.level == "county")
    assert county.note("2023-06-01")["en"].startswith("county: no plan encoded")


def test_jilin_2011_applies_in_2013_and_yanbian_does_not(corpus):
    result = _check(corpus, date="2013-05-01")
    applied = {p.id: p.applied for p in result.plans}
    assert applied == {"yanbian-2021": False, "jilin-2011": True}
    assert all(f.plan == "jilin-2011" for f in result.findings)


def test_jilin_2011_is_in_force_from_its_issue_not_from_the_start_of_its_period(corpus):
    """Issued 2012-01-13 (吉国土资发〔2012〕2号): a record of 2011 is not judged by rules not yet issued."""
    before = _check(corpus, date="2011-06-01")
    [use] = [p for p in before.plans if p.id == "jilin-2011"]
    assert not use.applied and use.reason["en"] == "not yet in force on 2011-06-01 (from 2012-01-13)"
    assert before.status is Status.needs_info
    assert [f.rule for f in before.findings] == ["coverage/no-plan-in-force"]
    issued = _check(corpus, date="2012-01-13")
    assert {p.id: p.applied for p in issued.plans}["jilin-2011"]
    assert any(f.plan == "jilin-2011" for f in issued.findings)


def test_plan_past_its_period_applies_with_a_note(corpus):
    result = _check(corpus, date="2026-11-23")
    use = next(p for p in result.plans if p.id == "yanbian-2021")
    assert use.applied
    assert any("no successor is encoded" in n["en"] for n in use.notes)


def test_a_dandong_record_never_gets_a_jilin_or_yanbian_rule(corpus):
    result = _check(corpus, county="宽甸县", date="2013-05-01")
    assert not {f.plan for f in result.findings} & {"jilin-2011", "yanbian-2021"}
    result = _check(corpus, county="宽甸县")
    assert not {f.plan for f in result.findings} & {"jilin-2011", "yanbian-2021"}


def test_a_linjiang_record_never_gets_a_yanbian_rule(corpus):
    result = _check(corpus, county="临江市")
    assert "yanbian-2021" not in {f.plan for f in result.findings}


def test_record_status_is_its_worst_finding(corpus):
    result = _check(corpus, mineral="砂金", capacity="1 万吨/年")
    statuses = [f.status for f in result.findings]
    assert Status.fail in statuses
    assert result.status is Status.fail


def test_a_broken_rule_becomes_an_error_finding(corpus, monkeypatch):
    from minplan.kinds import KINDS

    def boom(*_args):
        raise RuntimeError("boom")

    monkeypatch.setattr(KINDS["min_scale"], "judge", boom)
    monkeypatch.setattr(corpus, "memo", {})  # findings remembered from other tests would hide the error
    result = _check(corpus)
    assert result.status is Status.error
    assert any(f.status is Status.error and "boom" in f.message["en"] for f in result.findings)


def test_reused_findings_match_fresh_ones(corpus):
    """A finding remembered for one record is reused only for a record that agrees on what the rule read."""
    first = _check(corpus, capacity="2 万吨/年")
    again = _check(corpus, capacity="2 万吨/年")
    other = _check(corpus, capacity="4 万吨/年")
    gold = "yanbian-2021/min-scale/gold"
    status = {
        r: next(f.status for f in res.findings if f.rule == gold)
        for r, res in (("first", first), ("again", again), ("other", other))
    }
    assert status == {"first": Status.fail, "again": Status.fail, "other": Status.pass_}


def test_an_altered_finding_is_a_copy_that_renders_its_own_json(corpus):
    """Findings reused for another mineral or named for several are copies (Finding.altered): the copy says what
    it was changed to, in its JSON as well, and the finding it came from is as it was."""
    import dataclasses
    import json

    import pytest

    [finding] = [f for f in _check(corpus).findings if f.rule == "yanbian-2021/min-scale/gold"]
    before = finding.to_json("zh")
    copy = finding.altered(mineral="铜", status=Status.warn)
    assert json.loads(copy.to_json("zh")) == {**json.loads(before), "mineral": "铜", "status": "warn"}
    assert copy == dataclasses.replace(finding, mineral="铜", status=Status.warn)
    assert finding.mineral == "岩金" and finding.to_json("zh") == before
    with pytest.raises(TypeError, match="no field minerals"):
        finding.altered(minerals=["铜"])


def test_linjiang_2013_gets_jilin_2011_and_2023_gets_linjiang(corpus):
    old = {p.id: p.applied for p in _check(corpus, county="临江市", date="2013-05-01").plans}
    new = {p.id: p.applied for p in _check(corpus, county="临江市", date="2023-05-01").plans}
    assert old == {"linjiang-2021": False, "jilin-2011": True}
    assert new == {"linjiang-2021": True, "jilin-2011": False}
    assert {f.plan for f in _check(corpus, county="临江市", date="2013-05-01").findings} <= {"jilin-2011"}
    assert {f.plan for f in _check(corpus, county="临江市", date="2023-05-01").findings} <= {"linjiang-2021"}


def test_a_draft_plan_says_so(corpus):
    result = _check(corpus, county="宽甸县")
    use = next(p for p in result.plans if p.id == "dandong-2021")
    assert use.applied and any("draft" in n["en"] for n in use.notes)


def test_the_shipped_corpus_read_plan_by_plan_is_the_whole_corpus(corpus):
    lazy = default_corpus.__wrapped__()  # a fresh one, not the cached instance
    assert lazy.unread() == set(lazy.plans)
    assert [r.id for r in lazy.rules] == [r.id for r in corpus.rules]
    assert lazy.files == corpus.files
    assert {k: repr(v) for k, v in lazy.params.items()} == {k: repr(v) for k, v in corpus.params.items()}
    assert not lazy.unread()


def test_a_check_reads_only_the_plans_of_its_divisions(corpus):
    lazy = default_corpus.__wrapped__()
    eager = _check(corpus, capacity="2 万吨/年")
    result = _check(lazy, capacity="2 万吨/年")
    assert [f.as_dict() for f in result.findings] == [f.as_dict() for f in eager.findings]
    # 珲春 lies in 延边 in 吉林: Jilin's 2011 plan is out of force on the date, so only Yanbian's rules are read
    assert lazy.unread() == set(lazy.plans) - {"yanbian-2021"}


def test_a_record_no_encoded_plan_applies_to_is_not_a_pass(corpus):
    """Before Yanbian's plan and after Jilin 2011's period nothing applies in 珲春: needs_info, never pass."""
    from minplan.engine import check_record
    from minplan.loader import load_text

    text = (
        "id: NP-1\nright: 采矿权\napplication: 新立\ndate: 2019-06-01\nlocation: {county: 珲春市}\n"
        "mineral: 岩金\nmethod: 地下开采\ncapacity: 4 万吨/年\ndeposit_scale: 小型\n"
    )
    [item] = load_text(text, "np.yaml", corpus.record_context())
    result = check_record(item, corpus)
    assert not any(p.applied for p in result.plans)
    assert result.status.value == "needs_info"
    assert [f.rule for f in result.findings] == ["coverage/no-plan-in-force"]
    [then] = load_text(text.replace("2019-06-01", "2023-06-01"), "np.yaml", corpus.record_context())
    later = check_record(then, corpus)
    assert "coverage/no-plan-in-force" not in {f.rule for f in later.findings}
