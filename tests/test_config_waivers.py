"""The config file (minplan.toml, [tool.minplan]) and dated waivers, through the command a user runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minplan.cli import app
from minplan.config import find, load

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "examples" / "yanbian-gold.yaml").read_text(encoding="utf-8")
WAIVER = """
[[waivers]]
rule = "yanbian-2021/min-scale/gold"
record = "YB-2023-*"
reason = "专家论证通过（延自然资〔2023〕12号）"
until = 2024-06-30
"""


@pytest.fixture()
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    Path("x.yaml").write_text(EXAMPLE, encoding="utf-8")
    return tmp_path


def check(*args: str):
    return CliRunner().invoke(app, ["check", *args])


def test_a_waiver_turns_the_run_green_until_it_expires(here: Path):
    Path("w.toml").write_text(WAIVER, encoding="utf-8")
    before = check("x.yaml", "--config", "w.toml", "--today", "2024-06-30", "-f", "json")
    assert before.exit_code == 0, before.output
    report = json.loads(before.output)
    [scale] = [f for f in report["records"][0]["findings"] if f["rule"] == "yanbian-2021/min-scale/gold"]
    assert scale["status"] == "waived"
    assert scale["waived"]["status"] == "fail" and scale["waived"]["until"] == "2024-06-30"
    assert report["records"][0]["status"] == "waived" and report["summary"]["waived"] == 1
    after = check("x.yaml", "--config", "w.toml", "--today", "2024-07-01", "-f", "concise")
    assert after.exit_code == 1
    assert "x.yaml:14:1: fail yanbian-2021/min-scale/gold" in after.output
    assert "w.toml:2:1: warn minplan/waiver/expired" in after.output


def test_every_format_shows_the_waived_finding(here: Path):
    Path("w.toml").write_text(WAIVER, encoding="utf-8")
    for name, mark in (("table", "已豁免"), ("concise", "waived yanbian-2021/min-scale/gold"), ("github", "::notice")):
        result = check("x.yaml", "--config", "w.toml", "--today", "2024-01-01", "-f", name)
        assert result.exit_code == 0 and mark in result.output, (name, result.output)


def test_the_tables_say_what_a_waiver_excuses(here: Path):
    """Markdown, CSV and the workbook showed 已豁免 alone: not that a binding provision failed, nor the waiver's
    reason and date (the workbook's first sheet named no provision at all), nor, in Markdown's counts, the record."""
    import openpyxl

    Path("w.toml").write_text(WAIVER, encoding="utf-8")
    said = "已豁免（原结论 不通过，至 2024-06-30）：专家论证通过（延自然资〔2023〕12号）"
    for name in ("markdown", "csv"):
        result = check("x.yaml", "--config", "w.toml", "--today", "2024-01-01", "-f", name)
        assert result.exit_code == 0 and said in result.output, (name, result.output)
    markdown = check("x.yaml", "--config", "w.toml", "--today", "2024-01-01", "-f", "markdown").output
    assert "| 已豁免 | 1 |" in markdown
    result = check("x.yaml", "--config", "w.toml", "--today", "2024-01-01", "-f", "xlsx", "-o", "out.xlsx")
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook("out.xlsx")
    for sheet in book.worksheets[:2]:
        cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
        assert any(said in c for c in cells), sheet.title
    expired = check("x.yaml", "--config", "w.toml", "--today", "2024-07-01", "-f", "csv")
    assert expired.exit_code == 1 and "豁免已于 2024-06-30 到期" in expired.output


def test_a_waiver_by_pattern_does_not_excuse_a_duplicate_id(here: Path):
    """rule = "*" for a record excused the duplicate-id failure too: two records of one id, both waived by a waiver
    that cannot tell them apart, and the run passed."""
    Path("y.yaml").write_text(EXAMPLE.replace("珲春某某", "另一"), encoding="utf-8")
    Path("w.toml").write_text(WAIVER.replace('"yanbian-2021/min-scale/gold"', '"*"'), encoding="utf-8")
    result = check("x.yaml", "y.yaml", "--config", "w.toml", "--today", "2024-01-01", "-f", "concise")
    assert result.exit_code == 1, result.output
    assert ": fail minplan/aggregate/duplicate-id" in result.output
    named = WAIVER.replace('"yanbian-2021/min-scale/gold"', '"minplan/aggregate/duplicate-id"')
    Path("w.toml").write_text(WAIVER + named, encoding="utf-8")
    result = check("x.yaml", "y.yaml", "--config", "w.toml", "--today", "2024-01-01", "-f", "concise")
    assert result.exit_code == 0, result.output
    assert ": waived minplan/aggregate/duplicate-id" in result.output


def test_an_unused_waiver_is_reported(here: Path):
    Path("w.toml").write_text(WAIVER.replace("YB-2023-*", "OTHER-*"), encoding="utf-8")
    result = check("x.yaml", "--config", "w.toml", "--today", "2024-01-01", "-f", "concise")
    assert result.exit_code == 1
    assert "w.toml:2:1: warn minplan/waiver/unused" in result.output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pathz = ['a']\n", "w.toml:1: pathz: unknown key (did you mean 'paths'?)"),
        ("lang = 'fr'\n", "w.toml:1: lang: expected zh or en"),
        (WAIVER + "owner = 'x'\n", "w.toml:7: waivers.owner: unknown key"),
        (WAIVER.replace("reason", "reasons"), "waivers.reasons: unknown key"),
        (WAIVER.replace("2024-06-30", '"June"'), "waivers.until: expected a date"),
        ("paths = [\n", "w.toml:1: not valid TOML"),
        ("[outputs]\nxlsxx = 'a'\n", "w.toml:2: outputs: unknown format 'xlsxx'"),
    ],
)
def test_a_bad_config_is_exit_2_naming_file_line_and_key(here: Path, text: str, expected: str):
    Path("w.toml").write_text(text, encoding="utf-8")
    result = check("x.yaml", "--config", "w.toml")
    assert result.exit_code == 2
    assert expected in result.output, result.output


def test_found_upwards_and_in_pyproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.minplan]\npaths = ["applications"]\nlang = "en"\n[tool.minplan.layers]\n'
        'ecological_red_line = "layers/red.gpkg"\nzones = {path = "layers/z.gpkg", layer = "blocks", field = "CODE"}\n',
        encoding="utf-8",
    )
    (tmp_path / "applications").mkdir()
    (tmp_path / "applications" / "x.yaml").write_text(EXAMPLE, encoding="utf-8")
    deep = tmp_path / "applications" / "sub"
    deep.mkdir()
    assert find(deep) == (tmp_path / "pyproject.toml").resolve()
    settings = load(find(deep))
    assert settings.lang == "en"
    # layers as --layer writes them, their paths relative to the config file's folder
    red, zones = settings.layers
    assert red.startswith("ecological_red_line=") and red.endswith("layers/red.gpkg")
    assert zones.startswith("zones=") and zones.endswith("layers/z.gpkg:blocks#CODE")
    monkeypatch.chdir(tmp_path)
    missing = check("-f", "concise")  # the config's layers are read: a missing one stops the run
    assert missing.exit_code == 2 and "red.gpkg" in missing.output, missing.output
    text = (tmp_path / "pyproject.toml").read_text(encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(text.split("[tool.minplan.layers]")[0], encoding="utf-8")
    result = check("-f", "concise")  # no PATH: the config's paths
    assert result.exit_code == 1
    assert result.output.startswith("applications/x.yaml:14:1: fail yanbian-2021/min-scale/gold YB-2023-001: minimum")


@pytest.mark.parametrize(
    "text",
    [
        '[tool]\nminplan.fail-on = "warn"\n',
        '[tool]\nminplan = {fail-on = "warn"}\n',
        '["tool".minplan]\nfail-on = "warn"\n',
        "[tool.'minplan']\nfail-on = 'warn'\n",
        'tool.minplan.fail-on = "warn"\n',
    ],
)
def test_a_tool_minplan_table_in_pyproject_is_found_however_toml_writes_it(here: Path, text: str):
    """Not found, its settings were dropped unsaid: fail-on = "warn" ignored, a warning passed the run."""
    Path("pyproject.toml").write_text(text + '[project]\nname = "x"\n', encoding="utf-8")
    assert find(here) == (here / "pyproject.toml").resolve()
    assert load(find(here)).fail_on == "warn"
    Path("x.yaml").write_text(EXAMPLE.replace("capacity: 2 万吨/年", "capacity: 4 万吨/年"), encoding="utf-8")
    result = check("x.yaml", "-f", "concise")
    assert result.exit_code == 1 and ": warn " in result.output, result.output


@pytest.mark.parametrize("value", ["1", "[]", '"x"'])
def test_a_tool_minplan_that_is_no_table_is_exit_2(here: Path, value: str):
    Path("pyproject.toml").write_text(f"[tool]\nminplan = {value}\n", encoding="utf-8")
    result = check("x.yaml", "--config", "pyproject.toml")
    assert result.exit_code == 2, result.output
    assert "pyproject.toml:2: tool.minplan: expected a table" in result.output


def test_config_outputs_are_written(here: Path):
    Path("minplan.toml").write_text('paths = ["x.yaml"]\n[outputs]\nsarif = "out/m.sarif"\n', encoding="utf-8")
    Path("out").mkdir()
    result = check("-q")
    assert result.exit_code == 1 and result.output == ""
    assert json.loads(Path("out/m.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]


def test_config_outputs_are_written_beside_those_of_the_command_line(here: Path):
    """-o adds to the config's [outputs] (which were silently dropped by any -o, leaving last run's files in place);
    a format given both ways goes where -o says."""
    config = 'paths = ["x.yaml"]\n[outputs]\nsarif = "out/m.sarif"\njson = "out/m.json"\n'
    Path("minplan.toml").write_text(config, encoding="utf-8")
    Path("out").mkdir()
    result = check("-q", "-o", "html=out/m.html", "-o", "json=out/cli.json")
    assert result.exit_code == 1, result.output
    assert sorted(p.name for p in Path("out").iterdir()) == ["cli.json", "m.html", "m.sarif"]
    assert json.loads(Path("out/cli.json").read_text(encoding="utf-8"))["summary"]["fail"] == 1
    result = check("-o", "out/table.txt")
    assert result.exit_code == 1 and Path("out/table.txt").exists() and Path("out/m.json").exists()


@pytest.mark.parametrize(("given", "meant"), [("jsn=y.json", "json=y.json"), ("JSON=y.json", "json=y.json")])
def test_an_output_naming_no_format_is_refused_not_taken_for_a_file_name(here: Path, given: str, meant: str):
    """-o jsn=y.json wrote the table report to a file named 'jsn=y.json' and no y.json, and said nothing."""
    result = check("x.yaml", "-o", given)
    assert result.exit_code == 2 and f"did you mean {meant}?" in result.output, result.output
    assert list(Path().glob("*=*")) == [] and not Path("y.json").exists()
    result = check("x.yaml", "-q", "-o", f"./{given}")  # a file whose name holds '=', written as such
    assert result.exit_code == 1 and Path(given).exists()


def test_a_bracket_in_a_waiver_stands_for_itself(here: Path):
    """Record ids print their year in brackets: a waiver for 延采[2023]12号 excuses that record, not 延采212号 (as
    a set of characters, [2023] matched one of 2, 0, 3)."""
    Path("x.yaml").write_text(EXAMPLE.replace("YB-2023-001", "延采[2023]12号"), encoding="utf-8")
    Path("w.toml").write_text(WAIVER.replace('"YB-2023-*"', '"延采[2023]12号"'), encoding="utf-8")
    result = check("x.yaml", "--config", "w.toml", "--today", "2024-01-01", "-f", "concise")
    assert result.exit_code == 0 and ": waived yanbian-2021/min-scale/gold" in result.output, result.output
    Path("x.yaml").write_text(EXAMPLE.replace("YB-2023-001", "延采212号"), encoding="utf-8")
    result = check("x.yaml", "--config", "w.toml", "--today", "2024-01-01", "-f", "concise")
    assert result.exit_code == 1 and ": fail yanbian-2021/min-scale/gold" in result.output, result.output
    assert "minplan/waiver/unused" in result.output


def test_the_search_for_a_config_stops_at_the_repository_root(tmp_path: Path):
    """A minplan.toml above the repository is another project's: its waivers are not this one's."""
    (tmp_path / "minplan.toml").write_text(WAIVER, encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "applications").mkdir()
    assert find(repo / "applications") is None
    (tmp_path / "elsewhere").mkdir()  # outside the repository, the file is found as before
    assert find(tmp_path / "elsewhere") == tmp_path / "minplan.toml"
    (repo / "minplan.toml").write_text("", encoding="utf-8")
    assert find(repo / "applications") == repo / "minplan.toml"
