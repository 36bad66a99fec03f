"""Words of the user interface in Chinese and English."""

from __future__ import annotations

from functools import cache

STATUS = {
    "pass": {"zh": "通过", "en": "pass"},
    "warn": {"zh": "警示", "en": "warn"},
    "needs_info": {"zh": "需补充信息", "en": "needs info"},
    "fail": {"zh": "不通过", "en": "fail"},
    "not_applicable": {"zh": "不适用", "en": "n/a"},
    "error": {"zh": "错误", "en": "error"},
    "waived": {"zh": "已豁免", "en": "waived"},
}

LEVEL = {
    "province": {"zh": "省级", "en": "province"},
    "prefecture": {"zh": "市（州）级", "en": "prefecture"},
    "county": {"zh": "县级", "en": "county"},
}

FORCE = {
    "binding": {"zh": "约束性", "en": "binding"},
    "expected": {"zh": "预期性", "en": "expected"},
    "guidance": {"zh": "指导性", "en": "guidance"},
    "info": {"zh": "鼓励/提示", "en": "information"},
}

ZONE_TYPE = {
    "key_exploration_area": {"zh": "重点勘查区", "en": "key exploration area"},
    "key_mining_area": {"zh": "重点开采区", "en": "key mining area"},
    "concentrated_mining_area": {"zh": "集中开采区", "en": "concentrated mining area"},
    "restricted_mining_area": {"zh": "限制开采区", "en": "restricted mining area"},
    "encouraged_mining_area": {"zh": "鼓励开采区", "en": "encouraged mining area"},
    "national_planned_mining_area": {"zh": "国家规划矿区", "en": "national planned mining area"},
    "exploration_block": {"zh": "勘查规划区块", "en": "exploration planning block"},
    "mining_block": {"zh": "开采规划区块", "en": "mining planning block"},
    "industry_area": {"zh": "产业发展区域", "en": "industry area"},
    "remediation_area": {"zh": "矿山地质环境重点治理区", "en": "remediation area"},
}

WORDS = {
    "record": {"zh": "记录", "en": "record"},
    "file": {"zh": "文件", "en": "file"},
    "chain": {"zh": "辖区", "en": "jurisdiction"},
    "plans": {"zh": "适用规划", "en": "plans"},
    "findings": {"zh": "审查结果", "en": "findings"},
    "status": {"zh": "结论", "en": "status"},
    "rule": {"zh": "规则", "en": "rule"},
    "message": {"zh": "说明", "en": "message"},
    "citation": {"zh": "出处", "en": "citation"},
    "errors": {"zh": "无法读取或校验", "en": "could not be read or validated"},
    "summary": {"zh": "汇总", "en": "summary"},
    "records": {"zh": "条记录", "en": "records"},
    "ignored": {
        "zh": "项输入未审查（非记录的文件、工作表或行，JSON 报告列出原因）",
        "en": "inputs not judged (files, sheets or rows that hold no record; the JSON report says why)",
    },
    "ignored_short": {"zh": "未审查输入", "en": "ignored"},
    "not_checked": {"zh": "未审查的层级", "en": "level not checked"},
    "plan_applied": {"zh": "所用规划", "en": "plan applied"},
    "no_findings": {"zh": "无适用条款", "en": "no provision applies"},
    "applied": {"zh": "适用", "en": "applied"},
    "not_applied": {"zh": "不适用", "en": "not applied"},
    "aggregate": {"zh": "批量汇总审查", "en": "batch-wide checks"},
    "notes": {"zh": "附注", "en": "notes"},
    "hidden_pass": {"zh": "条条款通过（--verbose 列出）", "en": "provisions pass (--verbose lists them)"},
    "hidden_pass_one": {"zh": "条条款通过（--verbose 列出）", "en": "provision passes (--verbose lists it)"},
    "hidden_na": {
        "zh": "条条款因条件不成立而不适用（JSON 报告中列出）",
        "en": "provisions not applicable as their conditions do not hold (listed in the JSON report)",
    },
    "hidden_na_one": {
        "zh": "条条款因条件不成立而不适用（JSON 报告中列出）",
        "en": "provision not applicable as its conditions do not hold (listed in the JSON report)",
    },
}


def t(table: dict[str, dict[str, str]], key: str, lang: str) -> str:
    entry = table.get(key)
    return entry.get(lang, entry["en"]) if entry else key


@cache
def _indicator_names() -> dict[str, dict[str, str]]:
    from minplan.resources import data_dir
    from minplan.yamlio import load_data_file

    return load_data_file(data_dir() / "indicator_names.yaml")


def indicator_en(name: str) -> str:
    """A main indicator's name (as its plan prints it) in English (data/indicator_names.yaml); else as printed."""
    return _indicator_names()["names"].get(name, name)


def category_en(name: str) -> str:
    """A main-indicator category (as its plan prints it) in English; else as printed."""
    return _indicator_names()["categories"].get(name, name)
