"""The JSON Schema of a record, for editors (yaml-language-server) and other programs.

It accepts what minplan reads, as an editor sees a YAML file (YAML 1.2: ``2025-06-01`` is text, ``222404`` a
number): every value the README documents — the English values and the Chinese spellings of each closed
vocabulary, county names, aliases and codes (as text or as a number), quantities as text or
``{value, unit}``, figures as numbers or as written text (``30,000``), true/false, yes/no and 是/否 — and no
key minplan does not know. Descriptions are in Chinese (``minplan schema --lang en``: English), with the
values listed.
"""

from __future__ import annotations

import typing
from enum import StrEnum
from typing import Any, get_args

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from minplan.facts import FACTS
from minplan.vocab import ZH, label

# a figure as minplan reads one: 5, 1,000, 0.5, .5, 5.
_DECIMAL = r"^\s*[+＋]?(?:[0-9０-９]+(?:[,，][0-9０-９]{3})*(?:[.．][0-9０-９]*)?|[.．][0-9０-９]+)\s*$"
_PERCENT = _DECIMAL.removesuffix(r"\s*$") + r"\s*[%％]?\s*$"  # 70, 70%
_GRADE = _DECIMAL.removesuffix(r"\s*$") + r"\s*(?:[%％]|(?:[gGｇＧ]|克)[/／](?:[tTｔＴ]|吨))?\s*$"  # 1.2%, 3.5 g/t
# as minplan.record reads a date: 2023-06-01, 2023/6/1, 2023.6.1 (one separator throughout), 2023年6月1日
_DIGITS = "[0-9０-９]"
_DATE = (
    rf"^\s*(?:{_DIGITS}{{4}}([-－/.]){_DIGITS}{{1,2}}\1{_DIGITS}{{1,2}}"
    rf"|{_DIGITS}{{4}}年{_DIGITS}{{1,2}}月{_DIGITS}{{1,2}}日)\s*$"
)
_FLAGS = ["true", "false", "yes", "no", "True", "False", "Yes", "No", "TRUE", "FALSE", "YES", "NO", "是", "否"]

DESCRIPTIONS_ZH = {
    "id": "记录编号，一批记录中唯一（按原文读取：0123 即 0123）",
    "right": "矿业权类型",
    "application": "申请类型",
    "date": "申请日期（生产矿山填记录日期），YYYY-MM-DD；据此选取施行中的规划",
    "location": "位置",
    "location.county": "县级行政区：名称、简称或 6 位代码（如 珲春市、珲春、Hunchun、222404）",
    "location.zones": "所在规划分区或区块：编号（KZ01、CS002 …）或规划所印名称；不在任何分区填 []，不清楚则不填",
    "location.boundary": "拐点坐标：crs（坐标系，如 EPSG:4531 或 2000国家大地坐标系 3度带 43带）"
    "与 points（按顺序的拐点 X、Y），或 parcels（多个地块）",
    "location.area_km2": "申请面积，平方千米（与拐点范围核对）",
    "location.depth": "开采深度或标高范围：{from: 1250, to: 800}（标高，米）或加 datum: 深度",
    "location.depth.from": "上限：最高标高或最小深度，米",
    "location.depth.to": "下限：最低标高或最大深度，米",
    "location.depth.datum": "标高（默认）或深度（自地表起）",
    "location.lon": "经度（十进制度）",
    "location.lat": "纬度（十进制度）",
    "minerals": "矿业权所列全部矿种，主矿种在前：列表，或以、或逗号分隔的一项（金矿、银矿）；"
    "代替 mineral 与 associated_minerals",
    "mineral": "主矿种：中文名或英文别名（金、岩金、gold …）；有多种用途的岩石须写明用途（建筑用花岗岩，而非花岗岩）",
    "associated_minerals": "矿业权所列其他矿种（共生、伴生矿产）；无则填 []",
    "method": "开采方式",
    "capacity": "设计开采规模（年或日规模）：'6 万吨/年'、'20万立方米/年'、'300 吨/日' 或 {value: 6, unit: 万吨/年}",
    "deposit_scale": "矿床规模",
    "working_days": "年工作天数，日规模换算为年规模用（未填时按 300 与 330 天分别判断，结论不同则需补充）",
    "density": "矿石密度，吨/立方米（质量与体积换算用）",
    "grade": "主矿种矿石品位，%（铁矿为全铁 TFe）或 克/吨（金：3.5 g/t、3.5克/吨）；按品位或金属量折算的开采总量控制用",
    "mineral_water_type": "矿泉水类型",
    "mine_scale": "矿山生产建设规模",
    "exploration_stage": "勘查阶段",
    "seam_thickness": "煤层厚度类别",
    "holder": "申请人或矿业权人",
    "documents": "随申请提交的材料",
    "techniques": "采用的采选冶工艺；均未采用填 []",
    "recovery": "三率（%）",
    "recovery.mining": "开采回采率，%",
    "recovery.processing": "选矿回收率，%",
    "recovery.utilisation": "综合利用率，%",
    "operation": "生产矿山的情况",
    "operation.output": "实际年产量",
    "operation.production_start": "投产日期，YYYY-MM-DD",
    "operation.green_mine": "是否已纳入绿色矿山名录",
    "operation.natural_flow_share": "矿泉水开采量占天然流量比例，%",
    "operation.beyond_licensed_bounds": "是否超层越界开采（超出许可的开采深度或矿区范围）",
    "operation.high_grading": "是否采富弃贫",
    "operation.waste_residue_use_share": "矿山废渣综合利用率，%",
    "site": "选址情况（true/false）；不清楚的项不填，相关条款将提示需补充信息",
    "site.arable_land": "是否位于可耕地",
    "site.wetland": "是否位于湿地",
    "site.ecological_red_line": "是否涉及生态保护红线",
    "site.permanent_basic_farmland": "是否涉及永久基本农田",
    "site.urban_development_boundary": "是否位于城镇开发边界内",
    "site.nature_reserve": "是否位于自然保护地",
    "site.blank_area": "是否位于空白区（尚未设立矿业权）",
    "site.visible_from_transport_corridor": "是否位于铁路、国道、省道两侧直观可视范围内",
    "quality": "矿石质量",
    "quality.arsenic_exceeds_standard": "砷含量是否超标",
    "quality.radioactivity_exceeds_standard": "放射性是否超标",
    "project": "项目情况",
    "project.supplies_major_infrastructure": "是否保障重大基础设施建设项目",
    "project.remote_area": "是否为边远地区",
    "project.combined_land_mine": "是否为矿地综合开发利用项目",
    "project.resource_integration": "是否为资源整合需要",
    "project.changes_parameters": "变更是否涉及矿区范围、矿种、开采方式、规模或服务年限",
    "project.splits_deposit": "是否将矿产地化大为小、分割出让",
    "project.changes_method": "变更是否涉及开采方式",
    "project.fully_state_funded": "是否为财政全额出资的地质勘查项目",
    "closure": "注销：矿山闭坑的情况",
    "closure.restoration_accepted": "矿山地质环境治理恢复与土地复垦是否经验收合格",
}


def spellings(enum: type[StrEnum]) -> list[str]:
    """Every spelling minplan reads for ``enum``'s values: the English value, then its Chinese spellings."""
    out: list[str] = []
    for member in enum:
        out.append(member.value)
        out.extend(ZH.get(enum, {}).get(member.value, []))
    return list(dict.fromkeys(out))


def _listing(enum: type[StrEnum], lang: str) -> str:
    return " · ".join(f"{m.value} {label(m.value, 'zh')}" if lang == "zh" else m.value for m in enum)


def _funcs(annotation: Any, metadata: list[Any]) -> set[str]:
    """The names of the before-validators a field's type carries (they say how it reads a value)."""
    names = {getattr(m, "func", None).__name__ for m in metadata if getattr(m, "func", None) is not None}
    for arg in typing.get_args(annotation):
        if typing.get_origin(arg) is typing.Annotated or hasattr(arg, "__metadata__"):
            names |= _funcs(arg, list(getattr(arg, "__metadata__", ())))
        else:
            names |= _funcs(arg, [])
    return names


def _enum_of(annotation: Any) -> type[StrEnum] | None:
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        return annotation
    for arg in typing.get_args(annotation):
        found = _enum_of(arg)
        if found is not None:
            return found
    return None


def _is_list(annotation: Any) -> bool:
    if typing.get_origin(annotation) is list:
        return True
    return any(_is_list(a) for a in typing.get_args(annotation) if typing.get_origin(a) is not typing.Annotated)


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds, itself or optional (``Depth | None``)."""
    if not isinstance(annotation, type):
        inner = [a for a in get_args(annotation) if a is not type(None)]
        annotation = inner[0] if len(inner) == 1 else annotation
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _bounds(info: FieldInfo) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for m in info.metadata:
        for attr, key in (("ge", "minimum"), ("le", "maximum"), ("gt", "exclusiveMinimum"), ("lt", "exclusiveMaximum")):
            value = getattr(m, attr, None)
            if value is not None:
                out[key] = value
    return out


def _counties() -> tuple[list[str], list[int]]:
    from minplan.regions import gazetteer

    names: list[str] = []
    codes: list[int] = []
    for division in gazetteer().counties():
        names.extend((division.zh, division.en, *division.aliases, division.code))
        codes.extend(int(code) for code in (division.code, *division.aliases) if code.isascii() and code.isdigit())
    return list(dict.fromkeys(names)), codes


def _minerals() -> list[str]:
    from minplan.minerals import mineral_book

    book = mineral_book()
    return sorted({m.name for m in book.minerals.values() if len(book.uses(m.name)) <= 1})


def _quantity(lang: str) -> dict[str, Any]:
    return {
        "anyOf": [
            {"type": "string", "minLength": 1},
            {
                "type": "object",
                "properties": {
                    "value": {
                        "anyOf": [{"type": "number", "exclusiveMinimum": 0}, {"type": "string", "pattern": _DECIMAL}]
                    },
                    "unit": {"type": "string", "minLength": 1},
                },
                "required": ["value", "unit"],
                "additionalProperties": False,
            },
        ]
    }


def _boundary(lang: str) -> dict[str, Any]:
    """The corner points' schema as the model gives it (a point is a pair of numbers or 度分秒 texts), refs
    inlined: editors then check a boundary's shape too."""
    from minplan.record import Boundary

    schema = Boundary.model_json_schema()
    defs = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return inline(defs[ref.removeprefix("#/$defs/")])
            return {k: inline(v) for k, v in node.items() if k not in ("title", "default")}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    out = inline(schema)
    out.pop("description", None)  # the field's own description stands beside it
    props = out["properties"]
    props["crs"] = {
        "description": props["crs"].get("description", ""),
        "anyOf": [{"type": "string", "minLength": 1}, {"type": "integer", "minimum": 1}],  # an EPSG code
    }
    ring = {"minItems": 3}  # a ring of corner points holds three at least, as the reader asks

    def rings(node: Any) -> None:
        for key in ("points", "holes"):
            entry = node["properties"].get(key)
            if entry is None:
                continue
            array = entry["anyOf"][0] if "anyOf" in entry else entry
            (array if key == "points" else array["items"]).update(ring)

    rings(out)
    rings(props["parcels"]["anyOf"][0]["items"])
    shift = props["towgs84"]["anyOf"][0]
    items = shift.pop("items")
    shift.pop("minItems", None), shift.pop("maxItems", None)
    props["towgs84"]["anyOf"][0] = {
        "type": "array",
        "items": items,
        "anyOf": [{"minItems": 3, "maxItems": 3}, {"minItems": 7, "maxItems": 7}],
    }
    if lang == "zh":
        for key, text in BOUNDARY_ZH.items():
            props[key]["description"] = text
        parcel = props["parcels"]["anyOf"][0]["items"]
        parcel["description"] = "一个地块：拐点与扣除范围"
        for key in ("points", "holes"):
            parcel["properties"][key]["description"] = BOUNDARY_ZH[key]
    return out


BOUNDARY_ZH = {
    "crs": "坐标系：EPSG:4531，或如 2000国家大地坐标系 3度带 43带、CGCS2000 中央经线129°、2000国家大地坐标系 经纬度",
    "points": "一个地块的拐点，按顺序：[X, Y]（投影坐标，X 为北坐标）或 [纬度, 经度]（十进制度或度分秒）",
    "holes": "地块内扣除的范围（各为一圈拐点）",
    "parcels": "多个地块时每个地块的 points 与 holes（代替 points）",
    "towgs84": "西安80、北京54 坐标：测量所用的转换参数 [dx, dy, dz] 或七参数",
}


def _value(path: str, info: FieldInfo, lang: str) -> dict[str, Any]:
    """The schema of one field's value (without null)."""
    annotation = info.annotation
    funcs = _funcs(annotation, list(info.metadata))
    enum = _enum_of(annotation)
    model = _model_of(annotation)
    if path == "location.boundary":
        return _boundary(lang)
    if model is not None:
        return _object(model, path, lang)
    if path == "location.county":
        names, codes = _counties()
        return {"anyOf": [{"type": "string", "enum": names}, {"type": "integer", "enum": codes}]}
    if path == "location.depth.datum":
        from minplan.record import DEPTH_WORDS, DepthDatum

        return {"type": "string", "enum": [*spellings(DepthDatum), *DEPTH_WORDS]}
    if path == "location.zones":
        item = {"anyOf": [{"type": "string", "minLength": 1}, {"type": "integer"}]}
        return {"anyOf": [{"type": "array", "items": item}, {"type": "string"}]}
    if enum is not None and _is_list(annotation):
        item = {"type": "string", "enum": spellings(enum)}
        return {"anyOf": [{"type": "array", "items": item}, item]}
    if enum is not None:
        return {"type": "string", "enum": spellings(enum)}
    if "right_mineral" in funcs or path == "mineral":
        mineral = {"type": "string", "minLength": 1, "examples": _minerals()}
        if _is_list(annotation):
            return {"anyOf": [{"type": "array", "items": mineral}, {"type": "string", "minLength": 1}]}
        return mineral
    if "_quantity" in funcs:
        return _quantity(lang)
    if "_flag" in funcs:
        return {"anyOf": [{"type": "boolean"}, {"type": "string", "enum": _FLAGS}]}
    if "read_date" in funcs:
        return {"type": "string", "pattern": _DATE}
    if funcs & {"_percent", "_percent_from_zero", "_grade"}:
        number = {"type": "number", **_bounds(info)}
        if "_percent_from_zero" not in funcs:
            number.setdefault("exclusiveMinimum", 0)
        number["not"] = {"exclusiveMinimum": 0, "maximum": 1}  # 0.7: 70% or 0.7%? written so, it is refused
        return {"anyOf": [number, {"type": "string", "pattern": _GRADE if "_grade" in funcs else _PERCENT}]}
    if funcs & {"_finite", "_positive", "_whole"}:
        number: dict[str, Any] = {"type": "integer" if "_whole" in funcs else "number", **_bounds(info)}
        if ("_positive" in funcs or "_whole" in funcs) and "minimum" not in number:
            number.setdefault("exclusiveMinimum", 0)
        return {"anyOf": [number, {"type": "string", "pattern": _DECIMAL}]}
    if "_text" in funcs or path == "id":
        return {"anyOf": [{"type": "string", "minLength": 1}, {"type": "integer"}]}
    return {"type": "string"}


def _describe(path: str, info: FieldInfo, lang: str) -> str:
    # a fact's own Chinese label where the table gives none (minplan.facts)
    text = (DESCRIPTIONS_ZH.get(path) or (FACTS[path].zh if path in FACTS else None)) if lang == "zh" else None
    text = text or info.description or ""
    enum = _enum_of(info.annotation)
    if enum is not None:
        text = f"{text}：{_listing(enum, lang)}" if lang == "zh" else f"{text}: {_listing(enum, lang)}"
    return text


def _object(model: type[BaseModel], prefix: str, lang: str) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    either: list[dict[str, Any]] = []  # a field a record may give by its alias or its name
    by_name = bool(model.model_config.get("populate_by_name"))
    for name, info in model.model_fields.items():
        key = info.alias or name  # as records write it (depth's from/to)
        path = f"{prefix}.{key}" if prefix else key
        value = _value(path, info, lang)
        if not info.is_required() and (_model_of(info.annotation) is None or type(None) in get_args(info.annotation)):
            value = {"anyOf": [value, {"type": "null"}]}
        properties[key] = {"description": _describe(path, info, lang), **value}
        if by_name and key != name:
            properties[name] = properties[key]
            if info.is_required():
                either.append({"anyOf": [{"required": [key]}, {"required": [name]}]})
        elif info.is_required():
            required.append(key)
    out: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
    if prefix:
        out["description"] = DESCRIPTIONS_ZH.get(prefix, "") if lang == "zh" else model.__doc__ or ""
    if required:
        out["required"] = required
    if either:
        out["allOf"] = either
    return out


DESCRIPTION = {
    "zh": "一份采矿权/探矿权申请，或一座生产矿山（minplan init 生成带注释的模板）",
    "en": "one application for a mining or exploration right, or one operating mine (minplan init writes a template)",
}


def record_schema(lang: str = "zh") -> dict[str, Any]:
    """JSON Schema (2020-12) of a record, descriptions in ``lang``."""
    from minplan.record import Record

    schema = _object(Record, "", lang)
    # the minerals of a right come in one of two forms: mineral (with associated_minerals), or minerals
    schema["required"] = [key for key in schema["required"] if key != "mineral"]
    schema["oneOf"] = [
        {"required": ["mineral"], "not": {"required": ["minerals"]}},
        {
            "required": ["minerals"],
            "not": {"anyOf": [{"required": ["mineral"]}, {"required": ["associated_minerals"]}]},
        },
    ]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "minplan 审查记录" if lang == "zh" else "minplan record",
        "description": DESCRIPTION[lang],
        **schema,
    }
