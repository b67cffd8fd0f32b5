"""The words the `allocate` commands print in the terminal, in English and Simplified Chinese:
progress, `allocate validate`, `verify`, `runs` and `explain` (merged into report/language.py's
catalogue)."""

from __future__ import annotations

COMMAND_MESSAGES: dict[str, tuple[str, str]] = {
    "baselines_time_spent": ("Rule-of-thumb plans not valued: the run's time limit was spent "
                             "before them (raise solver.time_limit to value them).",
                             "未评估经验法则方案：运行时限在此之前已用尽（提高 "
                             "solver.time_limit 即可评估）。"),
    "run_past_limit": ("The run took {seconds} s, {past} s past its time limit of {limit} s "
                       "and the {allowance} s allowed for writing the folder of {customers} "
                       "customers.",
                       "本次运行用时 {seconds} 秒，超出时限 {limit} 秒及写出 {customers} 位客户的"
                       "运行文件夹所允许的 {allowance} 秒共 {past} 秒。"),
    # progress and allocate validate
    "status_planning": ("planning {scenario}", "正在规划 {scenario}"),
    "status_sweeping": ("sweeping {scenario}", "正在进行情景分析 {scenario}"),
    "status_validating": ("reading, tiering and valuing the book", "正在读取、分层并估值客户群"),
    "status_iteration": ("decomposition iteration {iteration}: bound {bound}, best plan "
                         "{plan}{gap}", "分解法第 {iteration} 次迭代：上界 {bound}，当前最优方案 "
                         "{plan}{gap}"),
    "status_gap": (", gap {gap}", "，间隙 {gap}"),
    "status_no_plan": ("none yet", "暂无"),
    "valid_line": ("{scenario}: scenario and data are valid — {customers} customers, {rms} "
                   "RMs, {offers} offers, {pairs} customer-RM pairs, {offer_pairs} "
                   "customer-offer pairs.",
                   "{scenario}：情景与数据有效 — {customers} 位客户，{rms} 名客户经理，"
                   "{offers} 个产品，{pairs} 个客户-客户经理组合，{offer_pairs} 个客户-产品组合。"),
    "generate_wrote": ("wrote {customers:,} customers, {rms:,} RMs and {offers} offers to "
                       "{folder}", "已将 {customers:,} 位客户、{rms:,} 名客户经理和 {offers} 个产品"
                       "写入 {folder}"),
    "status_generating": ("generating {customers:,} customers", "正在生成 {customers:,} 位客户"),
    "import_wrote": ("wrote {path}; plan it with: allocate {path}",
                     "已写入 {path}；规划请用：allocate {path}"),
    # allocate fit
    "status_fitting": ("fitting the models of {scenario}", "正在训练 {scenario} 的模型"),
    "status_fitting_both": ("fitting both methods", "正在以两种方法训练"),
    "fit_line": ("{column} from '{target}' ({method}): AUC {auc:.3f}, Brier {brier:.4f}, base "
                 "rate {base_rate:.1%}; trained on {trained_on:,}, measured on {held_out:,} "
                 "held-out customers",
                 "{column} 据“{target}”训练（{method}）：AUC {auc:.3f}，Brier 分数 {brier:.4f}，"
                 "基准率 {base_rate:.1%}；训练样本 {trained_on:,} 位客户，在留出的 {held_out:,} "
                 "位客户上评估"),
    "fit_calibration": ("Calibration of {column} (held out, by decile)",
                        "{column} 的校准（留出样本，按十分位）"),
    "fit_methods": ("Logistic regression against gradient boosting (held out)",
                    "逻辑回归与梯度提升树对比（留出样本）"),
    "fit_written": ("Scored book written to {folder} (customers.parquet, rms.csv, fit.json, "
                    "calibration.csv). A scenario can read it as data.customers and data.rms "
                    "without refitting.",
                    "评分后的客户群已写入 {folder}（customers.parquet、rms.csv、fit.json、"
                    "calibration.csv）。情景可将其作为 data.customers 和 data.rms 读取，无需重新"
                    "训练。"),
    "excluded_rows": ("Rows left out by rule", "按规则排除的行"),
    "migration_table": ("Tier migration (previous -> new)", "客户层级迁移（原层级 → 新层级）"),
    # allocate verify
    "note": ("note: ", "注意："),
    "verify_failed": ("verify failed: ", "校验未通过："),
    "violated_line": ("{constraint} [{label}] violated: {detail}",
                      "{constraint}（{label}）违反：{detail}"),
    "file_line": ("{file}: {detail}", "文件 {file}：{detail}"),
    "verify_violations": ("violations in {folder}: {count}", "{folder} 中有 {count} 处违反"),
    "verify_tiers_recomputed": ("tiers recomputed from the raw data", "已根据原始数据重新分层"),
    "verify_tiers_saved": ("tiers not recomputed", "未重新分层"),
    "verify_hashed": ("every file the run wrote matching its hash",
                      "运行写出的每个文件均与其哈希值一致"),
    "verify_unhashed": ("files not checked against hashes", "未按哈希值核对文件"),
    "verify_passed_no_plan": ("{folder}: this run has no plan; its diagnosis and reports are "
                              "as the run wrote them ({files}).",
                              "{folder}：此次运行没有方案；其诊断与报告与运行时写入的一致"
                              "（{files}）。"),
    "verify_passed": ("{folder}: plan passes every check ({limits} limits measured; {tiers}; "
                      "{files}; objective {objective} recomputed and matching).",
                      "{folder}：方案通过全部校验（测量了 {limits} 项限额；{tiers}；{files}；"
                      "重新计算的预期价值 {objective} 与记录一致）。"),
    "verify_sweep_empty": ("{folder}: a sweep folder without a planned point; nothing to "
                           "verify.", "{folder}：该情景分析文件夹中没有已规划的点，无需校验。"),
    "verify_point_no_plan": ("{folder}: this point has no plan (see its summary.md); nothing "
                             "to verify.", "{folder}：该点没有方案（见其 summary.md），无需校验。"),
    "verify_sweep_failed": ("{failed} of {points} points of the sweep {folder}",
                            "情景分析 {folder} 的 {points} 个点中有 {failed} 个"),
    "verify_sweep_passed": ("{folder}: every planned point of the sweep ({planned} of {points}) "
                            "passes every check.",
                            "{folder}：情景分析中每个已规划的点（{points} 个中的 {planned} 个）"
                            "均通过全部校验。"),
    # allocate runs
    "runs_title": ("Runs in {reports} ({count} matching)",
                   "{reports} 中的运行（符合条件 {count} 个）"),
    "runs_title_last": ("Runs in {reports} (the last {shown} of {count} matching; --last "
                        "{count} lists them all)",
                        "{reports} 中的运行（符合条件 {count} 个，列出最近 {shown} 个；"
                        "--last {count} 可列出全部）"),
    "run_kind_plan": ("plan", "方案"),
    "run_kind_what_if": ("what-if", "假设分析"),
    "run_kind_point": ("sweep point", "情景分析点"),
    "runs_none": ("No runs yet: plan a scenario with `allocate SCENARIO.yaml`.",
                  "尚无运行：请以 `allocate 情景文件.yaml` 规划一个情景。"),
    "runs_none_read": ("{reports} holds {count} runs, none of which could be read (see the "
                       "warnings above).",
                       "{reports} 中的 {count} 个运行都无法读取（原因见上方的警告）。"),
    "runs_none_of_scenario": ("No runs of scenario '{scenario}'. Scenarios with runs: "
                              "{scenarios}.", "没有情景“{scenario}”的运行。有运行的情景："
                              "{scenarios}。"),
    "runs_none_with_status": ("No runs with --status {status}. The runs' statuses: "
                              "{statuses}.",
                              "没有符合 --status {status} 的运行。已有运行的状态：{statuses}。"),
    # allocate explain
    "explain_tier": ("tier {tier}: {reason}", "层级 {tier}：{reason}"),
    "explain_value": ("lifetime value {clv} (previous tier {previous})",
                      "客户终身价值 {clv}（原层级 {previous}）"),
    "explain_rms": ("RMs this customer could have (value; price of an hour there)",
                    "该客户可配备的客户经理（价值；其工时的价格）"),
    "explain_no_rm": ("no RM coverage for this tier", "该层级不配备客户经理"),
    "why_tier": ("not open to tier {tier}", "不向{tier}层级开放"),
    "why_do_not_contact": ("customer is do-not-contact", "客户拒绝营销"),
    "why_risk": ("risk level {level} above the customer's tolerance {tolerance}",
                 "风险等级 {level} 高于客户的承受等级 {tolerance}"),
    "why_no_rm": ("needs an RM and the customer has none", "需要客户经理，而该客户没有"),
    "why_made": ("made: worth more than the limits it uses are worth",
                 "已推荐：价值高于其占用限额的价值"),
    "why_not_positive": ("expected value not positive", "预期价值不为正"),
    "why_priced_out": ("priced out: the limits it would use are worth {charge} > {value}",
                       "未推荐：其占用限额的价值 {charge} > 其价值 {value}"),
    "why_made_even": ("made: worth just what the limits it uses are worth ({value}), so the "
                      "plan could go either way at no difference",
                      "已推荐：价值恰与其占用限额的价值相等（{value}），推荐与否对方案价值没有差别"),
    "why_left_even": ("not made: worth just what the limits it would use are worth ({value}), "
                      "so the plan could go either way at no difference",
                      "未推荐：价值恰与其占用限额的价值相等（{value}），推荐与否对方案价值没有差别"),
    "why_no_value": ("not offered: its value column has no value for the customer",
                     "未推荐：该客户在其价值列中没有取值"),
    "explain_calendar": ("Calendar", "营销日历"),
    "why_contacts_full": ("the customer's contacts (at most {most}) went to offers worth more",
                          "该客户的 {most} 次接触已给了价值更高的产品推荐"),
    "why_full": ("a limit it would use is full: {limits}", "其占用的限额已满：{limits}"),
    "why_within_gap": ("within the gap: the plan could include it at no loss",
                       "在求解间隙之内：方案可纳入此推荐而不损失价值"),
    "explain_package": ("service package of tier {tier}: {package}",
                        "{tier}层级的服务包：{package}"),
    "explain_kept_rm": ("stays with the incumbent RM {rm} (a continuity bonus of {bonus})",
                        "保留原客户经理 {rm}（连续性加分 {bonus}）"),
    "explain_left_not_allowed": ("left the incumbent RM {incumbent} for {chosen}: {incumbent} "
                                 "may not serve this tier in the customer's region",
                                 "离开原客户经理 {incumbent}，改由 {chosen} 服务：{incumbent} "
                                 "不能在该客户所在区域服务此层级"),
    "explain_left_departed": ("left the incumbent RM {incumbent} for {chosen}: {incumbent} is "
                              "not in the RM table, taken as having left the bank (a forced "
                              "move the continuity limit does not count); add it to the RM "
                              "table if it still serves",
                              "离开原客户经理 {incumbent}，改由 {chosen} 服务：{incumbent} 不在"
                              "客户经理表中，视为已离任（属被迫变更，不计入连续性限额）；若其仍"
                              "在职，请将其加入客户经理表"),
    "explain_departed_no_rm": ("the incumbent RM {incumbent} is not in the RM table, taken as "
                               "having left the bank: the customer has no RM now (a forced "
                               "move the continuity limit does not count); add it to the RM "
                               "table if it still serves",
                               "原客户经理 {incumbent} 不在客户经理表中，视为已离任：该客户现无"
                               "客户经理（属被迫变更，不计入连续性限额）；若其仍在职，请将其加入"
                               "客户经理表"),
    "explain_left_full": ("left the incumbent RM {incumbent} for {chosen}: {incumbent}'s "
                          "hours were full ({use} used, an hour priced at {price}); net of the "
                          "hours, the continuity bonus counted, {chosen} is worth {gain} more",
                          "离开原客户经理 {incumbent}，改由 {chosen} 服务：{incumbent} 的工时已满"
                          "（已使用 {use}，工时价格为{price}）；扣除工时并计入连续性加分后，"
                          "{chosen} 多值 {gain}"),
    "explain_left_holds_none": ("left the incumbent RM {incumbent} for {chosen}: {incumbent} "
                                "can hold no customer (0 capacity_hours or a max_book of 0 in "
                                "the RM table); give it its hours and book size if it still "
                                "serves",
                                "离开原客户经理 {incumbent}，改由 {chosen} 服务：{incumbent} "
                                "无法承接任何客户（客户经理表中 capacity_hours 为 0 或 max_book "
                                "为 0）；若其仍在职，请补上其工时与客户数上限"),
    "explain_holds_none": ("not priced: holds no customer", "未定价：无法承接客户"),
    "explain_left_worth": ("left the incumbent RM {incumbent} for {chosen}: net of the hours, "
                           "the continuity bonus counted, {chosen} is worth {gain} more",
                           "离开原客户经理 {incumbent}，改由 {chosen} 服务：扣除工时并计入连续性"
                           "加分后，{chosen} 多值 {gain}"),
    "explain_left_whole": ("left the incumbent RM {incumbent} for {chosen}: with whole "
                           "customers, {incumbent}'s hours went to customers worth more there",
                           "离开原客户经理 {incumbent}，改由 {chosen} 服务：按整数分配客户时，"
                           "{incumbent} 的工时给了在其处价值更高的客户"),
}
