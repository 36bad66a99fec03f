"""Batch checks read their force from their words as rules do (force_reason where more than the words decide),
and one holder per block counts the kind of right its sentence speaks of."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minplan.aggregate import Batch, aggregate
from minplan.baseline import Mine
from minplan.cli import app
from minplan.engine import check_record
from minplan.findings import Finding
from minplan.lint import lint
from minplan.loader import load_text
from minplan.resources import data_dir
from minplan.rulebook import load_corpus
from minplan.views import RecordView

CORPUS = load_corpus()

RECORD = """\
id: {id}
right: {right}
application: new
date: {date}
location: {{county: {county}, zones: [{zone}]}}
mineral: {mineral}
holder: {holder}
"""


def _batch(*records: dict[str, str]) -> list:
    views = []
    for fields in records:
        (item,) = load_text(RECORD.format(**fields), f"{fields['id']}.yaml", context=CORPUS.record_context())
        assert item.record is not None, item.issues
        views.append(RecordView.of(check_record(item, CORPUS)))
    return aggregate(Batch(views, CORPUS))


def _of(findings: list, check_id: str) -> list:
    return [f for f in findings if f.rule.endswith(f"/aggregate/{check_id}")]


BLOCK = "KQ22240400001"  # a block code of the national pattern: the plans print no block tables


def _yanbian(i: int, right: str, holder: str) -> dict[str, str]:
    return {
        "id": f"YB-{i}",
        "right": right,
        "date": "2023-06-01",
        "county": "珲春市",
        "zone": BLOCK,
        "mineral": "金",
        "holder": holder,
    }


def test_an_exploration_block_sentence_counts_explorers_only():
    found = _batch(
        _yanbian(1, "exploration", "甲公司"), _yanbian(2, "exploration", "乙公司"), _yanbian(3, "mining", "丙公司")
    )
    (explorers,) = _of(found, "one-explorer-per-block")
    assert explorers.status.value == "warn" and set(explorers.records) == {"YB-1", "YB-2"}
    (miners,) = _of(found, "one-holder-per-block")
    assert miners.status.value == "pass" and miners.records == ["YB-3"]


def test_a_mining_right_and_an_exploration_right_in_one_block_are_not_two_holders():
    found = _batch(_yanbian(1, "exploration", "甲公司"), _yanbian(2, "mining", "乙公司"))
    assert all(
        f.status.value == "pass" for f in _of(found, "one-explorer-per-block") + _of(found, "one-holder-per-block")
    )


def test_jilin_new_explorers_are_counted_per_block():
    records = [
        {
            "id": f"JL-{i}",
            "right": "exploration",
            "date": "2013-06-01",
            "county": "珲春市",
            "zone": BLOCK,
            "mineral": "金",
            "holder": name,
        }
        for i, name in enumerate(("甲公司", "乙公司"))
    ]
    (found,) = _of(_batch(*records), "one-explorer-per-block")
    assert found.plan == "jilin-2011" and found.status.value == "warn"


def test_the_restricted_area_caps_warn_by_their_words():
    """控制在3个以内 is no binding word, as the coal cap's 限制在45个以内 is none: both expected."""
    check = next(c for c in CORPUS.plans["jilin-2011"].batch if c.id == "restricted-area-permits")
    assert check.force == "expected" and "限制在45个以内" in (check.note or "")
    coal = next(i for i in CORPUS.plans["jilin-2011"].indicators if i.name == "煤矿采矿权投放数量")
    assert coal.nature == check.force
    records = [
        {
            "id": f"NA-{i}",
            "right": "mining",
            "date": "2013-06-01",
            "county": "农安县",
            "zone": "JL-XZ-04",
            "mineral": "油页岩",
            "holder": f"公司{i}",
        }
        for i in range(4)
    ]
    (found,) = _of(_batch(*records), "restricted-area-permits")
    assert found.status.value == "warn" and found.actual == "4"


def _molybdenum(i: int, application: str = "new") -> dict[str, str]:
    return {
        "id": f"SL-{application}-{i}",
        "right": "mining",
        "date": "2013-06-01",
        "county": "舒兰市",
        "zone": "JL-XZ-01",
        "mineral": "钼",
        "holder": f"公司{i}",
    }


def _in_zone(records: list[dict[str, str]], ledger: list[Mine] | None = None) -> Finding:
    views = []
    for fields in records:
        text = RECORD.format(**fields).replace("application: new", f"application: {fields['id'].split('-')[1]}")
        if fields["zone"] == "?":  # a record that does not say which zones it lies in
            text = text.replace("zones: [?]", "zones: null")
        (item,) = load_text(text, f"{fields['id']}.yaml", context=CORPUS.record_context())
        assert item.record is not None, item.issues
        views.append(RecordView.of(check_record(item, CORPUS)))
    (found,) = _of(aggregate(Batch(views, CORPUS, ledger)), "restricted-area-permits")
    return found


def test_a_cap_on_the_rights_an_area_holds_counts_those_already_set():
    """钼矿限制开采区内采矿权数量控制在5个以内 caps every right in the area: five mines already working there and
    one new right are six, above five, though the batch sets only one."""
    found = _in_zone([*(_molybdenum(i, "existing") for i in range(5)), _molybdenum(9)])
    assert found.status.value == "warn" and found.actual == "6"


def test_without_the_ledger_rights_within_the_cap_are_not_known_to_be():
    """The batch's rights in the area are the least it holds: within the figure, whether the area holds more is
    not known without the ledger (needs_info); with it, the ledger's mines and the new rights are counted."""
    found = _in_zone([_molybdenum(1), _molybdenum(2)])
    assert found.status.value == "needs_info" and "--baseline" in found.message["en"]
    ledger = [Mine(id=f"L{i}", county="220283", mineral="钼", zones=["JL-XZ-01"]) for i in range(3)]
    assert _in_zone([_molybdenum(1), _molybdenum(2)], ledger).status.value == "pass"  # 3 + 2
    over = _in_zone([_molybdenum(1), _molybdenum(2), _molybdenum(3)], ledger)
    assert over.status.value == "warn" and over.actual == "6"


def _lint_plan(tmp_path: Path, line: str) -> list[str]:
    plans = tmp_path / "plans"
    plans.mkdir()
    text = (data_dir() / "plans" / "yanbian-2021.yaml").read_text("utf-8") + line
    (plans / "yanbian-2021.yaml").write_text(text, "utf-8")
    rules = (Path(__file__).resolve().parent.parent / "rules" / "yanbian-2021" / "siting.yaml").read_text("utf-8")
    (tmp_path / "siting.yaml").write_text(rules, "utf-8")
    return [f"{p.rule}: {p.message}" for p in lint(tmp_path) if p.severity == "error"]


def test_lint_reads_a_batch_check_force_against_its_quote(tmp_path: Path):
    line = (
        "  - {check: zone_permits, id: soft-cap, force: binding, title_zh: 甲, title_en: a, section: 第三章,"
        " quote: 原则上控制在3个以内}\n"
    )
    problems = _lint_plan(tmp_path, line)
    assert any(
        p.startswith("yanbian-2021/aggregate/soft-cap: force binding, but the words say 原则上") for p in problems
    )


def test_a_force_reason_answers_lint(tmp_path: Path):
    line = (
        "  - {check: zone_permits, id: soft-cap, force: binding, force_reason: the stricter reading, title_zh: 甲,"
        " title_en: a, section: 第三章, quote: 原则上控制在3个以内}\n"
    )
    assert not [p for p in _lint_plan(tmp_path, line) if "soft-cap" in p]


BATCH = [(plan, check) for plan in CORPUS.plans.values() for check in plan.batch if check.quote]


@pytest.mark.parametrize(("plan", "check"), BATCH, ids=[f"{p.id}/{c.id}" for p, c in BATCH])
def test_a_batch_check_quotes_its_plan(plan, check, seeds):
    source = "".join((seeds / plan.source.file).read_text(encoding="utf-8").split())
    assert "".join(check.quote.split()) in source, check.id


def test_a_right_given_up_is_none_the_area_holds():
    """Five new rights and a cancellation in JL-XZ-01 are five rights, not six."""
    found = _in_zone([*(_molybdenum(i) for i in range(5)), _molybdenum(9, "cancellation")])
    assert found.status.value == "needs_info" and found.actual == "5"


def test_a_ledger_that_places_its_mines_nowhere_does_not_pass_an_area():
    """Eight molybdenum mines of 舒兰市 in a ledger without zones may lie in the area: one new right there is not
    known to keep within five; a ledger listing no mine of the area's county is no register of it either."""
    unplaced = [Mine(id=f"L{i}", county="220283", mineral="钼") for i in range(8)]
    found = _in_zone([_molybdenum(1)], unplaced)
    assert found.status.value == "needs_info" and "zones" in found.message["en"]
    elsewhere = [Mine(id="Y1", county="220221", mineral="钼", zones=["JL-XZ-02"])]
    assert _in_zone([_molybdenum(1)], elsewhere).status.value == "needs_info"


def test_a_mine_of_the_batch_the_ledger_lacks_is_counted_once():
    """The ledger's three mines in the area, an operating mine of the batch it does not list and two new rights
    are six, above five; the same operating mine listed in the ledger is counted once (by id)."""
    ledger = [Mine(id=f"L{i}", county="220283", mineral="钼", zones=["JL-XZ-01"]) for i in range(3)]
    batch = [_molybdenum(1, "existing"), _molybdenum(2), _molybdenum(3)]
    over = _in_zone(batch, ledger)
    assert over.status.value == "warn" and over.actual == "6"
    listed = [*ledger, Mine(id="SL-existing-1", county="220283", mineral="钼", zones=["JL-XZ-01"])]
    assert _in_zone(batch, listed).actual == "6"


def test_rights_of_the_areas_county_that_do_not_say_their_zones_may_lie_in_it():
    """A ledger of four mines in JL-XZ-01 and one new right there are five; two new rights of 舒兰市 that do not
    say which zones they lie in may be in it too: not known to keep within five."""
    ledger = [Mine(id=f"L{i}", county="220283", mineral="钼", zones=["JL-XZ-01"]) for i in range(4)]
    unsaid = [{**_molybdenum(i), "zone": "?"} for i in (7, 8)]
    found = _in_zone([_molybdenum(1), *unsaid], ledger)
    assert found.status.value == "needs_info" and "give no zones" in found.message["en"]
    outside = [Mine(id="C1", county="220283", mineral="煤", zones=[])]  # in no zone, said so: no doubt
    assert _in_zone([_molybdenum(1)], [*ledger, *outside]).status.value == "pass"


def test_a_right_the_ledger_lists_and_the_batch_gives_up_is_not_counted():
    """Five ledger mines in JL-XZ-01, one of them cancelled in the batch, and one new right: five, within five."""
    ledger = [Mine(id=f"SL-cancellation-{i}", county="220283", mineral="钼", zones=["JL-XZ-01"]) for i in range(5)]
    found = _in_zone([_molybdenum(0, "cancellation"), _molybdenum(9)], ledger)
    assert found.status.value == "pass" and found.actual == "5"


def test_a_cancellation_of_a_ledger_mine_that_gives_no_zones_still_gives_it_up():
    """The ledger places the mine: its cancellation leaves the area one right fewer whatever the record says."""
    ledger = [Mine(id=f"SL-cancellation-{i}", county="220283", mineral="钼", zones=["JL-XZ-01"]) for i in range(5)]
    found = _in_zone([{**_molybdenum(0, "cancellation"), "zone": "?"}, _molybdenum(9)], ledger)
    assert found.status.value == "pass" and found.actual == "5"


def test_a_right_that_may_lie_in_a_full_area_is_not_passed_over():
    """Five ledger mines fill JL-XZ-01; one new right of 舒兰市 that does not say its zones may be a sixth: the
    area's count is needs_info, not left out because no record names the area."""
    ledger = [Mine(id=f"L{i}", county="220283", mineral="钼", zones=["JL-XZ-01"]) for i in range(5)]
    found = _in_zone([{**_molybdenum(7), "zone": "?"}], ledger)
    assert found.status.value == "needs_info" and found.actual == "5"


def _holders(records: list[tuple[str, str, str]], ledger: list[Mine] | None = None) -> Finding:
    """The one-holder finding on BLOCK for Yanbian mining rights given as (id, application, holder)."""
    views = []
    for rid, application, holder in records:
        text = RECORD.replace("application: new", f"application: {application}").format(**_yanbian(0, "mining", holder))
        (item,) = load_text(text.replace("id: YB-0", f"id: {rid}"), f"{rid}.yaml", context=CORPUS.record_context())
        assert item.record is not None, item.issues
        views.append(RecordView.of(check_record(item, CORPUS)))
    (found,) = _of(aggregate(Batch(views, CORPUS, ledger)), "one-holder-per-block")
    return found


def test_one_holder_written_two_ways_is_one_holder():
    """全角 and 半角 brackets and spaces are one company's name, however the two applications type it."""
    found = _holders([("YB-1", "new", "吉林某某（集团）矿业有限公司"), ("YB-2", "new", "吉林某某(集团)矿业 有限公司")])
    assert found.status.value == "pass", found.message
    assert _holders([("YB-1", "new", "甲公司"), ("YB-2", "new", "乙公司")]).status.value == "warn"


def test_a_ledger_mine_the_batch_transfers_or_gives_up_has_its_holder_from_the_batch():
    """The ledger's mine of 甲 in the block, transferred to 乙 in the batch: one holder, 乙; given up, the block's
    new right of 丙 is its only one."""
    ledger = [Mine(id="YB-1", county="222404", mineral="建筑用花岗岩", holder="甲公司", zones=[BLOCK])]
    transferred = _holders([("YB-1", "transfer", "乙公司")], ledger)
    assert transferred.status.value == "pass" and transferred.records == ["YB-1"]
    given_up = _holders([("YB-1", "cancellation", "甲公司"), ("YB-2", "new", "丙公司")], ledger)
    assert given_up.status.value == "pass" and given_up.records == ["YB-2"]
    kept = _holders([("YB-2", "new", "丙公司")], ledger)
    assert kept.status.value == "warn"


@pytest.mark.parametrize("placeholder", ["'-'", "—", "无", "N/A", "'/'"])
def test_a_placeholder_is_no_holder(placeholder: str):
    """Two rights of one block whose forms write a dash or 无 for the holder are not one holder: who holds them is
    not stated, so the check asks for it; a ledger mine of no stated holder beside a new right asks too."""
    found = _holders([("YB-1", "new", placeholder), ("YB-2", "new", placeholder)])
    assert found.status.value == "needs_info", found.message
    ledger = [Mine(id="YB-9", county="222404", mineral="建筑用花岗岩", zones=[BLOCK])]
    beside = _holders([("YB-2", "new", "丙公司")], ledger)
    assert beside.status.value == "needs_info" and beside.records == ["YB-2", "YB-9"]


def _taonan(zones: list[str | None]) -> list[Finding]:
    views = []
    for i, zone in enumerate(zones):
        fields = {
            "id": f"TN-{i}",
            "right": "mining",
            "date": "2023-06-01",
            "county": "洮南市",
            "zone": zone or "?",
            "mineral": "建筑用砂",
            "holder": f"公司{i}",
        }
        text = RECORD.format(**fields).replace("zones: [?]", "zones: null")
        (item,) = load_text(text, f"{fields['id']}.yaml", context=CORPUS.record_context())
        assert item.record is not None, item.issues
        views.append(RecordView.of(check_record(item, CORPUS)))
    return _of(aggregate(Batch(views, CORPUS)), "concentrated-area-permits")


def test_new_rights_that_give_no_zones_leave_a_zone_planned_number_unknown():
    """专栏5 plans 5 new rights in CS002 (binding, 不得突破): five there and a sixth new right of 洮南市 that gives
    no zones may be six, not a pass; CS001 plans none, so that right alone may already exceed it."""
    by_code = {f.citation.row: f for f in _taonan(["CS002"] * 5 + [None])}
    assert by_code["CS002"].status.value == "needs_info" and "TN-5" in by_code["CS002"].records
    assert by_code["CS001"].status.value == "needs_info" and by_code["CS001"].records == ["TN-5"]
    by_code = {f.citation.row: f for f in _taonan(["CS002"] * 4 + [None])}
    assert by_code["CS002"].status.value == "pass"  # five at most: within the figure whatever the sixth gives
    by_code = {f.citation.row: f for f in _taonan(["CS002"] * 6 + [None])}
    assert by_code["CS002"].status.value == "fail"  # exceeded whatever the unknown one gives
    assert [f.status.value for f in _taonan(["CS002"] * 5)] == ["pass"]


def _grouped(code: str, county: str, mineral: str, right: str, holders: list[str], check_id: str) -> Finding:
    records = [
        {"id": f"G-{i}", "right": right, "date": "2023-06-01", "county": county, "zone": code}
        | {"mineral": mineral, "holder": holder}
        for i, holder in enumerate(holders)
    ]
    (found,) = _of(_batch(*records), check_id)
    return found


@pytest.mark.parametrize(
    ("code", "county", "mineral", "right", "check_id", "blocks"),
    [
        ("KQHZ-7", "凤城市", "建筑用花岗岩", "exploration", "one-explorer-per-block", 33),  # Dandong's summary table
        ("专栏7-1", "洮南市", "煤", "mining", "one-holder-per-mining-block", 2),  # Taonan's counts per mineral
    ],
)
def test_holders_under_a_row_that_stands_for_several_blocks_are_asked_for_their_blocks(
    code: str, county: str, mineral: str, right: str, check_id: str, blocks: int
):
    """Two explorers under a row of 33 blocks may hold two of them: "two holders in one block" would be said of
    no block. Up to as many holders as the row has blocks the check asks for the blocks' own codes; more, and two
    of them share one."""
    asked = _grouped(code, county, mineral, right, ["甲公司", "乙公司"], check_id)
    assert asked.status.value == "needs_info" and str(blocks) in asked.message["en"], asked.message
    assert "block's own code" in asked.message["en"] and "区块自身的编号" in asked.message["zh"]
    one = _grouped(code, county, mineral, right, ["甲公司"], check_id)
    assert one.status.value == "pass"
    if blocks == 2:
        crowded = _grouped(code, county, mineral, right, ["甲公司", "乙公司", "丙公司"], check_id)
        assert crowded.status.value == "warn" and "fewer than its holders" in crowded.message["en"]


_BASALT = """\
id: {id}
right: 采矿权
application: {application}
date: 2023-06-01
location:
  county: 洮南市
{zones}mineral: 建筑用玄武岩
method: 露天开采
deposit_scale: 中型
mine_scale: 中型
capacity: 30 万立方米/年
holder: {holder}
"""


def _basalt(folder, *rights):
    folder.mkdir(exist_ok=True)
    for rid, application, zones, holder in rights:
        zoned = f"  zones: [{zones}]\n" if zones is not None else ""
        text = _BASALT.format(id=rid, application=application, zones=zoned, holder=holder)
        (folder / f"{rid}.yaml").write_text(text, encoding="utf-8")
    return folder


def _holder_finding(*args: str) -> dict:
    result = CliRunner().invoke(app, ["check", *args, "--format", "json", "--lang", "en"])
    report = json.loads(result.stdout)
    [found] = [a for a in report["aggregate"] if a["rule"] == "taonan-2021/aggregate/one-holder-per-mining-block"]
    return found


def test_a_transfer_that_gives_no_zones_holds_the_block_the_ledger_places_it_in(tmp_path):
    """LM-1 lies in 专栏7-3 by the ledger; transferred to 丙公司 by a record that does not repeat its zones, it was
    dropped from the block, which passed with 甲公司 alone."""
    ledger = tmp_path / "ledger.yaml"
    ledger.write_text(
        "mines:\n  - {id: LM-1, county: 洮南市, mineral: 建筑用玄武岩, zones: [专栏7-3], holder: 乙公司}\n", "utf-8"
    )
    folder = _basalt(tmp_path / "a", ("B-1", "新立", "专栏7-3", "甲公司"), ("LM-1", "转让", None, "丙公司"))
    found = _holder_finding(str(folder), "--baseline", str(ledger))
    assert found["status"] == "warn" and "丙公司" in found["message"] and "甲公司" in found["message"]


def test_a_right_that_may_lie_in_a_block_keeps_its_one_holder_from_passing(tmp_path):
    """B-2, another holder's basalt mine of 洮南市, gives no zones: 专栏7-3, the county's basalt block, may hold it."""
    folder = _basalt(tmp_path / "b", ("B-1", "新立", "专栏7-3", "甲公司"), ("B-2", "新立", None, "乙公司"))
    found = _holder_finding(str(folder))
    assert found["status"] == "needs_info" and "B-2" in found["message"]
    folder = _basalt(tmp_path / "c", ("B-1", "新立", "专栏7-3", "甲公司"), ("B-2", "新立", "", "乙公司"))  # in none
    assert _holder_finding(str(folder))["status"] == "pass"
