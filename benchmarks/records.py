"""Generated records for the benchmarks: varied ones, as a bureau's year of applications, and repeated ones.

- ``varied``: 16 counties (Yanbian's eight, Linjiang, Taonan, Dandong's six), 14 minerals, both rights,
  five applications, four dates (one before and three after 2015, so the province's plan is in force for
  some), one right in six with associated minerals, facts given or left out at random (method, deposit
  scale, mine scale, site, project, documents, water type), holders and capacities drawn per record;
- ``repeated``: one record (examples/yanbian-gold.yaml's facts) under a new id each time.

Written one record a file in sub-folders of 100, or (``stream``) as ``---`` streams of many records a file.
"""

from __future__ import annotations

import random
from pathlib import Path

COUNTIES = [
    "延吉市", "图们市", "敦化市", "珲春市", "龙井市", "和龙市", "汪清县", "安图县",
    "临江市", "洮南市",
    "元宝区", "振兴区", "振安区", "宽甸满族自治县", "东港市", "凤城市",
]  # fmt: skip
MINERALS = [  # name, unit, capacity range
    ("岩金", "万吨/年", (1, 20)),
    ("铁", "万吨/年", (5, 300)),
    ("建筑用花岗岩", "万立方米/年", (5, 60)),
    ("建筑用砂", "万立方米/年", (5, 60)),
    ("矿泉水", "万吨/年", (1, 40)),
    ("煤", "万吨/年", (5, 200)),
    ("铜", "万吨/年", (1, 100)),
    ("硅藻土", "万吨/年", (1, 20)),
    ("菱镁矿", "万吨/年", (5, 100)),
    ("钼", "万吨/年", (5, 150)),
    ("石墨", "万吨/年", (1, 30)),
    ("萤石", "万吨/年", (1, 20)),
    ("铅", "万吨/年", (1, 30)),
    ("建筑用玄武岩", "万立方米/年", (5, 60)),
]
ASSOCIATED = {"铁": ["铜", "钼"], "铜": ["铅", "银"], "钼": ["铜"], "铅": ["锌", "银"], "岩金": ["银", "铜"]}
APPLICATIONS = ["新立", "新立", "改扩建", "延续", "变更", "探转采"]
DATES = ["2014-05-12", "2022-03-15", "2023-06-01", "2024-11-20"]
DOCUMENTS = ["开发利用方案", "矿山地质环境保护与土地复垦方案", "绿色矿山建设实施方案", "矿山地质环境治理恢复基金"]
SITE = ["arable_land", "wetland", "ecological_red_line", "permanent_basic_farmland", "nature_reserve"]
PROJECT = ["splits_deposit", "supplies_major_infrastructure", "remote_area", "resource_integration"]


def varied_text(i: int, rng: random.Random) -> str:
    mineral, unit, (lo, hi) = rng.choice(MINERALS)
    right = rng.choice(["采矿权", "采矿权", "采矿权", "探矿权"])
    lines = [
        f"id: BV-{i:06d}",
        f"right: {right}",
        f"application: {rng.choice(APPLICATIONS if right == '采矿权' else APPLICATIONS[:-1])}",  # 探转采: mining
        f"date: {rng.choice(DATES)}",
        "location:",
        f"  county: {rng.choice(COUNTIES)}",
    ]
    if rng.random() < 0.85:
        lines.append("  zones: []")
    lines.append(f"mineral: {mineral}")
    if mineral in ASSOCIATED and rng.random() < 0.4:
        lines.append(f"associated_minerals: [{', '.join(rng.sample(ASSOCIATED[mineral], 1))}]")
    if rng.random() < 0.8:
        lines.append(f"method: {rng.choice(['地下开采', '露天开采'])}")
    if right == "采矿权":
        figure = rng.randint(lo, hi) if rng.random() < 0.8 else round(rng.uniform(lo, hi), 1)
        lines.append(f"capacity: {figure} {unit}")
        for key in ("deposit_scale", "mine_scale"):
            if rng.random() < 0.75:
                lines.append(f"{key}: {rng.choice(['大型', '中型', '小型'])}")
    if mineral == "矿泉水" and rng.random() < 0.7:
        lines.append(f"mineral_water_type: {rng.choice(['普通类型', '稀有类型'])}")
    lines.append(f"holder: {rng.choice(['吉林', '延边', '丹东', '白山'])}某某矿业有限公司{rng.randint(1, 2000)}")
    if rng.random() < 0.9:
        documents = [d for d in DOCUMENTS if rng.random() < 0.8]
        lines.append(f"documents: [{', '.join(documents)}]")
    site = [f"{k}: {rng.choice(['false', 'false', 'false', 'true'])}" for k in SITE if rng.random() < 0.6]
    if site:
        lines.append(f"site: {{{', '.join(site)}}}")
    project = [f"{k}: {rng.choice(['false', 'true'])}" for k in PROJECT if rng.random() < 0.3]
    if project:
        lines.append("project:")
        lines += [f"  {p}" for p in project]
    return "\n".join(lines) + "\n"


REPEATED = """id: BR-{i:06d}
right: 采矿权
application: 新立
date: 2023-06-01
location:
  county: 珲春市
  zones: []
mineral: 岩金
method: 地下开采
capacity: 2 万吨/年
deposit_scale: 小型
mine_scale: 小型
holder: 珲春某某矿业有限公司
documents: [矿产资源开发利用方案, 矿山地质环境保护与土地复垦方案, 绿色矿山建设实施方案, 矿山地质环境治理恢复基金]
site: {{ecological_red_line: false, permanent_basic_farmland: false}}
project: {{splits_deposit: false}}
"""


def record_texts(n: int, kind: str = "varied", seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    if kind == "repeated":
        return [REPEATED.format(i=i) for i in range(n)]
    return [varied_text(i, rng) for i in range(n)]


def make_records(folder: Path, n: int, kind: str = "varied", seed: int = 7, stream: int = 0) -> list[Path]:
    """Write ``n`` records below ``folder``: one a file in sub-folders of 100, or ``stream`` a file (``---``)."""
    texts = record_texts(n, kind, seed)
    paths = []
    per = stream or 1
    for number, start in enumerate(range(0, n, per)):
        path = folder / f"d{number // 100:03d}" / f"r{number:06d}.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_text("---\n".join(texts[start : start + per]), encoding="utf-8")
        paths.append(path)
    return paths
