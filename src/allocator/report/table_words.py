"""Chinese names of the columns of the plan's tables and of the terms the engine writes into
them (statuses, channels, families...); part of the report catalogue
(allocator.report.language)."""

from __future__ import annotations

COLUMNS_ZH: dict[str, str] = {
    "tier": "层级", "customers": "客户数", "covered": "已覆盖", "package": "服务包",
    "package_cost": "服务包成本", "offers": "推荐", "offer_cost": "推荐成本", "budget": "预算",
    "value": "价值", "expected_loss": "预期损失", "roi": "投资回报率", "offer_id": "产品",
    "day": "第几天", "offer": "推荐产品", "activity": "营销活动", "week": "周",
    "products": "产品", "cost_per_contact": "单次接触成本", "contacts": "接触次数",
    "channel": "渠道", "made": "推荐量", "quota": "配额", "minimum": "最低量", "cost": "成本",
    "expected_sales": "预期销量", "capital": "资本占用", "family": "约束族",
    "constraint": "约束", "label": "对象", "sense": "方向", "limit": "限额", "used": "使用量",
    "slack": "余量", "binding": "紧约束", "marginal_value": "边际价值", "rm_id": "客户经理",
    "grade": "职级", "region": "区域", "kept_from_incumbent": "保留的原有客户",
    "hours": "工时", "capacity_hours": "工时容量", "utilization": "利用率",
    "coverage_value": "覆盖价值", "customer_id": "客户编号", "tier_reason": "分层依据",
    "incumbent_rm": "原客户经理", "clv": "客户终身价值", "offer_value": "推荐价值",
    "marginal": "边际项", "item": "项目", "propensity": "响应概率", "point": "情景点",
    "status": "状态", "objective": "预期价值", "bound": "上界", "gap": "间隙",
    "spend": "支出", "currency": "币种", "rm_utilization": "客户经理利用率", "diagnosis": "诊断",
    "warm_started": "热启动", "folder": "目录", "shortfall": "缺口", "rows": "行数",
    "labels": "对象", "marginal_value_per_unit": "单位边际价值", "knee": "拐点",
    "change": "变化", "noise_band": "变化的噪声带", "within_gap": "在间隙内",
    "distance_from_chord": "距弦线距离", "chord_noise_band": "弦线处噪声带",
    "gap_target": "间隙目标", "tightened": "收紧次数", "value_within_gap": "价值变化在间隙内",
    "tight_gap_target": "收紧后间隙目标", "tight_gap_reached": "达到收紧目标",
    "coverage_value_within_gap": "覆盖价值变化在间隙内", "kpi": "指标", "delta": "差值",
    "reason": "原因", "previous_tier": "原层级", "effect": "处理", "component": "构成",
    "scenario": "情景", "baseline": "基准方案", "uplift": "提升",
    "meets_every_limit": "满足全部约束", "falls_short": "未达标项", "column": "字段",
    "target": "目标变量", "method": "方法", "trained_on": "训练样本", "held_out": "留出样本",
    "base_rate": "基准率", "auc": "AUC", "brier": "Brier 分数", "bin": "分组",
    "predicted": "预测概率", "observed": "实际比例",
    "range_low": "适用下限", "range_high": "适用上限",
    "range_end_change": "越过适用范围上调的线性松弛增益", "identity": "恒等式",
    "step_to": "上调后限额", "step_change": "上调后价值变化", "step_per_unit": "上调后单位价值",
    "step_packages": "上调后服务包变化", "use_share": "使用率", "loosening_worth": "放宽价值",
    "worth_at_least": "至少（超出范围未测算）", "price_note": "边际价值说明",
    "rms": "客户经理人数", "step": "跃变",
    "aum": "资产规模", "revenue_12m": "近12个月收入", "score": "评分", "rfm score": "RFM 评分",
    "deposits": "存款", "loans": "贷款", "tenure_years": "客户年限",
    "chosen": "已选", "incumbent": "原客户经理", "hour_marginal_value": "工时边际价值",
    "value_net_of_hours": "扣除工时价值后", "priced_by_limits": "占用限额的价值",
    "why": "原因", "note": "说明", "applied": "调整项", "customer_share": "客户占比",
    "aum_share": "资产占比", "step_gap": "上调后间隙",
    "cut_to": "下调后限额", "cut_change": "下调后价值变化", "cut_per_unit": "下调后单位价值",
    "cut_gap": "下调后间隙", "cut_packages": "下调后服务包变化",
    "step_note": "上调未测得原因", "cut_note": "下调未测得原因", "made_delta": "推荐量变化",
    # headcount and RM cost (allocator.headcount)
    "rm_cost": "客户经理成本", "net_value": "扣除客户经理成本后的价值",
    "net_bound": "扣除客户经理成本后的上界", "net_change": "净价值变化",
    "net_within_gap": "净价值变化在间隙内", "net_marginal_value_per_unit": "单位净边际价值",
    "key": "情景键", "changed": "是否变化",
    # compare's changed customers (allocator.compare, allocator.forced_changes)
    "tier_changed": "层级是否变化", "rm_changed": "客户经理是否变化",
    "offers_changed": "产品推荐是否变化", "rm_change": "客户经理变更的原因",
    "offers_change": "产品推荐变更的原因",
    # `allocate runs`
    "run_label": "标签", "created": "创建时间",
}

TERMS_ZH: dict[str, str] = {
    "another limit binds first": "0：另一限额先起约束", "range unknown": "适用范围未知",
    "through its tier shares": ("本身为 0：上调五分之一的收益来自随之上调的各层级份额"
                                "（与其收益相同，并非另一项）"),
    "a minimum: loosened by lowering it": "下限：下调即放宽，可获收益",
    "whole decisions leave room": ("尚有余量仍有边际价值：余量小于单项最大用量，较小的一项"
                                   "或可放下（固定服务包后线性松弛的价格）"),
    "held for fewer units only": ("多一个单位未定价：所示价值仅适用于更少的单位，至当前限额为止"
                                  "（其适用范围止于此）"),
    "missed: soft, at its penalty": "未满足：软约束，按其罚金计", "not priced": "未定价",
    "per customer: the most one more contact is worth": (
        "每位客户、每个窗口各为一项限额，按超出的接触次数合计（本方案中为零）；其边际价值为"
        "最有价值之处多一次接触的价值"),
    "time spent": "未测得：步长测算的时间已用完", "no plan in time": "未测得：限时内未找到方案",
    "no plan in iterations": "未测得：迭代次数内未找到方案",
    "short of gap": "未测得：重新运行未达到间隙目标",
    "--set": "命令行调整",  # an override's source in the assumptions box
    "not proven": "未测算：重新求解在证明间隙之前停止",
    "solver failed": "未测得：求解器在重新求解时出错",
    "beyond its range": "未测算：其边际价值仅适用至当前限额",
    # compare: key figures and sheets (allocator.compare_kpis, report.compare_report)
    "objective": "预期价值", "bound": "上界", "spend": "支出", "expected_loss": "预期损失",
    "capital": "资本占用", "customers": "客户数", "covered": "已覆盖",
    "reassignments": "重新分配的客户", "rms": "客户经理数", "rm_cost": "客户经理成本",
    "net_value": "扣除客户经理成本后的价值", "coverage_share": "客户经理覆盖率",
    "rm_moves": "客户经理变动的客户", "applied": "已应用的调整项", "key figures": "关键指标",
    "scenario differences": "情景差异", "binding changes": "约束变化",
    "change counts": "变化计数", "changed customers": "发生变化的客户",
    "became binding": "开始起约束作用", "stopped binding": "不再起约束作用",
    # solver statuses and paths
    "optimal": "最优", "feasible": "可行", "infeasible": "不可行", "no_solution": "无解",
    "error": "错误", "exact": "精确", "decomposition": "分解",
    # channels
    "rm": "客户经理", "call_centre": "呼叫中心", "email": "电子邮件", "sms": "短信",
    "app": "手机银行", "branch": "网点",
    # value components
    "coverage": "客户经理覆盖", "offers": "产品推荐", "packages": "服务包", "penalties": "惩罚项",
    # senses and flags
    "le": "≤", "ge": "≥", "eq": "=", "yes": "是", "no": "否", "total": "合计",
    "not certified": "未经证明", "shifted": "转移",
    # exclusions
    "(new)": "（新客户）", "closed account": "已销户客户", "status": "状态",
    # what a comparison counts (allocator.compare)
    "tier": "层级", "any": "任一项", "rm: forced": "调整所迫的客户经理变更",
    "rm: free": "调整并不需要的客户经理变更", "rm: new rm": "转至新增客户经理的变更",
    "rm: own rm": "回到原客户经理的客户",
    "offers: forced": "调整所迫的产品推荐变更",
    "offers: free": "调整并不需要的产品推荐变更", "tier: forced": "调整所迫的层级变更",
    "left out of the plan": "不纳入方案",
    "do not contact": "拒绝营销客户",
    "kept for RM coverage, no offers": "保留客户经理覆盖，不做推荐",
    "kept in the plan, no offers": "保留在方案中，不做推荐",
    # baselines and models
    "tier_greedy": "按层级贪心填充", "equal_split": "预算按层级平分",
    "incumbent_books": "维持现有客户经理名单", "optimized plan": "优化方案",
    "logistic": "逻辑回归", "gradient_boosting": "梯度提升树",
    # workbook sheets and summary items
    "summary": "摘要", "tiers": "客户分层", "rm books": "客户经理名单", "notes": "说明",
    "constraints": "约束", "customer plan": "客户方案", "calendar": "营销日历", "scenario": "情景",
    "path": "求解路径", "expected value": "预期价值", "best bound": "最优上界", "gap": "间隙",
    "value: coverage": "价值：客户经理覆盖", "value: offers": "价值：产品推荐",
    "value: packages": "价值：服务包", "value: penalties": "价值：惩罚项",
    # constraint families and their diagnosis phrases
    "coverage_mandatory": "必选层级覆盖", "coverage_optional": "单一客户经理",
    "rm_capacity": "客户经理工时", "rm_book_size": "客户经理名单规模",
    "rm_min_load": "客户经理最低工作量", "continuity": "客户经理连续性", "contact": "接触频次",
    "channel_capacity": "渠道容量", "rm_offer_link": "客户经理推荐需有客户经理",
    "budget": "预算", "tier_budget_floor": "层级预算下限", "tier_budget_cap": "层级预算上限",
    "loss_cap": "预期损失上限", "tier_loss": "层级损失集中度", "capital_cap": "资本上限",
    "offer_quota": "产品配额", "offer_minimum": "销售目标", "package_choice": "服务包选择",
    "customer_rows": "客户方案的行", "one row per customer": "每位客户一行",
    "customers of mandatory tiers left without an RM": "必选层级中未分配客户经理的客户",
    "customers given more than one RM": "分配了多名客户经理的客户",
    "RM hours over capacity": "客户经理工时超出容量",
    "customers over RM book sizes": "客户数超出客户经理名单规模",
    "RM hours under the minimum load": "客户经理工时低于最低工作量",
    "more reassignments than allowed": "重新分配次数超出允许范围",
    "offers above per-customer limits": "推荐次数超出单客户上限",
    "contacts over channel capacity": "接触次数超出渠道容量",
    "budget exceeded": "超出预算", "budget floor": "预算下限", "budget cap": "预算上限",
    "loss cap exceeded": "超出预期损失上限",
    "tier loss concentration exceeded": "超出层级损失集中度",
    "capital cap exceeded": "超出资本上限", "offers over quota": "推荐量超出配额",
    "tier_budget": "层级预算",
    "customers of mandatory tiers with an RM": "必选层级中有客户经理的客户",
    "customers moved from their incumbent RM": "更换了原客户经理的客户",
    "offers above the per-customer limit": "超出单客户上限的推荐",
    "RM offers to customers without an RM": "向无客户经理的客户做的客户经理渠道推荐",
    "sales target": "销售目标", "tiers without exactly one package": "未恰好选择一个服务包的层级",
    # the campaign calendar's families (allocator.campaigns)
    "calendar_contact": "超出窗口上限的接触", "calendar_conflict": "冲突间隔内的接触",
    "channel_window_min": "渠道最低接触量", "channel_window_max": "渠道最高接触量",
    "channel_budget": "渠道预算", "product_sales_min": "产品预期销量下限",
    "product_sales_max": "产品预期销量上限", "product_sales": "产品预期销量",
    "channel_window": "渠道窗口接触量",
    "contacts above a customer's window limit": "客户在时间窗口内的接触次数超出上限",
    "contacts within a conflict lag": "冲突间隔内的接触", "channel minimum": "渠道最低接触量",
    "contacts over a channel maximum": "接触次数超出渠道上限",
    "channel budget exceeded": "超出渠道预算", "expected sales target": "预期销量目标",
    "expected sales over the maximum": "预期销量超出上限",
    "conflicting contacts": "相互冲突的接触",
    "mail": "直邮",
    # why a compared customer changed (allocator.forced_changes)
    "forced": "被迫变更", "free": "非必要变更", "new rm": "转至新增客户经理",
    "own rm": "回到原客户经理",
    # the summary sheet's RM cost (allocator.headcount)
    "RM cost": "客户经理成本", "value net of RM cost": "扣除客户经理成本后的价值",
    # the family of a run folder's own files, as verify names it (allocator.folder_check)
    "files": "文件",
}
