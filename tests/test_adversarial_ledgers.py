"""A careless ledger of existing mines: a row the batch-wide counts cannot place is refused, never counted nowhere
(a county's cap on its mines would then pass without it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from minplan.baseline import BaselineError, load_baseline
from minplan.cli import app

APPLICATION = """\
id: T1
right: 采矿权
application: 新立
date: 2023-06-01
location:
  county: 洮南市
  zones: [CS001]
mineral: 建筑用砂
method: 露天开采
capacity: 30 万立方米/年
deposit_scale: 小型
holder: 甲
"""


def _ledger(path: Path, county: str, mineral: str, count: int = 40) -> Path:
    mines = [
        {"id": f"M{i}", "county": county if i % 2 else "洮南市", "mineral": mineral if i % 2 else "建筑用砂"}
        for i in range(count)
    ]
    path.write_text(yaml.safe_dump({"mines": mines}, allow_unicode=True), "utf-8")
    return path


def test_the_ledgers_mines_are_counted_against_the_countys_cap(tmp_path: Path):
    # 40 mines of 洮南市 and one more: above the 27 of Taonan's binding cap
    application = tmp_path / "t1.yaml"
    application.write_text(APPLICATION, "utf-8")
    ledger = _ledger(tmp_path / "ledger.yaml", "洮南市", "建筑用砂")
    result = CliRunner().invoke(app, ["check", str(application), "--baseline", str(ledger), "--format", "json"])
    [cap] = [a for a in json.loads(result.stdout)["aggregate"] if a["rule"] == "taonan-2021/aggregate/mines"]
    assert cap["status"] == "fail" and cap["actual"] == "41"


@pytest.mark.parametrize("county", ["白城市", "220800", "吉林省"])
def test_a_ledger_row_in_a_prefecture_or_province_is_refused(tmp_path: Path, county: str):
    # such a row was counted in no county: Taonan's cap passed at 21 of 41 mines
    with pytest.raises(BaselineError, match="not a county"):
        load_baseline(_ledger(tmp_path / "ledger.yaml", county, "建筑用砂"))


@pytest.mark.parametrize("mineral", ["天然石英砂", "花岗岩"])
def test_a_ledger_row_of_a_rock_of_several_uses_is_refused_naming_them(tmp_path: Path, mineral: str):
    # a mine of 天然石英砂 is counted neither as 建筑用砂 nor as any other use
    with pytest.raises(BaselineError, match="several uses"):
        load_baseline(_ledger(tmp_path / "ledger.yaml", "洮南市", mineral))


def _yanbian(tmp_path: Path, counties: list[str]) -> dict[str, dict]:
    mines = [
        {"id": f"Y{i}", "county": county, "mineral": "岩金", "mine_scale": "大型"}
        for i, county in enumerate(counties * 20)
    ]
    ledger = tmp_path / "yanbian-ledger.yaml"
    ledger.write_text(yaml.safe_dump({"mines": mines}, allow_unicode=True), "utf-8")
    example = Path(__file__).resolve().parent.parent / "examples" / "yanbian-gold.yaml"
    result = CliRunner().invoke(app, ["check", str(example), "--baseline", str(ledger), "--format", "json"])
    report = json.loads(result.stdout)
    return {a["rule"]: a for a in report["aggregate"] if a["rule"].startswith("yanbian-2021/aggregate/")}


YANBIAN = ["延吉市", "图们市", "敦化市", "珲春市", "龙井市", "和龙市", "汪清县", "安图县"]


def test_a_ledger_of_part_of_a_plans_area_decides_no_share_and_no_cap_it_would_pass(tmp_path: Path):
    """A prefecture's ledger that lists one county's mines only counts too few: the share of large mines it
    gives (all large) and a cap it keeps are not taken as met; the counties it leaves out are named."""
    part = _yanbian(tmp_path, ["珲春市"])
    assert part["yanbian-2021/aggregate/large-medium-share"]["status"] == "needs_info"
    assert part["yanbian-2021/aggregate/mines"]["status"] == "needs_info"
    assert "延吉市" in part["yanbian-2021/aggregate/mines"]["messages"]["zh"]
    assert "珲春市" not in part["yanbian-2021/aggregate/mines"]["messages"]["zh"].split("台账未列")[1]
    whole = _yanbian(tmp_path, YANBIAN)
    assert whole["yanbian-2021/aggregate/large-medium-share"]["status"] == "pass"
    assert whole["yanbian-2021/aggregate/mines"]["status"] == "pass"
    assert "台账未列" not in whole["yanbian-2021/aggregate/mines"]["messages"]["zh"]


def test_a_ledgers_sheets_are_chosen_after_a_hash(tmp_path: Path):
    """A ledger's notes sheet is no table of mines: the whole file is refused, saying how to name the sheets to
    read (FILE#SHEET,SHEET), and with them named only they are counted."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for title, county, n in (("台账一", "洮南市", 3), ("台账二", "洮南市", 2)):
        sheet = book.create_sheet(title)
        sheet.append(["编号", "所在县（市、区）", "开采矿种"])
        for i in range(n):
            sheet.append([f"{title}-{i}", county, "建筑用砂"])
    book.create_sheet("说明").append(["本台账由某局整理，截至 2023 年底。"])
    del book["Sheet"]
    ledger = tmp_path / "台账.xlsx"
    book.save(ledger)
    application = tmp_path / "t1.yaml"
    application.write_text(APPLICATION, "utf-8")
    refused = CliRunner().invoke(app, ["check", str(application), "--baseline", str(ledger)])
    assert refused.exit_code == 2 and "--baseline FILE#SHEET" in refused.output and "--sheet " not in refused.output
    chosen = f"{ledger}#台账一,台账二"
    result = CliRunner().invoke(app, ["check", str(application), "--baseline", chosen, "--format", "json"])
    report = json.loads(result.stdout)
    assert any("5 座" in n for n in report["notes"]), report["notes"]
    [cap] = [a for a in report["aggregate"] if a["rule"] == "taonan-2021/aggregate/mines"]
    assert cap["actual"] == "6"


def test_a_province_ledger_cannot_be_whole_where_minplan_lists_only_some_counties(tmp_path: Path):
    """Jilin has 60 counties and minplan lists 26 (a ledger row elsewhere is refused): a ledger with a mine in
    each of those 26 still cannot be the province's register, so the cap it keeps is needs_info, saying why."""
    from minplan.regions import gazetteer

    book = gazetteer()
    jilin = [d.zh for d in book.counties() if "220000" in {x.code for x in book.chain(d.code)}]
    mines = [{"id": f"J{i}", "county": name, "mineral": "煤", "capacity": "1 万吨/年"} for i, name in enumerate(jilin)]
    ledger = tmp_path / "jilin.yaml"
    ledger.write_text(yaml.safe_dump({"mines": mines}, allow_unicode=True), "utf-8")
    coal = tmp_path / "c1.yaml"
    coal.write_text(
        "id: C1\nright: mining\napplication: new\ndate: 2013-06-01\nlocation: {county: 舒兰市, zones: []}\n"
        "mineral: 煤\nmethod: underground\ncapacity: 30 万吨/年\ndeposit_scale: medium\nmine_scale: medium\n",
        "utf-8",
    )
    result = CliRunner().invoke(app, ["check", str(coal), "--baseline", str(ledger), "--format", "json"])
    [cap] = [a for a in json.loads(result.stdout)["aggregate"] if a["rule"] == "jilin-2011/aggregate/mines"]
    assert cap["status"] == "needs_info"
    assert f"另有 {60 - len(jilin)} 个县（市、区）minplan 未收录" in cap["messages"]["zh"]


def test_sheets_named_for_a_ledger_that_has_none_are_refused(tmp_path: Path):
    ledger = _ledger(tmp_path / "ledger.yaml", "洮南市", "建筑用砂")
    application = tmp_path / "t1.yaml"
    application.write_text(APPLICATION, "utf-8")
    result = CliRunner().invoke(app, ["check", str(application), "--baseline", f"{ledger}#台账一"])
    assert result.exit_code == 2 and "only a workbook has sheets" in result.output


def _taonan_counts(tmp_path: Path, mineral: str, ledger_mineral: str | None) -> dict[str, dict]:
    application = tmp_path / "t1.yaml"
    application.write_text(APPLICATION.replace("mineral: 建筑用砂", f"mineral: {mineral}"), "utf-8")
    args = ["check", str(application), "--format", "json"]
    if ledger_mineral is not None:
        mines = [
            {"id": f"M{i}", "county": "洮南市", "mineral": ledger_mineral, "capacity": "20 万立方米/年", "zones": []}
            for i in range(22)
        ]
        ledger = tmp_path / "ledger.yaml"
        ledger.write_text(yaml.safe_dump({"mines": mines}, allow_unicode=True), "utf-8")
        args += ["--baseline", str(ledger)]
    result = CliRunner().invoke(app, args)
    return {a["rule"].split("/")[-1]: a for a in json.loads(result.stdout)["aggregate"]}


def test_an_umbrella_over_a_capped_mineral_is_not_passed_over(tmp_path: Path):
    """砂石 is 建筑用砂 or 建筑用石料, which Taonan counts and caps apart. A ledger of 22 such mines (more than
    the two counts' 11 + 10 together) and a new sand mine: the sand count and cap are not passed as if the 22 were
    neither; a new right of 砂石 makes both the sand and the stone counts needs_info, naming it."""
    counts = _taonan_counts(tmp_path, "建筑用砂", "砂石")
    for key in ("mines-construction-sand", "output-construction-sand"):
        assert counts[key]["status"] == "needs_info", counts[key]
        assert "统称" in counts[key]["messages"]["zh"] and "M0" in counts[key]["messages"]["zh"]
    assert counts["mines"]["status"] == "pass"  # every mine counts towards the total, whatever its kind
    alone = _taonan_counts(tmp_path, "砂石", None)
    for key in ("mines-construction-sand", "mines-construction-stone", "output-construction-stone"):
        assert alone[key]["status"] == "needs_info" and alone[key]["records"] == ["T1"], alone[key]
    named = _taonan_counts(tmp_path, "建筑用砂", "建筑用砂")
    assert named["mines-construction-sand"]["status"] == "warn"  # the same mines named as sand: 23 above 11


def test_a_mine_listed_twice_is_refused_naming_both_places(tmp_path: Path):
    """A ledger row repeated (or two mines under one id) would count twice towards a cap on mines, and once where
    a zone's rights are counted by id: refused, naming where the id stands first."""
    twice = tmp_path / "twice.csv"
    rows = ["编号,所在县（市、区）,开采矿种", "M1,洮南市,建筑用砂", "M2,洮南市,建筑用砂", "M1,洮南市,建筑用砂"]
    twice.write_text("\n".join(rows) + "\n", "utf-8")
    with pytest.raises(BaselineError, match=r"row 4, column A .*'M1' is given twice \(first at row 2"):
        load_baseline(twice)
    flow = tmp_path / "twice.yaml"
    flow.write_text("mines: [{id: M1, county: 洮南市, mineral: 金}, {id: M1, county: 洮南市, mineral: 煤}]", "utf-8")
    with pytest.raises(BaselineError, match="'M1' is given twice"):
        load_baseline(flow)


def test_an_existing_mine_the_ledger_does_not_list_keeps_a_count_from_passing(tmp_path: Path):
    """A ledger of 26 mines of 洮南市 and a new sand mine are 27, Taonan's binding cap; a renewal of a sand mine the
    ledger does not list shows it leaves out at least one: the count is not known to keep within 27 (nor the
    sand counts); listed in the ledger under its id, the renewal is already counted and the count passes."""
    new = tmp_path / "new.yaml"
    new.write_text(APPLICATION, "utf-8")
    renewal = tmp_path / "renewal.yaml"
    renewal.write_text(APPLICATION.replace("id: T1", "id: T-OLD").replace("新立", "延续"), "utf-8")
    mines = [{"id": f"M{i}", "county": "洮南市", "mineral": "煤", "capacity": "1 万吨/年"} for i in range(25)]

    def counts(listed: list[dict]) -> dict[str, dict]:
        ledger = tmp_path / "ledger.yaml"
        ledger.write_text(yaml.safe_dump({"mines": listed}, allow_unicode=True), "utf-8")
        args = ["check", str(new), str(renewal), "--baseline", str(ledger), "--format", "json"]
        result = CliRunner().invoke(app, args)
        return {a["rule"].split("/")[-1]: a for a in json.loads(result.stdout)["aggregate"]}

    unlisted = counts([*mines, {"id": "M25", "county": "洮南市", "mineral": "煤", "capacity": "1 万吨/年"}])
    for key in ("mines", "mines-construction-sand", "output-construction-sand"):
        assert unlisted[key]["status"] == "needs_info", unlisted[key]
        assert "T-OLD" in unlisted[key]["messages"]["zh"] and "T-OLD" in unlisted[key]["records"]
    listed = counts([*mines, {"id": "T-OLD", "county": "洮南市", "mineral": "建筑用砂", "capacity": "30 万立方米/年"}])
    assert listed["mines"]["status"] == "pass" and listed["mines"]["actual"] == "27"
    assert listed["output-construction-sand"]["status"] == "pass"


def test_a_ledger_is_read_within_the_runs_limits(tmp_path: Path):
    """--max-bytes and --max-documents bound the ledger as the run's other inputs (it was read within the defaults
    whatever they said, so a register of more than 5 000 mines could not be given, the message naming the option)."""
    application = tmp_path / "t1.yaml"
    application.write_text(APPLICATION, "utf-8")
    ledger = tmp_path / "ledger.csv"
    rows = [f"L{i},洮南市,建筑用砂" for i in range(6)]
    ledger.write_text("编号,所在县（市、区）,开采矿种\n" + "\n".join(rows) + "\n", "utf-8")
    args = ["check", str(application), "--baseline", str(ledger), "--format", "json"]
    assert CliRunner().invoke(app, args).exit_code == 1  # the application: read, judged
    refused = CliRunner().invoke(app, [*args, "--max-documents", "5"])
    assert refused.exit_code == 2 and "more than 5 records in one file (--max-documents)" in refused.output
    ledger.write_text(ledger.read_text("utf-8") + "#" * 1000 + "\n", "utf-8")  # larger than the application
    refused = CliRunner().invoke(app, [*args, "--max-bytes", "1000"])
    assert refused.exit_code == 2 and "minplan: baseline:" in refused.output and "--max-bytes" in refused.output


def test_a_ledger_of_rights_counts_its_mines_and_names_the_rows_that_are_none(tmp_path: Path):
    """A 矿业权台账 lists exploration rights and cancelled mines beside the working ones: every row was counted as a
    mine (the columns said not to be used), 24 mines read as 27 and Taonan's binding cap of 27 failed with one more."""
    application = tmp_path / "t1.yaml"
    application.write_text(APPLICATION, "utf-8")
    rows = [f"M{i},采矿权,生产矿山,洮南市,建筑用砂" for i in range(24)]
    rows += ["E-1,探矿权,新立,洮南市,建筑用砂", "E-2,探矿权,延续,洮南市,建筑用砂", "X-1,采矿权,注销,洮南市,建筑用砂"]
    ledger = tmp_path / "ledger.csv"
    ledger.write_text("编号,矿业权类型,申请类型,所在县（市、区）,开采矿种\n" + "\n".join(rows) + "\n", "utf-8")
    result = CliRunner().invoke(app, ["check", str(application), "--baseline", str(ledger), "--format", "json"])
    report = json.loads(result.stdout)
    [cap] = [a for a in report["aggregate"] if a["rule"] == "taonan-2021/aggregate/mines"]
    assert cap["status"] == "pass" and cap["actual"] == "25"
    said = " ".join(n if isinstance(n, str) else json.dumps(n, ensure_ascii=False) for n in report["notes"])
    assert "E-1（探矿权，不是矿山）" in said and "X-1（注销）" in said
    assert len(load_baseline(ledger)) == 24


def _taonan(tmp_path: Path, ids: list[str], ledger_ids: list[str], cancelled: list[str] = ()) -> dict:
    """New 建筑用砂 mines of 洮南市 (and cancellations) over a ledger: the batch-wide mine count."""
    folder = tmp_path / "apps"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for i, rid in enumerate(ids):
        (folder / f"n{i}.yaml").write_text(APPLICATION.replace("id: T1", f"id: {rid}"), "utf-8")
    for i, rid in enumerate(cancelled):
        text = APPLICATION.replace("id: T1", f"id: {rid}").replace("application: 新立", "application: 注销")
        (folder / f"c{i}.yaml").write_text(text, "utf-8")
    ledger = tmp_path / "ledger.csv"
    rows = [f"{rid},洮南市,建筑用砂,大型" for rid in ledger_ids]
    ledger.write_text("编号,所在县（市、区）,开采矿种,矿山规模\n" + "\n".join(rows) + "\n", "utf-8")
    result = CliRunner().invoke(app, ["check", str(folder), "--baseline", str(ledger), "--format", "json"])
    return {a["rule"]: a for a in json.loads(result.stdout)["aggregate"]}


def test_a_new_right_with_a_ledger_mines_id_is_counted_once_and_asked(tmp_path: Path):
    """Taonan's 27 mines in the ledger and a 新立 record numbered L-0, one of theirs: "27 + 1 = 28" failed the
    binding cap; by id there are 27, and whether the record is another mine cannot be told."""
    ledger = [f"L-{i}" for i in range(27)]
    found = _taonan(tmp_path, ["L-0"], ledger)["taonan-2021/aggregate/mines"]
    assert found["status"] == "needs_info" and found["actual"] == "27" and "只计一次" in found["message"]
    assert _taonan(tmp_path, ["T-1"], ledger)["taonan-2021/aggregate/mines"]["status"] == "fail"  # another id


def test_a_record_twice_in_the_batch_is_counted_once(tmp_path: Path):
    found = _taonan(tmp_path, ["T-1", "Ｔ－１"], [f"L-{i}" for i in range(26)])["taonan-2021/aggregate/mines"]
    assert found["status"] == "needs_info" and found["actual"] == "27"


def test_a_cancellation_matches_its_ledger_mine_in_any_width(tmp_path: Path):
    """Ｌ－０ cancels L-0 as the duplicate-id check reads ids alike: it matched nothing, and the ledger's 27 mines
    stood with the new one at 28."""
    ledger = [f"L-{i}" for i in range(27)]
    found = _taonan(tmp_path, ["T-1"], ledger, cancelled=["Ｌ－０"])["taonan-2021/aggregate/mines"]
    assert found["status"] == "pass" and found["actual"] == "27" and "注销" in found["message"]
