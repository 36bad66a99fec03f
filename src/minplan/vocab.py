"""Closed vocabularies of a record, each value with its Chinese spellings."""

from __future__ import annotations

from enum import StrEnum

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


class Method(StrEnum):
    underground = "underground"
    open_pit = "open_pit"


class DepositScale(StrEnum):
    large = "large"
    medium = "medium"
    small = "small"


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
    },
    Method: {
        "underground": ["地下开采", "地下", "井工", "井采"],
        "open_pit": ["露天开采", "露天", "open-pit", "opencast", "open pit"],
    },
    DepositScale: {"large": ["大型"], "medium": ["中型"], "small": ["小型"]},
    WaterType: {"ordinary": ["普通类型", "普通", "非稀有类型"], "rare": ["稀有类型", "稀有"]},
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
    "underground": {"zh": "地下开采", "en": "underground"},
    "open_pit": {"zh": "露天开采", "en": "open-pit"},
    "large": {"zh": "大型"},
    "medium": {"zh": "中型"},
    "small": {"zh": "小型"},
    "ordinary": {"zh": "普通类型"},
    "rare": {"zh": "稀有类型"},
}


def label(value: str, lang: str) -> str:
    return LABELS.get(str(value), {}).get(lang, str(value).replace("_", "-"))


def enum_value(enum: type[StrEnum], raw: object) -> object:
    """Map an English or Chinese spelling to the enum's value; leave others for pydantic."""
    if not isinstance(raw, str):
        return raw
    key = fold(raw).replace("-", "_")
    for member in enum:
        if key == member.value or key in {fold(z).replace("-", "_") for z in ZH[enum][member.value]}:
            return member.value
    return raw
