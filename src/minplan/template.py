"""The commented template record that ``minplan init`` writes."""

from __future__ import annotations

ZH = """\
# yaml-language-server: $schema=record.schema.json   （用 minplan schema > record.schema.json 生成）
# minplan 审查记录模板：一份采矿权/探矿权申请，或一座生产矿山。值可填中文或英文。
id: 2025-001                      # 记录编号，一批记录中唯一
right: 采矿权                     # 采矿权 mining · 探矿权 exploration
application: 新立                 # 新立 · 改扩建 · 延续 · 变更 · 转让 · 探转采 · 生产矿山 · 注销
date: 2025-06-01                  # 申请日期（生产矿山填记录日期）；据此选取施行中的规划
location:
  county: 珲春市                  # 县级行政区：名称、简称或代码（222404）
  zones: []                       # 所在规划分区/区块编号或名称，如 [KZ01]；不在任何分区填 []；不清楚则删去本行
  # lon: 130.36                   # 经度（可选）
  # lat: 42.86                    # 纬度（可选）
mineral: 岩金                     # 主矿种；有多种用途的岩石须写明用途（建筑用花岗岩，而非花岗岩）
# associated_minerals: [银]       # 矿业权所列其他矿种（共生、伴生矿产）；无则填 []
# minerals: 岩金、银              # 或一项列出全部矿种（主矿种在前），代替 mineral 与 associated_minerals
method: 地下开采                  # 地下开采 · 露天开采
capacity: 6 万吨/年               # 设计开采规模：万吨/年、万立方米/年、吨/日 …
deposit_scale: 中型               # 矿床规模：大型 · 中型 · 小型
mine_scale: 中型                  # 矿山生产建设规模：大型 · 中型 · 小型
# working_days: 300               # 年工作天数（日规模换算为年规模用；未填按 300 与 330 天判断）
# density: 2.7                    # 矿石密度 吨/立方米（质量与体积换算用）
# grade: 30                      # 矿石品位 % 或 克/吨（3.5 g/t；铁矿为全铁 TFe；开采总量折算用）
# mineral_water_type: 普通类型    # 矿泉水：普通类型 · 稀有类型
holder: 某某矿业有限公司           # 申请人
documents:                        # 随申请提交的材料
  - 矿产资源开发利用方案
  - 矿山地质环境保护与土地复垦方案
  - 绿色矿山建设实施方案
  - 矿山地质环境治理恢复基金
  # - 环境影响评价批复
techniques: []                    # 采用的工艺：土法冶炼 · 氰化法 · 扩泉成井 · 凿井 · 国家限制和淘汰的技术
                                  # （国家限制和淘汰的采选技术、工艺和设备）；均未采用填 []
site:                             # 选址情况（true/false）；不清楚的项删去，相关条款将提示需补充信息
  arable_land: false              # 可耕地
  wetland: false                  # 湿地
  ecological_red_line: false      # 生态保护红线
  permanent_basic_farmland: false # 永久基本农田
  urban_development_boundary: false  # 城镇开发边界内
  nature_reserve: false           # 自然保护地
  visible_from_transport_corridor: false  # 铁路、国道、省道两侧直观可视范围
project:
  supplies_major_infrastructure: false  # 保障重大基础设施建设项目
  remote_area: false              # 边远地区
  splits_deposit: false           # 化大为小、分割出让
  # changes_parameters: false     # 变更：涉及矿区范围、矿种、开采方式、规模或服务年限
  # changes_method: false         # 变更：涉及开采方式
  # enlarges_scale: false         # 变更：扩大生产规模
  # enlarges_area: false          # 变更：扩大矿区范围
  # fully_state_funded: false     # 财政全额出资地质勘查项目（探矿权）
  # meets_higher_min_scale: true  # 设计规模达到上级规划确定的最低开采规模（规划未列规模的矿种）
# operation:                      # 生产矿山
#   beyond_licensed_bounds: false # 超层越界开采
#   high_grading: false           # 采富弃贫
#   waste_residue_use_share: 100  # 矿山废渣综合利用率，%
# closure:                        # 注销：矿山闭坑
#   restoration_accepted: true    # 矿山地质环境治理恢复与土地复垦经验收合格
quality:
  arsenic_exceeds_standard: false
  radioactivity_exceeds_standard: false
"""

EN = """\
# yaml-language-server: $schema=record.schema.json   (make it with: minplan schema > record.schema.json)
# A minplan record: one application for a mining or exploration right, or one operating mine.
id: 2025-001                      # unique within a batch
right: mining                     # mining · exploration
application: new                  # new · expansion · renewal · change · transfer · conversion · existing · cancellation
date: 2025-06-01                  # date of the application; selects the plans in force
location:
  county: Hunchun                 # county-level division: name, alias or code (222404)
  zones: []                       # zone or block codes or printed names, e.g. [KZ01]; [] for none; delete if unknown
  # lon: 130.36
  # lat: 42.86
mineral: lode gold                # main mineral; a rock with several uses names the use (construction granite)
# associated_minerals: [silver]   # the other minerals the right lists (co-occurring, associated); [] for none
# minerals: [lode gold, silver]   # or every mineral in one list, main first, instead of the two above
method: underground               # underground · open_pit
capacity: 6 万吨/年               # design capacity: 万吨/年, 万立方米/年, 吨/日 …
deposit_scale: medium             # large · medium · small (deposit)
mine_scale: medium                # large · medium · small (the mine's production scale)
# working_days: 300               # daily ↔ yearly capacity (not given: judged over 300 and 330 days)
# density: 2.7                    # t/m³, to compare mass with volume
# grade: 30                      # ore grade, % or g/t (3.5 g/t; TFe for iron ore), for caps at a grade
# mineral_water_type: ordinary    # ordinary · rare
holder: Example Mining Co.
documents:                        # documents the application carries
  - development_plan
  - reclamation_plan
  - green_mine_plan
  - restoration_fund
  # - eia_approval
techniques: []                    # primitive_smelting · cyanidation · spring_to_well · well_drilling
                                  # · restricted_or_obsolete (restricted or phased out by the state); [] for none
site:                             # true/false; delete what you do not know (the provision then needs information)
  arable_land: false
  wetland: false
  ecological_red_line: false
  permanent_basic_farmland: false
  urban_development_boundary: false
  nature_reserve: false
  visible_from_transport_corridor: false
project:
  supplies_major_infrastructure: false
  remote_area: false
  splits_deposit: false
  # changes_parameters: false     # a change: alters area, mineral, method, scale or service life
  # changes_method: false         # a change: alters the mining method
  # enlarges_scale: false         # a change: enlarges the production scale
  # enlarges_area: false          # a change: enlarges the mining area
  # fully_state_funded: false     # an exploration project wholly paid by government funds
  # meets_higher_min_scale: true  # the design scale reaches the higher plans' minimum (minerals a plan lists none for)
quality:
  arsenic_exceeds_standard: false
  radioactivity_exceeds_standard: false
# operation:                      # an operating mine
#   beyond_licensed_bounds: false # mines beyond the licensed depth or boundary
#   high_grading: false           # mines the rich ore and leaves the lean
#   waste_residue_use_share: 100  # share of the waste residue put to use, %
# closure:                        # cancellation: the mine is closed
#   restoration_accepted: true    # restoration and land reclamation passed acceptance
"""


def template(lang: str = "zh") -> str:
    return ZH if lang == "zh" else EN


# ---- the template workbook (minplan init --format xlsx) ----

# (header, example value, allowed values for a drop-down list or a validation kind, prompt)
_SHEET_COLUMNS: list[tuple[str, object, object, str]] = [
    ("编号", "2025-001", None, "记录编号，一批记录中唯一"),
    ("矿业权类型", "采矿权", ["采矿权", "探矿权"], "采矿权或探矿权"),
    ("申请类型", "新立", ["新立", "改扩建", "延续", "变更", "转让", "探转采", "生产矿山", "注销"], "据此选取适用条款"),
    ("申请日期", "date", "date", "据此选取施行中的规划"),
    ("所在县（市、区）", "珲春市", "counties", "县级行政区：名称、简称或代码"),
    ("规划分区", "无", None, "所在规划分区/区块的编号或名称，多个用、分隔；不在任何分区填“无”；不清楚则留空"),
    ("开采矿种", "岩金", None, "主矿种在前，多个用、分隔（如 岩金、银）；有多种用途的岩石须写明用途"),
    ("开采方式", "地下开采", ["地下开采", "露天开采"], ""),
    ("生产规模（万吨/年）", 6, "positive", "设计开采规模，单位见表头；单元格也可写明单位（如 300吨/日）"),
    ("矿床规模", "中型", ["大型", "中型", "小型"], "矿床（资源储量）规模"),
    ("矿山规模", "中型", ["大型", "中型", "小型"], "矿山生产建设规模"),
    ("申请人", "某某矿业有限公司", None, ""),
    (
        "申请材料",
        "矿产资源开发利用方案、矿山地质环境保护与土地复垦方案、绿色矿山建设实施方案、矿山地质环境治理恢复基金",
        None,
        "随申请提交的材料，用、分隔；没有填“无”",
    ),
    ("采选工艺", "无", None, "采用的土法冶炼、氰化法、扩泉成井、凿井等工艺，用、分隔；均未采用填“无”"),
    ("生态保护红线", "否", ["是", "否"], "是否占用；不清楚则留空，相关条款将提示需补充信息"),
    ("永久基本农田", "否", ["是", "否"], "是否占用"),
    ("城镇开发边界", "否", ["是", "否"], "是否位于城镇开发边界内"),
    ("自然保护地", "否", ["是", "否"], "是否涉及"),
    ("铁路、国道、省道两侧直观可视范围", "否", ["是", "否"], "是否位于"),
    ("化大为小、分割出让", "否", ["是", "否"], ""),
    ("扩大生产规模", "否", ["是", "否"], "变更：是否扩大生产规模（改扩建按此判断）"),
    ("扩大矿区范围", "否", ["是", "否"], "变更：是否扩大矿区范围（改扩建按此判断）"),
    ("达到上级规划最低开采规模", "是", ["是", "否"], "规划未列最低开采规模的矿种：设计规模是否达到上级规划所定的"),
    ("砷超标", "否", ["是", "否"], ""),
    ("放射性超标", "否", ["是", "否"], ""),
]
_TITLE = "矿产资源规划符合性审查记录（minplan 模板：一行一条记录，表头勿改）"
_ROWS = 1000  # rows the drop-down lists and checks cover


def write_workbook(path: object) -> None:
    """A template workbook: the headers bureaus use, drop-down lists of the allowed values, one example row.

    Read back by ``minplan check``, it is one valid record (the example): the header row is the second
    (a merged title above it), and data validation keeps entries to the values the record reads.
    """
    import datetime as dt

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from minplan.regions import gazetteer

    book = Workbook()
    sheet = book.active
    sheet.title = "申请"
    last = get_column_letter(len(_SHEET_COLUMNS))
    sheet.append([_TITLE])
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([header for header, *_ in _SHEET_COLUMNS])
    example = [dt.date(2025, 6, 1) if value == "date" else value for _, value, _, _ in _SHEET_COLUMNS]
    sheet.append(example)
    counties = sorted({d.zh for d in gazetteer().counties()})
    for i, (header, _value, allowed, prompt) in enumerate(_SHEET_COLUMNS, start=1):
        letter = get_column_letter(i)
        cell = sheet.cell(2, i)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[letter].width = max(10, min(40, 2 * len(header) + 4))
        cells = f"{letter}3:{letter}{_ROWS + 2}"
        if allowed == "date":
            check = DataValidation(type="date", operator="greaterThan", formula1="DATE(2000,1,1)")
            sheet.cell(3, i).number_format = "yyyy-mm-dd"
            for row in range(4, _ROWS + 3):
                sheet.cell(row, i).number_format = "yyyy-mm-dd"
        elif allowed == "positive":
            check = DataValidation(type="decimal", operator="greaterThan", formula1="0")
        elif allowed is not None:
            values = counties if allowed == "counties" else allowed
            check = DataValidation(type="list", formula1='"' + ",".join(values) + '"')  # type: ignore[arg-type]
        else:
            check = None
        if check is not None:
            check.allow_blank = True
            check.error, check.errorTitle = "请从下拉列表中选择，或填写有效的值", header
            check.showErrorMessage = True
            if prompt:
                check.prompt, check.promptTitle, check.showInputMessage = prompt, header[:32], True
            check.add(cells)
            sheet.add_data_validation(check)
        elif prompt:
            note = DataValidation(type=None)  # an input message only
            note.prompt, note.promptTitle, note.showInputMessage = prompt, header[:32], True
            note.add(cells)
            sheet.add_data_validation(note)
    sheet.freeze_panes = "B3"
    book.save(path)  # type: ignore[arg-type]
