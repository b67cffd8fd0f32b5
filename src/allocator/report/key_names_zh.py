"""Every key of the scenario by its Chinese name: `budget.total` 总预算,
`tiers.<tier>.hours_per_customer` 每位客户的客户经理工时. A `*` stands for an id the scenario
chooses (a tier, a grade, a package, an offer, a rule), which report/key_words.py names by its
label in brackets after the key's name: 每位客户的客户经理工时（贵宾）. The keys of one shape
in several places (a data table's source, a language's label, a calendar rule's window) are
named by their place and their field. A section or mapping an override may give whole (`--set
'tiering.thresholds={...}'`) is named too: a mapping of ids by the name of its entries (分层门槛),
an id's settings by what they set (层级设定（贵宾）)."""

from __future__ import annotations

TABLES = {"customers": "客户表", "rms": "客户经理表", "offers": "产品表",
          "fit_scores": "匹配评分表"}
"""The data tables a scenario reads (data.<table>)."""
TABLE_FIELDS = {"path": "文件路径", "sheet": "工作表", "database": "数据库文件",
                "url": "数据库服务器地址", "query": "查询语句", "password_env": "密码环境变量",
                "columns.*": "列映射", "encoding": "文本编码", "decimal": "小数点符号"}
"""A data table's source (data.<table>.<field>)."""

LABEL_KINDS = {"tiers": "层级", "packages": "服务包", "grades": "客户经理级别", "channels": "渠道",
               "offers": "推荐产品", "regions": "区域", "calendar": "日历活动与规则",
               "models": "模型", "columns": "客户列", "overrides": "命名调整"}
"""The kinds of ids the scenario labels (labels.<kind>)."""
LANGUAGES = {"en": "英文", "zh": "中文"}

WINDOW = {"start": "起始日", "end": "结束日", "channels": "渠道", "products": "产品"}
"""A calendar rule's window: its days, channels and products."""
CALENDAR_RULES = {
    "contact_rules": ("接触规则", {"max": "每位客户最多接触次数", "every": "固定窗口天数",
                                  "rolling": "滚动窗口天数"}),
    "channel_limits": ("渠道接触量", {"min": "下限", "max": "上限"}),
    "budgets": ("渠道预算", {"limit": "限额"}),
    "sales": ("产品预期销量", {"min": "下限", "max": "上限"}),
}
"""The calendar's rules (calendar.<rules>.<id>.<field>): their name and their own fields."""
CONFLICT_SIDES = {"first": "先", "second": "后"}

NAMED: dict[str, str] = {
    "name": "情景名称",
    "description": "情景说明",
    "description.en": "情景说明（英文）",
    "description.zh": "情景说明（中文）",
    "data.generate.customers": "生成的客户数",
    "data.generate.seed": "生成客户群的随机种子",
    "data.generate.customers_per_rm": "生成客户群中每名客户经理的客户数",
    "data.dataset.adapter": "公开数据集适配器",
    "data.dataset.path": "公开数据集目录",
    "data.dataset.staffing.*.per_region": "数据集每个区域的客户经理数",
    "data.dataset.staffing.*.capacity_hours": "数据集客户经理年工时",
    "data.dataset.staffing.*.max_book": "数据集客户经理名单规模上限",
    "data.dataset.staffing.*.legacy_book": "数据集客户经理现有客户数",
    "data.dataset.sample": "数据集抽样客户数",
    "data.dataset.seed": "数据集抽样随机种子",
    "tiering.method": "分层方法",
    "tiering.metric": "分层指标",
    "tiering.thresholds.*": "分层门槛",
    "tiering.features.*": "分层评分权重",
    "tiering.quantiles.*": "层级客户占比",
    "tiering.monetary": "分层消费金额列",
    "tiering.value_shares.*": "层级价值占比",
    "tiering.hysteresis": "分层缓冲带",
    "tiers.*.rm_grades.*": "客户经理级别效能",
    "tiers.*.coverage": "客户经理覆盖要求",
    "tiers.*.hours_per_customer": "每位客户的客户经理工时",
    "tiers.*.coverage_uplift": "客户经理覆盖提升",
    "tiers.*.max_offers": "每位客户最多推荐数",
    "tiers.*.retention": "年留存率",
    "tiers.*.budget_floor_share": "层级预算下限占比",
    "tiers.*.budget_cap_share": "层级预算上限占比",
    "tiers.*.loss_cap_share": "层级预期损失上限占比",
    "tiers.*.churn_reduction": "流失降低比例",
    "models.*.target": "模型目标变量",
    "models.*.features": "模型特征",
    "models.*.method": "模型方法",
    "models.*.test_share": "模型测试集占比",
    "models.*.seed": "模型随机种子",
    "offers.*.product": "产品类别",
    "offers.*.channel": "推荐渠道",
    "offers.*.cost": "单次接触成本",
    "offers.*.margin": "成交利润",
    "offers.*.propensity": "响应概率",
    "offers.*.propensity.*": "响应概率",
    "offers.*.propensity_column": "响应概率列",
    "offers.*.value_column": "预期价值列",
    "offers.*.risk_level": "风险等级",
    "offers.*.lgd": "违约损失率",
    "offers.*.ead": "违约风险敞口",
    "offers.*.capital_weight": "风险权重",
    "offers.*.quota": "产品配额",
    "offers.*.minimum": "销售目标",
    "offers.*.needs_rm": "需有客户经理",
    "offers.*.eligible_tiers": "适用层级",
    "packages.*.cost_per_customer": "服务包每位客户成本",
    "packages.*.uplift": "服务包价值提升",
    "packages.*.uplift.*": "服务包价值提升",
    "packages.*.tiers": "服务包适用层级",
    "budget.total": "总预算",
    "risk.loss_cap": "预期损失上限",
    "risk.capital_cap": "资本上限",
    "rules.continuity.max_reassignments": "最多重新分配客户数",
    "rules.continuity.bonus": "保留原客户经理的价值加成",
    "rules.channel_capacity.*": "渠道容量",
    "rules.rm_min_load_share": "客户经理最低工作量占比",
    "rules.rm_capacity_scale": "客户经理产能倍数",
    "rules.rm_capacity_scale.*": "客户经理产能倍数",
    "rules.add_rms.*": "新增客户经理",
    "rules.add_rms.*.*": "新增客户经理",
    "rm_grades.*.cost_per_year": "客户经理年成本",
    "rm_grades.*.hours": "新增客户经理年工时",
    "rm_grades.*.hours_per_month": "客户经理月度工时上限",
    "objective.horizon_years": "期限（年）",
    "objective.discount_rate": "折现率",
    "objective.fit_weight": "匹配评分权重",
    "objective.soft.*": "软约束罚金",
    "objective.currency": "币种",
    "solver.method": "求解路径",
    "solver.backend": "求解器",
    "solver.time_limit": "求解时间上限（秒）",
    "solver.gap": "间隙目标",
    "solver.threads": "求解线程数",
    "solver.seed": "求解随机种子",
    "output.dir": "输出目录",
    "output.language": "输出语言",
    "output.baselines": "经验法则方案",
    "output.steps": "测算跃变",
    "output.label": "运行标签",
    "output.note": "运行说明",
    "execution.engine": "执行引擎",
    "execution.address": "调度器地址",
    "execution.book": "客户群规划方式",
    "calendar.horizon": "日历规划天数",
    "calendar.month_days": "每月天数",
    "calendar.activities.*.offer": "活动推荐产品",
    "calendar.activities.*.day": "活动日",
    "calendar.activities.*.channel": "活动渠道",
    "calendar.activities.*.cost": "活动单次接触成本",
    "calendar.activities.*.products": "活动推广产品",
    "calendar.activities.*.rm_hours": "活动每次接触的客户经理工时",
    "calendar.conflicts.*.lag": "冲突间隔天数",
    "overrides.*.*": "命名调整的设定",
}
"""The keys named one by one."""

SECTIONS: dict[str, str] = {
    "data": "数据来源",
    "data.generate": "生成客户群的设定",
    "data.dataset": "公开数据集",
    "data.dataset.staffing": "数据集客户经理配置",
    "data.dataset.staffing.*": "数据集客户经理配置",
    "tiering": "分层规则",
    "tiering.thresholds": "分层门槛",
    "tiering.features": "分层评分权重",
    "tiering.quantiles": "层级客户占比",
    "tiering.value_shares": "层级价值占比",
    "tiers": "层级设定",
    "tiers.*": "层级设定",
    "tiers.*.rm_grades": "客户经理级别效能",
    "models": "模型",
    "models.*": "模型设定",
    "offers": "推荐产品",
    "offers.*": "推荐产品设定",
    "packages": "服务包",
    "packages.*": "服务包设定",
    "budget": "预算",
    "risk": "风险上限",
    "rules": "规则",
    "rules.continuity": "客户经理延续规则",
    "rules.channel_capacity": "渠道容量",
    "rules.add_rms": "新增客户经理",
    "rm_grades": "客户经理级别",
    "rm_grades.*": "客户经理级别设定",
    "objective": "目标设定",
    "objective.soft": "软约束罚金",
    "solver": "求解设定",
    "output": "输出设定",
    "execution": "执行设定",
    "labels": "显示名称",
    "calendar": "营销日历",
    "calendar.activities": "日历活动",
    "calendar.activities.*": "日历活动设定",
    "calendar.conflicts": "冲突规则",
    "calendar.conflicts.*": "冲突规则设定",
    "overrides": "命名调整",
    "overrides.*": "命名调整设定",
}
"""The sections and mappings named one by one (those of one shape in several places are
composed)."""


def _composed() -> dict[str, str]:
    """The keys of one shape in several places, by their place and their field."""
    names = {f"data.{table}.{field}": place + said for table, place in TABLES.items()
             for field, said in TABLE_FIELDS.items()}
    names |= {f"labels.{kind}.*.{language}": f"{said}{tongue}名称"
              for kind, said in LABEL_KINDS.items() for language, tongue in LANGUAGES.items()}
    for rules, (rule, fields) in CALENDAR_RULES.items():
        names |= {f"calendar.{rules}.*.{field}": rule + said
                  for field, said in {**WINDOW, **fields}.items()}
    names |= {f"calendar.conflicts.*.{side}.{field}": f"冲突规则{when}接触的{WINDOW[field]}"
              for side, when in CONFLICT_SIDES.items() for field in ("channels", "products")}
    return names | _composed_sections()


def _composed_sections() -> dict[str, str]:
    """The sections and mappings of one shape in several places: a data table and its column
    mapping, a kind's labels, a calendar's rules, a conflict's sides."""
    names = {f"data.{table}": place for table, place in TABLES.items()}
    names |= {f"data.{table}.columns": f"{place}列映射" for table, place in TABLES.items()}
    names |= {f"labels.{kind}{one}": f"{said}名称" for kind, said in LABEL_KINDS.items()
              for one in ("", ".*")}
    names |= {f"calendar.{rules}{one}": rule for rules, (rule, _) in CALENDAR_RULES.items()
              for one in ("", ".*")}
    names |= {f"calendar.conflicts.*.{side}": f"冲突规则{when}接触的渠道与产品"
              for side, when in CONFLICT_SIDES.items()}
    return names


KEY_NAMES_ZH: dict[str, str] = {**NAMED, **SECTIONS, **_composed()}
"""Every scenario key (a `*` for an id) by its Chinese name."""
