"""--format html: the printable review opinion. A page that parses, escapes what records hold, loads nothing,
streams record by record, and prints in headless Chromium as one record per page (when Chromium is there)."""

from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess
from importlib.resources import files
from pathlib import Path
from typing import Any

import html5lib
import pytest
from markupsafe import escape
from typer.testing import CliRunner

from minplan.cli import app
from minplan.report.base import Context, Ending, Meta, load
from minplan.report.escape import visible
from minplan.rulebook import default_corpus
from minplan.runner import run_check

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "yanbian-gold.yaml"
runner = CliRunner()
NS = {"h": "http://www.w3.org/1999/xhtml"}

RECORD = """\
id: "{id}"
right: 采矿权
application: 新立
date: 2023-06-01
location: {{county: 珲春市, zones: []}}
mineral: 岩金
method: 地下开采
capacity: {capacity}
grade: 3.5 克/吨
deposit_scale: 小型
mine_scale: 小型
holder: "{holder}"
documents: [开发利用方案, 矿山地质环境保护与土地复垦方案, 绿色矿山建设实施方案, 恢复基金]
site: {{ecological_red_line: false, permanent_basic_farmland: false}}
project: {{splits_deposit: false}}
"""
HOSTILE = [
    ("<script>alert(1)</script>", '"><img src=x onerror=alert(2)>'),
    ("X\u202eLIAF\u202c-1\x1b[2J", "公司\x07\u2066名\u2069</td></tr></table><a href=http://evil.example>x</a>"),
    ("{{ 7*7 }}{% raw %}", "' onmouseover='alert(3)"),
]


def _yaml(text: str) -> str:
    return "".join(c if c.isprintable() and c not in '"\\' else f"\\U{ord(c):08x}" for c in text)


def _write(folder: Path, n: int, **values: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = RECORD.format(**{"id": f"HT-{n:03d}", "capacity": "2 万吨/年", "holder": f"公司{n}", **values})
    path = folder / f"r{n:03d}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _check(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["check", *args, "--format", "html"])
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout


def _parse(page: str) -> Any:
    """The page as a DOM; html5lib's strict mode raises on any parse error of the HTML standard."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(page)


def _text(element: Any) -> str:
    return "".join(element.itertext())


def _external(page: str, dom: Any, *shown: str) -> list[str]:
    """Everything in the page that would reach beyond it (``shown``: texts of records, which may say "http:")."""
    found = []
    for element in dom.iter():
        tag = element.tag.split("}")[-1]
        if tag in ("script", "link", "iframe", "object", "embed", "base", "frame", "audio", "video", "source"):
            found.append(tag)
        for name, value in element.attrib.items():
            name = name.split("}")[-1].lower()
            if name.startswith("on"):
                found.append(f"{tag} {name}")
            if name in ("src", "srcset", "poster", "data") and not value.startswith("data:"):
                found.append(f"{tag} {name}={value}")
            if name in ("href", "action", "formaction", "xlink:href") and not value.startswith("#"):
                found.append(f"{tag} {name}={value}")
    bare = re.sub(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+", "data:", page)
    for text in shown:
        bare = bare.replace(str(escape(visible(text))), "")
    found += re.findall(r"(?i)https?:|//|@import|url\(", bare)
    return found


def test_the_example_is_a_review_opinion(tmp_path: Path):
    target = tmp_path / "r.html"
    code, _ = _check(str(EXAMPLE), "-o", str(target))
    assert code == 1
    page = target.read_text(encoding="utf-8")
    dom = _parse(page)
    assert dom.get("lang") == "zh-CN"
    assert not _external(page, dom)
    assert "default-src 'none'" in page  # the page's own policy allows nothing to load either
    assert "@media print" in page and "size: A4" in page and "counter(pages)" in page
    (record,) = dom.findall(".//h:section[@class='record status-fail']", NS)
    assert "YB-2023-001" in _text(record.find(".//h:h1", NS))
    verdict = _text(record.find(".//h:div[@class='verdict status-fail']", NS))
    assert "不通过" in verdict and "✗" in verdict  # a word and a mark, not a colour alone
    rows = record.findall(".//h:table[@class='findings']/h:tbody/h:tr", NS)
    assert len(rows) >= 2
    first = rows[0]
    assert first.get("class") == "finding status-fail"  # failures first
    basis = _text(first.find("h:td[@class='basis']", NS))
    assert "《延边朝鲜族自治州矿产资源总体规划（2021—2025年）》 第四章 第二节" in basis and "· 专栏5 · 行 5 金" in basis
    assert "yanbian-2021/min-scale/gold" in _text(first)
    satisfy = _text(first.find(".//h:dl[@class='satisfy']", NS))
    assert "应满足设计规模需不低于 3万吨/年" in satisfy and "申报2万吨/年" in satisfy  # what would satisfy it
    assert "审查字段capacity（第 14 行）" in satisfy  # the field judged, where the file has it
    assert [r.get("class") for r in rows[1:]] == ["finding status-pass"] * (len(rows) - 1)
    plans = _text(record.find(".//h:table[@class='plans']", NS))
    assert "yanbian-2021" in plans and "jilin-2011" in plans and "已被替代" in plans  # also why one is not applied
    na = record.find(".//h:details[@class='na']", NS)
    assert na is not None and "不适用" in _text(na.find("h:summary", NS))
    sign = _text(record.find(".//h:div[@class='sign']", NS))
    assert "审查人" in sign and "日期" in sign
    header = _text(record.find(".//h:table[@class='basics']", NS))
    for value in (
        "珲春某某矿业有限公司",
        "珲春市 › 延边朝鲜族自治州 › 吉林省",
        "岩金",
        "地下开采",
        "2万吨/年",
        "2023-06-01",
    ):
        assert value in header, value


def test_english(tmp_path: Path):
    code, page = _check(str(EXAMPLE), "--lang", "en")
    assert code == 1
    dom = _parse(page)
    assert dom.get("lang") == "en"
    text = _text(dom)
    assert "fail" in text and "Reviewer" in text and "Hunchun" in text


@pytest.mark.parametrize(("rid", "holder"), HOSTILE)
def test_hostile_ids_and_holders_are_text(tmp_path: Path, rid: str, holder: str):
    _write(tmp_path, 1, id=_yaml(rid), holder=_yaml(holder))
    _write(tmp_path, 2)
    code, page = _check(str(tmp_path))
    assert code == 1
    dom = _parse(page)
    assert not _external(page, dom, rid, holder)
    assert not dom.findall(".//h:img", NS)
    assert [a.get("href") for a in dom.findall(".//h:a", NS)] == ["#record-1", "#record-2"]
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]", page)
    header = _text(dom.find(".//h:table[@class='basics']", NS))
    assert visible(rid) in header and visible(holder) in header  # shown as written, the hidden ones escaped
    assert "49" not in _text(dom.find(".//h:h1", NS))  # a template in a record is not a template


def test_a_record_that_cannot_be_read_says_why(tmp_path: Path):
    (tmp_path / "broken.yaml").write_text("id: B-1\nright: 采矿权\napplication: 新立\ncapacity: 1e3\n", "utf-8")
    code, page = _check(str(tmp_path / "broken.yaml"))
    assert code == 2
    record = _parse(page).find(".//h:section[@class='record status-error']", NS)
    text = _text(record)
    assert "错误" in text and "capacity" in text and "审查人" in text
    assert record.find(".//h:table[@class='plans']", NS) is None


@pytest.mark.parametrize(
    ("change", "status", "words"),
    [
        ({"capacity: 2 ": "capacity: 4 "}, "pass", ["通过", "未发现不符合"]),
        ({"capacity: 2 ": "capacity: 4 ", "deposit_scale: 小型\n": ""}, "needs_info", ["需补充信息", "需补充所列"]),
        ({"date: 2023-06-01": "date: 2018-06-01"}, "needs_info", ["需补充信息", "未作规划条款审查"]),  # no plan applies
    ],
)
def test_the_verdict_in_words(tmp_path: Path, change: dict[str, str], status: str, words: list[str]):
    path = _write(tmp_path, 1)
    text = path.read_text(encoding="utf-8")
    for old, new in change.items():
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    _, page = _check(str(path))
    dom = _parse(page)
    verdict = _text(dom.find(f".//h:div[@class='verdict status-{status}']", NS))
    assert all(word in verdict for word in words), verdict
    if status == "needs_info":
        satisfy = _text(dom.find(".//h:tr[@class='finding status-needs_info']//h:dl[@class='satisfy']", NS))
        if "deposit_scale: 小型\n" in change:  # the fact to supply
            assert "需补充" in satisfy and "矿床规模" in satisfy
        else:  # no plan applies: what to check
            assert "核对申请日期与所在县" in satisfy


def test_records_are_written_as_they_come(tmp_path: Path):
    for n in range(3):
        _write(tmp_path, n)
    corpus = default_corpus()
    kind = load("html")
    out = io.StringIO()
    report = kind(out, "zh", corpus)
    run = run_check([tmp_path], corpus, keep=True)
    meta = Meta(3, 0, 0)
    report.start(meta)
    head = out.getvalue()
    assert head.startswith("<!DOCTYPE html>") and "<section" not in head
    for n, result in enumerate(run.records, 1):
        report.record(kind.prepare(result, Context("zh", corpus, meta)))
        assert out.getvalue().count('<section class="record') == n
        assert out.getvalue().rstrip().endswith("</section>")
    report.finish(Ending(run.aggregate, run.summary(), run.notes, []))
    dom = _parse(out.getvalue())
    assert len(dom.findall(".//h:section[@id='batch']//h:table[@class='contents']/h:tbody/h:tr", NS)) == 3


def test_the_templates_ship_with_the_package():
    templates = files("minplan.report") / "templates"
    names = {p.name for p in templates.iterdir()}
    assert {"page_start.html.j2", "record.html.j2", "opinion.css.j2", "macros.html.j2"} <= names


def test_the_map_is_inline(tmp_path: Path):
    pytest.importorskip("matplotlib")
    from geo_support import X0, Y0, box, record_text, write_layer

    red = write_layer(tmp_path / "red.gpkg", [box(X0, Y0, X0 + 500, Y0 + 500)], ["红线"], field="名称")
    (tmp_path / "a.yaml").write_text(record_text(id="MAP-1"), encoding="utf-8")
    _, page = _check(str(tmp_path / "a.yaml"), "--layer", f"ecological_red_line={red}", "--map", str(tmp_path / "m"))
    dom = _parse(page)
    assert not _external(page, dom)
    (img,) = dom.findall(".//h:figure[@class='map']/h:img", NS)
    prefix = "data:image/svg+xml;base64,"
    assert img.get("src").startswith(prefix)
    svg = base64.b64decode(img.get("src")[len(prefix) :])
    assert svg.startswith(b"<svg") and b"<!DOCTYPE" not in svg
    assert "生态保护红线" in _text(dom.find(".//h:ul[@class='spatial']", NS))


# --- printed in headless Chromium -------------------------------------------------------------------------------

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
# the page is Chinese: without a font that has its characters Chromium prints boxes, and the PDF holds no text
CJK_FONT = bool(
    shutil.which("fc-list")
    and subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False).stdout.strip()
)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None or not CJK_FONT, reason="headless Chromium, or a font with Chinese characters, is not installed"
)


def _chromium(page: Path, tmp_path: Path, *args: str) -> None:
    assert CHROMIUM is not None
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            *args,
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )


@needs_chromium
def test_a_batch_prints_one_record_per_page(tmp_path: Path):
    from pypdf import PdfReader

    records = tmp_path / "in"
    for n in range(50):
        _write(records, n, capacity=f"{1 + n % 5} 万吨/年")
    target = tmp_path / "r.html"
    code, _ = _check(str(records), "-o", str(target))
    assert code == 1
    pdf = tmp_path / "r.pdf"
    _chromium(target, tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    reader = PdfReader(pdf)
    assert len(reader.pages) >= 51  # fifty records and the summary, each from a new page
    starts = [i for i, p in enumerate(reader.pages) if "HT-0" in (p.extract_text() or "")]
    ids = [re.findall(r"记录\s*(HT-\d{3})", reader.pages[i].extract_text() or "") for i in starts]
    first_on_page = [found[0] for found in ids if found]
    assert first_on_page[:50] == [f"HT-{n:03d}" for n in range(50)]  # each record heads a page of its own
    numbers = re.search(r"第 1 \S / 共 (\d+) \S", reader.pages[0].extract_text() or "")  # (页 is read as ⻚)
    assert numbers and int(numbers.group(1)) == len(reader.pages)  # page numbers in the page's margin


@needs_chromium
def test_the_page_renders_to_png(tmp_path: Path):
    target = tmp_path / "r.html"
    _check(str(EXAMPLE), "-o", str(target))
    png = tmp_path / "r.png"
    _chromium(target, tmp_path, f"--screenshot={png}", "--window-size=900,1400")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000  # a page drawn, not a blank one


def test_rows_of_a_workbook_are_placed_by_sheet_and_row(tmp_path: Path):
    from test_sheets import _book

    _, page = _check(str(_book(tmp_path / "apps.xlsx")))
    dom = _parse(page)
    sections = dom.findall(".//h:section", NS)
    assert len(sections) == 4  # three rows and the summary
    assert "apps.xlsx › 2023年申请 › 第 3 行" in _text(sections[0].find(".//h:table[@class='basics']", NS))
    errors = _text(sections[2].find(".//h:ol[@class='errors']", NS))
    assert "2023年申请 › 第 5 行，F 列（所在县（市、区））" in errors and "珲春县城" in errors


def test_a_batch_wide_finding_names_a_few_records_and_counts_the_rest(tmp_path: Path):
    for n in range(40):
        _write(tmp_path, n)
    _, page = _check(str(tmp_path))
    dom = _parse(page)
    batch = dom.find(".//h:section[@id='batch']", NS)
    cells = [_text(p) for p in batch.findall(".//h:table[@class='findings']//h:p[@class='records']", NS)]
    assert cells and all("HT-029" in c and "HT-030" not in c and "共 40 条" in c for c in cells)
    assert len(batch.findall(".//h:table[@class='contents']/h:tbody/h:tr", NS)) == 40  # every one listed


@pytest.mark.parametrize(("today", "code", "status"), [("2024-01-01", 0, "waived"), ("2025-01-01", 1, "fail")])
def test_a_waived_finding_says_why_and_until_when(tmp_path: Path, today: str, code: int, status: str):
    config = tmp_path / "minplan.toml"
    config.write_text(
        '[[waivers]]\nrule = "yanbian-2021/min-scale/gold"\nrecord = "YB-2023-001"\n'
        'reason = "专家论证通过（延自然资〔2023〕12号）"\nuntil = 2024-06-30\n',
        encoding="utf-8",
    )
    got, page = _check(str(EXAMPLE), "--config", str(config), "--today", today)
    assert got == code
    dom = _parse(page)
    verdict = _text(
        dom.find(f".//h:section[@class='record status-{status}']//h:div[@class='verdict status-{status}']", NS)
    )
    row = dom.find(".//h:table[@class='findings']/h:tbody/h:tr", NS)
    assert row.get("class") == f"finding status-{status}"  # first, as what does not pass
    waiver = _text(row.find(".//h:dd[@class='waiver']", NS))
    assert "专家论证通过" in waiver and "2024-06-30" in waiver
    if status == "waived":
        assert "⊘ 已豁免" in verdict and "按豁免处理" in verdict and "原结论 不通过" in waiver
    else:
        assert "到期" in waiver
        batch = _text(dom.find(".//h:section[@id='batch']", NS))
        assert "minplan/waiver/expired" in batch and "minplan.toml:1" in batch


def test_a_finding_no_plan_made_is_headed_in_words(tmp_path: Path):
    """The coverage finding of a record no plan applies to is headed "规划适用范围", not the word coverage."""
    from typer.testing import CliRunner

    from minplan.cli import app

    record = tmp_path / "r.yaml"
    record.write_text(
        "id: R\nright: 采矿权\napplication: 新立\ndate: 2019-06-01\nlocation: {county: 东港市}\nmineral: 铁\n",
        encoding="utf-8",
    )
    out = tmp_path / "r.html"
    CliRunner().invoke(app, ["check", str(record), "--format", "html", "-o", str(out), "--no-config"])
    page = out.read_text(encoding="utf-8")
    assert "coverage/no-plan-in-force" in page and "规划适用范围" in page


def test_a_documents_finding_names_each_document_it_lists():
    """申报 of a documents finding listing several documents said their keys (development_plan, …), one its name."""
    _, page = _check(str(ROOT / "tests" / "data" / "shapes" / "batch" / "taonan-sand.yaml"))
    assert "development_plan" not in page and "reclamation_plan" not in page
    assert "矿产资源开发利用方案" in page
