"""The words of the committee paper (the decision page, the assumptions box, print and PDF),
in English and Simplified Chinese; part of the language catalogue (report.language)."""

from __future__ import annotations

PAPER_MESSAGES: dict[str, tuple[str, str]] = {
    # the decision page
    "decision": ("The decision", "决策要点"),
    "decision_does": ("What the plan does", "方案内容"),
    "decision_worth": ("What it is worth", "方案价值"),
    "decision_against": ("Against today's plan and rule-of-thumb plans",
                         "与现行方案及经验法则方案的比较"),
    "decision_against_rules": ("Against rule-of-thumb plans", "与经验法则方案的比较"),
    "decision_watch": ("What the committee should watch", "委员会需关注的事项"),
    "details": ("Details", "详细内容"),
    "appendix": ("Appendix: every constraint row", "附录：全部约束行"),
    "appendix_note": ("One row per limit, per RM where a limit is per RM (also in "
                      "constraints.csv).", "每个限额一行，按客户经理设定的限额每人一行（亦见 "
                      "constraints.csv）。"),
    "appendix_note_no_rms": ("One row per limit (also in constraints.csv).",
                             "每个限额一行（亦见 constraints.csv）。"),
    "constraints_grouped_note": ("Rows per RM are added up by grade and region (limits, use "
                                 "and slack summed, the highest use of one RM, the marginal value "
                                 "the largest of the RMs' that can hold a customer, none where no "
                                 "RM can; an RM's month also by its days); every "
                                 "row is in the appendix.",
                                 "按客户经理设定的行已按职级与区域汇总（限额、使用量与余量相加，"
                                 "列出单个客户经理的最高使用率，边际价值取可承接客户的客户经理"
                                 "中最大者，均无法承接时不定价；客户经理的月度行另按月份汇总）；"
                                 "全部行见附录。"),
    "constraints_grade_note": ("Rows per RM are added up by grade (limits, use and slack "
                               "summed, the highest use of one RM, the marginal value the "
                               "largest of the RMs' that can hold a customer, none where no RM "
                               "can): each grade has a single RM per region, so a "
                               "table by grade and region would repeat the appendix, which has "
                               "every row.",
                               "按客户经理设定的行已按职级汇总（限额、使用量与余量相加，列出单个"
                               "客户经理的最高使用率，边际价值取可承接客户的客户经理中最大者，"
                               "均无法承接时不定价）：每个职级在每个区域只有一位客户经理，"
                               "按职级与区域汇总将与附录重复，全部行见附录。"),
    "packages_line": ("Service packages: {items}.", "服务包：{items}。"),
    "package_item": ("{tier} {package}", "{tier}层为 {package}"),
    "coverage_line": ("RM coverage: {covered:,} of {customers:,} customers have an RM "
                      "({items}).", "客户经理覆盖：{customers:,} 位客户中 {covered:,} 位配备客户"
                      "经理（{items}）。"),
    "coverage_item": ("{tier} {covered:,} of {customers:,}", "{tier}层 {covered:,}/{customers:,}"),
    "moves_line": ("RM books against today's: {kept:,} customers keep their RM, {moved:,} move "
                   "to another RM, {new:,} get an RM for the first time, {dropped:,} lose "
                   "theirs. The continuity limit counts {reassigned:,} reassignments: customers "
                   "who leave an RM who could have kept them, for another RM or for none; the "
                   "other {forced:,} who leave their RM are forced moves.",
                   "与现有客户经理名单相比：{kept:,} 位客户保留原客户经理，{moved:,} 位"
                   "更换客户经理，{new:,} 位首次配备客户经理，{dropped:,} 位不再配备。连续性限额"
                   "计入 {reassigned:,} 次重新分配：原客户经理本可继续服务、却更换客户经理或不再"
                   "配备的客户；其余 {forced:,} 位离开原客户经理的客户属被迫变更。"),
    "moves_gone": ("{gone:,} of the forced moves are of customers whose RM may no longer serve "
                   "them: another tier or region, or an RM no longer in the RM table.",
                   "被迫变更中有 {gone:,} 位客户的原客户经理已不能服务：层级或区域不同，或该客户"
                   "经理已不在客户经理表中。"),
    "moves_unkept": ("{unkept:,} of the forced moves are of customers whose RM today has too "
                     "few hours or too small a book to keep all the customers it serves (an RM "
                     "at 0 hours keeps none): they move to another RM or to none, and the "
                     "continuity limit does not count them.",
                     "被迫变更中有 {unkept:,} 位客户的原客户经理工时或客户数上限不足以留住其全部"
                     "现有客户（工时为 0 则一位也留不住）：这些客户转给其他客户经理或不再配备，"
                     "不计入连续性限额。"),
    "channels_line": ("Offers by channel: {items} ({total:,} in all).",
                      "各渠道推荐量：{items}（合计 {total:,}）。"),
    "channel_item": ("{channel} {made:,}", "{channel} {made:,} 次"),
    "worth_line": ("Expected value {value} {currency} ({status}; best bound {bound}, gap {gap}).",
                   "预期价值 {value} {currency}（{status}；最优上界 {bound}，间隙 {gap}）。"),
    "worth_unproven": ("Expected value {value} {currency} ({status}; no bound proven).",
                       "预期价值 {value} {currency}（{status}；无已证明的上界）。"),
    "worth_means": ("The value is the expected net present value over {horizon} years at a "
                    "discount rate of {rate}: what RM coverage adds to each customer's lifetime "
                    "value (higher value and retention, continuity with today's RM), the offers' "
                    "expected margins less their contact cost and expected credit loss, and the "
                    "packages' uplift less their cost.",
                    "该价值为 {horizon} 年期、折现率 {rate} 的预期净现值：客户经理覆盖为客户终身"
                    "价值带来的增量（价值提升与客户保留、与原客户经理的延续），产品推荐的预期"
                    "利润减去接触成本与预期信用损失，以及服务包带来的提升减去其成本。"),
    "worth_means_no_rms": ("The value is the expected net present value over {horizon} years at "
                           "a discount rate of {rate}: the offers' expected margins less their "
                           "contact cost and expected credit loss, and the packages' uplift "
                           "less their cost.",
                           "该价值为 {horizon} 年期、折现率 {rate} 的预期净现值：产品推荐的预期"
                           "利润减去接触成本与预期信用损失，以及服务包带来的提升减去其成本。"),
    "worth_rm_unpriced": ("RM salaries are not in it.", "不含客户经理薪酬。"),
    "worth_rm_priced": ("RM salaries are not in it: net of the RM cost of {cost} {currency} "
                        "(present value over {horizon} years), the plan is worth {net} "
                        "{currency}.",
                        "不含客户经理薪酬：扣除客户经理成本 {cost} {currency}（{horizon} 年现值）"
                        "后，方案价值 {net} {currency}。"),
    "worth_parts": ("Made of: {items}.", "构成：{items}。"),
    "worth_item": ("{part} {amount}", "{part}为 {amount}"),
    "against_line": ("{uplift} ({difference} {currency}) over {name}{falls}.",
                     "比{name}高 {uplift}（{difference} {currency}）{falls}。"),
    "against_falls": (", which breaks {limits}: not a like-for-like comparison, since the "
                      "optimized plan keeps every limit",
                      "，该方案违反{limits}：并非同等条件下的比较，优化方案遵守全部限额"),
    "against_every": ("Every rule-of-thumb plan below breaks a limit ({limits}), so none is a "
                      "like-for-like comparison: each uplift is over a plan the bank could not "
                      "adopt as it stands (marked in the chart and the table).",
                      "下列经验法则方案均违反限额（{limits}），因此没有一项是同等条件下的比较："
                      "每项提升所对比的方案银行都无法照原样采用（图表和表格中已标注）。"),
    "knee_unpaid": ("No knee claimed: value net of RM cost bends at {key} = {value} ({distance} "
                    "from the chord) but stands no higher there than with no RM added, so the "
                    "RMs added up to it do not pay for themselves.",
                    "未认定拐点：扣除客户经理成本后的价值在{key}为 {value} 处弯折（距弦线 "
                    "{distance}），但并不高于未新增客户经理时，新增的客户经理无法收回成本。"),
    "knee_no_gain": ("No knee claimed: value net of RM cost bends at {key} = {value} "
                     "({distance} from the chord) but stands no higher there than at the "
                     "sweep's first point, {key} = {first} (every point costs the same in RMs).",
                     "未认定拐点：扣除客户经理成本后的价值在{key}为 {value} 处弯折（距弦线 "
                     "{distance}），但并不高于扫描的第一个点（{key}为 {first}）时（各点的客户经理"
                     "成本相同）。"),
    "breaks_mark": ("breaks a limit", "违反限额"),
    "loss_offer_minimum": ("{count} offers are made at a loss ({value} {currency} in all: "
                           "{items}) to reach the minimum of {name} ({limit} offers), which "
                           "binds{price}.",
                           "为达到{name}的最低量（{limit} 次推荐），方案做出 {count} 次亏损推荐"
                           "（共 {value} {currency}：{items}），该最低量为紧约束{price}。"),
    "loss_tier_budget_floor": ("{count} offers are made at a loss ({value} {currency} in all: "
                               "{items}) to spend the budget floor of {name} ({limit} "
                               "{currency}), which binds{price}.",
                               "为花满{name}的预算下限（{limit} {currency}），方案做出 {count} "
                               "次亏损推荐（共 {value} {currency}：{items}），该下限为紧约束"
                               "{price}。"),
    "loss_price": ("; each unit more of it would cost {price}",
                   "；每再提高一个单位将减少价值 {price}"),
    "loss_unforced": ("{count} offers are made at a loss ({value} {currency} in all: {items}) "
                      "that no binding floor or minimum forces.",
                      "另有 {count} 次亏损推荐（共 {value} {currency}：{items}）并非由紧约束的"
                      "下限或最低量所迫。"),
    "axis_cut": ("The value axis starts at {start}, not at zero, so that the differences show.",
                 "价值轴起点为 {start}，而非零，以便显示差异。"),
    "axis_cut_named": ("The {side} ({axis}) starts at {start}, not at zero, so that the "
                       "differences show.",
                       "{side}（{axis}）起点为 {start}，而非零，以便显示差异。"),
    "axis_left": ("left axis", "左轴"), "axis_right": ("right axis", "右轴"),
    "axis_upper": ("upper chart's value axis", "上图纵轴"),
    "axis_lower": ("lower chart's value axis", "下图纵轴"),
    "watch_limit": ("{name} is {share} used ({used} of {limit}).",
                    "{name} 已使用 {share}（{limit} 中的 {used}）。"),
    "watch_broken": ("{name} is {note}: {used} against {limit}.",
                     "{name}{note}：实际 {used}，限额 {limit}。"),
    "watch_minimum_at": ("{name} is at its minimum ({used}, minimum {limit}).",
                         "{name} 恰好达到下限（{used}，下限 {limit}）。"),
    "watch_minimum_spare": ("{name} is met with {spare} to spare ({used}, minimum {limit}).",
                            "{name} 已达到下限，尚余 {spare}（{used}，下限 {limit}）。"),
    "watch_rms": ("{name}: RMs used to 98% or more: {count} of {total} (regions {regions}; "
                  "the most used {share}).",
                  "{name}：{total} 位客户经理中 {count} 位使用率达到 98% 或以上（区域 {regions}；"
                  "最高 {share}）。"),
    "watch_dropped": ("{count:,} customers ({share} of the book, more than {limit}) lose the "
                      "RM they have today.",
                      "{count:,} 位客户（占客户群的 {share}，超过 {limit}）将不再配备现有的"
                      "客户经理。"),
    "watch_rm_months": ("{name}: RMs with a month used to 98% or more: {count} of {total} "
                        "(regions {regions}; {months}; the most used {share}).",
                        "{name}：{total} 位客户经理中 {count} 位有月份使用率达到 98% 或以上"
                        "（区域 {regions}；{months}；最高 {share}）。"),
    "watch_more": ("And {count} more limits used to 98% or more: see the constraint table in the "
                   "details, and constraints.csv.",
                   "另有 {count} 项使用率达到 98% 或以上的限额：见详细内容中的约束表及 "
                   "constraints.csv。"),
    "watch_uncovered": ("{count:,} customers of the mandatory tier {tier} have no RM.",
                        "必选层级 {tier} 中有 {count:,} 位客户未配备客户经理。"),
    "watch_covered": ("Every customer of a mandatory tier has an RM.",
                      "必选层级的每位客户均已配备客户经理。"),
    "watch_none": ("No limit is used to 98% or more.", "没有使用率达到 98% 的限额。"),
    "drivers_top": ("Largest effect first; the full table and how it is made are in the "
                    "details.", "按影响从大到小排列；完整表格及其计算方法见详细内容。"),
    # KPI cards and chart labels
    "card_customers": ("Customers planned", "规划客户数"),
    "card_covered": ("Customers with an RM", "配备客户经理的客户"),
    "card_spend": ("Budget spent", "已用预算"),
    "card_rm_cost": ("RM cost: present value over {years} years of {yearly} {currency} a year",
                     "客户经理成本：每年 {yearly} {currency}、{years} 年的现值"),
    "card_loss": ("Expected credit loss", "预期信用损失"),
    "card_net": ("Value net of RM cost", "扣除客户经理成本后的价值"),
    "legend_package_cost": ("package cost", "服务包成本"),
    "legend_offer_cost": ("offer cost", "推荐成本"),
    "legend_customers": ("number of customers", "客户数"),
    "legend_value": ("value", "价值"),
    "legend_made": ("offers made", "推荐量"),
    "legend_quota": ("quota", "配额"),
    "legend_minimum": ("minimum", "最低量"),
    "uplift_card": ("Uplift over {name}", "相对{name}的提升"),
    "baseline_tier_greedy": ("the greedy fill by tier", "按层级贪心填充方案"),
    "baseline_equal_split": ("the budget split equally across tiers", "预算按层级平分方案"),
    "baseline_incumbent_books": ("today's RM books kept", "维持现有客户经理名单方案"),
    "roi_note": ("ROI: a multiple, the value the tier's spend buys (its offers and service "
                 "package) per unit of budget spent on them: {multiple} is {value} of value for "
                 "each 1 spent. The value of RM coverage is not in it: the RMs' cost is not "
                 "spent from the budget.",
                 "投资回报率：倍数，即该层级支出所带来的价值（其产品推荐与服务包）与该支出之比："
                 "{multiple} 表示每支出 1 带来 {value} 的价值。客户经理覆盖的价值不计入其中："
                 "客户经理成本不从预算中支出。"),
    "roi_note_no_rms": ("ROI: a multiple, the value the tier's spend buys (its offers and "
                        "service package) per unit of budget spent on them: {multiple} is "
                        "{value} of value for each 1 spent.",
                        "投资回报率：倍数，即该层级支出所带来的价值（其产品推荐与服务包）与该支出"
                        "之比：{multiple} 表示每支出 1 带来 {value} 的价值。"),
    "roi_rm_unpriced": ("RM coverage is worth {coverage} {currency}; the scenario puts no cost "
                        "on the RMs' time to set it against.",
                        "客户经理覆盖的价值为 {coverage} {currency}；本情景未对客户经理的工时计"
                        "成本，无从与之相比。"),
    "roi_rm_priced": ("RM coverage is worth {coverage} {currency} against the RMs' cost of "
                      "{cost} {currency}: {multiple} for each 1 of RM cost.",
                      "客户经理覆盖的价值为 {coverage} {currency}，客户经理成本为 {cost} "
                      "{currency}：每 1 单位客户经理成本带来 {multiple}。"),
    # the assumptions box
    "assumptions": ("Assumptions", "假设条件"),
    "a_scenario": ("Scenario", "情景"),
    "a_label": ("Label", "标签"),
    "a_note": ("Note", "说明"),
    "a_created": ("Created", "生成时间"),
    "a_overrides": ("Overrides applied", "已应用的调整项"),
    "a_setting": ("{source}: {key} {before} → {after}", "{source}：{key} 由 {before} 改为 {after}"),
    "a_unset": ("(not set)", "（未设置）"),
    "a_budget": ("Budget", "预算"),
    "a_caps": ("Caps", "上限"),
    "a_horizon": ("Horizon", "期限"),
    "a_discount": ("Discount rate", "折现率"),
    "a_currency": ("Currency", "币种"),
    "a_currency_assumed": ("{currency} (assumed: the scenario sets no objective.currency)",
                           "{currency}（假定：情景未设置 objective.currency）"),
    "a_sources": ("Data sources", "数据来源"),
    "a_years": ("{years} years", "{years} 年"),
    "a_swept": ("Varied by the sweep", "情景分析中变动的项"),
    "a_swept_range": ("{low} to {high}, {points} points", "{low} 至 {high}，共 {points} 个点"),
    "a_swept_values": ("{values} ({points} points)", "{values}（共 {points} 个点）"),
    "a_swept_amounts": ("{low} to {high}", "{low} 至 {high}"),
    "a_loss_cap": ("expected loss {amount}", "预期损失 {amount}"),
    "a_capital_cap": ("capital {amount}", "资本 {amount}"),
    "a_no_cap": ("none", "无"),
    "a_tier_loss_cap": ("expected loss of {tier} at most {share} of the loss cap ({amount})",
                        "{tier}：预期损失不超过损失上限的 {share}（{amount}）"),
    "a_tier_budgets": ("Tier budgets", "层级预算"),
    "a_tier_floor": ("{tier} at least {share} of the budget{amount}",
                     "{tier}：不低于预算的 {share}{amount}"),
    "a_tier_cap": ("{tier} at most {share} of the budget{amount}",
                   "{tier}：不超过预算的 {share}{amount}"),
    "a_channels": ("Channel capacity", "渠道容量"),
    "a_channel": ("{channel} {count:,} contacts", "{channel} {count:,} 次接触"),
    "a_continuity": ("RM moves", "客户经理变动"),
    "a_moves": ("at most {count:,} customers moved away from their RM",
                "最多 {count:,} 位客户离开原客户经理"),
    "a_rm_costs": ("RM cost", "客户经理成本"),
    "a_rm_cost": ("{grade} {amount} a year", "{grade}：每年 {amount}"),
    "a_contact": ("Offers per customer", "每位客户推荐上限"),
    "a_contact_rules": ("Contact rules", "接触规则"),
    "a_calendar_horizon": ("Calendar horizon", "日程期限"),
    "a_days": ("{days:,} days", "{days:,} 天"),
    "a_conflicts": ("Lags between contacts", "接触间隔"),
    "a_conflict": ("{name}: at least {lag:,} days between two contacts",
                   "{name}：两次接触至少相隔 {lag:,} 天"),
    "a_channel_budgets": ("Channel budgets", "渠道预算"),
    "a_at_most": ("{name}: at most {amount}", "{name}：最多 {amount}"),
    "a_sales": ("Sales targets", "销售目标"),
    "a_least": ("at least {amount}", "至少 {amount}"),
    "a_most": ("at most {amount}", "最多 {amount}"),
    "a_contacts_every": ("at most {max:,} contacts per customer every {days:,} days{where}",
                         "每位客户每 {days:,} 天最多 {max:,} 次接触{where}"),
    "a_contacts_rolling": ("at most {max:,} contacts per customer in any {days:,} days{where}",
                           "每位客户任意 {days:,} 天内最多 {max:,} 次接触{where}"),
    "a_contacts_whole": ("at most {max:,} contacts per customer from day {start:,}{where}",
                         "每位客户自第 {start:,} 天起最多 {max:,} 次接触{where}"),
    "a_max_offers": ("{tier} at most {count:,}", "{tier}：最多 {count:,} 次"),
    "a_generated": ("generated book ({customers:,} customers, seed {seed})",
                    "生成的客户数据（{customers:,} 位客户，种子 {seed}）"),
    "a_source": ("{role}: {path} (SHA-256 {digest})", "{role}：{path}（SHA-256 值 {digest}）"),
    "a_source_customers": ("customers", "客户表"), "a_source_rms": ("rms", "客户经理表"),
    "a_source_offers": ("offers", "产品表"), "a_source_fit_scores": ("fit_scores", "匹配评分表"),
    "a_source_file": ("data file", "数据文件"),
    "a_source_named": ("{path} (SHA-256 {digest})", "{path}（SHA-256 值 {digest}）"),
    # print, PDF and the report command
    "pdf_written": ("Wrote {path}; the manifest records its hash.",
                    "已写入 {path}；清单已记录其哈希值。"),
    "report_files": ("The run's report files:", "本次运行的报告文件："),
    "file_report_html": ("the report, for a browser", "报告（浏览器阅读）"),
    "file_report_pdf": ("the report printed to A4", "报告（A4 打印版）"),
    "file_summary_md": ("the summary in Markdown", "摘要（Markdown）"),
    "file_plan_xlsx": ("the plan as a workbook", "方案工作簿"),
    # a sheet whose rows stay in a file (report/workbook.POINTED)
    "sheet_in_files_customers": ("{count:,} customers: {parquet} ({csv})",
                                 "{count:,} 位客户：{parquet}（{csv}）"),
    "sheet_in_file_customers": ("{count:,} customers: {file}", "{count:,} 位客户：{file}"),
    "sheet_in_file_contacts": ("{count:,} contacts: {file}", "{count:,} 次接触：{file}"),
}

PAPER_TERMS_ZH: dict[str, str] = {
    "assumptions": "假设条件", "currency": "币种",
    # the summary sheet's figures of the plan (report/workbook_sheets.figures_of)
    "expected loss": "预期损失", "customers with an RM": "配备客户经理的客户",
    "customers of mandatory tiers": "必选覆盖层级的客户", "of them with an RM": "其中配备客户经理",
    "uplift over today's RM books": "相对维持现有客户经理名单的提升",
}
"""Terms of the paper's pages (the offer channels and statuses it names are in table_words)."""

COLUMNS_EN: dict[str, str] = {
    "clv": "customer lifetime value", "aum": "assets", "aum_share": "share of assets",
    "label": "applies to",  # a limit's tier, offer, RM, grade or "total"
    "use_share": "use", "max_use_share": "highest use", "marginal_value": "marginal value",
    "loosening_worth": "worth of loosening", "range_low": "range low",
    "worth_at_least": "at least (beyond the range: not measured)",
    "price_note": "about the price",
    "range_high": "range high",
    "range_end_change": "LP gain raised past its range end", "rms": "RMs",
    "meets_every_limit": "meets every limit",
    "rm_group": "grade / region",
    "rm_cost": "RM cost", "net_value": "value net of RM cost", "net_bound": "net bound",
    "objective": "expected value", "bound": "best bound", "kpi": "key figure",
    "net_change": "net change", "net_within_gap": "net change within the gap",
    "net_marginal_value_per_unit": "net marginal value per unit",
    "marginal_value_per_unit": "marginal value per unit",
    "within_gap": "within the gap", "value_within_gap": "value change within the gap",
    "gap_target": "gap target", "roi": "ROI",
    "step_to": "raised to", "step_change": "value change when raised",
    "step_per_unit": "per unit when raised", "step_gap": "gap when raised",
    "step_packages": "packages when raised",
    "cut_to": "cut to", "cut_change": "value change when cut",
    "cut_per_unit": "per unit when cut",
    "cut_gap": "gap when cut", "cut_packages": "packages when cut",
    "falls_short": "falls short of", "offer_id": "offer", "noise_band": "noise band of the change",
    "distance_from_chord": "distance above the chord",
    "chord_noise_band": "noise band of that distance",
    "tight_gap_target": "tighter gap target", "tight_gap_reached": "tighter gap target reached",
    "step_note": "why the raise is not measured", "cut_note": "why the cut is not measured",
    "entry": "value or text",
}
"""Column ids whose English header is not the id itself."""

PAPER_COLUMNS_ZH: dict[str, str] = {
    "content": "内容", "offered": "是否推荐", "rm_group": "职级 / 区域",
    "max_use_share": "最高使用率", "entry": "数值或内容",
}
"""Headers of the paper's tables (the assumptions box, explain's offers, the appendix)."""
