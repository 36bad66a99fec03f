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
    # the levels of findings no plan's level is: a batch-wide one of the run, one on the record itself (its geometry,
    # which plans apply), one on the run's config file (a waiver)
    "batch": {"zh": "批量", "en": "batch"},
    "record": {"zh": "记录", "en": "record"},
    "config": {"zh": "配置", "en": "configuration"},
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


# The look-up views (rules, explain, requirements): a rule's kind, and what an example record comes to, the statuses
# and ``out_of_scope`` (the rule's scope leaves the record out: no finding at all). English keeps the kind's code,
# as --kind takes it.
KIND = {
    "min_scale": {"zh": "最低开采规模", "en": "min_scale"},
    "mineral_policy": {"zh": "矿种调控", "en": "mineral_policy"},
    "zone": {"zh": "规划分区", "en": "zone"},
    "mine_class": {"zh": "矿山规模类型", "en": "mine_class"},
    "siting": {"zh": "选址限制", "en": "siting"},
    "documents": {"zh": "申请材料", "en": "documents"},
    "technology": {"zh": "技术工艺", "en": "technology"},
    "threshold": {"zh": "指标限值", "en": "threshold"},
    "output_cap": {"zh": "产量上限", "en": "output_cap"},
    "deadline": {"zh": "完成时限", "en": "deadline"},
    "extraction_cap": {"zh": "开采总量调控", "en": "extraction_cap"},
    "declaration": {"zh": "申报事项", "en": "declaration"},
}

EXAMPLE_OUTCOME = {**STATUS, "out_of_scope": {"zh": "不在适用范围内", "en": "out of scope"}}

# The kinds of every finding, as the spreadsheet reports name them: a rule's (KIND), a batch-wide check's, and the
# run's own (the boundary measured, which plans apply, a duplicate id, a waiver). English keeps the code, as KIND does.
FINDING_KIND = {
    **KIND,
    "mine_count": {"zh": "矿山数量", "en": "mine_count"},
    "mine_share": {"zh": "大中型矿山比例", "en": "mine_share"},
    "rights_count": {"zh": "采矿权投放数量", "en": "rights_count"},
    "block_holder": {"zh": "一个区块一个主体", "en": "block_holder"},
    "zone_permits": {"zh": "分区矿业权数量", "en": "zone_permits"},
    "duplicate_id": {"zh": "记录编号重复", "en": "duplicate_id"},
    "spatial": {"zh": "拐点范围量算", "en": "spatial"},
    "coverage": {"zh": "规划适用范围", "en": "coverage"},
    "waiver": {"zh": "豁免", "en": "waiver"},
}
