"""Closed vocabularies of a record, each value with its Chinese spellings."""

from __future__ import annotations

from enum import StrEnum
from functools import cache

from minplan.textnorm import fold


class Right(StrEnum):
    mining = "mining"
    exploration = "exploration"


class Application(StrEnum):
    new = "new"
    expansion = "expansion"
    renewal = "renewal"
    change = "change"
    transfer = "transfer"
    conversion = "conversion"
    existing = "existing"
    cancellation = "cancellation"


class Method(StrEnum):
    underground = "underground"
    open_pit = "open_pit"


class DepositScale(StrEnum):
    large = "large"
    medium = "medium"
    small = "small"


class Stage(StrEnum):
    reconnaissance = "reconnaissance"
    prospecting = "prospecting"
    detailed = "detailed"


class SeamThickness(StrEnum):
    thin = "thin"
    medium_thick = "medium_thick"
    thick = "thick"


class Document(StrEnum):
    """Documents an application may carry."""

    development_plan = "development_plan"
    reclamation_plan = "reclamation_plan"  # 矿山地质环境保护与土地复垦方案: the one plan of both halves below
    geo_environment_plan = "geo_environment_plan"  # 矿山地质环境保护与治理恢复方案, a plan of its own before 2017
    land_reclamation_plan = "land_reclamation_plan"  # 土地复垦方案, a plan of its own before 2017
    green_mine_plan = "green_mine_plan"
    exploration_plan = "exploration_plan"
    green_exploration_chapter = "green_exploration_chapter"
    restoration_fund = "restoration_fund"
    project_approval = "project_approval"
    eia_approval = "eia_approval"
    associated_minerals_plan = "associated_minerals_plan"


class Technique(StrEnum):
    """Processes a plan may ban."""

    primitive_smelting = "primitive_smelting"
    cyanidation = "cyanidation"
    spring_to_well = "spring_to_well"
    well_drilling = "well_drilling"
    restricted_or_obsolete = "restricted_or_obsolete"


class WaterType(StrEnum):
    ordinary = "ordinary"
    rare = "rare"


ZH: dict[type[StrEnum], dict[str, list[str]]] = {
    Right: {"mining": ["采矿权", "采矿"], "exploration": ["探矿权", "探矿", "勘查"]},
    Application: {
        "new": ["新立", "新设", "新建"],
        "expansion": ["改扩建", "扩建", "扩大规模", "扩大矿区范围", "扩大规模或范围", "技改提能"],
        "renewal": ["延续"],
        "change": ["变更"],
        "transfer": ["转让"],
        "conversion": ["探转采"],
        "existing": ["生产矿山", "现有矿山", "在产"],
        "cancellation": ["注销"],
    },
    Method: {
        "underground": ["地下开采", "地下", "井工", "井采"],
        "open_pit": ["露天开采", "露天", "open-pit", "opencast", "open pit"],
    },
    DepositScale: {"large": ["大型"], "medium": ["中型"], "small": ["小型"]},
    Stage: {"reconnaissance": ["普查"], "prospecting": ["详查"], "detailed": ["勘探"]},
    WaterType: {"ordinary": ["普通类型", "普通", "非稀有类型"], "rare": ["稀有类型", "稀有"]},
    SeamThickness: {
        "thin": ["薄煤层", "薄"],
        "medium_thick": ["中厚煤层", "中厚", "medium"],
        "thick": ["厚煤层", "厚"],
    },
    Document: {
        "development_plan": ["矿产资源开发利用方案", "开发利用方案"],
        "reclamation_plan": ["矿山地质环境保护与土地复垦方案", "矿山土地复垦与生态修复方案"],
        "geo_environment_plan": [
            "矿山地质环境保护与治理恢复方案",
            "矿山地质环境保护与恢复治理方案",
            "矿山生态环境保护与恢复治理方案",
        ],
        "land_reclamation_plan": ["土地复垦方案", "矿山土地复垦方案"],
        "green_mine_plan": ["绿色矿山建设实施方案", "绿色矿山建设方案"],
        "exploration_plan": ["勘查实施方案", "地质勘查工作实施方案", "勘查设计"],
        "green_exploration_chapter": ["绿色勘查章节", "绿色勘查专章"],
        "restoration_fund": [
            "矿山地质环境治理恢复基金",
            "恢复基金",
            "治理恢复基金",
            "矿山地质环境恢复基金",  # the plans' own words for the fund (延边 第四章 第三节 五, 第五章 第二节 一)
            "矿山环境治理恢复基金",
            "矿山地质环境治理恢复基金管理账户",  # 临江 第五章 第二节
        ],
        "project_approval": ["项目核准", "产能核增", "项目核准文件"],
        "eia_approval": ["环境影响评价批复", "环评批复", "环境影响报告书批复", "环境影响评价文件批复"],
        "associated_minerals_plan": [
            "共伴生矿床综合开发利用方案",
            "共伴生矿产综合开发利用方案",
            "共伴生矿综合开发利用方案",
        ],
    },
    Technique: {
        "primitive_smelting": ["土法", "土法冶炼", "土法炼金"],
        "cyanidation": ["氰化法", "氰化"],
        "spring_to_well": ["扩泉成井"],
        "well_drilling": ["凿井"],
        "restricted_or_obsolete": ["国家限制和淘汰的采选技术、工艺和设备", "国家限制和淘汰的技术", "限制和淘汰类技术"],
    },
}

LABELS: dict[str, dict[str, str]] = {
    # value → Chinese label, for reports
    "mining": {"zh": "采矿权"},
    "exploration": {"zh": "探矿权"},
    "new": {"zh": "新立"},
    "expansion": {"zh": "改扩建"},
    "renewal": {"zh": "延续"},
    "change": {"zh": "变更"},
    "transfer": {"zh": "转让"},
    "conversion": {"zh": "探转采"},
    "existing": {"zh": "生产矿山"},
    "cancellation": {"zh": "注销"},
    "underground": {"zh": "地下开采", "en": "underground"},
    "open_pit": {"zh": "露天开采", "en": "open-pit"},
    "large": {"zh": "大型"},
    "medium": {"zh": "中型"},
    "small": {"zh": "小型"},
    "ordinary": {"zh": "普通类型"},
    "rare": {"zh": "稀有类型"},
    "thin": {"zh": "薄煤层", "en": "thin seam"},
    "medium_thick": {"zh": "中厚煤层", "en": "medium-thick seam"},
    "thick": {"zh": "厚煤层", "en": "thick seam"},
    "reconnaissance": {"zh": "普查"},
    "prospecting": {"zh": "详查"},
    "detailed": {"zh": "勘探", "en": "detailed exploration"},
    "development_plan": {"zh": "矿产资源开发利用方案", "en": "development and utilisation plan"},
    "reclamation_plan": {
        "zh": "矿山地质环境保护与土地复垦方案",
        "en": "geo-environment protection and land reclamation plan",
    },
    "geo_environment_plan": {
        "zh": "矿山地质环境保护与治理恢复方案",
        "en": "geo-environment protection and restoration plan",
    },
    "land_reclamation_plan": {"zh": "土地复垦方案", "en": "land-reclamation plan"},
    "green_mine_plan": {"zh": "绿色矿山建设实施方案", "en": "green-mine plan"},
    "exploration_plan": {"zh": "勘查实施方案", "en": "exploration implementation plan"},
    "green_exploration_chapter": {"zh": "绿色勘查章节", "en": "green-exploration chapter"},
    "restoration_fund": {"zh": "矿山地质环境治理恢复基金（已缴存）", "en": "restoration fund (deposited)"},
    "project_approval": {"zh": "项目核准（产能核增）文件", "en": "project approval (capacity approval)"},
    "eia_approval": {"zh": "环境影响评价批复", "en": "approval of the environmental impact assessment"},
    "associated_minerals_plan": {
        "zh": "共伴生矿床综合开发利用方案",
        "en": "comprehensive development plan of the co- and associated minerals",
    },
    "primitive_smelting": {"zh": "土法冶炼", "en": "primitive (土法) smelting"},
    "cyanidation": {"zh": "氰化法", "en": "cyanidation"},
    "spring_to_well": {"zh": "扩泉成井", "en": "turning a spring into a well"},
    "well_drilling": {"zh": "凿井", "en": "drilling wells"},
    "restricted_or_obsolete": {
        "zh": "国家限制和淘汰的采选技术、工艺和设备",
        "en": "a technique, process or equipment the state restricts or phases out",
    },
}


# A document that holds others: the geo-environment protection and land reclamation plan is, since 2017, the
# one plan of what were two (矿山地质环境保护与治理恢复方案, 土地复垦方案), so it meets a provision naming either;
# either alone is not it.
DOCUMENT_PARTS: dict[Document, frozenset[Document]] = {
    Document.reclamation_plan: frozenset({Document.geo_environment_plan, Document.land_reclamation_plan}),
}


def documents_held(given: object) -> set[Document]:
    """The documents a record's list carries, with those the ones it names hold."""
    held = {Document(d) for d in given or ()}
    for document in list(held):
        held |= DOCUMENT_PARTS.get(document, frozenset())
    return held


def label(value: str, lang: str) -> str:
    return LABELS.get(str(value), {}).get(lang, str(value).replace("_", "-"))


@cache
def _spellings(enum: type[StrEnum]) -> dict[str, str]:
    table = {member.value: member.value for member in enum}
    for value, names in ZH[enum].items():
        for name in names:
            table[fold(name).replace("-", "_")] = value
    return table


def enum_value(enum: type[StrEnum], raw: object) -> object:
    """Map an English or Chinese spelling to the enum's value; leave others for pydantic."""
    if not isinstance(raw, str):
        return raw
    table = _spellings(enum)
    exact = table.get(raw)  # most records spell a value as the table does
    return exact if exact is not None else table.get(fold(raw).replace("-", "_"), raw)
